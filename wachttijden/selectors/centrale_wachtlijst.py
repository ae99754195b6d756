"""The central waiting list (R-WT-6): one anonymous row per person waiting in the region.
Unlike the dashboard it reads the waiting entries themselves: the list is the entries,
deduplicated by pseudonym."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Min

from networks.models import Region
from wachttijden.constants import WAITING_STATUSES, Urgency
from wachttijden.models import Wachtplek
from wachttijden.selectors.dashboard_figures import Norms


@dataclass(frozen=True)
class CentralEntry:
    """One waiting person of the region: a short pseudonym, never an identity."""

    pseudonym: str  # the first 8 characters
    urgency: str  # the most urgent of the person's entries
    first_registered: date
    waiting_days: int  # since the earliest registration
    lists: int
    offers: list[tuple[str, str]]  # (offer, provider)
    norms: Norms

    @property
    def urgency_label(self) -> str:
        try:
            return Urgency(self.urgency).label
        except ValueError:
            return self.urgency

    @property
    def waiting_weeks(self) -> float:
        return self.waiting_days / 7

    @property
    def over_norm(self) -> bool:
        """Waiting longer than the Treeknorm for the whole route (14 weeks)."""
        return self.waiting_days > self.norms.totaal * 7


def central_list_rows(region: Region):
    """One row per pseudonym among the waiting entries, most urgent first ("1-crisis" sorts
    before "2-hoog" and "3-normaal"), then the longest wait; the pseudonym last, so pages
    are stable. Portable SQL (GROUP BY with MIN and COUNT), PostgreSQL and SQLite alike."""
    return (
        Wachtplek.objects.filter(region=region, status__in=WAITING_STATUSES)
        .values("pseudonym")
        .annotate(
            most_urgent=Min("urgency"),
            first_registered=Min("registered_on"),
            lists=Count("aanbod", distinct=True),
        )
        .order_by("most_urgent", "first_registered", "pseudonym")
    )


def central_entries(region: Region, rows: list[dict], *, today: date) -> list[CentralEntry]:
    """The page's rows with the offers each person waits for: one more query per page."""
    offers: dict[str, list[tuple[str, str]]] = {row["pseudonym"]: [] for row in rows}
    entries = (
        Wachtplek.objects.filter(
            region=region, status__in=WAITING_STATUSES, pseudonym__in=list(offers)
        )
        .order_by("registered_on", "pk")
        .values_list("pseudonym", "aanbod__name", "provider__name")
    )
    for pseudonym, offer, provider in entries:
        if (offer, provider) not in offers[pseudonym]:
            offers[pseudonym].append((offer, provider))
    norms = Norms.current()
    return [
        CentralEntry(
            pseudonym=row["pseudonym"][:8],
            urgency=row["most_urgent"],
            first_registered=row["first_registered"],
            waiting_days=(today - row["first_registered"]).days,
            lists=row["lists"],
            offers=offers[row["pseudonym"]],
            norms=norms,
        )
        for row in rows
    ]
