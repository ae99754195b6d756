"""The coordinator's regional dashboard: it reads snapshots only, filters by
gemeente or zorgvraagtype, shows the Treeknorm, downloads the overview as CSV, runs the
overview on demand, and costs the same few queries at any size."""

import csv
import io
import re
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from mgn.exports import csv_value
from mgn.jobs.constants import JobStatus
from networks.models import Region
from tests.wachttijden.factories import (
    AanbodFactory,
    IntakeSlotsFactory,
    OverviewRunFactory,
    SnapshotFigureFactory,
    WachtplekFactory,
    monday,
    pseudonym,
)
from wachttijden.constants import Dimension, EntryStatus, Urgency
from wachttijden.models import OntbrekendAanbod, OverviewRun, SnapshotFigure, Wachtplek
from wachttijden.selectors import dashboard_charts, dashboard_csv
from wachttijden.selectors.dashboard_figures import Norms, figure
from wachttijden.services import overzicht

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def url(region, **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"regio": region.code, **params}.items())
    return f"{reverse('wachttijden:dashboard')}?{query}"


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def fill(wt_cast, *, persons: int = 3, offset: int = 0) -> None:
    """Waiting entries for ``persons`` people, every one on the provider's list and every
    second one also on the other provider's; some waited past the Treeknorm."""
    g = wt_cast.gemeenten
    for i in range(persons):
        who = pseudonym(f"persoon-{offset + i}")
        WachtplekFactory(
            aanbod=wt_cast.aanbod,
            pseudonym=who,
            gemeente=g[i % 2],
            registered_on=days_ago(10 + 20 * (i % 6)),
            urgency=Urgency.HOOG if i % 3 == 0 else Urgency.NORMAAL,
        )
        if i % 2 == 0:
            WachtplekFactory(
                aanbod=wt_cast.other_aanbod,
                pseudonym=who,
                gemeente=g[i % 2],
                registered_on=days_ago(5),
            )
    # realised waits in the last two months: intake after 21 days, treatment 35 days later
    for i in range(2):
        WachtplekFactory(
            aanbod=wt_cast.aanbod,
            pseudonym=pseudonym(f"behandeld-{offset + i}"),
            registered_on=days_ago(60),
            intake_on=days_ago(39),
            treatment_start_on=days_ago(4),
            status=EntryStatus.BEHANDELING,
        )


def compute(wt_cast, day: date = TODAY):
    return overzicht.overview_compute(region=wt_cast.region, snapshot_date=day)


@pytest.fixture
def computed(wt_cast):
    from wachttijden.models import Zorgvraagtype

    zvt = Zorgvraagtype.objects.get(number=3)
    wt_cast.aanbod.zorgvraagtypes.add(zvt)
    fill(wt_cast)
    Wachtplek.objects.filter(aanbod=wt_cast.aanbod).update(zorgvraagtype=zvt)
    IntakeSlotsFactory(aanbod=wt_cast.aanbod, week_start=monday(TODAY), available=2)
    IntakeSlotsFactory(
        aanbod=wt_cast.aanbod, week_start=monday(TODAY) + timedelta(weeks=1), available=3
    )
    compute(wt_cast, TODAY - timedelta(days=7))
    compute(wt_cast)
    return wt_cast


def page_text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# Who may open it ------------------------------------------------------------------------
def test_only_coordinators_open_the_dashboard(client, computed, cast, outsider):
    client.force_login(cast["huisarts"])
    assert client.get(url(computed.region)).status_code == 403
    client.force_login(computed.provider_user)
    assert client.get(url(computed.region)).status_code == 403
    client.force_login(outsider)
    assert client.get(url(computed.region)).status_code == 404  # not their region
    client.force_login(computed.coordinator)
    assert client.get(url(computed.region)).status_code == 200


def test_without_a_region_the_first_of_the_coordinators_regions_is_shown(client, computed):
    client.force_login(computed.coordinator)
    response = client.get(reverse("wachttijden:dashboard"))
    assert response.status_code == 200
    assert response.context["region"] == computed.region


# What it shows --------------------------------------------------------------------------
def test_r_wt_1_the_headline_shows_persons_wachtplekken_and_double_registration(client, computed):
    client.force_login(computed.coordinator)
    response = client.get(url(computed.region))
    data = response.context["data"]
    assert data.snapshot_date == TODAY
    headline = data.headline
    # 3 persons waiting; persons 0 and 2 are on both lists: 5 wachtplekken, 2 double
    assert (headline.persons, headline.wachtplekken) == (3, 5)
    assert headline.double == 2
    assert headline.double_percent == 40
    text = page_text(response)
    assert "40% dubbel ingeschreven (2)" in text
    assert TODAY.strftime("%Y-%m-%d") in text


