"""The person's details per request (R-PR-2), one open request per person, and the access
log of letters, invitations and corrections (R-PR-1)."""

import hashlib
from datetime import timedelta

from django.apps import apps
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

import pytest

from bekostiging.models import Declaratieregel
from bekostiging.services.declaraties import declaraties_generate
from mgn.accounts.constants import Role
from mgn.audit.constants import Action, Event, Outcome
from mgn.audit.models import AccessLogEntry
from networks.constants import Discipline
from networks.services.netwerken import network_grant
from tests.accounts.factories import UserFactory
from tests.networks.factories import OrganisationFactory, PartnershipFactory, ProfessionalFactory
from verkennend_gesprek.constants import OPEN_REQUEST_STATUSES, Status
from verkennend_gesprek.models import AdviesBrief, GeweigerdeAanvraag, Persoon, VerkennendGesprek
from verkennend_gesprek.services.aanvraag import OpenRequestExists
from verkennend_gesprek.services.advies import advies_finalise
from verkennend_gesprek.services.brief import brief_data, brief_render_pdf
from verkennend_gesprek.services.notificaties import invitations_send
from verkennend_gesprek.services.persoon import persoon_correct
from verkennend_gesprek.services.planning import gesprek_schedule

from .test_aanvraag_views import form_data
from .test_advies import draft, held_vg
from .test_brief import pdf_text, stored

pytestmark = pytest.mark.django_db

BSN = "999996708"  # the cast's person (R-PR-3 test BSN)


@pytest.fixture
def other(vg_cast):
    """A huisarts of a second practice in the same network."""
    practice = OrganisationFactory(name="Praktijk Oost", huisartsenpraktijk=True)
    PartnershipFactory(network=vg_cast.network, organisation=practice, role_beleid=False)
    user = UserFactory(email="huisarts@oost.test", roles=[Role.HUISARTS])
    network_grant(network=vg_cast.network, user=user)
    return ProfessionalFactory(
        organisation=practice,
        user=user,
        name="Dr. O. Oost",
        discipline=Discipline.HUISARTS,
        agb_code="01777777",
    )


def other_request(vg_cast, other, **persoon):
    """The second practice asks for the same BSN with other details (address, phone and
    e-mail left empty, as the old upsert cleared them)."""
    details = {
        "given_name": "Susan",
        "family_name": "Vissers",
        "policy_number": "OOST999",
        "phone": "",
        "email": "",
        **persoon,
    }
    return vg_cast.request(
        huisarts=other,
        requested_by=other.user,
        persoon=vg_cast.persoon_data(**details),
        hulpvraag="Andere hulpvraag van een andere praktijk.",
    )


def details(persoon: Persoon) -> dict:
    return {
        f: getattr(persoon, f)
        for f in (
            "bsn",
            "given_name",
            "family_name",
            "date_of_birth",
            "gemeente_id",
            "address",
            "phone",
            "email",
            "insurer_id",
            "policy_number",
        )
    }


# R-PR-2: what a huisarts submitted stays as submitted ----------------------------------
def test_R_PR_2_a_request_while_the_first_is_planned_changes_nothing_of_it(vg_cast, other):
    first, _ = vg_cast.request()
    gesprek_schedule(
        vg=first,
        starts_at=timezone.now() + timedelta(days=3),
        ggz=vg_cast.ggz,
        sd=vg_cast.sd,
        location="Wijkcentrum De Brug, Dorpsstraat 1, Noorddorp",
    )
    before = details(Persoon.objects.get(pk=first.persoon_id))
    with pytest.raises(OpenRequestExists):
        other_request(vg_cast, other)
    first.refresh_from_db()
    assert first.status == Status.GEPLAND
    assert details(first.persoon) == before
    assert Persoon.objects.count() == 1
    assert VerkennendGesprek.objects.count() == 1


