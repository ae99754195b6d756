"""Which organisations a user may see, and which ones the user may act for."""

import functools

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from networks.constants import NetworkPermission, OrganisationKind, OrganisationPermission
from networks.models import (
    NetworkUserObjectPermission,
    Organisation,
    OrganisationUserObjectPermission,
    Partnership,
)
from networks.selectors.netwerken import network_ids_for_user

# The three kinds of row of roles_and_acting_kinds_for_user's query.
_GROUP, _KIND, _COORDINATES, _EXECUTING_GEMEENTE = "group", "kind", "coordinates", "gemeente-u"
User = get_user_model()


def acting_organisation_ids_for_user(user) -> QuerySet:
    """Organisations the user may act for (explicit ``act_for_organisation`` grant): a
    provider, an insurer or a gemeente, as a subquery on the direct grant table (guardian's
    shortcut would first look up content types on every call)."""
    if not user.is_authenticated:
        return Organisation.objects.none().values("pk")
    granted = OrganisationUserObjectPermission.objects.filter(
        user=user, permission__codename=OrganisationPermission.ACT_FOR
    ).values("content_object_id")
    return Organisation.objects.filter(pk__in=granted).values("pk")


def acting_kinds_for_user(user) -> frozenset[str]:
    """The kinds of the organisations the user acts for. The menu asks this for several
    items on every page, so it is one query, remembered on the request's user object."""
    if not user.is_authenticated:
        return frozenset()
    kinds = getattr(user, "_acting_kinds", None)
    if kinds is None:
        kinds = frozenset(
            OrganisationUserObjectPermission.objects.filter(
                user=user, permission__codename=OrganisationPermission.ACT_FOR
            )
            .order_by()
            .values_list("content_object__kind", flat=True)
            .distinct()
        )
        user._acting_kinds = kinds
    return kinds


@functools.cache
def _roles_and_acting_kinds_sql() -> str:
    q = connection.ops.quote_name
    user_groups = User.groups.through._meta
    grants = OrganisationUserObjectPermission._meta
    network_grants = NetworkUserObjectPermission._meta
    partnerships = Partnership._meta
    # Only table and column names (quoted) are formatted in; values are parameters.
    return (
        f"SELECT %s, g.{q('name')} FROM {q(Group._meta.db_table)} g"  # noqa: S608
        f" INNER JOIN {q(user_groups.db_table)} ug ON ug.{q('group_id')} = g.{q('id')}"
        f" WHERE ug.{q('user_id')} = %s"
        " UNION ALL"
        f" SELECT %s, o.{q('kind')} FROM {q(grants.db_table)} p"
        f" INNER JOIN {q(Permission._meta.db_table)} ap ON ap.{q('id')} = p.{q('permission_id')}"
        f" INNER JOIN {q(Organisation._meta.db_table)} o ON o.{q('id')} = p.{q('content_object_id')}"
        f" WHERE p.{q('user_id')} = %s AND ap.{q('codename')} = %s"
        " UNION ALL"
        f" SELECT %s, '' WHERE EXISTS (SELECT 1 FROM {q(network_grants.db_table)} n"
        f" INNER JOIN {q(Permission._meta.db_table)} np ON np.{q('id')} = n.{q('permission_id')}"
        f" WHERE n.{q('user_id')} = %s AND np.{q('codename')} = %s)"
        " UNION ALL"
        f" SELECT %s, '' WHERE EXISTS (SELECT 1 FROM {q(grants.db_table)} e"
        f" INNER JOIN {q(Permission._meta.db_table)} ep ON ep.{q('id')} = e.{q('permission_id')}"
        f" INNER JOIN {q(Organisation._meta.db_table)} eo ON eo.{q('id')} = e.{q('content_object_id')}"
        f" INNER JOIN {q(partnerships.db_table)} pp ON pp.{q('organisation_id')} = eo.{q('id')}"
        f" WHERE e.{q('user_id')} = %s AND ep.{q('codename')} = %s AND eo.{q('kind')} = %s"
        f" AND pp.{q('role_uitvoering')})"
    )


