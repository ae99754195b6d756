"""Who sees which networks and organisations: every visibility selector of networks.

The cast (tests/conftest.py): one user per role with a grant on network 'noord' (the
netwerkcoordinator also coordinates it), the beheerder a superuser, and an outsider who
coordinates 'zuid' only.
"""

from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

import pytest
from guardian.shortcuts import assign_perm

from mgn.accounts.constants import Role
from networks.constants import OrganisationKind
from networks.models import Network, Organisation
from networks.selectors.netwerken import (
    can_coordinate,
    network_coordinators,
    network_get_for_user,
    network_ids_for_user,
    network_list_for_user,
    networks_for_user,
)
from networks.selectors.organisaties import (
    acting_kinds_for_user,
    acting_organisation_ids_for_user,
    can_act_for,
    organisation_get_for_user,
    organisation_ids_for_user,
    organisation_names_for_user,
    organisation_partnerships_for_user,
    organisations_for_user,
    roles_and_acting_kinds_for_user,
)
from networks.services.netwerken import network_grant
from networks.services.organisaties import organisation_grant
from tests.accounts.factories import UserFactory
from tests.conftest import NETWORK_ROLES
from tests.networks.factories import (
    NetworkFactory,
    OrganisationFactory,
    PartnershipFactory,
    ProfessionalFactory,
    RegionFactory,
)


def _slugs(queryset) -> set[str]:
    return set(queryset.values_list("slug", flat=True))


def _network_ids(subquery) -> set[int]:
    return set(Network.objects.filter(pk__in=subquery).values_list("pk", flat=True))


# Networks ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [r for r in NETWORK_ROLES if r != Role.BEHEERDER])
def test_every_role_with_a_grant_sees_its_network_and_no_other(cast, role):
    assert _slugs(networks_for_user(cast[role])) == {"noord"}
    assert _network_ids(network_ids_for_user(cast[role])) == {
        cast[role].networkuserobjectpermission_set.first().content_object_id
    }


def test_the_outsider_sees_only_its_own_network(cast):
    assert _slugs(networks_for_user(cast["outsider"])) == {"zuid"}


def test_a_user_without_grants_and_an_anonymous_user_see_no_network(cast):
    assert not networks_for_user(UserFactory(roles=[Role.HUISARTS])).exists()
    assert not networks_for_user(AnonymousUser()).exists()
    assert not network_ids_for_user(AnonymousUser()).exists()


def test_the_superuser_sees_every_network_but_coordinates_only_by_grant(cast):
    beheerder = cast[Role.BEHEERDER]
    NetworkFactory(slug="west")
    assert _slugs(networks_for_user(beheerder)) == {"noord", "zuid", "west"}
    assert _network_ids(network_ids_for_user(beheerder)) == set(
        networks_for_user(beheerder).values_list("pk", flat=True)
    )
    assert not networks_for_user(beheerder, coordinate=True).exists()


def test_only_a_coordinate_grant_lets_a_user_coordinate(cast, network, other_network):
    coordinator, huisarts = cast[Role.NETWERKCOORDINATOR], cast[Role.HUISARTS]
    assert _slugs(networks_for_user(coordinator, coordinate=True)) == {"noord"}
    assert _network_ids(network_ids_for_user(coordinator, coordinate=True)) == {network.pk}
    # The ids are networks' own, so callers may narrow them by a network's key.
    assert network_ids_for_user(coordinator, coordinate=True).filter(pk=network.pk).exists()
    assert not network_ids_for_user(coordinator).filter(pk=other_network.pk).exists()
    assert not networks_for_user(huisarts, coordinate=True).exists()
    assert can_coordinate(coordinator, network)
    assert not can_coordinate(coordinator, other_network)
    assert not can_coordinate(huisarts, network)
    assert not can_coordinate(cast[Role.BEHEERDER], network)
    assert can_coordinate(cast["outsider"], other_network)


def test_network_grants_through_a_group_or_a_global_permission_do_not_count(cast, network):
    """Groups are roles, not networks: network grants are made per user only."""
    user = UserFactory(roles=[Role.HUISARTS])
    assign_perm("networks.view_network", user.groups.get(), network)
    user.user_permissions.add(Permission.objects.get(codename="view_network"))
    assert not networks_for_user(user).exists()
    assert not network_ids_for_user(user).exists()


def test_a_second_grant_adds_a_network_without_duplicates(cast, other_network):
    coordinator = cast[Role.NETWERKCOORDINATOR]
    network_grant(network=other_network, user=coordinator, coordinate=True)
    assert list(networks_for_user(coordinator).order_by("slug").values_list("slug", flat=True)) == [
        "noord",
        "zuid",
    ]
    assert networks_for_user(coordinator, coordinate=True).count() == 2