def test_R_PR_2_another_practices_request_leaves_the_first_details_letter_and_line(
    vg_cast, bk_cast, other, django_capture_on_commit_callbacks
):
    """The first request is advised (no longer open), its letter made and its declaration
    line generated; then another practice requests for the same BSN with other details."""
    first = held_vg(vg_cast)
    with django_capture_on_commit_callbacks(execute=True):
        advies_finalise(advies=draft(vg_cast, first), user=vg_cast.ggz.user)
    brief = AdviesBrief.objects.get(advies__verkennend_gesprek=first)
    letter_text = pdf_text(stored(brief))
    assert declaraties_generate(network=vg_cast.network).created == 1
    line = Declaratieregel.objects.get(gesprek__verkennend_gesprek=first)
    line_before = (line.bsn, line.date_of_birth, line.policy_number, line.insurer_id, line.amount)
    before = details(first.persoon)

    second, created = other_request(vg_cast, other, insurer=bk_cast.insurer_two)

    assert created and second.persoon_id != first.persoon_id  # a new row, not an overwrite
    assert second.persoon.given_name == "Susan" and second.persoon.policy_number == "OOST999"
    first = VerkennendGesprek.objects.select_related("persoon").get(pk=first.pk)
    assert details(first.persoon) == before
    assert first.persoon.full_name == "Sanne Visser" and first.persoon.email == "sanne@example.nl"
    # The letter made again from the first request reads the same, to the byte.
    brief = AdviesBrief.objects.get(pk=brief.pk)
    again = brief_render_pdf(brief_data(brief))
    assert hashlib.sha256(again).hexdigest() == brief.checksum
    assert pdf_text(again) == letter_text and "Susan" not in letter_text
    # The declaration line is untouched and generating again makes nothing new for it.
    declaraties_generate(network=vg_cast.network)
    line.refresh_from_db()
    assert (
        line.bsn,
        line.date_of_birth,
        line.policy_number,
        line.insurer_id,
        line.amount,
    ) == line_before
    assert Declaratieregel.objects.filter(gesprek__verkennend_gesprek=first).count() == 1


def test_R_PR_2_only_the_requesting_practice_and_planners_correct_the_details(vg_cast, other, cast):
    vg, _ = vg_cast.request()
    with pytest.raises(PermissionDenied):
        persoon_correct(vg=vg, user=other.user, phone="0600000000")
    with pytest.raises(PermissionDenied):
        persoon_correct(vg=vg, user=cast[Role.SD_PROFESSIONAL], phone="0600000000")
    vg.persoon.refresh_from_db()
    assert vg.persoon.phone == "0612345678"
    assert persoon_correct(vg=vg, user=vg_cast.huisarts.user, phone="0600000000") == ["phone"]
    assert persoon_correct(vg=vg, user=cast[Role.NETWERKCOORDINATOR], address="Kerkpad 2") == [
        "address"
    ]
    vg.persoon.refresh_from_db()
    assert (vg.persoon.phone, vg.persoon.address) == ("0600000000", "Kerkpad 2")


def test_R_PR_2_the_migration_gives_each_request_its_own_copy(vg_cast):
    """Rows shared by several requests (the old upsert) become one per request."""
    from importlib import import_module

    migration = import_module("verkennend_gesprek.migrations.0008_persoon_per_request")
    first, _ = vg_cast.request()
    first.status = Status.ADVIES
    first.save(update_fields=["status"])
    second, _ = vg_cast.request()
    VerkennendGesprek.objects.filter(pk=second.pk).update(persoon_id=first.persoon_id)
    Persoon.objects.filter(pk=second.persoon_id).delete()
    migration.one_persoon_per_request(apps, None)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.persoon_id != second.persoon_id
    assert details(first.persoon) == details(second.persoon)
    assert Persoon.objects.count() == 2


# One open request per person --------------------------------------------------------------
def test_open_means_requested_planned_or_held_without_a_definitive_advies():
    assert set(OPEN_REQUEST_STATUSES) == {Status.AANGEVRAAGD, Status.GEPLAND, Status.GEHOUDEN}


