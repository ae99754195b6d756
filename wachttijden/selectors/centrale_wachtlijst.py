"""The central waiting list (R-WT-6): one anonymous row per person waiting in the region.
Unlike the dashboard it reads the waiting entries themselves: the list is the entries,
deduplicated by pseudonym.

**The deciding entry.** Per person, one of their waiting entries decides their place: the
most urgent one ("1-crisis" before "2-hoog" before "3-normaal"), and among entries of that
urgency the one waiting longest (earliest registration; then the lowest id, so the choice
is stable). The row shows that entry's own figures — its offer and provider, urgency,
registration date and days waiting, and whether it is over the Treeknorm — and the
person's other entries beside it with theirs. So a five-day-old crisis registration reads
"crisis, 5 days", never "crisis" with the 90 days of another list.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from networks.models import Region
from wachttijden.constants import WAITING_STATUSES, EntryStatus, Urgency
from wachttijden.models import Wachtplek
from wachttijden.selectors.dashboard_figures import Norms

ENTRY_FIELDS = (
    "pk",
    "pseudonym",
    "aanbod__name",
    "provider__name",
    "urgency",
    "registered_on",
    "intake_on",
    "status",
)


@dataclass(frozen=True)
class ListEntry:
    """One waiting entry (a wachtplek) of a person, with its own figures."""

    offer: str
    provider: str
    urgency: str
    status: str
    registered_on: date
    intake_on: date | None
    waiting_days: int  # since this entry's registration
    norms: Norms
    today: date

    @property
    def urgency_label(self) -> str:
        try:
            return Urgency(self.urgency).label
        except ValueError:
            return self.urgency

    @property
    def status_label(self) -> str:
        try:
            return EntryStatus(self.status).label
        except ValueError:
            return self.status

    @property
    def waiting_weeks(self) -> float:
        return self.waiting_days / 7

    # R-WT-4, the same definitions as the overview's breaches: "longer than" the norm.
    @property
    def over_aanmeld(self) -> bool:
        """Waiting for an intake longer than the aanmeld norm (4 weeks)."""
        return self.status == EntryStatus.AANMELDING and self.waiting_days > self.norms.aanmeld * 7

    @property
    def over_behandel(self) -> bool:
        """Waiting for treatment longer than the behandel norm (10 weeks) after the intake."""
        return (
            self.status == EntryStatus.INTAKE
            and self.intake_on is not None
            and self.today - self.intake_on > timedelta(weeks=self.norms.behandel)
        )

    @property
    def over_totaal(self) -> bool:
        """Waiting longer than the norm for the whole route (14 weeks)."""
        return self.waiting_days > self.norms.totaal * 7

    @property
    def over_norm(self) -> bool:
        return self.over_aanmeld or self.over_behandel or self.over_totaal

    @property
    def over_reasons(self) -> list[str]:
        """In words, each norm the entry is over."""
        reasons = []
        if self.over_aanmeld:
            reasons.append(f"aanmelding boven {self.norms.aanmeld} weken")
        if self.over_behandel:
            reasons.append(f"behandeling boven {self.norms.behandel} weken")
        if self.over_totaal:
            reasons.append(f"totaal boven {self.norms.totaal} weken")
        return reasons


@dataclass(frozen=True)
class CentralEntry:
    """One waiting person of the region: a short pseudonym, never an identity; the entry
    that decides the person's place, and the person's other waiting entries."""

    pseudonym: str  # the first 8 characters
    deciding: ListEntry
    others: list[ListEntry]

    @property
    def lists(self) -> int:
        return 1 + len(self.others)

    # The deciding entry's figures, under the names the list sorts by.
    @property
    def urgency(self) -> str:
        return self.deciding.urgency

    @property
    def registered_on(self) -> date:
        return self.deciding.registered_on

    @property
    def waiting_days(self) -> int:
        return self.deciding.waiting_days

    @property
    def over_norm(self) -> bool:
        return self.deciding.over_norm


def central_list_rows(region: Region):
    """The deciding entry of every person waiting in the region (see the module docstring),
    most urgent first, then the longest wait, the pseudonym last so pages are stable. A
    window function (ROW_NUMBER per pseudonym) in one query; PostgreSQL and SQLite alike."""
    rank = Window(
        RowNumber(),
        partition_by=[F("pseudonym")],
        order_by=[F("urgency").asc(), F("registered_on").asc(), F("pk").asc()],
    )
    return (
        Wachtplek.objects.filter(region=region, status__in=WAITING_STATUSES)
        .annotate(rank=rank)
        .filter(rank=1)
        .order_by("urgency", "registered_on", "pseudonym")
        .values(*ENTRY_FIELDS)
    )


def _entry(row: dict, *, today: date, norms: Norms) -> ListEntry:
    return ListEntry(
        offer=row["aanbod__name"],
        provider=row["provider__name"],
        urgency=row["urgency"],
        status=row["status"],
        registered_on=row["registered_on"],
        intake_on=row["intake_on"],
        waiting_days=(today - row["registered_on"]).days,
        norms=norms,
        today=today,
    )


def central_entries(region: Region, rows: list[dict], *, today: date) -> list[CentralEntry]:
    """The page's deciding entries with each person's other waiting entries: one more query
    per page. The others are in the list's own order (urgency, then longest wait)."""
    norms = Norms.current()
    others: dict[str, list[ListEntry]] = {row["pseudonym"]: [] for row in rows}
    deciding_pks = {row["pk"] for row in rows}
    rest = (
        Wachtplek.objects.filter(
            region=region, status__in=WAITING_STATUSES, pseudonym__in=list(others)
        )
        .exclude(pk__in=deciding_pks)
        .order_by("urgency", "registered_on", "pk")
        .values(*ENTRY_FIELDS)
    )
    for row in rest:
        others[row["pseudonym"]].append(_entry(row, today=today, norms=norms))
    return [
        CentralEntry(
            pseudonym=row["pseudonym"][:8],
            deciding=_entry(row, today=today, norms=norms),
            others=others[row["pseudonym"]],
        )
        for row in rows
    ]
