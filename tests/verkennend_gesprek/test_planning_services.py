"""Planning the conversations (R-VG-3 … R-VG-5): the rules of services.planning."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

import pytest

from verkennend_gesprek.constants import Mode, ParticipantRole, Status
from verkennend_gesprek.models import Gesprek, VerkennendGesprek
from verkennend_gesprek.selectors.planning import planning_queue
from verkennend_gesprek.services.planning import (
    gesprek_cancel,
    gesprek_record_attendance,
    gesprek_reschedule,
    gesprek_schedule,
)

from .test_aanvraag_views import many_requests


def _schedule(vg_cast, vg, **overrides):
    kwargs = {
        "vg": vg,
        "starts_at": timezone.now() + timedelta(days=5),
        "ggz": vg_cast.ggz,
        "sd": vg_cast.sd,
        "location": "Wijkcentrum, Dorpsstraat 1",
    }
    kwargs.update(overrides)
    return gesprek_schedule(**kwargs)


def test_R_VG_3_the_planning_queue_at_6_7_8_and_13_14_15_days(vg_cast, vg_factory):
    """Within the norm while days <= warning (7), warning up to and including the alarm
    threshold (14), alarm after it: the indicator's definition too."""
    today = timezone.localdate()
    now = timezone.now()
    for vg, days in zip(
        many_requests(vg_cast, 7), (6, 7, 8, 13, 14, 15, 30), strict=True
    ):  # distinct persons: the factory's BSN cycle has six
        VerkennendGesprek.objects.filter(pk=vg.pk).update(requested_at=now - timedelta(days=days))
    rows = planning_queue(vg_cast.network, today=today)
    assert [(r.waiting_days, r.level) for r in rows] == [
        (30, "alarm"),
        (15, "alarm"),
        (14, "waarschuwing"),
        (13, "waarschuwing"),
        (8, "waarschuwing"),
        (7, ""),
        (6, ""),
    ]


def test_R_VG_3_the_thresholds_are_network_settings(vg_cast, vg_factory):
    vg_cast.network.vg_warning_days, vg_cast.network.vg_alarm_days = 5, 7
    vg_cast.network.save()
    vg_factory(requested_at=timezone.now() - timedelta(days=7))
    vg_factory(requested_at=timezone.now() - timedelta(days=8))
    assert [r.level for r in planning_queue(vg_cast.network)] == ["alarm", "waarschuwing"]


def test_r_vg_4_a_conversation_needs_a_ggz_and_an_sd_professional(vg_cast, vg_factory):
    vg = vg_factory()
    with pytest.raises(ValidationError) as excinfo:
        _schedule(vg_cast, vg, ggz=None, sd=None)
    assert {"ggz", "sd"} <= set(excinfo.value.message_dict)
    with pytest.raises(ValidationError):  # the SD seat cannot be filled by a ggz professional
        _schedule(vg_cast, vg, sd=vg_cast.ggz)
    gesprek = _schedule(
        vg_cast,
        vg,
        ervaringsdeskundige=vg_cast.ervaringsdeskundige,
        naaste_name="Kees Visser",
        naaste_email="kees@example.nl",
    )
    roles = sorted(gesprek.deelnemers.values_list("role", flat=True))
    assert roles == sorted(["ggz", "sd", "ervaringsdeskundige", "naaste"])
    vg.refresh_from_db()
    assert vg.status == Status.GEPLAND


def test_r_vg_4_an_absent_ggz_or_sd_professional_needs_a_stated_reason(vg_cast, vg_factory):
    vg = vg_factory()
    gesprek = _schedule(vg_cast, vg, starts_at=timezone.now() + timedelta(minutes=1))
    ggz = gesprek.deelnemers.get(role=ParticipantRole.GGZ)
    sd = gesprek.deelnemers.get(role=ParticipantRole.SD)
    later = timezone.now() + timedelta(hours=2)
    with pytest.raises(ValidationError) as excinfo:
        gesprek_record_attendance(
            gesprek=gesprek, attendance={ggz.pk: (False, ""), sd.pk: (True, "")}, now=later
        )
    assert "uitzonderlijke reden" in str(excinfo.value)
    gesprek.refresh_from_db()
    assert not gesprek.held
    gesprek_record_attendance(
        gesprek=gesprek,
        attendance={ggz.pk: (False, "Acuut ziek; telefonisch overlegd"), sd.pk: (True, "")},
        now=later,
    )
    ggz.refresh_from_db()
    assert ggz.present is False and ggz.absence_reason.startswith("Acuut ziek")
    vg.refresh_from_db()
    assert vg.status == Status.GEHOUDEN


