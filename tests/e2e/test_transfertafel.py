"""R-TR-5, R-TR-4: the transfer table in the browser. The coordinator opens the list and
the table, adds a teamlid, records a past meeting's attendance and minutes; the teamlid
reads the table and the meeting. Every page passes an axe-core check."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from mgn.accounts.constants import Role
from networks.constants import OrganisationKind
from tests.accounts.factories import UserFactory
from tests.browser import assert_accessible, login
from tests.networks.factories import ProfessionalFactory
from tests.transfer.factories import make_tafel, seat
from transfer.services.overleg import overleg_plan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_table_and_meeting_pages(live_server, network, cast, password, page):
    coordinator = cast[Role.NETWERKCOORDINATOR]
    tafel = make_tafel(network)
    member = UserFactory(email="teamlid@noord.test", roles=[Role.GGZ_PROFESSIONAL])
    seat(tafel, network.regievoerder, user=member, name="Tamara Teamlid")
    sd = network.partnerships.get(organisation__kind=OrganisationKind.SD_AANBIEDER).organisation
    ProfessionalFactory(organisation=sd, name="Sven Sociaal")
    past = overleg_plan(
        tafel=tafel,
        starts_at=timezone.now() - timedelta(days=7),
        duration_minutes=60,
        agenda="Beeld per zorgvraagtype",
    )

    login(page, live_server, coordinator.email, password)
    page.wait_for_url(f"{live_server.url}/**")
    page.get_by_role("link", name="Transfertafels").first.click()
    assert_accessible(page)
    page.get_by_role("link", name=tafel.name).click()
    page.get_by_role("heading", name="Team").wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Lid of gast toevoegen").click()
    assert_accessible(page)
    page.get_by_label("Deelname").select_option("teamlid")
    page.get_by_label("Professional").select_option(label=f"Sven Sociaal – {sd.name}")
    page.get_by_role("button", name="Toevoegen").click()
    page.get_by_text("Het lid is toegevoegd.").wait_for()
    assert page.get_by_role("rowheader", name="Sven Sociaal").count() == 1

    page.goto(f"{live_server.url}{reverse('transfer:overleg_edit', args=[past.pk])}")
    assert_accessible(page)
    page.get_by_label("Tamara Teamlid").select_option("1")
    page.get_by_label("Verslag").fill("Acht wachtenden met angstklachten kunnen eerder terecht.")
    page.get_by_label("Het overleg is gehouden").check()
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Het overleg is opgeslagen.").wait_for()
    assert "Acht wachtenden" in page.content()
    assert_accessible(page)

    page.get_by_role("button", name="Uitloggen").click()
    login(page, live_server, member.email, password)
    page.wait_for_url(f"{live_server.url}/**")
    page.goto(f"{live_server.url}{tafel.get_absolute_url()}")
    assert page.get_by_role("link", name="Instellingen wijzigen").count() == 0
    assert_accessible(page)
    page.goto(f"{live_server.url}{past.get_absolute_url()}")
    assert "aanwezig" in page.content()
    assert_accessible(page)
