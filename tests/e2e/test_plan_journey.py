"""R-NW-6 in the browser: a coordinator enters the submission date and sees the
blokkenplanning with the end dates of B and C; the reviewer records a positive voorgenomen
besluit with one aandachtspunt; the plan page shows it. Every page passes axe-core."""

import re

import pytest

from mgn.accounts.constants import Role
from networks.models.plan import Fase
from tests.browser import assert_accessible, login
from tests.networks.plan_factories import make_plan, reviewer, share

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_R_NW_6_submission_planning_and_a_positive_voorgenomen_besluit(
    live_server, network, cast, password, page
):
    base = live_server.url
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
