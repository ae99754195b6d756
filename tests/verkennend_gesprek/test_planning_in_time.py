"""Planning and attendance in time (issue 11, part 6): planning looks ahead, a conversation
that already took place is recorded afterwards (explicitly, without invitations, only by a
planner), and attendance opens at the planned start."""

from datetime import timedelta

from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from mgn.accounts.constants import Role
from mgn.audit.constants import Event
from mgn.audit.models import AccessLogEntry
from verkennend_gesprek.constants import Mode, ParticipantRole, Status
from verkennend_gesprek.models import Gesprek
from verkennend_gesprek.services.planning import (
    gesprek_record_afterwards,
    gesprek_record_attendance,
    gesprek_reschedule,
    gesprek_schedule,
)

pytestmark = pytest.mark.django_db

LOCATION = "Wijkcentrum De Brug, Dorpsstraat 1"


def local_input(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _schedule(vg_cast, vg, **overrides):
    kwargs = {
        "vg": vg,
        "starts_at": timezone.now() + timedelta(days=2),
        "ggz": vg_cast.ggz,
        "sd": vg_cast.sd,
        "location": LOCATION,
    }
    kwargs.update(overrides)
    return gesprek_schedule(**kwargs)


def _afterwards(vg_cast, vg, **overrides):
    kwargs = {
        "vg": vg,
        "starts_at": timezone.now() - timedelta(days=1),
        "ggz": vg_cast.ggz,
        "sd": vg_cast.sd,
        "location": LOCATION,
        "attendance": {ParticipantRole.GGZ: (True, ""), ParticipantRole.SD: (True, "")},
        "recorded_by": vg_cast.users[Role.NETWERKCOORDINATOR],
    }
    kwargs.update(overrides)
    return gesprek_record_afterwards(**kwargs)


def afterwards_data(vg_cast, **overrides) -> dict:
    data = {
        "starts_at": local_input(timezone.now() - timedelta(days=2)),
        "duration_minutes": "60",
        "mode": "locatie",
        "location": LOCATION,
        "online_link": "",
        "ggz": vg_cast.ggz.pk,
        "ggz_present": "ja",
        "ggz_reason": "",
        "sd": vg_cast.sd.pk,
        "sd_present": "ja",
        "sd_reason": "",
        "ervaringsdeskundige": vg_cast.ervaringsdeskundige.pk,
        "ervaringsdeskundige_present": "nee",
        "naaste_name": "",
    }
    data.update(overrides)
    return data


# --- planning looks ahead --------------------------------------------------------------


def test_planning_in_the_past_is_refused_with_a_dutch_message(vg_cast, vg_factory):
    vg = vg_factory(requested_at=timezone.now() - timedelta(days=3))
    with pytest.raises(ValidationError) as excinfo:
        _schedule(vg_cast, vg, starts_at=timezone.now() - timedelta(minutes=5))
    message = excinfo.value.message_dict["starts_at"][0]
    assert "in het verleden" in message
    assert "Gesprek achteraf vastleggen" in message
    assert not Gesprek.objects.filter(verkennend_gesprek=vg).exists()
    vg.refresh_from_db()
    assert vg.status == Status.AANGEVRAAGD


def test_rescheduling_into_the_past_is_refused(vg_cast, vg_factory):
    vg = vg_factory(requested_at=timezone.now() - timedelta(days=3))
    gesprek = _schedule(vg_cast, vg)
    planned_for = gesprek.starts_at
    with pytest.raises(ValidationError) as excinfo:
        gesprek_reschedule(
            gesprek=gesprek,
            starts_at=timezone.now() - timedelta(hours=1),
            mode=Mode.LOCATIE,
            location=LOCATION,
        )
    assert "in het verleden" in excinfo.value.message_dict["starts_at"][0]
    gesprek.refresh_from_db()
    assert gesprek.starts_at == planned_for and gesprek.reschedule_count == 0


def test_the_schedule_form_refuses_the_past_and_sends_nothing(client, vg_cast, vg_factory):
    vg = vg_factory(requested_at=timezone.now() - timedelta(days=3))
    client.force_login(vg_cast.users[Role.NETWERKCOORDINATOR])
    data = afterwards_data(vg_cast, naaste_email="")
    response = client.post(reverse("verkennend_gesprek:schedule", args=[vg.pk]), data)
    assert response.status_code == 200
    assert "in het verleden" in response.content.decode()
    assert not vg.gesprekken.exists()
    assert mail.outbox == []


def test_the_reschedule_form_refuses_the_past(client, vg_cast, vg_factory):
    vg = vg_factory(requested_at=timezone.now() - timedelta(days=3))
    gesprek = _schedule(vg_cast, vg)
    client.force_login(vg_cast.users[Role.NETWERKCOORDINATOR])
    response = client.post(
        reverse("verkennend_gesprek:reschedule", args=[vg.pk, gesprek.number]),
        {
            "starts_at": local_input(timezone.now() - timedelta(days=1)),
            "mode": "locatie",
            "location": LOCATION,
        },
    )
    assert response.status_code == 200
    assert "in het verleden" in response.content.decode()
    gesprek.refresh_from_db()
    assert gesprek.reschedule_count == 0


# --- recording a conversation afterwards -----------------------------------------------


def test_recording_afterwards_holds_it_with_attendance_and_sends_no_invitations(
    client, vg_cast, vg_factory, django_capture_on_commit_callbacks
):
    vg = vg_factory(requested_at=timezone.now() - timedelta(days=5))
    planner = vg_cast.users[Role.NETWERKCOORDINATOR]
    client.force_login(planner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("verkennend_gesprek:record_afterwards", args=[vg.pk]),
            afterwards_data(vg_cast),
        )
    assert response.status_code == 302
    gesprek = vg.gesprekken.get()
    assert gesprek.held
    assert gesprek.recorded_afterwards and gesprek.recorded_afterwards_by == planner
    assert gesprek.invitations_queued_at is None and gesprek.invitations_sent_at is None
    presence = dict(gesprek.deelnemers.values_list("role", "present"))
    assert presence == {
        ParticipantRole.GGZ: True,
        ParticipantRole.SD: True,
        ParticipantRole.ERVARINGSDESKUNDIGE: False,
    }
    vg.refresh_from_db()
    assert vg.status == Status.GEHOUDEN
    assert mail.outbox == []
    assert AccessLogEntry.objects.filter(
        event=Event.CREATE, detail="gesprek achteraf vastgelegd", user=planner
    ).exists()
    detail = client.get(vg.get_absolute_url()).content.decode()
    assert "Achteraf vastgelegd op" in detail


def test_only_planners_record_afterwards(client, vg_cast, vg_factory):
    vg = vg_factory(Status.GEHOUDEN, requested_at=timezone.now() - timedelta(days=9))
    url = reverse("verkennend_gesprek:record_afterwards", args=[vg.pk])
    for user in (vg_cast.ggz.user, vg_cast.huisarts.user):  # they see the request, not plan
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, afterwards_data(vg_cast)).status_code == 403
    assert vg.gesprekken.count() == 1


