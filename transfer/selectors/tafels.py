"""Who sees which transfer table, and who manages it (R-TR-5, R-TR-4).

- A table is seen by its active members (teamleden and gasten), by the coordinators of
  its network and by users acting for its regievoerder organisation; everyone else gets
  404, also for another network's ids. Only tables of networks that offer function II.
- It is managed (team, meetings, minutes) by the network's coordinators and by users
  acting for its regievoerder. Members read it; guests never manage.
"""

import functools

from django.contrib.auth.models import Permission
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from networks.constants import FINANCIER_ONLY_KINDS, NetworkPermission, OrganisationPermission
from networks.models import (
    Network,
    NetworkUserObjectPermission,
    Organisation,
    OrganisationUserObjectPermission,
    Professional,
)
from networks.selectors.netwerken import network_ids_for_user
from networks.selectors.organisaties import acting_organisation_ids_for_user
from transfer.constants import VoorstelStatus
from transfer.models import TafelLid, TafelOverleg, Transfertafel, Transfervoorstel
from wachttijden.models import Aanbod

NAVIGATION_FACT = "transfer.selectors.tafels.navigation_fact"


def active_members(on=None) -> Q:
    """A filter on TafelLid: still a member on the day (today by default)."""
    day = on or timezone.localdate()
    return Q(joined_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gt=day))


def member_filter(user) -> Q:
    """A filter on TafelLid: the user's own active memberships (as a user or as the
    professional with the user's account)."""
    return active_members() & (Q(user=user) | Q(professional__user=user))


def member_tafel_ids(user) -> QuerySet:
    return TafelLid.objects.filter(member_filter(user)).values("tafel_id")


def tafels_for_user(user) -> QuerySet[Transfertafel]:
    if not user.is_authenticated:
        return Transfertafel.objects.none()
    return Transfertafel.objects.filter(
        Q(pk__in=member_tafel_ids(user))
        | Q(network__in=network_ids_for_user(user, coordinate=True))
        | Q(regievoerder__in=acting_organisation_ids_for_user(user)),
        network__offers_transfer=True,
    )


def tafels_managed_by(user) -> QuerySet[Transfertafel]:
    if not user.is_authenticated:
        return Transfertafel.objects.none()
    return Transfertafel.objects.filter(
        Q(network__in=network_ids_for_user(user, coordinate=True))
        | Q(regievoerder__in=acting_organisation_ids_for_user(user)),
        network__offers_transfer=True,
    )


def tafel_list_for_user(user) -> QuerySet[Transfertafel]:
    return (
        tafels_for_user(user)
        .select_related("network", "regievoerder")
        .order_by("network__name", "-is_active", "name")
    )


def tafel_get_for_user(user, pk: int) -> Transfertafel:
    tafel = tafels_for_user(user).select_related("network", "regievoerder").filter(pk=pk).first()
    if tafel is None:
        raise Http404(_("Transfertafel niet gevonden."))
    return tafel


def can_manage(user, tafel: Transfertafel) -> bool:
    return tafels_managed_by(user).filter(pk=tafel.pk).exists()


def overleg_get_for_user(user, pk: int) -> TafelOverleg:
    overleg = (
        TafelOverleg.objects.filter(tafel__in=tafels_for_user(user).values("pk"), pk=pk)
        .select_related("tafel__network", "tafel__regievoerder")
        .first()
    )
    if overleg is None:
        raise Http404(_("Overleg niet gevonden."))
    return overleg


def networks_for_new_tafel(user):
    """The networks a user may start a table in: coordinated ones offering function II."""
    return Network.objects.filter(
        pk__in=network_ids_for_user(user, coordinate=True), offers_transfer=True
    ).order_by("name")


