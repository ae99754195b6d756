"""Network governance in the browser, one journey (issue 15): a coordinator enters the plan's
submission date and sees the blokkenplanning (R-NW-6); the reviewer records a positive
voorgenomen besluit with one aandachtspunt; the coordinator's indicator board shows the
indicators and that point, and its PDF downloads; the programme user compares two networks
side by side and filters by region. Every page passes an axe-core check.

The board's assertions look at its structure (sections, the indicator table, both
networks), not at figures: the function apps' providers are tested against hand-made
examples on their own."""

import re

from django.conf import settings
from django.urls import reverse

import pytest

from mgn import indicators
from mgn.accounts.constants import Role
from networks.models.plan import Fase
from tests.browser import assert_accessible, login
from tests.networks import indicator_fakes
from tests.networks.plan_factories import make_plan, reviewer, share

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def providers(settings):
    """The registered providers, or the fakes where none are registered."""
    indicators.providers.cache_clear()
    if not settings.INDICATOR_PROVIDERS:
        settings.INDICATOR_PROVIDERS = indicator_fakes.PATHS
    yield
    indicators.providers.cache_clear()


def _logout(page):
    page.get_by_role("button", name="Uitloggen").click()


def test_R_NW_6_the_plan_the_board_and_the_programme_view(
    live_server, network, other_network, cast, password, providers, page
):
    base = live_server.url
    assert settings.INDICATOR_PROVIDERS
    coordinator = cast[Role.NETWERKCOORDINATOR]
    plan = make_plan(network, coordinator, titel="Journeyplan Noord 2025")
    share(plan, coordinator)
    reviewer(plan, coordinator, user=cast[Role.BEOORDELAAR])
    owner = plan.indienende_partners.order_by("name").first()

    # 1. The coordinator finds the plan from the network page and enters the submission date.
    login(page, live_server, coordinator.email, password)
    page.wait_for_url(f"{base}/**")
    page.goto(f"{base}/netwerken/{network.slug}/")
    page.get_by_role("link", name="Transformatieplan", exact=True).click()
    page.get_by_role("heading", level=1, name=re.compile("Transformatieplan van")).wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Journeyplan Noord 2025").click()
    page.get_by_role("heading", level=1, name="Journeyplan Noord 2025").wait_for()
    assert_accessible(page)
    page.get_by_label("Ingediend op").fill("2025-11-20")
    page.get_by_role("button", name="Indiendatum vastleggen").click()
    page.get_by_text("de blokkenplanning staat hieronder").wait_for()
    planning = page.locator("#planning-heading + .table-wrap").inner_text()
    assert "18 december 2025" in planning  # end of B
    assert "15 januari 2026" in planning  # end of C
    assert_accessible(page)
    page.get_by_role("button", name="Uitloggen").click()

    # 2. The reviewer opens "Mijn beoordelingen" and records the besluit with one point.
    login(page, live_server, cast[Role.BEOORDELAAR].email, password)
    page.wait_for_url(f"{base}/**")
    page.get_by_role("link", name="Mijn beoordelingen").first.click()
    page.get_by_role("heading", level=1, name="Mijn beoordelingen").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Journeyplan Noord 2025").click()
    page.get_by_role("link", name="Besluit vastleggen").click()
    page.get_by_role("heading", level=1, name=re.compile("Besluit over")).wait_for()
    assert_accessible(page)
    page.get_by_label("Besluit", exact=True).select_option("voorgenomen")
    page.get_by_label("Uitkomst").select_option("positief")
    page.get_by_label("Motivering").fill("Een sterk plan; één punt vraagt aandacht.")
    page.get_by_label("Datum van het besluit").fill("2025-12-18")
    page.locator("#id_punt_text").fill("Betrek ervaringsdeskundigen bij de evaluatie")
    page.get_by_label("Eigenaar van het aandachtspunt").select_option(label=owner.name)
    page.get_by_label("Aandachtspunt uiterlijk").fill("2026-06-30")
    page.get_by_role("button", name="Besluit vastleggen").click()

    # 3. The plan page shows the besluit, the point and the next phase.
    page.get_by_role("heading", level=1, name="Journeyplan Noord 2025").wait_for()
    assert (
        "Betrek ervaringsdeskundigen bij de evaluatie"
        in page.locator("#aandachtspunten-tabel").inner_text()
    )
    assert "C – consultatie" in page.locator("#plan-fase").inner_text()
    assert_accessible(page)
    plan.refresh_from_db()
    assert plan.fase == Fase.C
    _logout(page)

    # 4. The coordinator opens the board from the menu: the indicators of every function
    #    the network offers, and the reviewer's point among the tracked aandachtspunten.
    login(page, live_server, cast[Role.NETWERKCOORDINATOR].email, password)
    page.wait_for_url(f"{base}/**")
    page.get_by_role("link", name="Indicatorbord").first.click()
    page.get_by_role("heading", level=1, name="Indicatorborden").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="MGN Noord").click()
    page.get_by_role("heading", level=1, name="Indicatorbord van MGN Noord").wait_for()
    shown = page.locator(".bord-section h2").all_inner_texts()
    assert shown == [p.section for p in indicators.providers_for(network)]  # offered only
    table = page.locator("table.bord-table").first
    headers = table.locator("thead th").all_inner_texts()
    assert headers[0] == "Indicator" and "Doel" in headers and "Definitie" in headers
    assert len(headers) == 1 + 4 + 2  # the indicator, four quarters, target, definition
    assert table.locator("tbody tr").count() >= 1
    points = page.locator("#bord-aandachtspunten + p + .table-wrap").inner_text()
    assert "Betrek ervaringsdeskundigen bij de evaluatie" in points and "open" in points
    assert_accessible(page)

    # 5. The PDF: made (eagerly, in the test) and downloaded.
    page.get_by_role("button", name="PDF maken").click()
    page.get_by_role("heading", level=1, name="Indicatorbord als PDF").wait_for()
    link = page.get_by_role("link", name=re.compile("PDF downloaden"))
    link.wait_for()
    assert_accessible(page)
    response = page.request.get(base + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    with page.expect_download() as download_info:
        link.click()
    assert download_info.value.suggested_filename.startswith("indicatorbord-noord-")
    _logout(page)

    # 6. The programme user compares the two networks, then filters on zuid's region.
    login(page, live_server, cast[Role.PROGRAMMA].email, password)
    page.wait_for_url(f"{base}/**")
    page.get_by_role("link", name="Programma").first.click()
    page.get_by_role("heading", level=1, name="Indicatoren per netwerk").wait_for()
    rows = page.locator("#programma tbody tr")
    assert page.locator("#programma tbody tr[data-network='noord']").count() == 1
    assert page.locator("#programma tbody tr[data-network='zuid']").count() == 1
    assert rows.count() == 2
    assert_accessible(page)
    region = other_network.regions.get()
    page.get_by_label("IZA-regio").select_option(label=region.name)
    page.get_by_role("button", name="Toon").click()
    page.wait_for_url(re.compile(rf"regio={region.code}"))
    assert page.locator("#programma tbody tr[data-network='zuid']").count() == 1
    assert page.locator("#programma tbody tr[data-network='noord']").count() == 0
    assert_accessible(page)
    assert page.url.startswith(f"{base}{reverse('networks:programma')}")
