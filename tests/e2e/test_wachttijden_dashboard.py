"""The coordinator's waiting-time dashboard in the browser: open it, filter by gemeente and by
zorgvraagtype, read the central waiting list, ask for the PDF report and download it (the
task runs eagerly in tests). Every page passes an axe-core check, also on a phone."""

import io
import re
from datetime import timedelta

from django.utils import timezone

import pytest
from pypdf import PdfReader

from tests.browser import assert_accessible, login
from tests.wachttijden.factories import IntakeSlotsFactory, WachtplekFactory, monday, pseudonym
from wachttijden.constants import EntryStatus, Urgency
from wachttijden.models import OntbrekendAanbod, ReportJob, Zorgvraagtype
from wachttijden.services import overzicht

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TODAY = timezone.localdate()


def build_snapshots(wt_cast) -> Zorgvraagtype:
    """Waiting lists of both providers, with double registrations and realised waits, and
    the overview of today and of a week ago (the dashboard reads only these)."""
    zvt = Zorgvraagtype.objects.get(number=2)
    wt_cast.aanbod.zorgvraagtypes.add(zvt)
    for i in range(12):
        who = pseudonym(f"e2e-{i}")
        gemeente = wt_cast.gemeenten[i % 3]
        WachtplekFactory(
            aanbod=wt_cast.aanbod,
            pseudonym=who,
            gemeente=gemeente,
            zorgvraagtype=zvt,
            registered_on=TODAY - timedelta(days=8 * i + 2),
            urgency=Urgency.CRISIS if i == 3 else Urgency.NORMAAL,
        )
        if i % 3 == 0:
            WachtplekFactory(
                aanbod=wt_cast.other_aanbod,
                pseudonym=who,
                gemeente=gemeente,
                registered_on=TODAY - timedelta(days=4),
            )
        WachtplekFactory(
            aanbod=wt_cast.aanbod if i % 2 else wt_cast.other_aanbod,
            pseudonym=pseudonym(f"e2e-klaar-{i}"),
            zorgvraagtype=zvt if i % 2 else None,
            registered_on=TODAY - timedelta(days=50 + i),
            intake_on=TODAY - timedelta(days=25 + i),
            treatment_start_on=TODAY - timedelta(days=3),
            status=EntryStatus.BEHANDELING,
        )
    IntakeSlotsFactory(aanbod=wt_cast.aanbod, week_start=monday(TODAY), available=3)
    OntbrekendAanbod.objects.create(
        network=wt_cast.network,
        category="wonen",
        description="Beschermd wonen voor jongvolwassenen ontbreekt",
        created_by=wt_cast.coordinator,
    )
    overzicht.overview_compute(region=wt_cast.region, snapshot_date=TODAY - timedelta(days=7))
    overzicht.overview_compute(region=wt_cast.region, snapshot_date=TODAY)
    return zvt


def test_the_coordinator_filters_the_dashboard_and_downloads_the_report(
    page, live_server, wt_cast, password
):
    zvt = build_snapshots(wt_cast)
    gemeente = wt_cast.gemeenten[1]
    login(page, live_server, wt_cast.coordinator.email, password)
    dashboard = f"{live_server.url}/wachttijden/dashboard/?regio={wt_cast.region.code}"

    # 1. The dashboard of the whole region.
    page.goto(dashboard)
    assert page.get_by_role("heading", name="Wachttijden in de regio", level=1).is_visible()
    assert page.get_by_role("heading", name="Kerncijfers: hele regio").is_visible()
    assert page.get_by_role("img", name=re.compile("Gerealiseerde wachttijd per zorgvraagtype"))
    assert page.get_by_text("Beschermd wonen voor jongvolwassenen ontbreekt").is_visible()
    assert_accessible(page)

    # 2. Filtered by gemeente: the headline and the trend narrow to it.
    page.get_by_label("Gemeente", exact=True).select_option(label=gemeente.name)
    page.get_by_role("button", name="Filter toepassen").click()
    page.wait_for_url(re.compile(rf".*gemeente={gemeente.pk}.*"))
    assert page.get_by_role("heading", name=f"Kerncijfers: Gemeente {gemeente.name}").is_visible()
    assert_accessible(page)

    # 3. Filtered by zorgvraagtype instead.
    page.get_by_label("Gemeente", exact=True).select_option(value="")
    page.get_by_label("Zorgvraagtype", exact=True).select_option(label=str(zvt))
    page.get_by_role("button", name="Filter toepassen").click()
    page.wait_for_url(re.compile(rf".*zorgvraagtype={zvt.pk}.*"))
    heading = f"Kerncijfers: Zorgvraagtype {zvt}"
    assert page.get_by_role("heading", name=heading).is_visible()
    assert_accessible(page)

    # 4. Both at once is explained, not silently ignored.
    page.get_by_label("Gemeente", exact=True).select_option(label=gemeente.name)
    page.get_by_role("button", name="Filter toepassen").click()
    assert page.get_by_role("alert").filter(has_text="Kies een gemeente óf").is_visible()
    assert_accessible(page)

    # 5. The report of the zorgvraagtype view: made by the task, then downloaded.
    page.goto(f"{dashboard}&zorgvraagtype={zvt.pk}")
    page.get_by_role("button", name=re.compile("Rapport maken")).click()
    page.wait_for_url(re.compile(r".*/wachttijden/rapport/\d+/$"))
    job = ReportJob.objects.get()
    assert job.filters == {"zorgvraagtype": zvt.pk}
    assert page.get_by_text("Klaar").first.is_visible()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Rapport downloaden")).click()
    pdf = download_info.value.path().read_bytes()
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert wt_cast.region.name in text
    assert f"Zorgvraagtype {zvt}" in text
    assert "Wachttijd tegen de Treeknorm per aanbieder" in text

    # 6. The central waiting list: one line per person, the crisis first.
    page.goto(f"{live_server.url}/wachttijden/centrale-wachtlijst/?regio={wt_cast.region.code}")
    rows = page.locator("table tbody tr")
    assert rows.count() == 12
    assert rows.first.get_by_text("Crisis").is_visible()
    assert_accessible(page)


def test_the_dashboard_works_on_a_phone(browser, live_server, wt_cast, password):
    build_snapshots(wt_cast)
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        login(page, live_server, wt_cast.coordinator.email, password)
        page.goto(f"{live_server.url}/wachttijden/dashboard/?regio={wt_cast.region.code}")
        assert page.get_by_role("button", name="Filter toepassen").is_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
        assert_accessible(page)
    finally:
        context.close()
