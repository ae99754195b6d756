"""The follow-up lists: held conversations whose trajectory has not started, or whose ggz
referral has no takeover of treatment responsibility yet (R-VG-7)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from networks.models import Network
from verkennend_gesprek.constants import (
    FOLLOW_UP_DAYS,
    GGZ_ROUTES,
    ROUTE_FIELDS,
    AdviesStatus,
    Status,
)
from verkennend_gesprek.models import Advies, Gesprek, VerkennendGesprek


def ggz_route_q(prefix: str = "") -> Q:
    """An advies with a ggz route (basis or specialistisch): the receiving ggz provider
    takes over treatment responsibility (R-VG-7)."""
    q = Q()
    for route in GGZ_ROUTES:
        q |= Q(**{f"{prefix}{ROUTE_FIELDS[route]}": True})
    return q


def has_ggz_route(vg: VerkennendGesprek) -> bool:
    """Whether the advies that counts (the definitive one, else the concept) refers to the
    ggz. A replaced version does not count."""
    return vg.adviezen.exclude(status=AdviesStatus.VERVANGEN).filter(ggz_route_q()).exists()


def is_overdue(days_since: int) -> bool:
    """R-VG-7: day 28 after the conversation is the last day within the 4 weeks."""
    return days_since > FOLLOW_UP_DAYS


@dataclass(frozen=True)
class VervolgRow:
    vg: VerkennendGesprek
    held_on: date
    days_since: int
    overdue: bool  # R-VG-7: past 4 weeks without a started trajectory
    ggz_route: bool = False
    takeover_overdue: bool = False  # ggz route, past 4 weeks without a takeover

    @property
    def followup_open(self) -> bool:
        return self.vg.followup_started_on is None

    @property
    def takeover_open(self) -> bool:
        return self.ggz_route and self.vg.ggz_takeover_on is None


def vervolg_open(network: Network, *, today: date | None = None) -> list[VervolgRow]:
    today = today or timezone.localdate()
    first_held = Gesprek.objects.filter(verkennend_gesprek=OuterRef("pk"), held=True)
    ggz_advies = Advies.objects.filter(
        ggz_route_q(), verkennend_gesprek=OuterRef("pk"), status=AdviesStatus.DEFINITIEF
    )
    rows = (
        network.verkennende_gesprekken.filter(Exists(first_held))
        .annotate(ggz_route=Exists(ggz_advies))
        .filter(
            Q(followup_started_on__isnull=True) | Q(ggz_route=True, ggz_takeover_on__isnull=True)
        )
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
        followup_open = vg.followup_started_on is None
        takeover_open = vg.ggz_route and vg.ggz_takeover_on is None
        out.append(
            VervolgRow(
                vg,
                held_on,
                days,
                followup_open and is_overdue(days),
                ggz_route=vg.ggz_route,
                takeover_overdue=takeover_open and is_overdue(days),
            )
        )
    return sorted(out, key=lambda r: -r.days_since)


def vervolg_deadline(held_on: date) -> date:
    return held_on + timedelta(days=FOLLOW_UP_DAYS)