def test_r_wt_3_and_r_wt_4_waits_are_shown_in_weeks_against_the_treeknorm(client, computed):
    client.force_login(computed.coordinator)
    data = client.get(url(computed.region)).context["data"]
    headline = data.headline
    assert headline.aanmeld_avg == pytest.approx(3.0)  # 21 days
    assert headline.behandel_avg == pytest.approx(5.0)  # 35 days
    assert headline.total_avg == pytest.approx(8.0)
    assert not (headline.aanmeld_over or headline.behandel_over or headline.total_over)
    # registered 10, 30, 50 days ago … : 30+ days waiting for an intake is past 4 weeks
    assert headline.breaches_aanmeld == 2
    assert headline.breaches == headline.breaches_aanmeld + headline.breaches_behandel


def test_the_trend_has_a_point_per_snapshot(client, computed):
    client.force_login(computed.coordinator)
    data = client.get(url(computed.region)).context["data"]
    assert [p.snapshot_date for p in data.trend] == [TODAY - timedelta(days=7), TODAY]
    assert data.trend[-1].persons == 3
    assert "Wachtenden en overschrijdingen" in data.charts.trend.label


def test_intake_slots_sd_offer_and_missing_offer_are_shown(client, computed, network, cast):
    sd = AanbodFactory(
        provider=computed.other_provider,
        region=computed.region,
        name="Maatschappelijk werk Noord",
        sd=True,
        declared_wait_weeks=3,
    )
    OntbrekendAanbod.objects.create(
        network=network,
        category="wonen",
        description="Geen beschermd wonen voor jongeren",
        created_by=computed.coordinator,
    )
    resolved = OntbrekendAanbod.objects.create(
        network=network,
        category="werken",
        description="Opgelost: IPS",
        created_by=computed.coordinator,
    )
    OntbrekendAanbod.objects.filter(pk=resolved.pk).update(resolved_at=timezone.now())
    compute(computed)
    client.force_login(computed.coordinator)
    response = client.get(url(computed.region))
    data = response.context["data"]
    assert data.headline.intake_slots == 5
    assert [f.label for f in data.slots] == [computed.aanbod.name]
    assert [o.name for o in data.sd_offers] == [sd.name]
    assert data.sd_offers[0].wait_weeks == 3
    assert [n.description for n in data.missing] == ["Geen beschermd wonen voor jongeren"]
    text = page_text(response)
    assert "Maatschappelijk werk Noord" in text
    assert "Opgelost: IPS" not in text


def test_without_a_snapshot_the_page_offers_to_compute_one(client, wt_cast):
    client.force_login(wt_cast.coordinator)
    response = client.get(url(wt_cast.region))
    assert response.status_code == 200
    assert "data" not in response.context
    text = page_text(response)
    assert "Er is nog geen overzicht van deze regio" in text
    assert "Nu berekenen" in text


def test_the_dashboard_reads_snapshots_only(client, computed):
    """Once the overview is computed, the waiting lists can change (or vanish) without the
    page changing: it shows the snapshot, never the raw entries."""

    def render() -> str:
        text = client.get(url(computed.region)).content.decode()
        return re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]+"', "", text)

    client.force_login(computed.coordinator)
    before = render()
    Wachtplek.objects.all().delete()
    assert render() == before


def test_a_snapshot_row_alone_is_enough(client, wt_cast):
    """Rows written by hand (no waiting list at all) make the page."""
    run = OverviewRunFactory(region=wt_cast.region, snapshot_date=TODAY)
    SnapshotFigureFactory(run=run, persons=120, wachtplekken=150, breaches_aanmeld=7)
    client.force_login(wt_cast.coordinator)
    data = client.get(url(wt_cast.region)).context["data"]
    assert (data.headline.persons, data.headline.double_percent, data.headline.breaches) == (
        120,
        20,
        7,
    )


# Filters --------------------------------------------------------------------------------
def test_a_gemeente_filter_narrows_the_headline_and_the_trend(client, computed):
    gemeente = computed.gemeenten[1]
    client.force_login(computed.coordinator)
    response = client.get(url(computed.region, gemeente=gemeente.pk))
    data = response.context["data"]
    assert data.filter.label == f"Gemeente {gemeente.name}"
    row = SnapshotFigure.objects.get(
        region=computed.region, snapshot_date=TODAY, dimension=Dimension.GEMEENTE, gemeente=gemeente
    )
    assert data.headline.persons == row.persons == 1
    assert [p.persons for p in data.trend] == [1, 1]
    assert data.region_total.persons == 3  # the breakdowns stay the region's
    assert f"Kerncijfers: Gemeente {gemeente.name}" in page_text(response)