@pytest.mark.parametrize("status", [Status.AANGEVRAAGD, Status.GEPLAND, Status.GEHOUDEN])
def test_a_second_request_for_a_person_with_an_open_request_is_refused(vg_cast, other, status):
    first, _ = vg_cast.request()
    VerkennendGesprek.objects.filter(pk=first.pk).update(status=status)
    with pytest.raises(OpenRequestExists) as refused:
        other_request(vg_cast, other)
    message = refused.value.messages[0]
    assert "al een aanvraag" in message and "netwerkcoördinator" in message
    assert vg_cast.network.regievoerder.name in message
    for secret in (vg_cast.practice.name, vg_cast.huisarts.name, first.reference, "Sanne"):
        assert secret not in message
    attempt = GeweigerdeAanvraag.objects.get()
    assert (attempt.open_request, attempt.practice, attempt.huisarts) == (
        first,
        other.organisation,
        other,
    )


@pytest.mark.parametrize("status", [Status.ADVIES, Status.VERVOLG, Status.GEANNULEERD])
def test_a_person_whose_request_is_advised_or_cancelled_may_be_requested_again(
    vg_cast, other, status
):
    first, _ = vg_cast.request()
    VerkennendGesprek.objects.filter(pk=first.pk).update(status=status)
    second, created = other_request(vg_cast, other)
    assert created and second.pk != first.pk
    assert not GeweigerdeAanvraag.objects.exists()


def test_the_same_person_in_another_network_is_another_person(vg_cast, other_network):
    """Open is per network: the person's request elsewhere does not count here."""
    first, _ = vg_cast.request()
    Persoon.objects.filter(pk=first.persoon_id).update(network=other_network)
    VerkennendGesprek.objects.filter(pk=first.pk).update(network=other_network)
    second, created = vg_cast.request()
    assert created and second.network == vg_cast.network