def test_r_vg_4_attendance_cannot_be_recorded_before_the_conversation(vg_cast, vg_factory):
    gesprek = _schedule(vg_cast, vg_factory())
    with pytest.raises(ValidationError):
        gesprek_record_attendance(
            gesprek=gesprek, attendance={d.pk: (True, "") for d in gesprek.deelnemers.all()}
        )


def test_r_vg_5_a_second_conversation_is_allowed_and_a_third_refused(vg_cast, vg_factory):
    vg = vg_factory()
    first = _schedule(vg_cast, vg, starts_at=timezone.now() + timedelta(minutes=1))
    with pytest.raises(ValidationError):  # not while the first is still planned
        _schedule(vg_cast, vg)
    later = timezone.now() + timedelta(hours=1)
    gesprek_record_attendance(
        gesprek=first, attendance={d.pk: (True, "") for d in first.deelnemers.all()}, now=later
    )
    second = _schedule(vg_cast, vg, starts_at=timezone.now() + timedelta(days=7))
    assert second.number == 2
    Gesprek.objects.filter(pk=second.pk).update(held=True)
    with pytest.raises(ValidationError) as excinfo:
        _schedule(vg_cast, vg, starts_at=timezone.now() + timedelta(days=14))
    assert excinfo.value.code == "max_gesprekken"
    # ... and the database refuses a third even past the service.
    with pytest.raises(IntegrityError):
        Gesprek.objects.create(
            verkennend_gesprek=vg, number=3, starts_at=timezone.now(), location="x"
        )


def test_r_vg_5_about_an_hour_on_location_or_online(vg_cast, vg_factory):
    gesprek = _schedule(
        vg_cast,
        vg_factory(),
        mode=Mode.ONLINE,
        location="",
        online_link="https://beeldbellen.example/abc",
    )
    assert gesprek.duration_minutes == 60
    assert gesprek.location == "" and gesprek.online_link.endswith("/abc")
    with pytest.raises(ValidationError) as excinfo:
        _schedule(vg_cast, vg_factory(), mode=Mode.LOCATIE, location="")
    assert "location" in excinfo.value.message_dict


def test_rescheduling_keeps_the_participants_and_resends_invitations(vg_cast, vg_factory):
    gesprek = _schedule(vg_cast, vg_factory())
    gesprek.invitations_sent_at = timezone.now()
    gesprek.save()
    moved = gesprek_reschedule(
        gesprek=gesprek,
        starts_at=timezone.now() + timedelta(days=9),
        mode=Mode.LOCATIE,
        location="Stadhuis",
    )
    assert moved.location == "Stadhuis" and moved.deelnemers.count() == 2


def test_a_cancelled_request_cannot_be_scheduled(vg_cast, vg_factory):
    vg = gesprek_cancel(vg=vg_factory())
    with pytest.raises(ValidationError):
        _schedule(vg_cast, vg)


def test_rescheduling_online_needs_a_link(vg_cast, vg_factory):
    gesprek = _schedule(vg_cast, vg_factory())
    with pytest.raises(ValidationError) as excinfo:
        gesprek_reschedule(gesprek=gesprek, starts_at=gesprek.starts_at, mode=Mode.ONLINE)
    assert "online_link" in excinfo.value.message_dict


def test_r_vg_4_attendance_errors_name_the_participant(vg_cast, vg_factory):
    gesprek = _schedule(vg_cast, vg_factory(), starts_at=timezone.now() + timedelta(minutes=1))
    ggz = gesprek.deelnemers.get(role=ParticipantRole.GGZ)
    sd = gesprek.deelnemers.get(role=ParticipantRole.SD)
    with pytest.raises(ValidationError) as excinfo:
        gesprek_record_attendance(
            gesprek=gesprek,
            attendance={ggz.pk: (False, "")},
            now=timezone.now() + timedelta(hours=1),
        )
    assert set(excinfo.value.message_dict) == {f"reason_{ggz.pk}", f"present_{sd.pk}"}
