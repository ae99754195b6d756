"""The follow-up lists: held conversations whose trajectory has not started (R-VG-7)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from networks.models import Network
from verkennend_gesprek.constants import FOLLOW_UP_DAYS, Status
from verkennend_gesprek.models import Gesprek, VerkennendGesprek


@dataclass(frozen=True)
class VervolgRow:
    vg: VerkennendGesprek
    held_on: date
    days_since: int
    overdue: bool  # R-VG-7: past 4 weeks without a started trajectory


def vervolg_open(network: Network, *, today: date | None = None) -> list[VervolgRow]:
    today = today or timezone.localdate()
    first_held = Gesprek.objects.filter(verkennend_gesprek=OuterRef("pk"), held=True)
    rows = (
        network.verkennende_gesprekken.filter(Exists(first_held), followup_started_on__isnull=True)
        .exclude(status=Status.GEANNULEERD)
        .select_related("persoon", "practice")
        .prefetch_related("gesprekken")
        .order_by("requested_at")
    )
    out = []
    for vg in rows:
        held = [g for g in vg.gesprekken.all() if g.held]
        held_on = timezone.localdate(held[-1].starts_at)
        days = (today - held_on).days
        out.append(VervolgRow(vg, held_on, days, days > FOLLOW_UP_DAYS))
    return sorted(out, key=lambda r: -r.days_since)


def vervolg_deadline(held_on: date) -> date:
    return held_on + timedelta(days=FOLLOW_UP_DAYS)
