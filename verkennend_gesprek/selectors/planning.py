"""The planners' reads: who plans, which requests wait, which conversations come."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from networks.models import Network
from networks.selectors.netwerken import network_ids_for_user
from verkennend_gesprek.constants import Status
from verkennend_gesprek.models import Deelnemer, Gesprek, VerkennendGesprek


def can_plan(user, vg: VerkennendGesprek) -> bool:
    """Planners are the network's coordinators (an explicit grant, never implied)."""
    return network_ids_for_user(user, coordinate=True).filter(pk=vg.network_id).exists()


def planning_networks_for_user(user) -> QuerySet[Network]:
    return Network.objects.filter(pk__in=network_ids_for_user(user, coordinate=True)).order_by(
        "name"
    )


def planned_conversations(network: Network, *, until) -> QuerySet[Gesprek]:
    """Conversations not yet held of requests still planned, up to `until` (earlier ones
    that still await attendance included), soonest first."""
    return (
        Gesprek.objects.filter(
            verkennend_gesprek__network=network,
            verkennend_gesprek__status=Status.GEPLAND,
            held=False,
            starts_at__lt=until,
        )
        .select_related("verkennend_gesprek__persoon", "verkennend_gesprek__practice")
        .prefetch_related(
            Prefetch("deelnemers", queryset=Deelnemer.objects.select_related("professional"))
        )
        .order_by("starts_at", "pk")
    )


@dataclass(frozen=True)
class QueueRow:
    vg: VerkennendGesprek
    waiting_days: int
    level: str  # "", "waarschuwing", "alarm" (R-VG-3)


def waiting_level(network: Network, days: int) -> str:
    if days >= network.vg_alarm_days:
        return "alarm"
    if days >= network.vg_warning_days:
        return "waarschuwing"
    return ""


def planning_queue(network: Network, *, today: date | None = None) -> list[QueueRow]:
    """Requests without a conversation yet, longest waiting first (R-VG-3)."""
    today = today or timezone.localdate()
    rows = (
        network.verkennende_gesprekken.filter(status=Status.AANGEVRAAGD)
        .select_related("persoon", "practice", "huisarts")
        .order_by("requested_at", "pk")
    )
    out = []
    for vg in rows:
        days = (today - timezone.localdate(vg.requested_at)).days
        out.append(QueueRow(vg, days, waiting_level(network, days)))
    return out
