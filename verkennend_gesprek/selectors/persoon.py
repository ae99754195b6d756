"""The person across requests: identified by (network, bsn), while each request keeps its own
details as submitted (R-PR-2). Read here: the person's open request and the attempts refused
because of it, and the lock that serialises requests for one person."""

from django.db import connection
from django.db.models import QuerySet

from verkennend_gesprek.constants import OPEN_REQUEST_STATUSES
from verkennend_gesprek.models import GeweigerdeAanvraag, Persoon, VerkennendGesprek


def person_lock(network_id: int, bsn: str) -> None:
    """Serialise writers for one person (network, bsn) until the transaction ends.

    On PostgreSQL a transaction-scoped advisory lock in the two-key space
    (network id, BSN as a number; a BSN is nine digits, so it fits an int4); it is released
    at commit or rollback of the outermost transaction, after the new request is visible.
    SQLite serialises writers itself."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [network_id, int(bsn)])


def open_request_for(network_id: int, bsn: str) -> VerkennendGesprek | None:
    """The person's open request in the network (OPEN_REQUEST_STATUSES), oldest first."""
    return (
        VerkennendGesprek.objects.filter(
            network_id=network_id, persoon__bsn=bsn, status__in=OPEN_REQUEST_STATUSES
        )
        .order_by("requested_at", "pk")
        .first()
    )


def same_person(persoon: Persoon) -> QuerySet[Persoon]:
    """Every request's details of the same person (network, bsn), this one included."""
    return Persoon.objects.filter(network_id=persoon.network_id, bsn=persoon.bsn)


def refused_attempts(vg: VerkennendGesprek) -> list[GeweigerdeAanvraag]:
    """The requests refused because this one was open: for the planner's page only."""
    return list(
        vg.geweigerde_aanvragen.select_related("practice", "huisarts").order_by(
            "attempted_at", "pk"
        )
    )


def may_correct_persoon(user, vg: VerkennendGesprek) -> bool:
    """Only the requesting practice (its huisartsen, or a system acting for it) and the
    network's planners/coordinators correct the details submitted with a request; another
    practice never does (R-PR-2)."""
    from verkennend_gesprek.selectors.aanvraag import is_requesting_practice
    from verkennend_gesprek.selectors.planning import can_plan

    return is_requesting_practice(user, vg) or can_plan(user, vg)
