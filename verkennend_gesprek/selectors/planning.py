"""The planners' reads: who plans, which requests wait, which conversations come."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

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
    level: str  # "", WARNING, ALARM (R-VG-3)


# R-VG-3, the one definition used by the planning queue, the planning form and the
# indicators. Days from request to conversation are calendar days between the local dates
# (requested on Monday, conversation the next Monday: 7 days). Within the norm while
# days <= warning; "waarschuwing" when warning < days <= alarm; "alarm" when days > alarm.
# The network's thresholds (default 7 and 14) are the last day that still counts as in time.
WARNING = "waarschuwing"
ALARM = "alarm"


def wait_days(requested_at: datetime, on: date | datetime) -> int:
    """Days from the request to ``on`` (a date, or a moment taken in local time)."""
    if isinstance(on, datetime):
        on = timezone.localdate(on)
    return (on - timezone.localdate(requested_at)).days


def level_for(days: int, *, warning_days: int, alarm_days: int) -> str:
    if days > alarm_days:
        return ALARM
    if days > warning_days:
        return WARNING
    return ""


def waiting_level(network: Network, days: int) -> str:
    return level_for(days, warning_days=network.vg_warning_days, alarm_days=network.vg_alarm_days)


def in_time_until(vg: VerkennendGesprek) -> tuple[date, date]:
    """The last day within the norm and the last day before the alarm, for a request."""
    requested_on = timezone.localdate(vg.requested_at)
    network = vg.network
    return (
        requested_on + timedelta(days=network.vg_warning_days),
        requested_on + timedelta(days=network.vg_alarm_days),
    )


def planned_wait_message(vg: VerkennendGesprek, starts_at: datetime) -> str:
    """The planner's warning when the conversation falls past the network's thresholds
    (R-VG-3). Not a refusal: the person may want a later date."""
    network = vg.network
    if vg.gesprekken.filter(held=True).exists():
        return ""  # R-VG-3 is about the first conversation
    days = wait_days(vg.requested_at, starts_at)
    level = waiting_level(network, days)
    if level == ALARM:
        return _(
            "Let op: dit gesprek valt %(days)s dagen na de aanvraag, na de alarmgrens van "
            "%(limit)s dagen van het netwerk (R-VG-3). Kies zo mogelijk een eerdere datum, of "
            "leg vast waarom het later is."
        ) % {"days": days, "limit": network.vg_alarm_days}
    if level == WARNING:
        return _(
            "Let op: dit gesprek valt %(days)s dagen na de aanvraag, na de "
            "waarschuwingsgrens van %(limit)s dagen van het netwerk (R-VG-3)."
        ) % {"days": days, "limit": network.vg_warning_days}
    return ""


@dataclass(frozen=True)
class PlannedRow:
    gesprek: Gesprek
    wait_days: int
    level: str  # R-VG-3 for the planned date


def planned_rows(network: Network, gesprekken) -> list[PlannedRow]:
    """The planned conversations with the wait they give; a first conversation past the
    thresholds is marked (a second one is not an R-VG-3 wait)."""
    rows = []
    for gesprek in gesprekken:
        days = wait_days(gesprek.verkennend_gesprek.requested_at, gesprek.starts_at)
        level = waiting_level(network, days) if gesprek.number == 1 else ""
        rows.append(PlannedRow(gesprek, days, level))
    return rows


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
        days = wait_days(vg.requested_at, today)
        out.append(QueueRow(vg, days, waiting_level(network, days)))
    return out
