"""mgn.formats and the mgn_format filters: the texts the pages, PDFs and charts show."""

from datetime import date
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

import pytest

from mgn import formats


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


def _render(source: str, **context) -> str:
    return Template("{% load mgn_format %}" + source).render(Context(context))


def test_weeks_in_words_and_short():
    assert formats.weeks_words(None) == ""
    assert formats.weeks_words(0.01) == "geen"
    assert formats.weeks_words(1) == "1 week"
    assert formats.weeks_words(2.5) == "2,5 weken"
    assert formats.weeks_words(Decimal("3.04")) == "3 weken"
    assert formats.weeks_short(None) == "–"
    assert formats.weeks_short(3.14) == "3,1 wk"
    assert formats.weeks_from_days(14) == 2
    assert formats.weeks_from_days(None) is None


@pytest.mark.parametrize(
    "amount",
    ["0", "0.5", "12.3", "1234.5", "1234567.89", "-150.00", "99.999", "1000"],
)
def test_euro_is_floatformat_2g_with_a_euro_sign(amount):
    expected = _render('€ {{ v|floatformat:"2g" }}', v=Decimal(amount))
    assert formats.euro(Decimal(amount)) == expected
    assert _render("{{ v|euro }}", v=Decimal(amount)) == expected


def test_euro_examples():
    assert formats.euro(Decimal("1234.5")) == "€ 1.234,50"
    assert formats.euro(None) == "–"
    assert formats.euro(12) == "€ 12,00"


def test_percent_is_floatformat_with_a_percent_sign():
    for value in (Decimal("12.34"), Decimal("100"), Decimal("0.05")):
        assert formats.percent(value, 1) == _render("{{ v|floatformat:1 }}%", v=value)
    assert formats.percent(7) == "7%"
    assert formats.percent(None) == "–"
    assert _render("{{ v|percent:1 }}", v=Decimal("12.34")) == "12,3%"


def test_months_and_dates():
    assert formats.MONTHS_SHORT[2] == "mrt" and formats.MONTHS[2] == "maart"
    day = date(2026, 3, 1)
    assert formats.month_short(day) == "mrt"
    assert formats.month_year(day) == "mrt 2026"
    assert formats.day_month(day) == "1 mrt"
    assert formats.date_long(day) == "1 maart 2026"
    assert formats.date_long(day) == _render('{{ d|date:"j F Y" }}', d=day)
    with translation.override("en"):
        assert formats.date_long(day) == "1 maart 2026"
    assert _render("{{ d|month_year }} {{ d|day_month }} {{ d|date_long }}", d=day) == (
        "mrt 2026 1 mrt 1 maart 2026"
    )
    assert _render("{{ d|date_long }}", d=None) == ""


def test_the_weeks_filter_marks_unknown_and_over_the_norm_in_words():
    assert _render("{{ v|weeks }}", v=None) == (
        '<span aria-hidden="true">–</span><span class="visually-hidden">geen gegevens</span>'
    )
    assert _render("{{ v|weeks }}", v=3.14) == "<span>3,1</span>"
    assert _render("{{ v|weeks:True }}", v=5) == (
        '<span class="wt-over">5,0 <span aria-hidden="true">▲</span>'
        '<span class="visually-hidden"> (boven de Treeknorm)</span></span>'
    )
    assert _render("{{ v|weeks_words }}|{{ v|weeks_short }}", v=2.5) == "2,5 weken|2,5 wk"


def test_one_dutch_date_format_with_time_and_weekday_in_local_time():
    from datetime import UTC, datetime

    from django.utils import timezone

    moment = datetime(2026, 12, 5, 13, 30, tzinfo=UTC)  # 14:30 in Amsterdam
    with timezone.override("Europe/Amsterdam"):
        assert formats.date_long(moment) == "5 december 2026"
        assert formats.datetime_long(moment) == "5 december 2026, 14:30"
        assert formats.date_weekday(moment) == "zaterdag 5 december 2026"
        assert formats.datetime_weekday(moment) == "zaterdag 5 december 2026, 14:30"
        assert _render(
            "{{ m|date_long }}|{{ m|datetime_long }}|{{ m|date_weekday }}|{{ m|datetime_weekday }}",
            m=moment,
        ) == (
            "5 december 2026|5 december 2026, 14:30|zaterdag 5 december 2026|"
            "zaterdag 5 december 2026, 14:30"
        )
        # Just before midnight UTC is the next day in Amsterdam.
        late = datetime(2026, 10, 31, 23, 30, tzinfo=UTC)
        assert _render("{{ m|date_long }}", m=late) == "1 november 2026"
    assert _render("{{ m|datetime_long }}{{ m|date_weekday }}", m=None) == ""


# Formats of Django's |date that are not for people: machine values in <time datetime>, a
# time of day alone, an ISO week number, a month heading ("december 2026").
MACHINE_OR_PART_FORMATS = {"Y-m-d", "c", "H:i", "W", "F Y"}


def test_templates_show_dates_only_in_the_one_dutch_format():
    """Dates for people go through mgn_format (date_long, datetime_long, date_weekday,
    datetime_weekday); Django's "M" gives "Dec"/"Okt" and "j-n-Y" a second format."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    found = {}
    for path in root.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".txt", ".xml", ".ics"}:
            for fmt in re.findall(r"""\|date:["']([^"']*)["']""", path.read_text()):
                if fmt not in MACHINE_OR_PART_FORMATS:
                    found.setdefault(str(path.relative_to(root)), set()).add(fmt)
            assert not re.search(r"\|date(\s*[|}])", path.read_text()), path
    assert found == {}


def test_a_count_takes_its_noun_in_the_right_number():
    assert formats.count(1, "regel", "regels") == "1 regel"
    assert formats.count(0, "regel", "regels") == "0 regels"
    assert formats.count(1234, "regel", "regels") == "1.234 regels"
    assert _render('{{ n|count_noun:"regel staat,regels staan" }}', n=1) == "1 regel staat"
    assert _render('{{ n|count_noun:"regel staat,regels staan" }}', n=3) == "3 regels staan"
