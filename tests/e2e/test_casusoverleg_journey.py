"""R-DOC-2, R-DOC-3, R-DOC-4, R-DOC-5 in the browser: a huisarts registers an anonymous case
(the identifier guard first blocks a phone number in the situation, without echoing it);
the chair records the outcome in the meeting and raises a missing-offer signal from the
case; the coordinator finds the signal on the signals page, links it to a new missing offer
of the sociale kaart and sees the signal counted there; a policy partner reads the signal,
never the case. Every page passes an axe-core check."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from casusoverleg.models import Casus, CasusOverleg, Signaal
from tests.browser import assert_accessible, login
from tests.casusoverleg.conftest import co  # noqa: F401 (a fixture)
from wachttijden.models import OntbrekendAanbod

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = "06-12345678"
SITUATION = "Alleenstaande met schulden en somberheid; de woning dreigt verloren te gaan."
SIGNAL_TEXT = "Geen plek voor begeleid wonen met schuldhulp in de wijk."


def _logout(page):
    page.get_by_role("button", name="Uitloggen").click()


def _fill_case(page, situation):
    page.get_by_label("De gevraagde hulp kunnen wij niet alleen bieden").check()
    page.get_by_label("Situatie", exact=True).fill(situation)
    page.get_by_label("Geld en schulden").check()
    page.get_by_label("Wonen", exact=True).check()
    page.get_by_label("Wat is al geprobeerd").fill("Budgetcoaching en twee gesprekken bij de POH.")
    page.get_by_label("Vraag aan het overleg").fill("Wie kan schuldhulp en behandeling oppakken?")
    page.get_by_label("Leeftijdsgroep").select_option(label="27 tot 45 jaar")
    page.get_by_label("Gemeente", exact=True).select_option(label="Assen")
    page.get_by_label("De persoon heeft meegedaan aan de aanmelding").check()


def test_R_DOC_2_to_5_a_case_from_registration_to_signal_on_the_sociale_kaart(
    live_server,
    co,  # noqa: F811
    password,
    page,
):
    base = live_server.url

    # 1. The huisarts registers a case for Huisartsenpraktijk De Linde.
    login(page, live_server, co.huisarts.email, password)
    page.wait_for_url(f"{base}/**")
    page.goto(f"{base}{reverse('casusoverleg:index')}")
    page.get_by_role("heading", level=1, name="Domeinoverstijgend casusoverleg").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Casusoverleg Noord").click()
    page.get_by_role("heading", level=1, name="Casusoverleg Noord").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Casus aanmelden").click()
    page.get_by_role("heading", level=1, name=re.compile("Casus aanmelden")).wait_for()
    assert_accessible(page)
    assert page.get_by_label("Aangemeld namens").input_value() == str(co.praktijk.pk)
    _fill_case(page, f"{SITUATION}\nBel haar op {PHONE} voor een afspraak.")
    page.get_by_role("button", name="Casus aanmelden").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "een telefoonnummer" in alert.inner_text()
    # The guard names the kind and place, never the number; the field keeps what was typed.
    errors = page.locator(".field-errors").all_inner_texts()
    assert any("een telefoonnummer" in e for e in errors)
    assert not any(PHONE in e or "12345678" in e for e in [alert.inner_text(), *errors])
    assert Casus.objects.count() == 0
    assert_accessible(page)
    _fill_case(page, SITUATION)
    page.get_by_role("button", name="Casus aanmelden").click()
    page.get_by_role("heading", level=1, name=re.compile(r"Casus CO-")).wait_for()
    casus = Casus.objects.get()
    assert casus.code.startswith("CO-")
    assert casus.organisation_id == co.praktijk.pk
    assert page.get_by_role("heading", level=1).inner_text() == f"Casus {casus.code}"
    assert f"De casus is aangemeld als {casus.code}." in page.get_by_role("status").inner_text()
    assert PHONE not in page.content()
    assert_accessible(page)
    _logout(page)

    # 2. The chair records the outcome in the meeting that has just started.
    CasusOverleg.objects.filter(pk=casus.overleg_id).update(
        starts_at=timezone.now() - timedelta(minutes=10)
    )
    login(page, live_server, co.sd_user.email, password)
    page.wait_for_url(f"{base}/**")
    page.goto(f"{base}{reverse('casusoverleg:overleg_detail', args=[casus.overleg_id])}")
    page.get_by_role("heading", level=1, name=re.compile("Overleg van")).wait_for()
    assert_accessible(page)
    agenda_item = page.locator(f"#casus-{casus.pk}")
    agenda_item.get_by_text("Uitkomst vastleggen").click()
    agenda_item.get_by_label("Afgesproken oplossing").fill(
        "Schuldhulp en behandeling worden gecombineerd in één plan."
    )
    agenda_item.get_by_label("Volgende stap").fill("Intake bij de schuldhulp binnen twee weken.")
    agenda_item.get_by_label("Organisatie die de casus oppakt").select_option(
        label="Gemeente Noord"
    )
    due = timezone.localdate() + timedelta(days=14)
    agenda_item.get_by_label("Uiterlijk op").fill(f"{due:%Y-%m-%d}")
    assert_accessible(page)
    agenda_item.get_by_role("button", name=re.compile("Uitkomst opslaan")).click()
    page.get_by_text(f"De uitkomst van {casus.code} is vastgelegd.").wait_for()
    outcome = page.locator(f"#casus-{casus.pk}")
    assert "Uitkomst van dit overleg" in outcome.inner_text()
    assert "Schuldhulp en behandeling worden gecombineerd" in outcome.inner_text()
    assert "Gemeente Noord" in outcome.inner_text()
    assert_accessible(page)

    page.goto(f"{base}{casus.get_absolute_url()}")
    page.get_by_role("heading", level=1, name=f"Casus {casus.code}").wait_for()
    assert "Intake bij de schuldhulp binnen twee weken." in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Signaal melden").click()
    page.get_by_role("heading", level=1, name=re.compile("Knelpunt signaleren")).wait_for()
    assert_accessible(page)
    page.get_by_label("Aanbod ontbreekt").check()
    page.get_by_label("Toelichting").fill(SIGNAL_TEXT)
    page.get_by_role("button", name="Signaal vastleggen").click()
    page.get_by_text("Het signaal is vastgelegd.").wait_for()
    assert Signaal.objects.filter(casus=casus, category="ontbrekend-aanbod").count() == 1
    assert_accessible(page)
    _logout(page)

    # 3. The coordinator finds the signal, links it to a new missing offer and sees it
    # counted on the sociale kaart.
    login(page, live_server, co.coordinator.email, password)
    page.wait_for_url(f"{base}/**")
    page.goto(f"{base}{reverse('casusoverleg:signalen')}")
    page.get_by_role("heading", level=1, name=re.compile("Knelpuntsignalen")).wait_for()
    assert page.get_by_test_id("signalen-totaal").inner_text() == "1"
    signaal = Signaal.objects.get()
    row = page.locator(f"#signaal-{signaal.pk}")
    assert SIGNAL_TEXT in row.inner_text()
    assert casus.code in row.inner_text()
    assert "Aanbod ontbreekt" in row.inner_text()
    assert SITUATION not in page.content()
    assert_accessible(page)
    row.get_by_label("Koppelen aan").select_option(label="Nieuw ontbrekend aanbod aanmaken")
    row.get_by_label("Categorie op de sociale kaart (bij nieuw)").select_option(label="Wonen")
    row.get_by_role("button", name=re.compile("Koppelen")).click()
    page.get_by_text("Het signaal is gekoppeld aan ontbrekend aanbod.").wait_for()
    linked = page.locator(f"#signaal-{signaal.pk}").get_by_test_id("signaal-ontbrekend")
    assert linked.inner_text().startswith("Wonen:")
    missing = OntbrekendAanbod.objects.get()
    signaal.refresh_from_db()
    assert signaal.ontbrekend_aanbod_id == missing.pk
    assert_accessible(page)

    page.goto(f"{base}{reverse('wachttijden:missing')}")
    page.get_by_role("heading", level=1).wait_for()
    signals = page.get_by_test_id("ontbrekend-signalen")
    assert signals.count() == 1
    assert re.sub(r"\s+", " ", signals.inner_text()) == "1 signaal uit het casusoverleg gekoppeld"
    assert_accessible(page)
    _logout(page)

    # 4. The policy partner reads the signal, never the case's situation.
    login(page, live_server, co.policy.email, password)
    page.wait_for_url(f"{base}/**")
    page.goto(f"{base}{reverse('casusoverleg:signalen')}")
    page.get_by_role("heading", level=1, name=re.compile("Knelpuntsignalen")).wait_for()
    row = page.locator(f"#signaal-{signaal.pk}")
    assert SIGNAL_TEXT in row.inner_text()
    assert casus.code in row.inner_text()
    content = page.content()
    assert SITUATION not in content
    assert "schulden en somberheid" not in content
    assert "Koppelen" not in row.inner_text()
    assert_accessible(page)
    response = page.goto(f"{base}{casus.get_absolute_url()}")
    assert response.status == 404
    assert "schulden en somberheid" not in page.content()
