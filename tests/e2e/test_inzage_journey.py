"""R-PR-2 in the browser: the sociaal-domein professional's page of a conversation they
take part in shows the name, age and hulpvraag, never the BSN, date of birth, address or
policy number; the advice letter is not theirs to download. Every page passes axe."""

from datetime import date

from django.core.files.base import ContentFile

import pytest

from mgn.accounts.constants import Role
from mgn.jobs.constants import JobStatus
from tests.browser import assert_accessible, login
from tests.verkennend_gesprek.cast import make_vg
from verkennend_gesprek.constants import Status
from verkennend_gesprek.models import AdviesBrief, Persoon

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PERSON = {
    "given_name": "Marieke",
    "family_name": "Inzagestra",
    "date_of_birth": date(1979, 11, 23),
    "address": "Kerkstraat 17, 9999 ZZ Noorddorp",
    "phone": "06-98765432",
    "email": "marieke.inzage@example.nl",
    "policy_number": "POLINZAGE77",
}
FORBIDDEN = [
    PERSON["address"],
    PERSON["phone"],
    PERSON["email"],
    PERSON["policy_number"],
    "23 november 1979",
    "23-11-1979",
    "1979-11-23",
]


def test_R_PR_2_the_sd_professional_sees_the_name_and_question_not_the_identifiers(
    page, live_server, vg_cast, password
):
    vg = make_vg(vg_cast, Status.ADVIES)
    Persoon.objects.filter(pk=vg.persoon_id).update(**PERSON)
    vg.persoon.refresh_from_db()
    brief = AdviesBrief.objects.create(
        advies=vg.adviezen.get(), status=JobStatus.KLAAR, progress=100
    )
    brief.file.save("adviesbrief.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    bsn = vg.persoon.bsn
    age = vg.persoon.age_on(date.today())

    login(page, live_server, vg_cast.users[Role.SD_PROFESSIONAL].email, password)
    page.goto(f"{live_server.url}/verkennend-gesprek/{vg.pk}/")
    assert_accessible(page)
    text = page.locator("main").inner_text()
    assert "Marieke Inzagestra" in text
    assert f"{age} jaar" in text
    assert vg_cast.gemeente.name in text
    assert "geldzorgen" in text  # the hulpvraag
    html = page.content()
    assert bsn not in html
    for value in FORBIDDEN:
        assert value not in html, value

    # The letter page: the advies is there, the download (it prints the BSN) is not.
    page.get_by_role("link", name="Adviesbrief").click()
    page.wait_for_url(f"{live_server.url}/verkennend-gesprek/{vg.pk}/brief/")
    assert_accessible(page)
    assert page.get_by_role("link", name="Adviesbrief downloaden").count() == 0
    assert page.get_by_text("alleen de aanvragende praktijk").first.is_visible()
    assert bsn not in page.content()

    # The requesting huisarts sees the identifiers on the same page.
    page.get_by_role("button", name="Uitloggen").click()
    login(page, live_server, vg_cast.users[Role.HUISARTS].email, password)
    page.goto(f"{live_server.url}/verkennend-gesprek/{vg.pk}/")
    assert_accessible(page)
    text = page.locator("main").inner_text()
    assert bsn in text
    assert PERSON["policy_number"] in text
