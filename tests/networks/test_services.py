import io

from django.core.exceptions import ValidationError
from django.db import IntegrityError

import pytest

from networks.constants import OrganisationKind, PartnerRole, Ring
from networks.models import Partnership
from networks.selectors.netwerken import network_role_matrix
from networks.services.netwerken import network_create, network_set_regievoerder, partnership_set
from networks.services.regios import region_set_mandaatgemeente
from tests.networks.factories import (
    NetworkFactory,
    OrganisationFactory,
    PartnershipFactory,
    RegionFactory,
)


@pytest.mark.parametrize("kind", [OrganisationKind.GGZ_KERNINSTELLING, OrganisationKind.RHO])
def test_r_nw_3_the_regievoerder_is_the_ggz_kerninstelling_or_an_rho(db, kind):
    organisation = OrganisationFactory(kind=kind)
    network = network_create(
        name="MGN", slug="mgn", regievoerder=organisation, regions=[RegionFactory()]
    )
    assert network.regievoerder == organisation
    # ... and it is a formal partner leading policy and monitoring.
    partnership = network.partnerships.get(organisation=organisation)
    assert partnership.ring == Ring.INNER
    assert {PartnerRole.BELEID, PartnerRole.MONITORING} <= set(partnership.roles)


@pytest.mark.parametrize(
    "kind",
    [
        OrganisationKind.GGZ_AANBIEDER,
        OrganisationKind.SD_AANBIEDER,
        OrganisationKind.HUISARTSENPRAKTIJK,
        OrganisationKind.GEMEENTE,
    ],
)
def test_R_NW_3_another_partner_may_be_regievoerder_as_a_formal_partner_with_role_u(db, kind):
    organisation = OrganisationFactory(kind=kind)
    network = network_create(
        name="MGN", slug="mgn", regievoerder=organisation, regions=[RegionFactory()]
    )
    partnership = network.partnerships.get(organisation=organisation)
    assert (partnership.ring, partnership.role_uitvoering) == (Ring.INNER, True)


def test_R_NW_3_an_insurer_is_never_regievoerder(db):
    insurer = OrganisationFactory(zorgverzekeraar=True)
    with pytest.raises(ValidationError) as excinfo:
        network_create(name="MGN", slug="mgn", regievoerder=insurer, regions=[RegionFactory()])
    assert "financiert alleen" in excinfo.value.message_dict["regievoerder"][0]


def test_r_nw_3_exactly_one_regievoerder_who_must_be_a_formal_partner(network):
    rho = OrganisationFactory(rho=True)
    with pytest.raises(ValidationError):
        network_set_regievoerder(network=network, organisation=rho)  # not a partner yet
    partnership_set(network=network, organisation=rho, ring=Ring.INNER, roles=["B", "U"])
    network_set_regievoerder(network=network, organisation=rho)
    network.refresh_from_db()
    assert network.regievoerder == rho
    # A network cannot exist without its one regievoerder (NOT NULL in the database).
    with pytest.raises(IntegrityError):
        type(network).objects.filter(pk=network.pk).update(regievoerder=None)


def test_r_nw_1_a_complete_network_has_no_domain_warnings(network):
    assert network_role_matrix(network).warnings == []


def test_r_nw_1_a_network_without_sd_or_rho_is_warned_about(db):
    network = NetworkFactory()  # only the ggz-kerninstelling
    warnings = network_role_matrix(network).warnings
    assert len(warnings) == 2
    assert any("sociaal domein" in w for w in warnings)
    assert any("RHO" in w for w in warnings)


def test_r_nw_1_an_outer_ring_sd_partner_does_not_count_as_the_sd_domain(db):
    network = NetworkFactory(complete=True)
    sd = network.partnerships.get(organisation__kind=OrganisationKind.SD_AANBIEDER)
    partnership_set(network=network, organisation=sd.organisation, ring=Ring.OUTER, roles=["R"])
    assert any("sociaal domein" in w for w in network_role_matrix(network).warnings)


def test_R_NW_1_an_insurer_does_not_take_the_uitvoering_role(network):
    insurer = OrganisationFactory(zorgverzekeraar=True)
    with pytest.raises(ValidationError) as excinfo:
        partnership_set(network=network, organisation=insurer, ring=Ring.INNER, roles=["U"])
    assert "financiert alleen" in excinfo.value.message_dict["roles"][0]
    assert not network.partnerships.filter(organisation=insurer).exists()
    partnership_set(network=network, organisation=insurer, ring=Ring.INNER, roles=["B", "M"])


