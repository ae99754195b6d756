"""Planning in time in the browser: a planner cannot plan in the past, and records a
conversation that already took place afterwards, with its attendance and without
invitations. Every page passes an axe-core check."""

import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone

import pytest

from mgn.accounts.constants import Role
from tests.browser import assert_accessible, login
from tests.verkennend_gesprek.cast import make_vg

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_planner_records_a_conversation_afterwards(page, live_server, vg_cast, password):
    vg = make_vg(vg_cast, requested_at=timezone.now() - timedelta(days=6))
    login(page, live_server, vg_cast.users[Role.NETWERKCOORDINATOR].email, password)
    yesterday = timezone.localtime() - timedelta(days=1)

    # Planning in the past is refused, with the way to record it afterwards.
    page.goto(f"{live_server.url}/verkennend-gesprek/{vg.pk}/plannen/")
    page.get_by_label("Datum en tijd").fill(yesterday.strftime("%Y-%m-%dT10:00"))
    page.get_by_label("Adres").fill("Wijkcentrum De Brug, Dorpsstraat 1")
    page.get_by_label("Ggz-professional").select_option(value=str(vg_cast.ggz.pk))
    page.get_by_label("Professional sociaal domein").select_option(value=str(vg_cast.sd.pk))
    page.get_by_role("button", name="Gesprek plannen").click()
    assert page.get_by_text("Dit tijdstip ligt in het verleden").first.is_visible()
    assert not vg.gesprekken.exists()
    assert_accessible(page)

    page.get_by_role("link", name="Gesprek achteraf vastleggen").first.click()
    page.wait_for_url(re.compile(r".*/achteraf/$"))
    assert_accessible(page)
    page.get_by_label("Datum en tijd").fill(yesterday.strftime("%Y-%m-%dT10:00"))
    page.get_by_label("Adres").fill("Wijkcentrum De Brug, Dorpsstraat 1")
    page.get_by_label("Ggz-professional", exact=True).select_option(value=str(vg_cast.ggz.pk))
    page.get_by_label("Professional sociaal domein", exact=True).select_option(
        value=str(vg_cast.sd.pk)
    )
    page.get_by_role("group", name="Was de ggz-professional aanwezig?").get_by_label(
        "Aanwezig", exact=True
    ).check()
    page.get_by_role(
        "group", name="Was de professional uit het sociaal domein aanwezig?"
    ).get_by_label("Aanwezig", exact=True).check()
    page.get_by_role("button", name="Gesprek vastleggen").click()
    page.wait_for_url(re.compile(r".*/verkennend-gesprek/\d+/$"))
    assert page.get_by_text("Achteraf vastgelegd op").first.is_visible()
    assert_accessible(page)
    gesprek = vg.gesprekken.get()
    assert gesprek.held and gesprek.recorded_afterwards
    assert mail.outbox == []