def test_network_get_for_user_answers_404_for_a_network_the_user_may_not_see(cast):
    assert network_get_for_user(cast[Role.HUISARTS], "noord").slug == "noord"
    for user, slug in [
        (cast[Role.HUISARTS], "zuid"),
        (cast["outsider"], "noord"),
        (cast[Role.HUISARTS], "bestaat-niet"),
        (AnonymousUser(), "noord"),
    ]:
        with pytest.raises(Http404):
            network_get_for_user(user, slug)
    with pytest.raises(Http404):
        network_get_for_user(cast[Role.HUISARTS], "noord", coordinate=True)
    assert network_get_for_user(cast[Role.NETWERKCOORDINATOR], "noord", coordinate=True)


def test_the_network_list_holds_the_visible_networks_with_regions_and_partner_counts(cast):
    coordinator = cast[Role.NETWERKCOORDINATOR]
    other = NetworkFactory(
        name="MGN Twee regio's",
        slug="twee",
        regions=[RegionFactory(name="Zwolle", code="zw"), RegionFactory(name="Almere", code="al")],
    )
    PartnershipFactory(network=other)
    network_grant(network=other, user=coordinator)
    rows = list(network_list_for_user(coordinator, page=True))
    assert [n.slug for n in rows] == ["noord", "twee"]  # by name: "MGN Noord", "MGN Twee …"
    noord, twee = rows
    assert twee.region_list == "Almere, Zwolle"  # by region name
    assert list(network_list_for_user(coordinator).filter(slug="twee"))[0].region_list == "al, zw"
    assert noord.partner_count == noord.partnerships.count() == 6
    assert twee.partner_count == 2
    assert noord.regievoerder_name == noord.regievoerder.name
    assert not hasattr(list(network_list_for_user(coordinator))[0], "partner_count")
    assert [n.slug for n in network_list_for_user(cast["outsider"])] == ["zuid"]
    assert list(network_list_for_user(AnonymousUser())) == []


@pytest.mark.parametrize("extra", [0, 10])
def test_the_network_list_is_one_query_whatever_the_number_of_networks(cast, extra):
    coordinator = cast[Role.NETWERKCOORDINATOR]
    for _ in range(extra):
        network_grant(network=NetworkFactory(complete=True), user=coordinator)
    with CaptureQueriesContext(connection) as queries:
        rows = list(network_list_for_user(coordinator, page=True))
        [(n.regievoerder_name, n.region_list, n.partner_count) for n in rows]
    assert len(rows) == 1 + extra
    assert len(queries) == 1


def test_network_coordinators_are_the_active_users_with_the_coordinate_grant(cast, network):
    coordinator = cast[Role.NETWERKCOORDINATOR]
    second = UserFactory(roles=[Role.NETWERKCOORDINATOR])
    network_grant(network=network, user=second, coordinate=True)
    retired = UserFactory(roles=[Role.NETWERKCOORDINATOR], is_active=False)
    network_grant(network=network, user=retired, coordinate=True)
    assert set(network_coordinators(network)) == {coordinator, second}
    assert list(network_coordinators(network)).count(coordinator) == 1


# Organisations -----------------------------------------------------------------------------


def test_a_user_sees_the_organisations_partnering_in_its_networks(cast, network, other_network):
    noord = set(network.partnerships.values_list("organisation_id", flat=True))
    zuid = set(other_network.partnerships.values_list("organisation_id", flat=True))
    huisarts = cast[Role.HUISARTS]
    assert set(organisations_for_user(huisarts).values_list("pk", flat=True)) == noord
    assert set(organisation_ids_for_user(huisarts).values_list(flat=True)) == noord
    outsider = cast["outsider"]
    assert set(organisations_for_user(outsider).values_list("pk", flat=True)) == zuid


def test_an_organisation_granted_directly_is_visible_without_a_network(cast):
    insurer = OrganisationFactory(zorgverzekeraar=True, name="Losse Verzekeraar")
    user = UserFactory(roles=[Role.ZORGVERZEKERAAR])
    assert not organisations_for_user(user).exists()
    organisation_grant(organisation=insurer, user=user, act_for=False)
    assert list(organisations_for_user(user)) == [insurer]
    assert not networks_for_user(user).exists()


def test_the_superuser_sees_every_organisation_and_an_anonymous_user_none(cast):
    OrganisationFactory(name="Nergens Partner")
    everything = Organisation.objects.count()
    assert organisations_for_user(cast[Role.BEHEERDER]).count() == everything
    assert not organisations_for_user(AnonymousUser()).exists()
    assert not organisation_ids_for_user(AnonymousUser()).exists()


def test_organisation_get_for_user_answers_404_for_an_invisible_organisation(cast, other_network):
    zuid_partner = other_network.partnerships.exclude(
        organisation=other_network.regievoerder
    ).first()
    assert organisation_get_for_user(cast["outsider"], zuid_partner.organisation_id)
    with pytest.raises(Http404):
        organisation_get_for_user(cast[Role.HUISARTS], zuid_partner.organisation_id)
    with pytest.raises(Http404):
        organisation_get_for_user(cast[Role.HUISARTS], 999_999)


