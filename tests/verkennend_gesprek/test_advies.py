"""The advies editor and its rules (R-VG-6): drafts that autosave, finalising only when the
advies is complete, the lock on a definitive advies, and corrections as new versions."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from mgn.accounts.constants import Role
from mgn.audit.constants import Event
from mgn.audit.models import AccessLogEntry
from verkennend_gesprek.constants import AdviesStatus, Route
from verkennend_gesprek.models import Advies, AdviesBrief
from verkennend_gesprek.services.advies import advies_finalise, advies_save_draft
from verkennend_gesprek.services.planning import gesprek_record_attendance, gesprek_schedule

AFSPRAKEN = [
    {
        "who": "Schuldhulpverlening Kanaalzijde",
        "what": "Intakegesprek schuldhulp: samen de schulden in kaart brengen",
        "where": "Loket Stadhuis Noorddorp",
        "when": "binnen 2 weken",
        "offer": "Schuldhulpverlening",
        "provider": "Stichting Kanaalzijde",
        "waiting_time": "2 weken",
    },
    {
        "who": "Sanne Visser",
        "what": "Meldt zich aan voor de cursus Beter slapen bij de POH-ggz",
        "where": "Praktijk Noord",
        "when": "deze week",
        "offer": "",
        "provider": "",
        "waiting_time": "",
    },
]

ADVIES = {
    "summary": "Sanne slaapt slecht sinds de schulden zijn opgelopen. Ze wil eerst rust over geld.",
    "route_sociale_basis": True,
    "route_poh_ggz": True,
    "overbrugging": "Inloop bij het buurthuis op dinsdag, tot de schuldhulp start.",
    "regie": "",
    "contact_point": "Sociaal wijkteam Noorddorp, 0900-1234567",
    "agreed_with_person": True,
}


def held_vg(vg_cast, *, days_ago: int = 3, naaste: bool = True):
    """A request whose conversation was held `days_ago` days ago, everyone present."""
    now = timezone.now()
    vg, _created = vg_cast.request(requested_at=now - timedelta(days=days_ago + 6))
    gesprek = gesprek_schedule(
        vg=vg,
        starts_at=now - timedelta(days=days_ago),
        ggz=vg_cast.ggz,
        sd=vg_cast.sd,
        ervaringsdeskundige=vg_cast.ervaringsdeskundige,
        location="Wijkcentrum De Brug, Dorpsstraat 1, Noorddorp",
        naaste_name="Jan Visser" if naaste else "",
        naaste_email="jan@example.nl" if naaste else "",
        now=now - timedelta(days=days_ago + 6),  # planned when it was requested
    )
    gesprek_record_attendance(
        gesprek=gesprek, attendance={d.pk: (True, "") for d in gesprek.deelnemers.all()}
    )
    vg.refresh_from_db()
    return vg


def draft(vg_cast, vg, *, afspraken=AFSPRAKEN, **overrides) -> Advies:
    return advies_save_draft(
        vg=vg, user=vg_cast.ggz.user, data={**ADVIES, **overrides}, afspraken=afspraken
    )


def editor_post(*, afspraken=AFSPRAKEN, extra_rows: int = 0, **overrides) -> dict:
    """The editor's POST body: the advies fields and the agreements formset."""
    values = {**ADVIES, **overrides}
    data = {
        "summary": values["summary"],
        "overbrugging": values["overbrugging"],
        "regie": values["regie"],
        "contact_point": values["contact_point"],
        "routes": [r.value for r in Route if values.get(f"route_{r.value}")],
        "afspraken-TOTAL_FORMS": str(len(afspraken) + extra_rows),
        "afspraken-INITIAL_FORMS": "0",
    }
    if values["agreed_with_person"]:
        data["agreed_with_person"] = "on"
    for i, row in enumerate(afspraken):
        data.update({f"afspraken-{i}-{k}": v for k, v in row.items()})
    return data


def url(name, vg):
    return reverse(f"verkennend_gesprek:{name}", args=[vg.pk])


@pytest.fixture
def vg(vg_cast):
    return held_vg(vg_cast)


@pytest.fixture
def ggz_client(client, vg_cast):
    client.force_login(vg_cast.ggz.user)
    return client


# --- R-VG-6: the rules of a definitive advies ---------------------------------------


