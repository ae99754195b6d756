"""Who sees which series, its meetings and its cases (R-DOC-1, R-PR-2).

- A series' **cases** (their texts, outcomes and signals) are seen only by its active
  members. Nobody else reads a case: not the coordinator, not a policy partner.
- A series itself (its settings, composition and meetings, with the number of cases on
  an agenda but no case) is seen by its members and managed by the network's
  coordinators. Only series of networks that offer function IV; everyone else gets 404.
- The chair (voorzitter) of the series and the coordinators record meetings and
  outcomes; a member records outcomes only as chair.
"""

import functools

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from casusoverleg.models import Casus, CasusOverleg, Casusreeks, ReeksLid
from networks.selectors.netwerken import network_ids_for_user


def active_members(on=None) -> Q:
    """A filter on ReeksLid: still a member on the day (today by default)."""
    day = on or timezone.localdate()
    return Q(joined_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gt=day))


def member_filter(user) -> Q:
    return active_members() & (Q(user=user) | Q(professional__user=user))


def member_reeks_ids(user) -> QuerySet:
    if not user.is_authenticated:
        return ReeksLid.objects.none().values("reeks_id")
    return ReeksLid.objects.filter(member_filter(user)).values("reeks_id")


def chair_reeks_ids(user) -> QuerySet:
    if not user.is_authenticated:
        return ReeksLid.objects.none().values("reeks_id")
    return ReeksLid.objects.filter(member_filter(user), is_voorzitter=True).values("reeks_id")


def reeksen_for_user(user) -> QuerySet[Casusreeks]:
    if not user.is_authenticated:
        return Casusreeks.objects.none()
    return Casusreeks.objects.filter(
        Q(pk__in=member_reeks_ids(user))
        | Q(network__in=network_ids_for_user(user, coordinate=True)),
        network__offers_casusoverleg=True,
    )


def reeksen_managed_by(user) -> QuerySet[Casusreeks]:
    if not user.is_authenticated:
        return Casusreeks.objects.none()
    return Casusreeks.objects.filter(
        network__in=network_ids_for_user(user, coordinate=True), network__offers_casusoverleg=True
    )


def reeks_get_for_user(user, pk: int) -> Casusreeks:
    reeks = reeksen_for_user(user).select_related("network").filter(pk=pk).first()
    if reeks is None:
        raise Http404(_("Casusoverleg niet gevonden."))
    return reeks


def is_member(user, reeks: Casusreeks) -> bool:
    return reeks.leden.filter(member_filter(user)).exists()


def can_manage(user, reeks: Casusreeks) -> bool:
    return reeksen_managed_by(user).filter(pk=reeks.pk).exists()


def can_chair(user, reeks: Casusreeks) -> bool:
    """Records meetings and outcomes: the chair, or a coordinator who is a member."""
    return reeks.leden.filter(member_filter(user), is_voorzitter=True).exists() or (
        is_member(user, reeks) and can_manage(user, reeks)
    )


def overleg_get_for_user(user, pk: int) -> CasusOverleg:
    overleg = (
        CasusOverleg.objects.filter(reeks__in=reeksen_for_user(user).values("pk"), pk=pk)
        .select_related("reeks__network")
        .first()
    )
    if overleg is None:
        raise Http404(_("Overleg niet gevonden."))
    return overleg


def casussen_for_user(user) -> QuerySet[Casus]:
    """R-PR-2: a case is read by the active members of its series only."""
    if not user.is_authenticated:
        return Casus.objects.none()
    return Casus.objects.filter(
        reeks__in=member_reeks_ids(user), reeks__network__offers_casusoverleg=True
    )


def casus_get_for_user(user, pk: int) -> Casus:
    casus = (
        casussen_for_user(user)
        .select_related("reeks__network", "organisation", "gemeente", "overleg")
        .filter(pk=pk)
        .first()
    )
    if casus is None:
        raise Http404(_("Casus niet gevonden."))
    return casus


def member_organisations(user, reeks: Casusreeks):
    """The organisations the user sits in the series for (a case is registered for one)."""
    from networks.models import Organisation

    return Organisation.objects.filter(
        pk__in=reeks.leden.filter(member_filter(user)).values("organisation_id")
    ).order_by("name")


# Pages: networks, agreements, meetings and the menu ------------------------------------------
def networks_for_casusoverleg(user) -> QuerySet:
    """The networks offering function IV whose casusoverleg the user sees: those the user
    coordinates and those of the series the user sits in."""
    from networks.models import Network

    if not user.is_authenticated:
        return Network.objects.none()
    return Network.objects.filter(
        Q(pk__in=network_ids_for_user(user, coordinate=True))
        | Q(pk__in=Casusreeks.objects.filter(pk__in=member_reeks_ids(user)).values("network_id")),
        offers_casusoverleg=True,
    ).order_by("name")


