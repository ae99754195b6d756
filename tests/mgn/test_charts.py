"""The chart templates (templates/charts/) draw mgn.charts' dataclasses on pages and in
PDFs: every chart has its accessible name, its own hatch pattern, and renders in WeasyPrint."""

import io
import re

from django.template.loader import render_to_string

import pytest
from pypdf import PdfReader

from mgn.charts import Column, ColumnChart, Tick, bar_chart, paired_bar_chart
from mgn.pdf import render_pdf


@pytest.fixture
def charts():
    bar = bar_chart(
        "Wachttijd per aanbieder",
        [("Aanbieder A", 4.0, "4,0 wk"), ("Aanbieder B", 2.0, "2,0 wk")],
        width=480,
        plot_width=380,
        row_height=40,
    )
    column = ColumnChart(
        label="Aanvragen per maand. jan: 4; feb: 2.",
        columns=[Column(10, 40, 20, 132), Column(32, 100, 20, 72, alt=True)],
        ticks=[Tick(30, "jan", "2026"), Tick(80, "feb", "")],
        top_text="4",
        height=230,
    )
    paired = paired_bar_chart(
        "Begroting en realisatie",
        [("Verkennend gesprek", 1000, "€ 1.000,00", 400, "€ 400,00")],
        series=("Begroot", "Gerealiseerd"),
    )
    return {"bar": bar, "column": column, "paired": paired, "series": ("Aanvragen", "Met gesprek")}


def _hatch_ids_are_defined_where_used(html: str) -> None:
    defined = re.findall(r'<pattern id="([^"]+)"', html)
    used = re.findall(r"url\(#([^)]+)\)", html)
    assert len(defined) == len(set(defined)), "pattern ids are unique on the page"
    assert set(used) <= set(defined)


def test_the_bar_chart_names_every_number(charts):
    html = render_to_string("charts/bar.html", {"chart": charts["bar"], "class": "wt-chart"})
    assert 'role="img"' in html
    assert 'aria-label="Wachttijd per aanbieder. Aanbieder A: 4,0 wk; Aanbieder B: 2,0 wk."' in html
    assert 'class="ind-chart wt-chart"' in html
    assert html.count("<rect") == 2
    assert 'width="380.0"' in html  # not localised: "380,0" would break the SVG
    assert "font-family" not in html


def test_an_empty_bar_chart_says_so(charts):
    empty = bar_chart("Leeg", [], width=480, plot_width=380, row_height=40)
    html = render_to_string("charts/bar.html", {"chart": empty, "empty_text": "Nog niets."})
    assert "Nog niets." in html and "geen gegevens" in html


def test_the_column_chart_hatches_its_second_series_with_its_own_pattern(charts):
    html = render_to_string(
        "charts/column.html", {"chart": charts["column"], "series": charts["series"]}
    )
    assert 'aria-label="Aanvragen per maand. jan: 4; feb: 2."' in html
    assert 'fill="url(#chart-hatch-1)"' in html
    assert "Met gesprek (gearceerd)" in html and "Aanvragen" in html
    assert ">2026<" in html
    _hatch_ids_are_defined_where_used(html)


def test_the_paired_bar_chart_has_its_legend(charts):
    html = render_to_string("charts/paired_bar.html", {"chart": charts["paired"]})
    assert "Begroot" in html and "Gerealiseerd (gearceerd)" in html
    assert "begroot € 1.000,00, gerealiseerd € 400,00" in html
    _hatch_ids_are_defined_where_used(html)


def test_several_charts_on_one_page_keep_their_ids_apart_and_stable(charts):
    first = render_to_string("jobs_testapp/charts.html", charts)
    _hatch_ids_are_defined_where_used(first)
    assert first.count("<pattern") == 4
    assert render_to_string("jobs_testapp/charts.html", charts) == first
    assert 'font-family="DejaVu Sans, sans-serif"' in first


def test_the_charts_render_in_a_pdf(charts):
    pdf = render_pdf("jobs_testapp/charts.html", charts).pdf
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Aanbieder A" in text
    assert "Verkennend gesprek" in text
    assert "jan" in text
    assert render_pdf("jobs_testapp/charts.html", charts).pdf == pdf
