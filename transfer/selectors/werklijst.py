"""The holding provider's worklist of an accepted proposal (R-TR-3, R-TR-2), in its own
environment on the platform: which of its entries fall in the group, recognisable to it alone
by its own client reference (or a BSN it types, checked through the region's pseudonym and
never stored). Only users acting for the holding provider see it; anyone else gets 404, a
guest of the table included.

The group is the proposal's: the holding offer's entries still waiting, of the proposal's
zorgvraagtype (ggz) or woongemeente (SD), waiting more than its weeks on the picture's day.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from transfer.constants import Antwoord, VoorstelStatus
from transfer.models import Transfervoorstel, Uitkomst
from wachttijden.constants import WAITING_STATUSES
from wachttijden.models import Wachtplek
from wachttijden.selectors.levering import provider_ids_for_user


def entry_key(pseudonym: str) -> str:
    """The person as the transfer tables know them: a hash of the region's pseudonym, so an
    answer is found again after the next upload replaced the entry, while no pseudonym is
    stored outside the waiting list (and the access log)."""
    return hashlib.sha256(f"mgn-transfer:{pseudonym}".encode()).hexdigest()


def group_entries(voorstel: Transfervoorstel) -> QuerySet[Wachtplek]:
    """The holding offer's waiting entries that fall in the proposal's group."""
    entries = Wachtplek.objects.filter(
        aanbod_id=voorstel.from_aanbod_id, status__in=WAITING_STATUSES
    )
    if voorstel.zorgvraagtype_id:
        entries = entries.filter(zorgvraagtype_id=voorstel.zorgvraagtype_id)
    if voorstel.gemeente_id:
        entries = entries.filter(gemeente_id=voorstel.gemeente_id)
    if voorstel.min_waiting_weeks:
        limit = voorstel.picture_on - timedelta(weeks=voorstel.min_waiting_weeks)
        entries = entries.filter(registered_on__lt=limit)
    return entries.order_by("registered_on", "pk")


def werklijsten_for_provider_user(user) -> QuerySet[Transfervoorstel]:
    """The accepted proposals whose group waits at a provider the user acts for, newest
    meeting first, with the counts of answers and handovers (one query)."""
    return (
        Transfervoorstel.objects.filter(
            status=VoorstelStatus.AANVAARD,
            from_aanbod__provider__in=provider_ids_for_user(user),
        )
        .select_related(
            "overleg__tafel",
            "from_aanbod__provider",
            "to_aanbod__provider",
            "zorgvraagtype",
            "gemeente",
        )
        .annotate(
            n_aanvaard=Count("uitkomsten", filter=Q(uitkomsten__antwoord=Antwoord.AANVAARD)),
            n_afgewezen=Count("uitkomsten", filter=Q(uitkomsten__antwoord=Antwoord.AFGEWEZEN)),
            n_geen_antwoord=Count(
                "uitkomsten", filter=Q(uitkomsten__antwoord=Antwoord.GEEN_ANTWOORD)
            ),
            n_overgedragen=Count("uitkomsten", filter=Q(uitkomsten__handed_over_at__isnull=False)),
        )
        .order_by("-overleg__starts_at", "-pk")
    )


def werklijst_get_for_provider_user(user, pk: int) -> Transfervoorstel:
    """An accepted proposal of a provider the user acts for; 404 for anyone else."""
    voorstel = werklijsten_for_provider_user(user).filter(pk=pk).first()
    if voorstel is None:
        raise Http404(_("Werklijst niet gevonden."))
    return voorstel


@dataclass
class WerklijstRegel:
    """One line of the worklist: the provider's current entry (if still on its list) and
    what was recorded for the person (if anything)."""

    wachtplek: Wachtplek | None
    uitkomst: Uitkomst | None

    @property
    def registered_on(self):
        return self.wachtplek.registered_on if self.wachtplek else self.uitkomst.registered_on

    @property
    def entry(self) -> Wachtplek | None:
        """The entry on the provider's list, also for a person no longer waiting in the group
        (handed over) until the next upload replaces it."""
        return self.wachtplek or (self.uitkomst.wachtplek if self.uitkomst else None)

    @property
    def client_reference(self) -> str:
        return self.entry.client_reference if self.entry else ""

    @property
    def antwoord(self) -> str:
        return self.uitkomst.antwoord if self.uitkomst else Antwoord.NIET_GEVRAAGD

    @property
    def antwoord_label(self) -> str:
        return Antwoord(self.antwoord).label

    @property
    def can_hand_over(self) -> bool:
        return (
            self.uitkomst is not None
            and self.uitkomst.antwoord == Antwoord.AANVAARD
            and not self.uitkomst.is_handed_over
            and self.wachtplek is not None
        )


def werklijst(voorstel: Transfervoorstel) -> list[WerklijstRegel]:
    """The group's current entries with their answers, then the recorded persons no longer in
    the group (handed over, or gone with an upload), in two queries."""
    uitkomsten = {
        u.entry_key: u
        for u in Uitkomst.objects.filter(voorstel=voorstel).select_related(
            "wachtplek", "answered_by", "handed_over_by"
        )
    }
    regels = []
    for entry in group_entries(voorstel):
        regels.append(WerklijstRegel(entry, uitkomsten.pop(entry_key(entry.pseudonym), None)))
    for uitkomst in sorted(uitkomsten.values(), key=lambda u: (u.registered_on, u.pk)):
        regels.append(WerklijstRegel(None, uitkomst))
    return regels


def entry_in_group(voorstel: Transfervoorstel, pk) -> Wachtplek:
    """One entry of the group by id; 404 when it is not (any more) in the group."""
    entry = group_entries(voorstel).filter(pk=pk).first() if str(pk).isdigit() else None
    if entry is None:
        raise Http404(_("Deze wachtplek hoort niet (meer) bij deze groep."))
    return entry


def accepted_count(voorstel: Transfervoorstel, *, excluding: str = "") -> int:
    return (
        Uitkomst.objects.filter(voorstel=voorstel, antwoord=Antwoord.AANVAARD)
        .exclude(entry_key=excluding)
        .count()
    )
