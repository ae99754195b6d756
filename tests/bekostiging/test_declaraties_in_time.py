"""R-BK-1 in time: a declaration line is made only for a conversation that has ended
(start + duration passed). Attendance may be recorded from the planned start on; a
conversation recorded before its end gets its line from a later run (the nightly one)."""

from datetime import timedelta

from django.utils import timezone

import pytest

from bekostiging.models import Declaratieregel
from bekostiging.services.declaraties import declaraties_generate
from verkennend_gesprek.services.planning import gesprek_record_attendance, gesprek_schedule

pytestmark = pytest.mark.django_db


def test_R_BK_1_no_line_before_the_end_a_line_once_it_has_ended(bk_cast):
    vg = bk_cast.held_vg()
    gesprek = vg.gesprekken.get()
    gesprek.starts_at = timezone.now() - timedelta(minutes=1)  # one minute into the slot
    gesprek.duration_minutes = 15
    gesprek.save(update_fields=["starts_at", "duration_minutes"])
    assert declaraties_generate(network=bk_cast.network).created == 0
    assert not Declaratieregel.objects.filter(gesprek=gesprek).exists()
    # Time passes: the slot is over (shifted back rather than waiting 15 minutes).
    gesprek.starts_at = timezone.now() - timedelta(minutes=15, seconds=1)
    gesprek.save(update_fields=["starts_at"])
    assert declaraties_generate(network=bk_cast.network).created == 1
    line = Declaratieregel.objects.get(gesprek=gesprek)
    assert line.service_date == timezone.localdate(gesprek.starts_at)


def test_R_BK_1_attendance_recorded_during_the_slot_is_declared_by_the_later_run(bk_cast):
    vg_cast = bk_cast.vg_cast
    vg, _created = vg_cast.request(requested_at=timezone.now() - timedelta(days=2))
    persoon = vg.persoon
    persoon.insurer = bk_cast.insurer
    persoon.save(update_fields=["insurer"])
    start = timezone.now() - timedelta(minutes=1)
    gesprek = gesprek_schedule(
        vg=vg,
        starts_at=start,
        duration_minutes=15,
        ggz=vg_cast.ggz,
        sd=vg_cast.sd,
        location="Wijkcentrum, Dorpsstraat 1",
        now=start - timedelta(days=1),  # planned yesterday
    )
    gesprek_record_attendance(
        gesprek=gesprek, attendance={d.pk: (True, "") for d in gesprek.deelnemers.all()}
    )
    gesprek.refresh_from_db()
    assert gesprek.held
    assert declaraties_generate(network=bk_cast.network).created == 0
    type(gesprek).objects.filter(pk=gesprek.pk).update(
        starts_at=timezone.now() - timedelta(minutes=16)
    )
    assert declaraties_generate(network=bk_cast.network).created == 1
    assert Declaratieregel.objects.filter(gesprek=gesprek).count() == 1
