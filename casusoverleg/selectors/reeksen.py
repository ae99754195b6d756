"""Who sees which series, its meetings and its cases (R-DOC-1, R-PR-2).

- A series' **cases** (their texts, outcomes and signals) are seen only by its active
  members. Nobody else reads a case: not the coordinator, not a policy partner.
- A series itself (its settings, composition and meetings, with the number of cases on
  an agenda but no case) is seen by its members and managed by the network's
  coordinators. Only series of networks that offer function IV; everyone else gets 404.
- The chair (voorzitter) of the series and the coordinators record meetings and
  outcomes; a member records outcomes only as chair.
"""

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