def test_r_nw_2_a_partner_has_at_least_one_role(network):
    organisation = OrganisationFactory()
    with pytest.raises(ValidationError):
        partnership_set(network=network, organisation=organisation, ring=Ring.INNER, roles=[])
    with pytest.raises(IntegrityError):
        Partnership.objects.create(network=network, organisation=organisation, ring=Ring.INNER)


def test_r_nw_2_an_outer_ring_partner_is_inroepbaar_or_delivers_information(network):
    organisation = OrganisationFactory(kind=OrganisationKind.UWV)
    with pytest.raises(ValidationError):
        partnership_set(network=network, organisation=organisation, ring=Ring.OUTER, roles=["B"])
    with pytest.raises(IntegrityError):
        PartnershipFactory(network=network, organisation=organisation, ring=Ring.OUTER)
    partnership = partnership_set(
        network=network, organisation=organisation, ring=Ring.OUTER, roles=["R", "I"]
    )
    assert partnership.roles == ["I", "R"]


def test_r_nw_2_the_role_matrix_lists_partners_by_ring_with_their_roles(network):
    matrix = network_role_matrix(network)
    inner = {row.partnership.organisation.name: row.roles for row in matrix.inner}
    outer = {row.partnership.organisation.name: row.roles for row in matrix.outer}
    assert inner["Verzekeraar Noord"] == {"B": True, "U": False, "I": False, "R": False, "M": True}
    assert outer["Woonstichting Noord"]["R"] is True
    assert len(matrix.inner) == 5 and len(matrix.outer) == 1


def test_r_nw_5_a_network_records_its_leidende_principes(network):
    from networks.constants import NationalPrinciple

    network.principes.create(
        title="Regie", national_principles=[NationalPrinciple.REGIE], text="Regie bij de persoon"
    )
    assert network.principes.get().national_principle_labels[0].startswith("De persoon")


def test_the_mandaatgemeente_lies_in_its_region(db):
    from tests.networks.factories import GemeenteFactory

    region, elsewhere = RegionFactory(), RegionFactory()
    with pytest.raises(ValidationError):
        region_set_mandaatgemeente(region=region, gemeente=GemeenteFactory(region=elsewhere))
    gemeente = GemeenteFactory(region=region)
    assert region_set_mandaatgemeente(region=region, gemeente=gemeente).mandaatgemeente == gemeente


def test_seed_demo_is_idempotent_and_meets_the_demo_brief(db):
    from django.core.management import call_command

    from mgn.accounts.constants import Role
    from mgn.accounts.models import User
    from networks.demo import seed_demo
    from networks.models import Gemeente, Network, Organisation

    call_command("seed_demo", stdout=io.StringIO())
    counts = (Organisation.objects.count(), Network.objects.count(), User.objects.count())
    network = seed_demo()
    assert (Organisation.objects.count(), Network.objects.count(), User.objects.count()) == counts
    kinds = [p.organisation.kind for p in network.partnerships.select_related("organisation")]
    assert Gemeente.objects.filter(region__networks=network).count() >= 8
    assert network.regions.get().mandaatgemeente is not None
    assert kinds.count(OrganisationKind.GGZ_KERNINSTELLING) == 1
    assert kinds.count(OrganisationKind.GGZ_AANBIEDER) == 3
    assert Organisation.objects.filter(
        kind=OrganisationKind.GGZ_AANBIEDER, vrijgevestigd=True
    ).exists()
    assert kinds.count(OrganisationKind.RHO) == 2
    assert kinds.count(OrganisationKind.HUISARTSENPRAKTIJK) == 6
    assert kinds.count(OrganisationKind.SD_AANBIEDER) == 4
    assert kinds.count(OrganisationKind.ZORGVERZEKERAAR) == 3
    assert network.partnerships.filter(ring=Ring.OUTER).count() >= 4
    assert network_role_matrix(network).warnings == []
    # R-NW-1: the demo gemeente executes too, with a wijkteam professional for the SD seat.
    from networks.models import Professional
    from networks.selectors.netwerken import sd_seat_filter

    gemeente = network.partnerships.get(organisation__name="Gemeente Veendam aan de Aa")
    assert gemeente.role_uitvoering
    assert Professional.objects.filter(
        sd_seat_filter(network), organisation=gemeente.organisation
    ).exists()
    for role in Role.values:
        assert User.objects.filter(groups__name=role).exists(), role