def seatable_professionals(tafel: Transfertafel) -> QuerySet[Professional]:
    """The professionals the team form offers: active staff of the network's partners and of
    the providers with an active offer in its regions, of a kind that can sit at a table
    (providers as teamlid, insurers as gast). The service decides (R-TR-4)."""
    from transfer.constants import PROVIDER_KINDS

    network = tafel.network
    partners = Q(partnerships__network=network)
    offering = Q(aanbod__region__in=network.regions.values("pk"), aanbod__is_active=True)
    organisations = Organisation.objects.filter(
        partners | offering, kind__in=sorted(PROVIDER_KINDS | FINANCIER_ONLY_KINDS)
    ).values("pk")
    return (
        Professional.objects.filter(is_active=True, organisation__in=organisations)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


def tafel_members(tafel: Transfertafel) -> list[TafelLid]:
    """The current members, teamleden first, with their organisation."""
    return list(
        tafel.leden.filter(active_members())
        .select_related("organisation", "professional", "user")
        .order_by("kind", "organisation__name", "pk")
    )


def tafel_meetings(tafel: Transfertafel, *, limit: int = 10) -> tuple[list, list]:
    """(the next meetings, the past ones, latest first)."""
    now = timezone.now()
    upcoming = list(tafel.overleggen.filter(starts_at__gte=now).order_by("starts_at")[:limit])
    past = list(tafel.overleggen.filter(starts_at__lt=now).order_by("-starts_at")[:limit])
    return upcoming, past


def overleg_attendance(overleg: TafelOverleg) -> list:
    return list(
        overleg.aanwezigheid.select_related("lid__organisation", "lid__professional", "lid__user")
    )


# The central anonymous list and the menu ---------------------------------------------------
def central_list_network_ids(user) -> QuerySet:
    """R-TR-5: the team's role — active members (teamleden and gasten) of an active table
    read the central anonymous waiting list (R-WT-6) of their network's regions. Registered
    in settings.CENTRAL_LIST_READERS (wachttijden names no higher app)."""
    return (
        Transfertafel.objects.filter(
            pk__in=member_tafel_ids(user), is_active=True, network__offers_transfer=True
        )
        .order_by()
        .values("network_id")
    )


@functools.cache
def _navigation_sql() -> str:
    q = connection.ops.quote_name
    tafel, lid = Transfertafel._meta, TafelLid._meta
    voorstel, overleg, aanbod = Transfervoorstel._meta, TafelOverleg._meta, Aanbod._meta
    network = Network._meta.db_table
    perm = Permission._meta.db_table
    # Only table and column names (quoted) are formatted in; values are parameters.
    return (
        f"SELECT %s, '' WHERE EXISTS (SELECT 1 FROM {q(tafel.db_table)} t"  # noqa: S608
        f" INNER JOIN {q(network)} n ON n.{q('id')} = t.{q('network_id')}"
        f" WHERE n.{q('offers_transfer')} AND ("
        f" EXISTS (SELECT 1 FROM {q(lid.db_table)} l"
        f" LEFT OUTER JOIN {q(Professional._meta.db_table)} pr ON pr.{q('id')} = l.{q('professional_id')}"
        f" WHERE l.{q('tafel_id')} = t.{q('id')} AND l.{q('joined_on')} <= %s"
        f" AND (l.{q('left_on')} IS NULL OR l.{q('left_on')} > %s)"
        f" AND (l.{q('user_id')} = %s OR pr.{q('user_id')} = %s))"
        f" OR EXISTS (SELECT 1 FROM {q(NetworkUserObjectPermission._meta.db_table)} g"
        f" INNER JOIN {q(perm)} gp ON gp.{q('id')} = g.{q('permission_id')}"
        f" WHERE g.{q('content_object_id')} = n.{q('id')} AND g.{q('user_id')} = %s"
        f" AND gp.{q('codename')} = %s)"
        f" OR EXISTS (SELECT 1 FROM {q(OrganisationUserObjectPermission._meta.db_table)} o"
        f" INNER JOIN {q(perm)} op ON op.{q('id')} = o.{q('permission_id')}"
        f" WHERE o.{q('content_object_id')} = t.{q('regievoerder_id')} AND o.{q('user_id')} = %s"
        f" AND op.{q('codename')} = %s)"
        # R-TR-3: a provider holding the group of an accepted proposal of the table.
        f" OR EXISTS (SELECT 1 FROM {q(voorstel.db_table)} v"
        f" INNER JOIN {q(overleg.db_table)} ov ON ov.{q('id')} = v.{q('overleg_id')}"
        f" INNER JOIN {q(aanbod.db_table)} a ON a.{q('id')} = v.{q('from_aanbod_id')}"
        f" INNER JOIN {q(OrganisationUserObjectPermission._meta.db_table)} w"
        f" ON w.{q('content_object_id')} = a.{q('provider_id')}"
        f" INNER JOIN {q(perm)} wp ON wp.{q('id')} = w.{q('permission_id')}"
        f" WHERE ov.{q('tafel_id')} = t.{q('id')} AND v.{q('status')} = %s"
        f" AND w.{q('user_id')} = %s AND wp.{q('codename')} = %s)))"
    )


def navigation_fact(user_pk: int) -> tuple[str, list]:
    """The menu's fact "sees a transfer table", as SQL for the menu's one preload query
    (settings.NAVIGATION_FACTS): the same as ``sees_any_tafel`` asks."""
    today = timezone.localdate()
    return _navigation_sql(), [
        NAVIGATION_FACT,
        today,
        today,
        user_pk,
        user_pk,
        user_pk,
        NetworkPermission.COORDINATE.value,
        user_pk,
        OrganisationPermission.ACT_FOR.value,
        VoorstelStatus.AANVAARD.value,
        user_pk,
        OrganisationPermission.ACT_FOR.value,
    ]


def sees_any_tafel(user) -> bool:
    """Whether the menu shows "Transfertafels": the user sees a table of a network that
    offers function II, or acts for a provider holding the group of a proposal such a table
    accepted (its worklists, R-TR-3). Read in the menu's preload query when it ran."""
    if not user.is_authenticated:
        return False
    facts = getattr(user, "_navigation_facts", None)
    if facts is not None:
        return NAVIGATION_FACT in facts
    if tafels_for_user(user).exists():
        return True
    return Transfervoorstel.objects.filter(
        status=VoorstelStatus.AANVAARD,
        overleg__tafel__network__offers_transfer=True,
        from_aanbod__provider__in=acting_organisation_ids_for_user(user),
    ).exists()