def test_a_zorgvraagtype_filter_narrows_the_headline(client, computed):
    zvt = computed.aanbod.zorgvraagtypes.get()
    client.force_login(computed.coordinator)
    data = client.get(url(computed.region, zorgvraagtype=zvt.pk)).context["data"]
    assert data.filter.dimension == Dimension.ZORGVRAAGTYPE
    assert data.headline.key == zvt.pk
    assert data.headline.persons == 3


def test_one_filter_at_a_time(client, computed):
    zvt = computed.aanbod.zorgvraagtypes.get()
    client.force_login(computed.coordinator)
    response = client.get(
        url(computed.region, gemeente=computed.gemeenten[0].pk, zorgvraagtype=zvt.pk)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["zorgvraagtype"]
    assert response.context["data"].filter is None
    assert "Kies een gemeente óf een zorgvraagtype" in response.content.decode()


def test_a_gemeente_outside_the_snapshot_is_refused(client, computed, other_network):
    from tests.networks.factories import GemeenteFactory

    elsewhere = GemeenteFactory(region=other_network.regions.first())
    client.force_login(computed.coordinator)
    response = client.get(url(computed.region, gemeente=elsewhere.pk))
    assert response.context["form"].errors["gemeente"]
    assert response.context["data"].filter is None


# Charts ----------------------------------------------------------------------------------
def _figure(**weeks):
    days = {k: v * 7 for k, v in weeks.items()}
    row = SnapshotFigure(dimension=Dimension.REGION, region=Region(name="Regio"), **days)
    return figure(row, Norms(4, 10, 14))


def test_r_wt_4_the_wait_chart_marks_each_bar_at_its_norm():
    over = _figure(aanmeld_avg=5, behandel_avg=10, total_avg=15)  # 5 > 4; 10 is within; 15 > 14
    chart = dashboard_charts.wait_chart("Wachttijd", [over], Norms(4, 10, 14))
    aanmeld, behandel, total = chart.rows[0].bars
    assert (aanmeld.over, behandel.over, total.over) == (True, False, True)
    assert aanmeld.norm_x < behandel.norm_x < total.norm_x
    assert "boven de norm" in aanmeld.text and "boven de norm" not in behandel.text
    assert "Treeknorm 4 weken aanmelding, 10 weken behandeling, 14 samen" in chart.label
    # the scale always reaches the 14-week norm, so every marker is inside the plot
    assert total.norm_x <= dashboard_charts.PLOT_WIDTH


def test_the_page_draws_accessible_svg_charts_with_norm_markers(client, computed):
    client.force_login(computed.coordinator)
    html = client.get(url(computed.region)).content.decode()
    assert html.count('role="img"') >= 3
    assert 'class="wt-chart__norm"' in html
    assert "<script" not in html.split("<main", 1)[1]  # charts need no JavaScript


# Nu berekenen -----------------------------------------------------------------------------
def test_run_overview_computes_todays_snapshot(client, wt_cast, django_capture_on_commit_callbacks):
    fill(wt_cast)
    client.force_login(wt_cast.coordinator)
    run_url = reverse("wachttijden:overzicht_run") + f"?regio={wt_cast.region.code}"
    assert client.get(run_url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(run_url)
    assert response.status_code == 302
    assert response["Location"] == url(wt_cast.region)
    run = OverviewRun.objects.get(region=wt_cast.region, snapshot_date=timezone.localdate())
    assert run.status == JobStatus.KLAAR
    assert run.requested_by == wt_cast.coordinator
    assert client.get(url(wt_cast.region)).context["data"].headline.persons == 3


def test_run_overview_is_for_coordinators_of_the_region(client, wt_cast, cast, outsider):
    run_url = reverse("wachttijden:overzicht_run") + f"?regio={wt_cast.region.code}"
    client.force_login(cast["ggz-professional"])
    assert client.post(run_url).status_code == 403
    client.force_login(outsider)
    assert client.post(run_url).status_code == 404
    assert not OverviewRun.objects.exists()


def test_the_page_polls_a_running_overview(client, computed):
    OverviewRun.objects.filter(region=computed.region, snapshot_date=TODAY).update(
        status=JobStatus.BEZIG, progress=40
    )
    client.force_login(computed.coordinator)
    response = client.get(url(computed.region, deel="berekening"), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.templates[0].name == "wachttijden/overzicht/_status.html"
    assert 'hx-trigger="every 2s"' in html and 'value="40"' in html
    OverviewRun.objects.filter(region=computed.region).update(status=JobStatus.KLAAR)
    response = client.get(url(computed.region, deel="berekening"), headers={"HX-Request": "true"})
    assert "hx-trigger" not in response.content.decode()


# CSV -----------------------------------------------------------------------------------
def test_the_csv_has_every_snapshot_row_with_dutch_headers(client, computed):
    client.force_login(computed.coordinator)
    response = client.get(reverse("wachttijden:dashboard_csv") + f"?regio={computed.region.code}")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        f"wachttijden-{computed.region.code}-{TODAY.isoformat()}.csv"
        in response["Content-Disposition"]
    )
    body = b"".join(response.streaming_content).decode()
    lines = list(csv.reader(io.StringIO(body), delimiter=";"))
    header, rows = lines[0], lines[1:]
    # The declarations CSV's format (mgn.exports): ";" between fields, "\n" after each line.
    assert body.startswith(";".join(header) + "\n") and "\r" not in body
    assert header == [h for h, _field in dashboard_csv.CSV_COLUMNS]
    assert header[:3] == ["peildatum", "regio", "dimensie"]
    assert "personen" in header and "wachtplekken" in header
    assert len(rows) == SnapshotFigure.objects.filter(snapshot_date=TODAY).count()
    region = next(r for r in rows if r[2] == Dimension.REGION)
    record = dict(zip(header, region, strict=True))
    assert record["peildatum"] == TODAY.isoformat()
    assert (record["personen"], record["wachtplekken"]) == ("3", "5")
    assert record["aanmeldingswachttijd_gemiddeld_dagen"] == "21"
    assert {r[2] for r in rows} >= {"regio", "gemeente", "aanbieder", "aanbod", "urgentie"}
    urgency = [dict(zip(header, r, strict=True)) for r in rows if r[2] == Dimension.URGENCY]
    assert {u["urgentie"] for u in urgency} >= {"Hoog", "Normaal"}


def test_the_csv_of_an_earlier_snapshot(client, computed):
    client.force_login(computed.coordinator)
    earlier = (TODAY - timedelta(days=7)).isoformat()
    response = client.get(
        reverse("wachttijden:dashboard_csv") + f"?regio={computed.region.code}&peildatum={earlier}"
    )
    body = b"".join(response.streaming_content).decode()
    assert {line.split(";")[0] for line in body.splitlines()[1:]} == {earlier}


def test_the_csv_neutralises_formulas():
    assert csv_value("=HYPERLINK()") == "'=HYPERLINK()"
    assert csv_value(3.0) == "3"
    assert csv_value(2.5) == "2.5"
    assert csv_value(None) == ""


def test_the_csv_without_a_snapshot_sends_the_coordinator_back(client, wt_cast, cast):
    csv_url = reverse("wachttijden:dashboard_csv") + f"?regio={wt_cast.region.code}"
    client.force_login(cast["huisarts"])
    assert client.get(csv_url).status_code == 403
    client.force_login(wt_cast.coordinator)
    response = client.get(csv_url)
    assert response.status_code == 302


# Query counts ---------------------------------------------------------------------------
@pytest.mark.parametrize("persons", [3, 60])
def test_the_dashboard_query_count_does_not_grow_with_the_data(
    client, wt_cast, network, persons, django_assert_max_num_queries
):
    for i in range(persons // 10 + 1):
        AanbodFactory(provider=wt_cast.provider, region=wt_cast.region, sd=bool(i % 2))
        OntbrekendAanbod.objects.create(
            network=network,
            category="wonen",
            description=f"Ontbreekt {i}",
            created_by=wt_cast.coordinator,
        ).gemeenten.set(wt_cast.gemeenten)
    fill(wt_cast, persons=persons)
    for weeks in range(3):
        compute(wt_cast, TODAY - timedelta(weeks=weeks))
    client.force_login(wt_cast.coordinator)
    client.get(url(wt_cast.region))  # warm the session and the content types
    with django_assert_max_num_queries(15):
        response = client.get(url(wt_cast.region, gemeente=wt_cast.gemeenten[0].pk))
    assert response.context["data"].region_total.persons == persons


def test_a_coordinator_of_two_regions_picks_one(client, computed, other_network):
    from networks.services.netwerken import network_grant

    network_grant(network=other_network, user=computed.coordinator, coordinate=True)
    other_region = other_network.regions.first()
    client.force_login(computed.coordinator)
    response = client.get(url(computed.region))
    assert response.context["several_regions"]
    html = response.content.decode()
    assert 'name="regio"' in html and other_region.name in html
    response = client.get(url(other_region))
    assert response.context["region"] == other_region
    assert "data" not in response.context  # no overview there yet