def test_the_form_refuses_with_the_notice_and_the_planner_sees_both_attempts(
    client, vg_cast, other, cast
):
    first, _ = vg_cast.request()
    client.force_login(other.user)
    data = form_data(vg_cast, huisarts=other.pk, given_name="Susan")
    response = client.post(reverse("verkennend_gesprek:request"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Voor deze persoon loopt in dit netwerk al een aanvraag" in html
    assert "netwerkcoördinator" in html
    for secret in (vg_cast.practice.name, vg_cast.huisarts.name, first.reference):
        assert secret not in html
    assert VerkennendGesprek.objects.count() == 1
    denied = AccessLogEntry.objects.get(outcome=Outcome.DENIED)
    assert (denied.user, denied.person_identifier) == (other.user, BSN)
    # The refused requester sees nothing of the open request.
    assert client.get(first.get_absolute_url()).status_code == 404
    assert first.reference not in client.get(reverse("verkennend_gesprek:list")).content.decode()
    # The planner sees both attempts on the open request's page.
    client.force_login(cast[Role.NETWERKCOORDINATOR])
    html = client.get(first.get_absolute_url()).content.decode()
    assert "Ook aangevraagd door Dr. O. Oost, Praktijk Oost" in html
    html = client.get(reverse("verkennend_gesprek:schedule", args=[first.pk])).content.decode()
    assert "Ook aangevraagd door Dr. O. Oost" in html
    # ... and the first practice does not.
    client.force_login(vg_cast.huisarts.user)
    assert "Praktijk Oost" not in client.get(first.get_absolute_url()).content.decode()


# R-PR-1: the access log of the letter, the invitations and a correction ------------------
def test_R_PR_1_sending_invitations_is_logged_for_the_person(vg_cast):
    vg, _ = vg_cast.request()
    gesprek = gesprek_schedule(
        vg=vg,
        starts_at=timezone.now() + timedelta(days=3),
        ggz=vg_cast.ggz,
        sd=vg_cast.sd,
        location="Wijkcentrum De Brug, Dorpsstraat 1, Noorddorp",
    )
    mail.outbox.clear()
    invitations_send(gesprek.pk)
    assert "sanne@example.nl" in [m.to[0] for m in mail.outbox]
    entry = AccessLogEntry.objects.filter(event=Event.TRANSFER).get()
    assert (entry.person_identifier_type, entry.person_identifier) == ("bsn", BSN)
    assert entry.access_point == "taak"
    assert entry.object_id == str(gesprek.pk)
    assert "e-mailadres" in entry.detail and "sanne@" not in entry.detail
    invitations_send(gesprek.pk)  # sent already: nothing new, no second entry
    assert AccessLogEntry.objects.filter(event=Event.TRANSFER).count() == 1


def test_R_PR_1_a_correction_is_logged_as_an_update_naming_fields_not_values(vg_cast):
    vg, _ = vg_cast.request()
    changed = persoon_correct(
        vg=vg, user=vg_cast.huisarts.user, phone="0600000000", address="Kerkpad 2"
    )
    assert sorted(changed) == ["address", "phone"]
    entry = AccessLogEntry.objects.get(event=Event.UPDATE)
    assert entry.action == Action.UPDATE
    assert entry.user == vg_cast.huisarts.user
    assert (entry.person_identifier_type, entry.person_identifier) == ("bsn", BSN)
    assert entry.object_id == str(vg.persoon_id)
    assert "phone" in entry.detail and "address" in entry.detail
    assert "0600000000" not in entry.detail and "Kerkpad" not in entry.detail
    # Nothing changed: nothing written, nothing logged.
    assert persoon_correct(vg=vg, user=vg_cast.huisarts.user, phone="0600000000") == []
    assert AccessLogEntry.objects.filter(event=Event.UPDATE).count() == 1


# The correction page -------------------------------------------------------------------------
def correction(vg_cast, **overrides) -> dict:
    data = {
        "given_name": "Sanne",
        "family_name_prefix": "",
        "family_name": "Visser",
        "date_of_birth": "1990-03-01",
        "gemeente": vg_cast.gemeente.pk,
        "address": "",
        "phone": "0612345678",
        "email": "sanne@example.nl",
        "insurer": vg_cast.insurer.pk,
        "policy_number": "POL1234567",
    }
    data.update(overrides)
    return data


def test_R_PR_1_the_requesting_practice_corrects_on_the_page_and_it_is_logged(client, vg_cast):
    vg, _ = vg_cast.request()
    url = reverse("verkennend_gesprek:persoon", args=[vg.pk])
    client.force_login(vg_cast.huisarts.user)
    assert url in client.get(vg.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 200
    response = client.post(url, correction(vg_cast, phone="0699999999"))
    assert response.status_code == 302
    vg.persoon.refresh_from_db()
    assert vg.persoon.phone == "0699999999"
    entry = AccessLogEntry.objects.get(event=Event.UPDATE)
    assert entry.user == vg_cast.huisarts.user and "phone" in entry.detail
    assert entry.access_point != "taak"


def test_R_PR_2_another_practice_cannot_open_or_post_the_correction_page(client, vg_cast, other):
    vg, _ = vg_cast.request()
    url = reverse("verkennend_gesprek:persoon", args=[vg.pk])
    client.force_login(other.user)
    assert client.get(url).status_code == 404  # not its request: existence not revealed
    assert client.post(url, correction(vg_cast, given_name="Susan")).status_code == 404
    vg.persoon.refresh_from_db()
    assert vg.persoon.given_name == "Sanne"
    assert not AccessLogEntry.objects.filter(event=Event.UPDATE).exists()


def test_a_participant_sees_no_correction_link_and_gets_403(client, vg_cast, cast):
    vg, _ = vg_cast.request()
    gesprek_schedule(
        vg=vg,
        starts_at=timezone.now() + timedelta(days=3),
        ggz=vg_cast.ggz,
        sd=vg_cast.sd,
        location="Wijkcentrum De Brug, Dorpsstraat 1, Noorddorp",
    )
    url = reverse("verkennend_gesprek:persoon", args=[vg.pk])
    client.force_login(vg_cast.sd.user)
    assert url not in client.get(vg.get_absolute_url()).content.decode()
    assert client.post(url, correction(vg_cast, given_name="X")).status_code == 403
    vg.persoon.refresh_from_db()
    assert vg.persoon.given_name == "Sanne"
