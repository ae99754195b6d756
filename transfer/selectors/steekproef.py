"""Who sees what of a steekproef (R-TR-6).

- The sampled entries (by the provider's own client reference, else registration date and
  offer; never a pseudonym) are seen only by users acting for the sampled provider;
  anyone else gets 404.
- Whoever sees the table (members, guests, coordinators, regievoerder) sees per provider
  only the counts per result and the share checked."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from networks.models import Organisation
from transfer.constants import SteekproefUitkomst
from transfer.models import Steekproef, SteekproefRegel, Transfertafel
from wachttijden.constants import WAITING_STATUSES
from wachttijden.models import Wachtplek
from wachttijden.selectors.levering import provider_ids_for_user


def waiting_in_area(tafel: Transfertafel) -> QuerySet[Wachtplek]:
    """The current waiting entries in the table's network, or in its subregion (the
    table's gemeenten; an entry without woongemeente counts where its offer is)."""
    entries = Wachtplek.objects.filter(
        region__in=tafel.network.regions.values("pk"),
        status__in=WAITING_STATUSES,
        aanbod__is_active=True,
    )
    gemeente_ids = list(tafel.gemeenten.values_list("pk", flat=True))
    if gemeente_ids:
        entries = entries.filter(
            Q(gemeente_id__in=gemeente_ids)
            | Q(gemeente__isnull=True, aanbod__gemeente_id__in=gemeente_ids)
        )
    return entries


def steekproef_lijst(tafel: Transfertafel, provider: Organisation) -> QuerySet[Wachtplek]:
    """The provider's current waiting list in the table's area, in a stable order (pk)."""
    return waiting_in_area(tafel).filter(provider=provider).order_by("pk")


def provider_choices(tafel: Transfertafel) -> QuerySet[Organisation]:
    """Providers with at least one waiting entry in the table's area."""
    ids = waiting_in_area(tafel).values("provider_id").distinct().order_by()
    return Organisation.objects.filter(pk__in=ids).order_by("name", "pk")


@dataclass(frozen=True)
class SteekproefUitslag:
    """What the table sees of one steekproef: counts, never entries."""

    steekproef: Steekproef
    wachtend: int
    geholpen: int
    vertrokken: int
    open: int

    @property
    def checked(self) -> int:
        return self.wachtend + self.geholpen + self.vertrokken

    @property
    def percentage_checked(self) -> int:
        return round(100 * self.checked / self.steekproef.n) if self.steekproef.n else 0


def steekproef_uitslagen(tafel: Transfertafel) -> list[SteekproefUitslag]:
    """Per steekproef of the table (newest first) the counts per result."""
    steekproeven = list(tafel.steekproeven.select_related("provider", "ordered_by"))
    counts: dict[int, Counter] = {s.pk: Counter() for s in steekproeven}
    for steekproef_id, result in SteekproefRegel.objects.filter(
        steekproef__in=[s.pk for s in steekproeven]
    ).values_list("steekproef_id", "result"):
        counts[steekproef_id][result] += 1
    return [
        SteekproefUitslag(
            steekproef=s,
            wachtend=counts[s.pk][SteekproefUitkomst.WACHTEND],
            geholpen=counts[s.pk][SteekproefUitkomst.GEHOLPEN],
            vertrokken=counts[s.pk][SteekproefUitkomst.VERTROKKEN],
            open=counts[s.pk][SteekproefUitkomst.NIET_GECONTROLEERD],
        )
        for s in steekproeven
    ]


def steekproeven_for_provider_user(user) -> QuerySet[Steekproef]:
    """The steekproeven of the providers the user acts for."""
    return (
        Steekproef.objects.filter(provider__in=provider_ids_for_user(user))
        .select_related("tafel", "provider")
        .order_by("-ordered_at", "-pk")
    )


def steekproef_get_for_provider_user(user, pk: int) -> Steekproef:
    """A steekproef of a provider the user acts for; 404 for anyone else."""
    steekproef = steekproeven_for_provider_user(user).filter(pk=pk).first()
    if steekproef is None:
        raise Http404(_("Steekproef niet gevonden."))
    return steekproef


def steekproef_regels(steekproef: Steekproef) -> QuerySet[SteekproefRegel]:
    """The sampled entries, for the provider's own page only: with the entry's client
    reference (read from the entry, which the provider holds)."""
    return steekproef.regels.select_related("aanbod", "wachtplek", "checked_by").order_by("pk")