def coordinated_network_ids(user) -> set[int]:
    """The ids of the networks offering function IV that the user coordinates."""
    if not user.is_authenticated:
        return set()
    from networks.models import Network

    return set(
        Network.objects.filter(
            pk__in=network_ids_for_user(user, coordinate=True), offers_casusoverleg=True
        ).values_list("pk", flat=True)
    )


def afspraak_get_for_user(user, pk: int):
    """An AVG agreement, read by the coordinators of its network and the members of the
    network's series; 404 for everyone else."""
    from casusoverleg.models import Verwerkingsafspraak

    afspraak = (
        Verwerkingsafspraak.objects.filter(
            pk=pk, network__in=networks_for_casusoverleg(user).values("pk")
        )
        .select_related("network")
        .first()
    )
    if afspraak is None:
        raise Http404(_("Verwerkingsafspraak niet gevonden."))
    return afspraak


def overleggen_with_counts(reeks: Casusreeks, *, limit: int = 10):
    """The coming and the past meetings of a series, each with the number of cases on its
    agenda (``n_casussen``) and of outcomes recorded at it (``n_uitkomsten``): counts only."""
    from django.db.models import Count

    now = timezone.now()
    rows = reeks.overleggen.annotate(
        n_casussen=Count("agenda_casussen", distinct=True),
        n_uitkomsten=Count("uitkomsten", distinct=True),
    )
    coming = list(rows.filter(starts_at__gte=now).order_by("starts_at")[:limit])
    past = list(rows.filter(starts_at__lt=now).order_by("-starts_at")[:limit])
    return coming, past


def agenda_casussen(user, overleg: CasusOverleg) -> QuerySet[Casus]:
    """The cases on a meeting's agenda as a member reads them: those planned for it and those
    that had an outcome at it (and moved on to a later meeting)."""
    return (
        casussen_for_user(user)
        .filter(Q(overleg=overleg) | Q(uitkomsten__overleg=overleg))
        .distinct()
        .select_related("gemeente", "organisation")
        .order_by("registered_at", "pk")
    )


def agenda_count(overleg: CasusOverleg) -> int:
    """How many cases are on a meeting's agenda (the count a coordinator sees)."""
    return (
        Casus.objects.filter(Q(overleg=overleg) | Q(uitkomsten__overleg=overleg)).distinct().count()
    )


NAVIGATION_FACT = "casusoverleg.selectors.reeksen.navigation_fact"


@functools.cache
def _navigation_sql() -> str:
    from django.contrib.auth.models import Permission
    from django.db import connection

    from networks.models import Network, NetworkUserObjectPermission, Professional

    q = connection.ops.quote_name
    network = Network._meta.db_table
    reeks, lid = Casusreeks._meta.db_table, ReeksLid._meta.db_table
    perm = Permission._meta.db_table
    # Only table and column names (quoted) are formatted in; values are parameters.
    return (
        f"SELECT %s, '' WHERE EXISTS (SELECT 1 FROM {q(network)} n"  # noqa: S608
        f" WHERE n.{q('offers_casusoverleg')} AND ("
        f" EXISTS (SELECT 1 FROM {q(NetworkUserObjectPermission._meta.db_table)} g"
        f" INNER JOIN {q(perm)} gp ON gp.{q('id')} = g.{q('permission_id')}"
        f" WHERE g.{q('content_object_id')} = n.{q('id')} AND g.{q('user_id')} = %s"
        f" AND gp.{q('codename')} = %s)"
        f" OR EXISTS (SELECT 1 FROM {q(reeks)} r INNER JOIN {q(lid)} l"
        f" ON l.{q('reeks_id')} = r.{q('id')}"
        f" LEFT OUTER JOIN {q(Professional._meta.db_table)} pr"
        f" ON pr.{q('id')} = l.{q('professional_id')}"
        f" WHERE r.{q('network_id')} = n.{q('id')} AND l.{q('joined_on')} <= %s"
        f" AND (l.{q('left_on')} IS NULL OR l.{q('left_on')} > %s)"
        f" AND (l.{q('user_id')} = %s OR pr.{q('user_id')} = %s))))"
    )


def navigation_fact(user_pk: int) -> tuple[str, list]:
    """The menu's fact "sees the casusoverleg", as SQL for the menu's one preload query
    (settings.NAVIGATION_FACTS): the same as ``sees_casusoverleg`` asks."""
    from networks.constants import NetworkPermission

    today = timezone.localdate()
    return _navigation_sql(), [
        NAVIGATION_FACT,
        user_pk,
        NetworkPermission.COORDINATE.value,
        today,
        today,
        user_pk,
        user_pk,
    ]


def sees_casusoverleg(user) -> bool:
    """Whether the menu shows "Casusoverleg": the user coordinates a network offering
    function IV or sits in one of its series. Read in the menu's preload query when it ran."""
    if not user.is_authenticated:
        return False
    facts = getattr(user, "_navigation_facts", None)
    if facts is not None:
        return NAVIGATION_FACT in facts
    return networks_for_casusoverleg(user).exists()
