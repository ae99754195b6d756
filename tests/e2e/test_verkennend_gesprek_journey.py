"""The whole verkennend gesprek in the browser: a huisarts requests, a planner schedules,
a professional records the joint advies, the huisarts downloads the letter (R-VG-1 … R-VG-6).
Every page passes an axe-core check."""

import io
import re
from datetime import timedelta

from django.utils import timezone

import pytest
from pypdf import PdfReader

from mgn.accounts.constants import Role
from tests.browser import assert_accessible, login
from verkennend_gesprek.models import VerkennendGesprek

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _logout(page, live_server):
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(re.compile(r".*/account/inloggen/.*"))


def test_a_verkennend_gesprek_from_request_to_advice_letter(page, live_server, vg_cast, password):
    users = vg_cast.users
    # 1. The huisarts requests, first with an invalid BSN.
    login(page, live_server, users[Role.HUISARTS].email, password)
    page.goto(f"{live_server.url}/verkennend-gesprek/nieuw/")
    assert_accessible(page)
    page.get_by_label("Voornaam").fill("Sanne")
    page.get_by_label("Achternaam").fill("Visser")
    page.get_by_label("BSN").fill("123456789")
    page.get_by_label("Geboortedatum").fill("1990-03-01")
    page.get_by_label("Woongemeente").select_option(label=vg_cast.gemeente.name)
    page.get_by_label("Zorgverzekeraar").select_option(index=1)
    page.get_by_label("Polisnummer").fill("POL1234567")
    page.get_by_role("textbox", name="Hulpvraag").fill(
        "Ik slaap slecht door geldzorgen en durf de post niet te openen."
    )
    page.get_by_label("Geld en schulden").check()
    page.get_by_label("De persoon geeft toestemming voor het verkennend gesprek").check()
    page.get_by_role("button", name="Aanvraag versturen").click()
    assert page.get_by_text("Dit is geen geldig BSN").first.is_visible()
    assert VerkennendGesprek.objects.count() == 0
    assert_accessible(page)

    page.get_by_label("BSN").fill("999996708")
    page.get_by_role("button", name="Aanvraag versturen").click()
    page.wait_for_url(re.compile(r".*/verkennend-gesprek/\d+/$"))
    vg = VerkennendGesprek.objects.get()
    assert page.get_by_text("Sanne").first.is_visible()
    assert_accessible(page)
    # Some days pass before the planner schedules the conversation.
    VerkennendGesprek.objects.filter(pk=vg.pk).update(
        requested_at=timezone.now() - timedelta(days=4)
    )
    _logout(page, live_server)

    # 2. The planner schedules it, with ggz and SD.
    login(page, live_server, users[Role.NETWERKCOORDINATOR].email, password)
    page.goto(f"{live_server.url}/verkennend-gesprek/planning/")
    assert page.get_by_text("Visser").first.is_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/verkennend-gesprek/{vg.pk}/plannen/")
    assert_accessible(page)
    tomorrow = timezone.localtime() + timedelta(days=1)  # planning looks ahead
    page.get_by_label("Datum en tijd").fill(tomorrow.strftime("%Y-%m-%dT10:00"))
    page.get_by_label("Adres").fill("Wijkcentrum De Brug, Dorpsstraat 1")
    page.get_by_label("Ggz-professional").select_option(value=str(vg_cast.ggz.pk))
    page.get_by_label("Professional sociaal domein").select_option(value=str(vg_cast.sd.pk))
    page.get_by_role("button", name="Gesprek plannen").click()
    page.wait_for_url(re.compile(r".*/verkennend-gesprek/\d+/$"))
    vg.refresh_from_db()
    assert vg.status == "gepland"
    _logout(page, live_server)
    # The day of the conversation comes and goes (attendance opens at the planned start).
    vg.gesprekken.update(starts_at=timezone.now() - timedelta(hours=2))

    # 3. The ggz professional records who took part and the joint advies, and finalises it.
    login(page, live_server, users[Role.GGZ_PROFESSIONAL].email, password)
    page.goto(f"{live_server.url}/verkennend-gesprek/{vg.pk}/gesprek/1/aanwezigheid/")
    assert_accessible(page)
    for radio in page.get_by_role("radio", name="Aanwezig", exact=True).all():
        radio.check()
    page.get_by_role("button", name="Aanwezigheid opslaan").click()
    page.wait_for_url(re.compile(r".*/verkennend-gesprek/\d+/(advies/)?$"))
    page.goto(f"{live_server.url}/verkennend-gesprek/{vg.pk}/advies/")
    assert_accessible(page)
    page.get_by_label("Samenvatting van het gesprek").fill(
        "Geldzorgen houden de slaapproblemen in stand; eerst schuldhulp, daarna POH-ggz."
    )
    page.get_by_label("Begeleiding sociaal domein (incl. Wmo)").check()
    page.get_by_label("Behandeling POH-ggz").check()
    page.get_by_label("Wie", exact=True).first.fill("Schuldhulp Kanaalzijde")
    page.get_by_label("Doet wat").first.fill("Intakegesprek schuldhulpverlening")
    page.get_by_label("Wanneer").first.fill("binnen twee weken")
    page.get_by_label("Waar kan de persoon met vragen terecht").fill(
        "Sociaal wijkteam, 0900-1234567"
    )
    page.get_by_label("Het advies is besproken met de persoon, die ermee akkoord is").check()
    page.get_by_role("button", name="Concept opslaan").click()
    page.get_by_role("button", name="Definitief maken").click()
    page.wait_for_load_state("networkidle")
    assert vg.adviezen.get().status == "definitief"
    assert_accessible(page)
    _logout(page, live_server)

    # 4. The huisarts downloads the letter (rendered by the task, eager in tests).
    login(page, live_server, users[Role.HUISARTS].email, password)
    page.goto(f"{live_server.url}/verkennend-gesprek/{vg.pk}/brief/")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download", re.I)).first.click()
    pdf = download_info.value.path().read_bytes()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    text = re.sub(r"\s+", " ", text)  # table cells wrap lines
    assert "Sanne" in text and "Visser" in text
    assert "Intakegesprek schuldhulpverlening" in text
    assert vg_cast.huisarts.name in text
