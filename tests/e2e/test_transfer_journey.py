"""R-TR-1, R-TR-3, R-TR-2, R-TR-7 in the browser: the team opens the meeting's picture and
lets the matcher propose; the coordinator accepts the group proposal; the holding provider
opens its worklist, records one acceptance and one decline and confirms the handover; the
table's effect figures change. Every page passes an axe-core check."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from tests.browser import assert_accessible, login
from tests.transfer.conftest import scene  # noqa: F401 (a fixture)
from transfer.models import TafelOverleg

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _logout(page):
    page.get_by_role("button", name="Uitloggen").click()


def test_a_group_transfer_from_picture_to_handover(live_server, scene, password, page):  # noqa: F811
    s = scene
    # Yesterday's meeting: the effect counts meetings held in its period.
    TafelOverleg.objects.filter(pk=s.overleg.pk).update(
        starts_at=timezone.now() - timedelta(days=1)
    )
    s.overleg.refresh_from_db()
    login(page, live_server, s.coordinator.email, password)
    page.wait_for_url(f"{live_server.url}/**")
    page.goto(f"{live_server.url}{s.overleg.get_absolute_url()}")
    page.get_by_role("link", name="Vraagbeeld van de tafel").click()
    page.get_by_role("heading", level=1).wait_for()
    assert "Basis-ggz Noord" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Naar de voorstellen").click()
    page.get_by_role("button", name="Voorstellen laten maken").click()
    page.get_by_role("button", name="Aanvaarden").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Aanvaarden").click()
    page.get_by_text("Aanvaard door de tafel").first.wait_for()
    effect_url = f"{live_server.url}{reverse('transfer:effect', args=[s.tafel.pk])}"
    page.goto(effect_url)
    assert_accessible(page)
    before = page.get_by_test_id("effect-overgedragen").inner_text()
    _logout(page)

    login(page, live_server, s.cast.provider_user.email, password)
    page.wait_for_url(f"{live_server.url}/**")
    page.goto(f"{live_server.url}{reverse('transfer:tafel_list')}")
    page.get_by_role("link", name=re.compile("Werklijsten")).click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Basis-ggz Noord")).click()
    page.get_by_role("heading", name="Wachtenden in deze groep").wait_for()
    assert_accessible(page)
    for reference, answer in (("K-001", "aanvaard"), ("K-002", "afgewezen")):
        page.get_by_label(f"Antwoord voor {reference}").select_option(answer)
        page.locator(f"tr:has(th:text-is('{reference}'))").get_by_role(
            "button", name="Opslaan"
        ).click()
        page.get_by_text(f"Het antwoord voor {reference} is vastgelegd.").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Warme overdracht bevestigen").click()
    assert_accessible(page)
    page.get_by_role("button", name="Overdracht bevestigen").click()
    page.get_by_text("De warme overdracht aan GGZ Anders is vastgelegd.").wait_for()
    row = page.locator("tr:has(th:text-is('K-001'))")
    assert "Overgedragen op" in row.inner_text()
    declined = page.locator("tr:has(th:text-is('K-002'))")
    assert "Afgewezen, blijft op de lijst" in declined.inner_text()
    assert_accessible(page)
    _logout(page)

    login(page, live_server, s.coordinator.email, password)
    page.wait_for_url(f"{live_server.url}/**")
    page.goto(effect_url)
    after = page.get_by_test_id("effect-overgedragen").inner_text()
    assert (before, after) == ("0", "1")
    assert page.get_by_test_id("effect-gevraagd").inner_text() == "2"
    assert page.get_by_test_id("effect-afgewezen").inner_text() == "1"
    assert page.get_by_test_id("effect-weken").inner_text() == "9,0"
    assert_accessible(page)
