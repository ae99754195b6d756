"""Reads of a meeting's demand picture and stored proposals (R-TR-1, R-TR-7). Counts only."""

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from transfer.constants import MemberKind
from transfer.models import TafelLid, TafelOverleg, Transfervoorstel
from transfer.selectors.tafels import can_manage, member_filter
from transfer.selectors.vraagbeeld import Vraagbeeld, vraagbeeld_for_network


def picture_day(overleg: TafelOverleg) -> date:
    """The day a meeting's picture is drawn for: the meeting's day, or today for a meeting
    still ahead (waiting bands are never counted into the future)."""
    return min(timezone.localdate(overleg.starts_at), timezone.localdate())


def picture_for_overleg(overleg: TafelOverleg) -> Vraagbeeld:
    """The picture of the table's network, narrowed to its subregion when it has one."""
    tafel = overleg.tafel
    gemeente_ids = set(tafel.gemeenten.values_list("pk", flat=True)) or None
    return vraagbeeld_for_network(tafel.network, on=picture_day(overleg), gemeente_ids=gemeente_ids)


def voorstellen_of(overleg: TafelOverleg) -> list[Transfervoorstel]:
    """The meeting's proposals, ranked by weeks saved (the recorded figures), in one query."""
    rows = list(
        Transfervoorstel.objects.filter(overleg=overleg).select_related(
            "from_aanbod__provider",
            "to_aanbod__provider",
            "zorgvraagtype",
            "gemeente",
            "created_by",
            "decided_by",
        )
    )
    return sorted(rows, key=lambda v: (-v.weeks_saved, v.pk))


def voorstel_get_for_user(user, pk: int) -> Transfervoorstel:
    """A proposal of a meeting the user sees (404 otherwise: ``overleg_get_for_user``)."""
    from transfer.selectors.tafels import overleg_get_for_user

    voorstel = Transfervoorstel.objects.filter(pk=pk).only("pk", "overleg_id").first()
    overleg = overleg_get_for_user(user, voorstel.overleg_id if voorstel else 0)
    return Transfervoorstel.objects.select_related("overleg__tafel").get(pk=pk, overleg=overleg)


def can_adjust(user, overleg: TafelOverleg) -> bool:
    """The team adjusts a proposal's number: the managers and the table's teamleden (never a
    guest)."""
    return can_manage(user, overleg.tafel) or is_teamlid(user, overleg)


def is_teamlid(user, overleg: TafelOverleg) -> bool:
    return TafelLid.objects.filter(
        member_filter(user), tafel=overleg.tafel, kind=MemberKind.TEAMLID
    ).exists()


def open_matcher_proposals(overleg: TafelOverleg) -> QuerySet[Transfervoorstel]:
    from transfer.constants import VoorstelStatus

    return Transfervoorstel.objects.filter(
        overleg=overleg, made_by_matcher=True, status=VoorstelStatus.VOORGESTELD
    )
