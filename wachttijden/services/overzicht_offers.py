"""The offers side of the overview job (see ``services.overzicht``): each offer's
prospective wait from its published intake slots or its provider's declared figures, and
the intake slots of the coming weeks. A region has a few hundred offers: read once and
combined in Python."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from networks.models import Region
from wachttijden.constants import AanbodDomain
from wachttijden.models import Aanbod, IntakeSlots, WachttijdOpgave
from wachttijden.services.overzicht_measures import Period

SOURCE_SLOTS = "slots"
SOURCE_OPGAVE = "opgave"
THIRD_SLOT = 3
SLOT_WEEKS = 4  # intake_slots: the four weeks from the snapshot's week


@dataclass
class Offer:
    pk: int
    provider_id: int
    gemeente_id: int | None
    location: str
    is_active: bool
    declared: float | None
    served: set
    zorgvraagtypes: set
    domain: str = AanbodDomain.GGZ
    third_slot: float | None = None  # weeks
    slots_next_weeks: int = 0

    def prospective(self, opgave: "Opgaven") -> tuple[float, str] | None:
        if self.third_slot is not None:
            return self.third_slot, SOURCE_SLOTS
        if self.declared is not None:
            return self.declared, SOURCE_OPGAVE
        latest = opgave.for_location(self.provider_id, self.location)
        return (latest, SOURCE_OPGAVE) if latest is not None else None

    def prospective_behandel(self, opgave: "Opgaven") -> tuple[float, str] | None:
        """The behandelingswachttijd ahead: the location's monthly figure (no treatment
        slots are published)."""
        latest = opgave.for_location(self.provider_id, self.location, behandel=True)
        return (latest, SOURCE_OPGAVE) if latest is not None else None


def third_slot_weeks(slots: Iterable[tuple[date, int]], week: date) -> float | None:
    """Whole weeks from ``week`` to the week in which the published places, counted from
    ``week`` in order, reach the third; ``None`` when fewer than three are published."""
    cumulative = 0
    for week_start, available in sorted(slots):
        if week_start < week:
            continue
        cumulative += available
        if cumulative >= THIRD_SLOT:
            return float((week_start - week).days // 7)
    return None


@dataclass
class Opgaven:
    """The latest monthly figure per (provider, location, hoofddiagnosegroep)."""

    # key -> (aanmeld_weeks, within_norm, outside_norm, behandel_weeks)
    latest: dict[tuple, tuple]

    def for_location(self, provider_id: int, location: str, *, behandel=False) -> float | None:
        """The location's figure (aanmeld, or ``behandel``): the row without a group
        (basis-ggz), else the shortest."""
        index = 3 if behandel else 0
        rows = {k[2]: v[index] for k, v in self.latest.items() if k[:2] == (provider_id, location)}
        if not rows:
            return None
        return rows[None] if None in rows else min(rows.values())


def load_opgaven(region: Region, period: Period) -> Opgaven:
    latest: dict[tuple, tuple] = {}
    rows = (
        WachttijdOpgave.objects.filter(region=region, month__lte=period.snapshot)
        .order_by("month")
        .values_list(
            "provider_id",
            "location",
            "hoofddiagnosegroep_id",
            "aanmeld_weeks",
            "within_norm",
            "outside_norm",
            "behandel_weeks",
        )
    )
    for provider_id, location, hdg, weeks, within, outside, behandel in rows:
        latest[(provider_id, location, hdg)] = (float(weeks), within, outside, float(behandel))
    return Opgaven(latest)


def load_offers(region: Region, period: Period) -> dict[int, Offer]:
    offers = {
        row["pk"]: Offer(
            pk=row["pk"],
            provider_id=row["provider_id"],
            gemeente_id=row["gemeente_id"],
            location=row["location_name"],
            is_active=row["is_active"],
            declared=None
            if row["declared_wait_weeks"] is None
            else float(row["declared_wait_weeks"]),
            served=set(),
            zorgvraagtypes=set(),
            domain=row["domain"],
        )
        for row in Aanbod.objects.filter(region=region).values(
            "pk",
            "provider_id",
            "gemeente_id",
            "location_name",
            "is_active",
            "declared_wait_weeks",
            "domain",
        )
    }
    for aanbod_id, gemeente_id in Aanbod.gemeenten_served.through.objects.filter(
        aanbod__region=region
    ).values_list("aanbod_id", "gemeente_id"):
        offers[aanbod_id].served.add(gemeente_id)
    for aanbod_id, zvt_id in Aanbod.zorgvraagtypes.through.objects.filter(
        aanbod__region=region
    ).values_list("aanbod_id", "zorgvraagtype_id"):
        offers[aanbod_id].zorgvraagtypes.add(zvt_id)
    slots: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for aanbod_id, week_start, available in IntakeSlots.objects.filter(
        aanbod__region=region, week_start__gte=period.week
    ).values_list("aanbod_id", "week_start", "available"):
        slots[aanbod_id].append((week_start, available))
    horizon = period.week + timedelta(weeks=SLOT_WEEKS)
    for aanbod_id, published in slots.items():
        offer = offers[aanbod_id]
        offer.third_slot = third_slot_weeks(published, period.week)
        offer.slots_next_weeks = sum(n for week, n in published if week < horizon)
    return offers


def offer_figures(offers: Iterable[Offer], opgaven: Opgaven) -> dict[str, object]:
    """Prospective wait (the minimum over the active offers) and the intake slots summed.

    Where ggz offers are among them, the wait is theirs only: the Treeknorm is a ggz norm,
    and a walk-in SD offer declared at 0 weeks would hide every ggz wait."""
    active = [o for o in offers if o.is_active]
    ggz = [o for o in active if o.domain == AanbodDomain.GGZ]
    candidates = [p for p in (o.prospective(opgaven) for o in (ggz or active)) if p is not None]
    # The soonest; on a tie the published slots win over a declared figure.
    best = min(candidates, key=lambda p: (p[0], p[1] != SOURCE_SLOTS), default=None)
    behandel = min(
        (p for p in (o.prospective_behandel(opgaven) for o in (ggz or active)) if p is not None),
        default=None,
    )
    return {
        "prospective_weeks": best[0] if best else None,
        "prospective_source": best[1] if best else "",
        "prospective_behandel_weeks": behandel[0] if behandel else None,
        "prospective_behandel_source": behandel[1] if behandel else "",
        "intake_slots": sum(o.slots_next_weeks for o in active),
    }