def test_an_organisations_partnerships_are_shown_only_in_visible_networks(cast, network):
    shared = OrganisationFactory(name="In twee netwerken")
    PartnershipFactory(network=network, organisation=shared)
    elsewhere = NetworkFactory(slug="elders")
    PartnershipFactory(network=elsewhere, organisation=shared)
    huisarts = cast[Role.HUISARTS]
    assert [p.network.slug for p in organisation_partnerships_for_user(huisarts, shared)] == [
        "noord"
    ]
    beheerder = cast[Role.BEHEERDER]
    assert {p.network.slug for p in organisation_partnerships_for_user(beheerder, shared)} == {
        "noord",
        "elders",
    }


# Acting for an organisation ----------------------------------------------------------------


def test_acting_for_an_organisation_needs_the_act_for_grant(cast, network):
    provider = network.regievoerder
    insurer = network.partnerships.get(organisation__kind=OrganisationKind.ZORGVERZEKERAAR)
    user = UserFactory(roles=[Role.GGZ_PROFESSIONAL])
    assert not can_act_for(user, provider)
    assert acting_kinds_for_user(user) == frozenset()
    organisation_grant(organisation=insurer.organisation, user=user, act_for=False)
    assert not acting_organisation_ids_for_user(user).exists()
    organisation_grant(organisation=provider, user=user)
    del user._acting_kinds  # remembered for the request; a new request asks again
    assert can_act_for(user, provider)
    assert not can_act_for(user, insurer.organisation)
    assert not can_act_for(cast[Role.BEHEERDER], provider)  # superusers act by grant only
    assert list(acting_organisation_ids_for_user(user).values_list(flat=True)) == [provider.pk]
    assert acting_kinds_for_user(user) == {OrganisationKind.GGZ_KERNINSTELLING}
    assert acting_kinds_for_user(AnonymousUser()) == frozenset()
    assert not acting_organisation_ids_for_user(AnonymousUser()).exists()


def test_acting_kinds_are_one_query_remembered_for_the_request(cast, network):
    user = UserFactory()
    organisation_grant(organisation=network.regievoerder, user=user)
    with CaptureQueriesContext(connection) as queries:
        assert acting_kinds_for_user(user) == {OrganisationKind.GGZ_KERNINSTELLING}
        assert acting_kinds_for_user(user) == {OrganisationKind.GGZ_KERNINSTELLING}
    assert len(queries) == 1


def test_roles_and_acting_kinds_come_in_one_query_and_are_remembered(cast, network):
    user = UserFactory(roles=[Role.GGZ_PROFESSIONAL, Role.ERVARINGSDESKUNDIGE])
    user.groups.add(Group.objects.create(name="geen rol"))
    organisation_grant(organisation=network.regievoerder, user=user)
    fresh = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as queries:
        roles, kinds = roles_and_acting_kinds_for_user(fresh)
        assert fresh.roles == {Role.GGZ_PROFESSIONAL, Role.ERVARINGSDESKUNDIGE}
        assert acting_kinds_for_user(fresh) == {OrganisationKind.GGZ_KERNINSTELLING}
        roles_and_acting_kinds_for_user(fresh)
    assert len(queries) == 1
    assert roles == {Role.GGZ_PROFESSIONAL, Role.ERVARINGSDESKUNDIGE}  # "geen rol" is no role
    assert kinds == {OrganisationKind.GGZ_KERNINSTELLING}
    assert roles_and_acting_kinds_for_user(AnonymousUser()) == (set(), frozenset())
    nobody = type(user).objects.get(pk=UserFactory().pk)
    assert roles_and_acting_kinds_for_user(nobody) == (set(), frozenset())


def test_the_access_log_names_the_organisations_a_user_works_for(cast, network):
    user = UserFactory()
    ProfessionalFactory(user=user, organisation=network.regievoerder)
    ProfessionalFactory(user=user, organisation=OrganisationFactory(name="Aaa Praktijk"))
    assert organisation_names_for_user(user) == sorted(["Aaa Praktijk", network.regievoerder.name])
    assert organisation_names_for_user(UserFactory()) == []


def test_gemeenten_served_are_the_listed_ones_or_else_the_regions(db):
    from networks.selectors.netwerken import gemeenten_served, network_serves_gemeente
    from tests.networks.factories import GemeenteFactory, NetworkFactory, RegionFactory

    region, other_region = RegionFactory(), RegionFactory()
    listing = NetworkFactory(regions=[region])
    whole_region = NetworkFactory(regions=[region])
    listed, unlisted = GemeenteFactory(region=region), GemeenteFactory(region=region)
    elsewhere = GemeenteFactory(region=other_region)
    listing.gemeenten.add(listed)

    assert list(gemeenten_served([listing.pk])) == [listed]
    assert set(gemeenten_served([whole_region.pk])) == {listed, unlisted}
    assert set(gemeenten_served([listing.pk, whole_region.pk])) == {listed, unlisted}
    assert network_serves_gemeente(whole_region, unlisted)
    assert not network_serves_gemeente(listing, unlisted)
    assert not network_serves_gemeente(whole_region, elsewhere)