def roles_and_acting_kinds_for_user(user) -> tuple[set[str], frozenset[str]]:
    """The user's roles (group names) and the kinds of the organisations the user acts for,
    in one query: the menu needs both on every page. Both are remembered on the user object,
    so ``user.roles`` and ``acting_kinds_for_user`` ask nothing more in this request; so is
    whether the user coordinates a network (``netwerken.coordinates_any_network``, the
    check behind the coordinators' menu items) and whether they act for a gemeente that
    executes (``acts_for_executing_gemeente``, behind "Mijn aanbod"), and the facts that
    higher apps register in ``settings.NAVIGATION_FACTS`` (``user._navigation_facts``).

    Plain SQL (the same as ``user.groups`` and ``acting_kinds_for_user`` ask, in one UNION
    ALL): on every page, and the ORM's building and compiling of the union cost about four
    times the query itself.
    """
    if not user.is_authenticated:
        return set(), frozenset()
    if hasattr(user, "_roles_cache") and getattr(user, "_acting_kinds", None) is not None:
        return user.roles, user._acting_kinds
    # Facts of higher apps (settings.NAVIGATION_FACTS), each one more UNION ALL branch.
    extra_sql, extra_params = [], []
    for path in getattr(settings, "NAVIGATION_FACTS", ()):
        sql, params = import_string(path)(user.pk)
        extra_sql.append(sql)
        extra_params.extend(params)
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join([_roles_and_acting_kinds_sql(), *extra_sql]),
            [
                _GROUP,
                user.pk,
                _KIND,
                user.pk,
                OrganisationPermission.ACT_FOR.value,
                _COORDINATES,
                user.pk,
                NetworkPermission.COORDINATE.value,
                _EXECUTING_GEMEENTE,
                user.pk,
                OrganisationPermission.ACT_FOR.value,
                OrganisationKind.GEMEENTE.value,
                *extra_params,
            ],
        )
        facts = cursor.fetchall()
    user._navigation_facts = frozenset(fact for fact, _name in facts)
    user._coordinates_any = any(fact == _COORDINATES for fact, _name in facts)
    user._acts_for_executing_gemeente = any(fact == _EXECUTING_GEMEENTE for fact, _ in facts)
    user.remember_group_names(name for fact, name in facts if fact == _GROUP)
    user._acting_kinds = frozenset(name for fact, name in facts if fact == _KIND)
    return user.roles, user._acting_kinds


def can_act_for(user, organisation: Organisation) -> bool:
    """Whether a user (typically a system behind an API token) may act for an organisation:
    one query on the direct grant table (grants are per user, like network grants)."""
    return OrganisationUserObjectPermission.objects.filter(
        user=user,
        content_object=organisation,
        permission__codename=OrganisationPermission.ACT_FOR,
    ).exists()


def acts_for_executing_gemeente(user) -> bool:
    """Whether the user acts for a gemeente that holds role U in a network (R-NW-1); read
    in the menu's preload query (``roles_and_acting_kinds_for_user``) when it ran."""
    if not user.is_authenticated:
        return False
    known = getattr(user, "_acts_for_executing_gemeente", None)
    if known is None:
        known = user._acts_for_executing_gemeente = OrganisationUserObjectPermission.objects.filter(
            user=user,
            permission__codename=OrganisationPermission.ACT_FOR,
            content_object__in=executing_gemeente_ids(),
        ).exists()
    return known


def executing_gemeente_ids() -> QuerySet:
    """R-NW-1: gemeenten that execute with their own staff, i.e. hold role U in a network,
    as a subquery of organisation ids."""
    return (
        Partnership.objects.filter(
            organisation__kind=OrganisationKind.GEMEENTE, role_uitvoering=True
        )
        .order_by()
        .values("organisation_id")
    )


def organisation_ids_for_user(user) -> QuerySet:
    """Organisations partnering in a visible network, plus those granted directly."""
    if not user.is_authenticated:
        return Organisation.objects.none().values("pk")
    if user.is_superuser:
        return Organisation.objects.values("pk")
    direct = OrganisationUserObjectPermission.objects.filter(
        user=user, permission__codename=OrganisationPermission.VIEW
    ).values("content_object_id")
    via_network = Partnership.objects.filter(network__in=network_ids_for_user(user)).values(
        "organisation_id"
    )
    return Organisation.objects.filter(Q(pk__in=direct) | Q(pk__in=via_network)).values("pk")


def organisations_for_user(user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=organisation_ids_for_user(user))


def organisation_get_for_user(user, pk: int) -> Organisation:
    """The organisation with its gemeente, or 404 (never 403, so existence is not revealed)."""
    organisation = organisations_for_user(user).select_related("gemeente").filter(pk=pk).first()
    if organisation is None:
        raise Http404(_("Organisatie niet gevonden."))
    return organisation


def organisation_partnerships_for_user(user, organisation: Organisation) -> QuerySet[Partnership]:
    """The organisation's places in the networks the user may see, with the network."""
    return organisation.partnerships.filter(network__in=network_ids_for_user(user)).select_related(
        "network"
    )


def organisation_names_for_user(user) -> list[str]:
    """For the access log: the organisations the user works for, by name."""
    return sorted({p.organisation.name for p in user.professionals.select_related("organisation")})
