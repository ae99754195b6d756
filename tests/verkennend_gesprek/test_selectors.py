"""Who sees which verkennend gesprek: every visibility selector of the app."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

import pytest

from mgn.accounts.constants import Role
from networks.constants import Discipline
from networks.services.netwerken import network_grant
from networks.services.organisaties import organisation_grant
from tests.accounts.factories import UserFactory
from tests.networks.factories import OrganisationFactory, PartnershipFactory, ProfessionalFactory
from verkennend_gesprek.constants import Status
from verkennend_gesprek.selectors.aanvraag import (
    acting_practices_for_user,
    huisarts_for_request,
    huisarts_records_for_user,
    is_participant,
    offering_networks_for_user,
    request_networks_for_user,
    vg_for_user,
    vg_get_for_user,
)
from verkennend_gesprek.selectors.advies import can_record_advies, definitive_advies
from verkennend_gesprek.selectors.brief import can_read_brief
from verkennend_gesprek.selectors.planning import can_plan, planning_networks_for_user

from .factories import PersoonFactory, VerkennendGesprekFactory


def test_visibility_huisarts_practice_participants_and_coordinators(
    vg_cast, vg_factory, cast, outsider
):
    vg = vg_factory(Status.GEHOUDEN)
    other_practice_vg = vg_factory()
    other = OrganisationFactory(huisartsenpraktijk=True)
    PartnershipFactory(network=vg_cast.network, organisation=other)
    colleague = ProfessionalFactory(
        organisation=other,
        user=UserFactory(roles=[Role.HUISARTS]),
        discipline=Discipline.HUISARTS,
        agb_code="01777777",
    )
    network_grant(network=vg_cast.network, user=colleague.user)
    visible = {
        who: set(vg_for_user(user).values_list("pk", flat=True))
        for who, user in [
            ("huisarts", cast[Role.HUISARTS]),
            ("coordinator", cast[Role.NETWERKCOORDINATOR]),
            ("ggz", cast[Role.GGZ_PROFESSIONAL]),
            ("ed", cast[Role.ERVARINGSDESKUNDIGE]),
            ("insurer", cast[Role.ZORGVERZEKERAAR]),
            ("beheerder", cast[Role.BEHEERDER]),
            ("outsider", outsider),
            ("colleague", colleague.user),
        ]
    }
    assert visible["huisarts"] == {vg.pk, other_practice_vg.pk}
    assert visible["coordinator"] == {vg.pk, other_practice_vg.pk}
    assert visible["ggz"] == {vg.pk}
    assert visible["ed"] == visible["insurer"] == visible["beheerder"] == set()
    assert visible["outsider"] == visible["colleague"] == set()


def test_a_request_is_found_only_by_who_may_see_it(vg_cast, vg_factory, cast, outsider):
    vg = vg_factory(Status.GEPLAND)
    for role in (Role.HUISARTS, Role.NETWERKCOORDINATOR, Role.GGZ_PROFESSIONAL):
        assert vg_get_for_user(cast[role], vg.pk) == vg
    for user in (cast[Role.BEHEERDER], cast[Role.ZORGVERZEKERAAR], outsider, AnonymousUser()):
        with pytest.raises(Http404):
            vg_get_for_user(user, vg.pk)


def test_a_system_acting_for_the_practice_sees_the_practices_requests(vg_cast, vg_factory):
    vg = vg_factory()
    system = UserFactory(email="his@praktijk-noord.test")
    network_grant(network=vg_cast.network, user=system)
    assert not vg_for_user(system).exists()
    assert not acting_practices_for_user(system).exists()
    organisation_grant(organisation=vg_cast.practice, user=system)
    assert list(vg_for_user(system)) == [vg]
    assert list(acting_practices_for_user(system)) == [vg_cast.practice]


def test_only_the_networks_coordinators_plan(vg_cast, vg_factory, cast, outsider, other_network):
    vg = vg_factory()
    assert can_plan(cast[Role.NETWERKCOORDINATOR], vg)
    for user in (
        cast[Role.HUISARTS],
        cast[Role.GGZ_PROFESSIONAL],
        cast[Role.BEHEERDER],
        outsider,
    ):
        assert not can_plan(user, vg)
    assert list(planning_networks_for_user(cast[Role.NETWERKCOORDINATOR])) == [vg_cast.network]
    assert list(planning_networks_for_user(outsider)) == [other_network]
    assert not planning_networks_for_user(cast[Role.HUISARTS]).exists()
    assert not planning_networks_for_user(cast[Role.BEHEERDER]).exists()


def test_participants_and_coordinators_record_the_advies(vg_cast, vg_factory, cast, outsider):
    vg = vg_factory(Status.GEHOUDEN)
    assert is_participant(cast[Role.GGZ_PROFESSIONAL], vg)
    assert is_participant(cast[Role.SD_PROFESSIONAL], vg)
    assert not is_participant(cast[Role.NETWERKCOORDINATOR], vg)
    assert not is_participant(cast[Role.HUISARTS], vg)
    for user in (
        cast[Role.GGZ_PROFESSIONAL],
        cast[Role.SD_PROFESSIONAL],
        cast[Role.NETWERKCOORDINATOR],
    ):
        assert can_record_advies(user, vg)
    for user in (cast[Role.HUISARTS], cast[Role.ERVARINGSDESKUNDIGE], cast[Role.BEHEERDER]):
        assert not can_record_advies(user, vg)
    assert not can_record_advies(outsider, vg)


def test_the_requesting_practice_participants_and_coordinators_read_the_brief(
    vg_cast, vg_factory, cast, outsider
):
    vg = VerkennendGesprekFactory(
        network=vg_cast.network,
        persoon=PersoonFactory(
            network=vg_cast.network, gemeente=vg_cast.gemeente, insurer=vg_cast.insurer
        ),
        huisarts=vg_cast.huisarts,
        advies_definitief=True,
        gesprek__ggz=vg_cast.ggz,
        gesprek__sd=vg_cast.sd,
    )
    assert vg.status == Status.ADVIES and definitive_advies(vg) is not None
    for role in (
        Role.HUISARTS,
        Role.GGZ_PROFESSIONAL,
        Role.SD_PROFESSIONAL,
        Role.NETWERKCOORDINATOR,
    ):
        assert can_read_brief(cast[role], vg), role
    for role in (Role.ERVARINGSDESKUNDIGE, Role.ZORGVERZEKERAAR, Role.GEMEENTE, Role.BEHEERDER):
        assert not can_read_brief(cast[role], vg), role
    assert not can_read_brief(outsider, vg)


def test_the_huisarts_requests_through_their_own_records_in_networks_offering_it(
    vg_cast, cast, outsider
):
    huisarts = cast[Role.HUISARTS]
    records = list(huisarts_records_for_user(huisarts))
    assert records == [vg_cast.huisarts]
    assert not huisarts_records_for_user(cast[Role.GGZ_PROFESSIONAL]).exists()
    assert list(request_networks_for_user(huisarts, records)) == [vg_cast.network]
    assert vg_cast.network in offering_networks_for_user(huisarts)
    assert vg_cast.network not in offering_networks_for_user(outsider)
    vg_cast.network.offers_verkennend_gesprek = False
    vg_cast.network.save(update_fields=["offers_verkennend_gesprek"])
    assert not request_networks_for_user(huisarts, records).exists()
    assert vg_cast.network not in offering_networks_for_user(huisarts)


def test_the_huisarts_named_in_a_request_is_one_the_caller_may_request_for(vg_cast, cast):
    agb = vg_cast.huisarts.agb_code
    own = list(huisarts_records_for_user(cast[Role.HUISARTS]))
    assert huisarts_for_request(cast[Role.HUISARTS], vg_cast.network, agb, own) == vg_cast.huisarts
    assert huisarts_for_request(cast[Role.GGZ_PROFESSIONAL], vg_cast.network, agb, []) is None
    system = UserFactory(email="his@praktijk-noord.test")
    network_grant(network=vg_cast.network, user=system)
    assert huisarts_for_request(system, vg_cast.network, agb, []) is None
    organisation_grant(organisation=vg_cast.practice, user=system)
    assert huisarts_for_request(system, vg_cast.network, agb, []) == vg_cast.huisarts
    assert huisarts_for_request(system, vg_cast.network, "09999999", []) is None


def test_a_beheerder_sees_no_person_data(vg_cast, vg_factory, cast):
    vg_factory(Status.ADVIES)
    beheerder = cast[Role.BEHEERDER]
    assert not vg_for_user(beheerder).exists()
    assert not planning_networks_for_user(beheerder).exists()
    assert not huisarts_records_for_user(beheerder).exists()
