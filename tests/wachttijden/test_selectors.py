"""Every selector of function III that decides who sees what: regions and their coordinators,
the providers a user acts for and their offers and figures, the sociale kaart, the notes of
missing offer and the reports. Each is asked for someone who may see and someone who may not.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

import pytest

from mgn.accounts.constants import Role
from tests.accounts.factories import UserFactory
from tests.wachttijden.factories import (
    AanbodFactory,
    OntbrekendAanbodFactory,
    ReportJobFactory,
    WachtlijstUploadFactory,
    WachttijdOpgaveFactory,
)
from wachttijden.selectors.aanbod import (
    aanbod_for_user,
    aanbod_get_for_user,
    can_edit_aanbod,
    kaart_gemeenten_for_user,
    ontbrekend_for_user,
)
from wachttijden.selectors.levering import (
    can_act_for_provider,
    is_provider_user,
    opgaven_for_user,
    provider_aanbod_for_user,
    provider_aanbod_get_for_user,
    provider_aanbod_overview,
    provider_ids_for_user,
    providers_for_user,
)
from wachttijden.selectors.rapport import report_get_for_user
from wachttijden.selectors.regions import (
    is_region_coordinator,
    networks_in_region_for_coordinator,
    region_get_for_user,
    region_ids_for_user,
    regions_for_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_region(other_network):
    return other_network.regions.get()


# Regions ----------------------------------------------------------------------------------
def test_every_role_in_a_network_sees_its_region_and_only_coordinators_coordinate_it(
    wt_cast, cast, other_region
):
    for role in (Role.HUISARTS, Role.ZORGVERZEKERAAR, Role.NETWERKCOORDINATOR):
        user = cast[role]
        assert list(regions_for_user(user)) == [wt_cast.region]
        assert {r["pk"] for r in region_ids_for_user(user)} == {wt_cast.region.pk}
    assert list(regions_for_user(cast[Role.NETWERKCOORDINATOR], coordinate=True)) == [
        wt_cast.region
    ]
    assert not regions_for_user(cast[Role.HUISARTS], coordinate=True).exists()
    assert list(regions_for_user(cast["outsider"], coordinate=True)) == [other_region]


def test_region_get_for_user_gives_the_asked_or_first_coordinated_region_else_404(
    wt_cast, cast, other_region
):
    coordinator = cast[Role.NETWERKCOORDINATOR]
    assert region_get_for_user(coordinator, None) == wt_cast.region
    assert region_get_for_user(coordinator, wt_cast.region.code) == wt_cast.region
    with pytest.raises(Http404):
        region_get_for_user(coordinator, other_region.code)  # exists, not theirs
    with pytest.raises(Http404):
        region_get_for_user(cast[Role.HUISARTS], wt_cast.region.code)  # sees, not coordinates


def test_only_coordinators_are_region_coordinators(wt_cast, cast):
    assert is_region_coordinator(cast[Role.NETWERKCOORDINATOR])
    assert is_region_coordinator(cast["outsider"])
    for role in (Role.HUISARTS, Role.GEMEENTE, Role.BEHEERDER):
        assert not is_region_coordinator(cast[role])
    assert not is_region_coordinator(wt_cast.provider_user)


def test_networks_in_region_are_those_the_user_coordinates(wt_cast, cast, other_region):
    coordinator = cast[Role.NETWERKCOORDINATOR]
    assert list(networks_in_region_for_coordinator(coordinator, wt_cast.region)) == [
        wt_cast.network
    ]
    assert not networks_in_region_for_coordinator(coordinator, other_region).exists()
    assert not networks_in_region_for_coordinator(cast["outsider"], wt_cast.region).exists()
    assert not networks_in_region_for_coordinator(cast[Role.HUISARTS], wt_cast.region).exists()


# Providers --------------------------------------------------------------------------------
def test_a_user_acts_only_for_the_providers_granted_to_them(wt_cast, cast):
    provider_user, other_user = wt_cast.provider_user, wt_cast.other_provider_user
    assert {r["pk"] for r in provider_ids_for_user(provider_user)} == {wt_cast.provider.pk}
    assert list(providers_for_user(other_user)) == [wt_cast.other_provider]
    assert is_provider_user(provider_user)
    assert can_act_for_provider(provider_user, wt_cast.provider)
    assert not can_act_for_provider(provider_user, wt_cast.other_provider)
    for user in (cast[Role.NETWERKCOORDINATOR], cast[Role.HUISARTS], cast["outsider"]):
        assert not provider_ids_for_user(user).exists()
        assert not is_provider_user(user)
        assert not can_act_for_provider(user, wt_cast.provider)


def test_provider_aanbod_is_the_own_providers_offers_also_inactive_and_404_for_others(
    wt_cast, cast
):
    inactive = AanbodFactory(provider=wt_cast.provider, region=wt_cast.region, inactief=True)
    user = wt_cast.provider_user
    assert set(provider_aanbod_for_user(user)) == {wt_cast.aanbod, inactive}
    assert provider_aanbod_get_for_user(user, inactive.pk) == inactive
    with pytest.raises(Http404):
        provider_aanbod_get_for_user(user, wt_cast.other_aanbod.pk)
    with pytest.raises(Http404):
        provider_aanbod_get_for_user(cast[Role.NETWERKCOORDINATOR], wt_cast.aanbod.pk)
    assert not provider_aanbod_for_user(cast[Role.NETWERKCOORDINATOR]).exists()


def test_the_provider_overview_shows_own_offers_with_the_last_accepted_upload(wt_cast):
    WachtlijstUploadFactory(aanbod=wt_cast.aanbod, rows_total=7)
    WachtlijstUploadFactory(aanbod=wt_cast.aanbod, geweigerd=True)
    WachtlijstUploadFactory(aanbod=wt_cast.other_aanbod, rows_total=3)
    offers = list(provider_aanbod_overview(wt_cast.provider_user))
    assert offers == [wt_cast.aanbod]
    assert offers[0].last_upload_rows == 7


def test_monthly_figures_are_seen_by_the_providers_users_only(wt_cast, cast):
    own = WachttijdOpgaveFactory(provider=wt_cast.provider, region=wt_cast.region)
    WachttijdOpgaveFactory(provider=wt_cast.other_provider, region=wt_cast.region)
    assert list(opgaven_for_user(wt_cast.provider_user)) == [own]
    assert not opgaven_for_user(cast[Role.NETWERKCOORDINATOR]).exists()


# The sociale kaart ---------------------------------------------------------------------------
def test_the_kaart_shows_active_offers_of_the_users_regions_and_own_inactive_ones(
    wt_cast, cast, other_network
):
    inactive = AanbodFactory(provider=wt_cast.provider, region=wt_cast.region, inactief=True)
    elsewhere = AanbodFactory(provider=wt_cast.provider, region=other_network.regions.get())
    huisarts = cast[Role.HUISARTS]
    assert set(aanbod_for_user(huisarts)) == {wt_cast.aanbod, wt_cast.other_aanbod}
    assert aanbod_get_for_user(huisarts, wt_cast.aanbod.pk) == wt_cast.aanbod
    for hidden in (inactive, elsewhere):
        with pytest.raises(Http404):
            aanbod_get_for_user(huisarts, hidden.pk)
    # The provider's users see all their own offers, also inactive or in another region.
    assert {inactive, elsewhere} <= set(aanbod_for_user(wt_cast.provider_user))
    assert set(aanbod_for_user(cast["outsider"])) == {elsewhere}
    assert not aanbod_for_user(UserFactory(roles=[Role.HUISARTS])).exists()


def test_only_the_providers_users_may_edit_an_offer(wt_cast, cast):
    assert can_edit_aanbod(wt_cast.provider_user, wt_cast.aanbod)
    assert not can_edit_aanbod(wt_cast.provider_user, wt_cast.other_aanbod)
    assert not can_edit_aanbod(cast[Role.NETWERKCOORDINATOR], wt_cast.aanbod)


def test_the_kaart_filters_on_gemeenten_of_the_users_regions(wt_cast, cast, other_network):
    mine = set(wt_cast.region.gemeenten.all())
    assert set(kaart_gemeenten_for_user(cast[Role.HUISARTS])) == mine
    assert not set(kaart_gemeenten_for_user(cast["outsider"])) & mine
    assert not kaart_gemeenten_for_user(UserFactory(roles=[Role.HUISARTS])).exists()


def test_notes_of_missing_offer_are_for_the_coordinators_of_their_network(
    wt_cast, cast, other_network
):
    note = OntbrekendAanbodFactory(network=wt_cast.network)
    resolved = OntbrekendAanbodFactory(network=wt_cast.network, opgelost=True)
    other = OntbrekendAanbodFactory(network=other_network)
    assert set(ontbrekend_for_user(cast[Role.NETWERKCOORDINATOR])) == {note, resolved}
    assert set(ontbrekend_for_user(cast["outsider"])) == {other}
    assert not ontbrekend_for_user(cast[Role.HUISARTS]).exists()
    assert not ontbrekend_for_user(wt_cast.provider_user).exists()


# Reports ----------------------------------------------------------------------------------
def test_a_report_is_for_the_coordinators_of_its_region(wt_cast, cast, other_network):
    coordinator = cast[Role.NETWERKCOORDINATOR]
    job = ReportJobFactory(region=wt_cast.region, requested_by=coordinator)
    other = ReportJobFactory(region=other_network.regions.get(), requested_by=cast["outsider"])
    assert report_get_for_user(coordinator, job.pk) == job
    with pytest.raises(Http404):
        report_get_for_user(coordinator, other.pk)
    with pytest.raises(Http404):
        report_get_for_user(cast["outsider"], job.pk)
    with pytest.raises(PermissionDenied):
        report_get_for_user(cast[Role.HUISARTS], job.pk)
