"""Who took part in held conversations: the facts that declarations (the ggz part of a VG)
and gemeente funding (the SD part) are built on, read here so other apps never query the
conversation tables themselves."""

from datetime import datetime

from django.db.models import Count, Exists, OuterRef, QuerySet

from networks.models import Network
from verkennend_gesprek.constants import ParticipantRole
from verkennend_gesprek.models import Deelnemer, Gesprek, Persoon, VerkennendGesprek
from verkennend_gesprek.selectors.persoon import person_lock


def ggz_deelnames_held(network: Network) -> QuerySet[Deelnemer]:
    """Present ggz professionals of the network's held conversations, oldest first, with
    their organisation and the person loaded."""
    return (
        Deelnemer.objects.filter(
            gesprek__verkennend_gesprek__network=network,
            gesprek__held=True,
            role=ParticipantRole.GGZ,
            present=True,
            professional__isnull=False,
        )
        .select_related("professional__organisation", "gesprek__verkennend_gesprek__persoon")
        .order_by("gesprek__starts_at", "pk")
    )


def ggz_deelnames_of(gesprek: Gesprek) -> QuerySet[Deelnemer]:
    """The present ggz professionals of one conversation in the order their rows were added
    (pk), with organisation and person loaded: whom the ggz part is declared for (R-BK-1)."""
    return (
        Deelnemer.objects.filter(
            gesprek=gesprek,
            role=ParticipantRole.GGZ,
            present=True,
            professional__isnull=False,
        )
        .select_related("professional__organisation", "gesprek__verkennend_gesprek__persoon")
        .order_by("pk")
    )


def persoon_lock(persoon: Persoon) -> None:
    """Lock the person until the transaction ends (one writer of their insurance periods at
    a time): the person is (network, bsn), whichever request's details are given."""
    person_lock(persoon.network_id, persoon.bsn)


def vg_counts_with_sd(
    network_ids, *, start: datetime, end: datetime, gemeente_ids=None
) -> dict[tuple[int, int], int]:
    """{(network id, woongemeente id): requests whose first held conversation with a present
    SD professional falls in [start, end)}, in one query. ``network_ids`` and
    ``gemeente_ids`` may be lists or subqueries; None for ``gemeente_ids`` means all."""
    with_sd = Gesprek.objects.filter(
        verkennend_gesprek=OuterRef("pk"),
        held=True,
        deelnemers__role=ParticipantRole.SD,
        deelnemers__present=True,
        deelnemers__professional__isnull=False,
    )
    qs = VerkennendGesprek.objects.filter(network__in=network_ids)
    if gemeente_ids is not None:
        qs = qs.filter(persoon__gemeente__in=gemeente_ids)
    rows = (
        qs.filter(Exists(with_sd.filter(starts_at__gte=start, starts_at__lt=end)))
        # Counted in the period of its first such conversation only.
        .exclude(Exists(with_sd.filter(starts_at__lt=start)))
        .values("network_id", "persoon__gemeente_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(r["network_id"], r["persoon__gemeente_id"]): r["n"] for r in rows}