@pytest.mark.parametrize(
    ("overrides", "afspraken", "field"),
    [
        ({}, [], "afspraken"),
        ({"route_sociale_basis": False, "route_poh_ggz": False}, AFSPRAKEN, "routes"),
        ({"contact_point": "  "}, AFSPRAKEN, "contact_point"),
        ({"agreed_with_person": False}, AFSPRAKEN, "agreed_with_person"),
        ({"summary": ""}, AFSPRAKEN, "summary"),
    ],
    ids=[
        "without-agreements",
        "without-route",
        "without-contact-point",
        "without-consent",
        "without-summary",
    ],
)
def test_r_vg_6_finalise_refuses_an_incomplete_advies(vg_cast, vg, overrides, afspraken, field):
    advies = draft(vg_cast, vg, afspraken=afspraken, **overrides)
    with pytest.raises(ValidationError) as caught:
        advies_finalise(advies=advies, user=vg_cast.ggz.user)
    assert field in caught.value.message_dict
    advies.refresh_from_db()
    assert advies.status == AdviesStatus.CONCEPT
    assert not AdviesBrief.objects.exists()


def test_r_vg_6_an_agreement_needs_who_and_what(vg_cast, vg):
    advies = draft(vg_cast, vg, afspraken=[{"where": "Loket", "when": "morgen"}])
    with pytest.raises(ValidationError) as caught:
        advies_finalise(advies=advies, user=vg_cast.ggz.user)
    assert "Afspraak 1: vul in wie wat doet." in caught.value.message_dict["afspraken"]


def test_r_vg_6_the_page_shows_why_finalising_was_refused(ggz_client, vg_cast, vg):
    draft(vg_cast, vg)
    body = editor_post(afspraken=[], contact_point="", agreed_with_person=False)
    response = ggz_client.post(url("advies_finalise", vg), body)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Het advies kan zo nog niet definitief worden." in html
    assert "Leg minstens één concrete afspraak vast" in html
    assert "Vermeld waar de persoon met vragen terecht kan." in html
    assert "Bespreek het advies met de persoon en vink aan dat die akkoord is." in html
    assert 'aria-invalid="true"' in html
    assert vg.adviezen.get().status == AdviesStatus.CONCEPT


def test_r_vg_6_finalising_from_the_page_saves_the_last_edits_and_starts_the_letter(
    ggz_client, vg_cast, vg, django_capture_on_commit_callbacks
):
    draft(vg_cast, vg, contact_point="")
    with django_capture_on_commit_callbacks() as callbacks:
        response = ggz_client.post(url("advies_finalise", vg), editor_post())
    assert response.status_code == 302
    assert response["Location"] == url("brief", vg)
    advies = vg.adviezen.get()
    assert advies.status == AdviesStatus.DEFINITIEF
    assert advies.contact_point == ADVIES["contact_point"]
    assert [a.who for a in advies.afspraken.all()] == [a["who"] for a in AFSPRAKEN]
    assert AdviesBrief.objects.filter(advies=advies).exists()
    assert len(callbacks) == 1  # render_letter, after commit
    assert AccessLogEntry.objects.filter(event=Event.UPDATE, detail="advies definitief").exists()


def test_r_vg_6_a_definitive_advies_is_locked(ggz_client, vg_cast, vg):
    advies = draft(vg_cast, vg)
    advies_finalise(advies=advies, user=vg_cast.ggz.user)
    with pytest.raises(ValidationError):
        draft(vg_cast, vg, summary="Iets anders")
    response = ggz_client.post(url("advies", vg), editor_post(summary="Iets anders"))
    assert response.status_code == 200
    assert "Maak een correctie om het te wijzigen." in response.content.decode()
    advies.refresh_from_db()
    assert advies.summary == ADVIES["summary"]
    page = ggz_client.get(url("advies", vg)).content.decode()
    assert "Dit advies is definitief" in page
    assert 'name="summary"' not in page
    assert "Corrigeren" in page


def test_r_vg_6_a_correction_makes_version_2_and_keeps_version_1_as_vervangen(
    ggz_client, vg_cast, vg
):
    first = draft(vg_cast, vg)
    advies_finalise(advies=first, user=vg_cast.ggz.user)

    response = ggz_client.post(url("advies_correct", vg), {"reason": "Wachttijd is gewijzigd"})
    assert response.status_code == 302
    second = vg.adviezen.get(version=2)
    assert second.status == AdviesStatus.CONCEPT
    assert second.correction_reason == "Wachttijd is gewijzigd"
    assert second.afspraken.count() == len(AFSPRAKEN)
    first.refresh_from_db()
    assert first.status == AdviesStatus.DEFINITIEF  # still valid until v2 is final

    body = editor_post(afspraken=[{**AFSPRAKEN[0], "waiting_time": "6 weken"}])
    response = ggz_client.post(url("advies_finalise", vg), body)
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (AdviesStatus.VERVANGEN, AdviesStatus.DEFINITIEF)
    assert first.afspraken.get(order=0).waiting_time == "2 weken"  # history unchanged
    assert AdviesBrief.objects.filter(advies=second).exists()

    page = ggz_client.get(url("advies", vg)).content.decode()
    assert "Versiegeschiedenis" in page
    assert "Versie 1 · Vervangen door correctie" in page
    assert "6 weken" in page and "2 weken" in page