def test_recording_afterwards_needs_a_conversation_that_has_ended(vg_cast, vg_factory):
    vg = vg_factory(requested_at=timezone.now() - timedelta(days=5))
    with pytest.raises(ValidationError) as excinfo:
        _afterwards(vg_cast, vg, starts_at=timezone.now() - timedelta(minutes=10))
    assert "al is afgelopen" in excinfo.value.message_dict["starts_at"][0]
    with pytest.raises(ValidationError):
        _afterwards(vg_cast, vg, starts_at=timezone.now() + timedelta(days=1))
    assert not vg.gesprekken.exists()


def test_recording_afterwards_keeps_r_vg_4_an_absent_ggz_needs_a_reason(
    client, vg_cast, vg_factory
):
    vg = vg_factory(requested_at=timezone.now() - timedelta(days=5))
    with pytest.raises(ValidationError) as excinfo:
        _afterwards(
            vg_cast,
            vg,
            attendance={ParticipantRole.GGZ: (False, ""), ParticipantRole.SD: (True, "")},
        )
    assert "ggz_reason" in excinfo.value.message_dict
    assert not vg.gesprekken.exists()  # rolled back as a whole
    client.force_login(vg_cast.users[Role.NETWERKCOORDINATOR])
    response = client.post(
        reverse("verkennend_gesprek:record_afterwards", args=[vg.pk]),
        afterwards_data(vg_cast, ggz_present="nee"),
    )
    assert response.status_code == 200
    assert 'id="id_ggz_reason_error"' in response.content.decode()


# --- attendance opens at the planned start ---------------------------------------------


def test_attendance_is_refused_before_the_start_with_the_time_it_opens(vg_cast, vg_factory):
    vg = vg_factory(requested_at=timezone.now() - timedelta(days=3))
    gesprek = _schedule(vg_cast, vg, duration_minutes=15)
    everyone = {d.pk: (True, "") for d in gesprek.deelnemers.all()}
    with pytest.raises(ValidationError) as excinfo:
        gesprek_record_attendance(
            gesprek=gesprek, attendance=everyone, now=gesprek.starts_at - timedelta(minutes=1)
        )
    message = excinfo.value.messages[0]
    assert "vanaf het begin van het gesprek" in message
    assert timezone.localtime(gesprek.starts_at).strftime("%H:%M") in message
    gesprek.refresh_from_db()
    assert not gesprek.held
    gesprek_record_attendance(gesprek=gesprek, attendance=everyone, now=gesprek.starts_at)
    gesprek.refresh_from_db()
    assert gesprek.held


def test_the_attendance_page_says_when_it_opens(client, vg_cast, vg_factory):
    vg = vg_factory(requested_at=timezone.now() - timedelta(days=3))
    gesprek = _schedule(vg_cast, vg)
    client.force_login(vg_cast.users[Role.NETWERKCOORDINATOR])
    html = client.get(
        reverse("verkennend_gesprek:attendance", args=[vg.pk, gesprek.number])
    ).content.decode()
    assert "vanaf het begin van het gesprek" in html
    assert timezone.localtime(gesprek.starts_at).strftime("%H:%M") in html
