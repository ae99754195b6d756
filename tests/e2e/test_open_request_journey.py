"""One open request per person and the details as submitted (R-PR-2), in the browser: a
huisarts of a second practice asks for a person who already has an open request and gets
the notice; the first practice's request and, once advised, its letter stay as the first
practice submitted them, also after the second practice's own request. Axe on each page."""

import hashlib
import io
import re

import pytest
from pypdf import PdfReader

from mgn.accounts.constants import Role
from networks.constants import Discipline
from networks.services.netwerken import network_grant
from tests.accounts.factories import UserFactory
from tests.browser import assert_accessible, login
from tests.networks.factories import OrganisationFactory, PartnershipFactory, ProfessionalFactory
from tests.verkennend_gesprek.test_advies import draft, held_vg
from verkennend_gesprek.models import AdviesBrief, GeweigerdeAanvraag, VerkennendGesprek
from verkennend_gesprek.services.advies import advies_finalise

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BSN = "999996708"  # the cast's person, Sanne Visser (R-PR-3 test BSN)


def _logout(page):
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(re.compile(r".*/account/inloggen/.*"))


def _request_as_other_practice(page, live_server, vg_cast):
    page.goto(f"{live_server.url}/verkennend-gesprek/nieuw/")
    assert_accessible(page)
    page.get_by_label("Voornaam").fill("Susan")
    page.get_by_label("Achternaam").fill("Vissers")
    page.get_by_label("BSN").fill(BSN)
    page.get_by_label("Geboortedatum").fill("1990-03-01")
    page.get_by_label("Woongemeente").select_option(label=vg_cast.gemeente.name)
    page.get_by_label("Zorgverzekeraar").select_option(index=1)
    page.get_by_label("Polisnummer").fill("OOST999")
    page.get_by_role("textbox", name="Hulpvraag").fill("Somberheid en zorgen over werk.")
    page.get_by_label("Geld en schulden").check()
    page.get_by_label("De persoon geeft toestemming voor het verkennend gesprek").check()
    page.get_by_role("button", name="Aanvraag versturen").click()


def _letter_text(pdf: bytes) -> str:
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text)


def test_a_second_practice_gets_the_notice_and_the_first_request_stays_as_submitted(
    page, live_server, vg_cast, password
):
    # The first practice's request: the conversation was held, no advies yet (open).
    first = held_vg(vg_cast)
    oost = OrganisationFactory(name="Praktijk Oost", huisartsenpraktijk=True)
    PartnershipFactory(network=vg_cast.network, organisation=oost, role_beleid=False)
    other = ProfessionalFactory(
        organisation=oost,
        user=UserFactory(email="huisarts@oost.test", roles=[Role.HUISARTS]),
        name="Dr. O. Oost",
        discipline=Discipline.HUISARTS,
        agb_code="01777777",
    )
    network_grant(network=vg_cast.network, user=other.user)

    # 1. The second practice asks for the same person and gets the notice, nothing more.
    login(page, live_server, other.user.email, password)
    _request_as_other_practice(page, live_server, vg_cast)
    notice = page.get_by_text("Voor deze persoon loopt in dit netwerk al een aanvraag")
    assert notice.first.is_visible()
    assert page.get_by_text("netwerkcoördinator", exact=False).first.is_visible()
    html = page.content()
    for secret in ("Praktijk Noord", vg_cast.huisarts.name, first.reference, "Sanne"):
        assert secret not in html
    assert_accessible(page)
    assert VerkennendGesprek.objects.count() == 1
    assert GeweigerdeAanvraag.objects.get().open_request == first
    _logout(page)

    # 2. The first practice's request page is unchanged.
    login(page, live_server, vg_cast.users[Role.HUISARTS].email, password)
    page.goto(f"{live_server.url}{first.get_absolute_url()}")
    assert page.get_by_role("heading", name=re.compile("Sanne Visser")).is_visible()
    assert page.get_by_text("sanne@example.nl").first.is_visible()
    assert page.get_by_text("POL1234567").first.is_visible()
    assert "Susan" not in page.content() and "Praktijk Oost" not in page.content()
    assert_accessible(page)
    _logout(page)

    # 3. The planner sees both attempts on the open request.
    login(page, live_server, vg_cast.users[Role.NETWERKCOORDINATOR].email, password)
    page.goto(f"{live_server.url}{first.get_absolute_url()}")
    assert page.get_by_text(
        re.compile("Ook aangevraagd door Dr. O. Oost, Praktijk Oost")
    ).is_visible()
    assert_accessible(page)
    _logout(page)

    # 4. The advies is made definitive (its letter rendered by the task); the request is no
    # longer open, so the second practice's own request now goes through.
    advies_finalise(advies=draft(vg_cast, first), user=vg_cast.ggz.user)
    brief = AdviesBrief.objects.get(advies__verkennend_gesprek=first)
    login(page, live_server, other.user.email, password)
    _request_as_other_practice(page, live_server, vg_cast)
    page.wait_for_url(re.compile(r".*/verkennend-gesprek/\d+/$"))
    assert page.get_by_role("heading", name=re.compile("Susan Vissers")).is_visible()
    assert_accessible(page)
    _logout(page)

    # 5. The first practice's page and letter still read what it submitted, to the byte.
    login(page, live_server, vg_cast.users[Role.HUISARTS].email, password)
    page.goto(f"{live_server.url}{first.get_absolute_url()}")
    assert page.get_by_role("heading", name=re.compile("Sanne Visser")).is_visible()
    assert "Susan" not in page.content()
    assert_accessible(page)
    page.goto(f"{live_server.url}/verkennend-gesprek/{first.pk}/brief/")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download", re.I)).first.click()
    pdf = download_info.value.path().read_bytes()
    assert hashlib.sha256(pdf).hexdigest() == brief.checksum
    text = _letter_text(pdf)
    assert "Sanne" in text and "Visser" in text and BSN in text
    assert "Susan" not in text and "OOST999" not in text
    _logout(page)

    # 6. The SD professional who took part sees the person's name, not the BSN or the
    # first practice's administrative details (R-PR-2, minimum necessary).
    login(page, live_server, vg_cast.users[Role.SD_PROFESSIONAL].email, password)
    page.goto(f"{live_server.url}{first.get_absolute_url()}")
    assert page.get_by_role("heading", name=re.compile("Sanne Visser")).is_visible()
    assert_accessible(page)
    html = page.content()
    for secret in (BSN, "sanne@example.nl", "POL1234567"):
        assert secret not in html, secret