def test_a_correction_needs_a_reason(ggz_client, vg_cast, vg):
    advies_finalise(advies=draft(vg_cast, vg), user=vg_cast.ggz.user)
    response = ggz_client.post(url("advies_correct", vg), {"reason": ""})
    assert response.status_code == 200
    assert 'id="id_reason_error"' in response.content.decode()
    assert vg.adviezen.count() == 1


# --- The editor --------------------------------------------------------------------


def test_the_editor_saves_a_draft_and_logs_reading_and_changing(ggz_client, vg):
    response = ggz_client.get(url("advies", vg))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'hx-trigger="change delay:1s"' in html
    assert 'name="afspraken-TOTAL_FORMS"' in html
    assert AccessLogEntry.objects.filter(event=Event.READ, person_identifier="999996708").exists()

    response = ggz_client.post(url("advies", vg), editor_post())
    assert response.status_code == 302
    advies = vg.adviezen.get()
    assert advies.status == AdviesStatus.CONCEPT
    assert advies.route_sociale_basis and advies.route_poh_ggz
    assert not advies.route_ggz_specialistisch
    assert advies.afspraken.count() == 2
    assert AccessLogEntry.objects.filter(event=Event.UPDATE, object_id=str(advies.pk)).exists()


def test_autosave_with_htmx_answers_with_a_status_line(ggz_client, vg):
    response = ggz_client.post(url("advies", vg), editor_post(), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    advies = vg.adviezen.get()
    local = timezone.localtime(advies.updated_at)
    assert response.content.decode().strip() == f"Concept opgeslagen om {local:%H:%M}"


def test_a_removed_agreement_is_not_saved(ggz_client, vg):
    body = editor_post()
    body["afspraken-1-DELETE"] = "on"
    ggz_client.post(url("advies", vg), body)
    assert [a.who for a in vg.adviezen.get().afspraken.all()] == [AFSPRAKEN[0]["who"]]


def test_adding_a_row_without_javascript_saves_and_shows_an_extra_row(ggz_client, vg):
    body = editor_post(extra_rows=1)
    body["action"] = "add_row"
    response = ggz_client.post(url("advies", vg), body)
    assert response.status_code == 302
    assert response["Location"] == url("advies", vg) + "?rijen=2#afspraken"
    html = ggz_client.get(response["Location"]).content.decode()
    assert 'name="afspraken-TOTAL_FORMS" value="4"' in html  # 2 saved + 2 empty
    assert "Afspraak 4" in html


def test_adding_a_row_with_htmx_returns_the_row_and_the_new_count(ggz_client, vg):
    response = ggz_client.get(url("advies", vg) + "?rij=3", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="afspraak-3"' in html
    assert 'name="afspraken-3-who"' in html
    assert 'value="4" id="id_afspraken-TOTAL_FORMS" hx-swap-oob="true"' in html
    assert "?rij=4" in html


def test_the_editor_waits_for_a_held_conversation(client, vg_cast, vg_factory):
    planned = vg_factory("gepland")
    client.force_login(vg_cast.ggz.user)
    html = client.get(url("advies", planned)).content.decode()
    assert "Het gesprek is nog niet gehouden." in html
    assert 'name="summary"' not in html


# --- Who may ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["advies_finalise", "advies_correct"])
def test_finalise_and_correct_only_take_post(ggz_client, vg, name):
    assert ggz_client.get(url(name, vg)).status_code == 405


@pytest.mark.parametrize("name", ["advies", "advies_finalise", "advies_correct"])
def test_the_requesting_huisarts_sees_the_request_but_may_not_write_the_advies(
    client, vg_cast, vg, name
):
    client.force_login(vg_cast.huisarts.user)
    assert client.get(url(name, vg)).status_code == 403
    assert client.post(url(name, vg), editor_post()).status_code == 403
    assert not vg.adviezen.exists()


@pytest.mark.parametrize("name", ["advies", "advies_finalise", "advies_correct"])
def test_an_outsider_gets_404(client, cast, vg, name):
    client.force_login(cast["outsider"])
    assert client.get(url(name, vg)).status_code == 404
    assert client.post(url(name, vg), editor_post()).status_code == 404


def test_a_coordinator_may_help_record_the_advies(client, cast, vg):
    client.force_login(cast[Role.NETWERKCOORDINATOR])
    assert client.get(url("advies", vg)).status_code == 200
    assert client.post(url("advies", vg), editor_post()).status_code == 302


def test_a_draft_that_does_not_fit_is_not_saved_and_says_why(ggz_client, vg):
    response = ggz_client.post(url("advies", vg), editor_post(regie="x" * 301))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Het concept is niet opgeslagen." in html
    assert 'id="id_regie_error"' in html
    assert not vg.adviezen.exists()
