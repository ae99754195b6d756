"""R-NW-1: a gemeente finances and may also execute with its own staff (role U, counting as
the sociaal domein); an insurer only finances."""

from django.core.exceptions import ValidationError

import pytest

from networks.constants import Discipline, OrganisationKind, Ring
from networks.models import Professional
from networks.selectors.netwerken import (
    network_role_matrix,
    partnership_domains,
    sd_seat_filter,
    sd_seat_refusal,
)
from networks.services.netwerken import partnership_set
from tests.networks.factories import (
    NetworkFactory,
    OrganisationFactory,
    PartnershipFactory,
    ProfessionalFactory,
)

SD_WARNING = "geen uitvoerder uit het sociaal domein"


@pytest.fixture
def without_sd(db):
    """A network with the ggz-kerninstelling and an RHO, but no SD provider."""
    network = NetworkFactory()
    PartnershipFactory(network=network, organisation=OrganisationFactory(rho=True))
    return network


def _warnings(network) -> list[str]:
    return network_role_matrix(network).warnings


def test_R_NW_1_a_gemeente_takes_role_u(network):
    gemeente = network.partnerships.get(organisation__kind=OrganisationKind.GEMEENTE)
    partnership = partnership_set(
        network=network, organisation=gemeente.organisation, ring=Ring.INNER, roles=["B", "U", "M"]
    )
    assert partnership.role_uitvoering is True


def test_R_NW_1_an_insurer_never_takes_role_u(network):
    insurer = network.partnerships.get(organisation__kind=OrganisationKind.ZORGVERZEKERAAR)
    for ring, roles in (
        (Ring.INNER, ["U"]),
        (Ring.INNER, ["B", "U", "M"]),
        (Ring.OUTER, ["U", "I"]),
    ):
        with pytest.raises(ValidationError) as excinfo:
            partnership_set(
                network=network, organisation=insurer.organisation, ring=ring, roles=roles
            )
        assert any("financiert alleen" in m for m in excinfo.value.message_dict["roles"])
    insurer.refresh_from_db()
    assert insurer.role_uitvoering is False


def test_R_NW_1_a_gemeente_with_role_u_counts_as_the_sd_domain(without_sd):
    gemeente = OrganisationFactory(gemeente=True)
    partnership_set(network=without_sd, organisation=gemeente, ring=Ring.INNER, roles=["B", "M"])
    assert any(SD_WARNING in w for w in _warnings(without_sd))  # financing alone: no SD
    partnership = partnership_set(
        network=without_sd, organisation=gemeente, ring=Ring.INNER, roles=["B", "U", "M"]
    )
    assert "sd" in partnership_domains(partnership)
    assert _warnings(without_sd) == []


def test_R_NW_1_a_gemeente_in_the_outer_ring_does_not_count_as_the_sd_domain(without_sd):
    gemeente = OrganisationFactory(gemeente=True)
    partnership_set(network=without_sd, organisation=gemeente, ring=Ring.OUTER, roles=["U", "I"])
    assert any(SD_WARNING in w for w in _warnings(without_sd))


def test_R_NW_1_an_insurer_never_counts_as_the_sd_domain(without_sd):
    insurer = OrganisationFactory(zorgverzekeraar=True)
    partnership = partnership_set(
        network=without_sd, organisation=insurer, ring=Ring.INNER, roles=["B", "M"]
    )
    assert "sd" not in partnership_domains(partnership)
    assert any(SD_WARNING in w for w in _warnings(without_sd))


def test_R_NW_1_the_sd_seat_is_open_to_a_gemeentes_own_sd_staff_while_it_holds_role_u(network):
    gemeente = network.partnerships.get(organisation__kind=OrganisationKind.GEMEENTE)
    insurer = network.partnerships.get(organisation__kind=OrganisationKind.ZORGVERZEKERAAR)
    wijkteam = ProfessionalFactory(
        organisation=gemeente.organisation, discipline=Discipline.SD_PROFESSIONAL
    )
    beleid = ProfessionalFactory(
        organisation=gemeente.organisation, discipline=Discipline.MEDEWERKER_GEMEENTE
    )
    insurer_staff = ProfessionalFactory(
        organisation=insurer.organisation, discipline=Discipline.SD_PROFESSIONAL
    )

    def seats():
        return set(Professional.objects.filter(sd_seat_filter(network)))

    assert wijkteam not in seats()  # the gemeente only finances here (B, M)
    assert "geen rol U" in sd_seat_refusal(wijkteam, network)
    partnership_set(
        network=network, organisation=gemeente.organisation, ring=Ring.INNER, roles=["B", "U"]
    )
    assert wijkteam in seats()
    assert sd_seat_refusal(wijkteam, network) is None
    assert beleid not in seats()  # the gemeente's financier staff do not sit
    assert "geen professional sociaal domein" in sd_seat_refusal(beleid, network)
    assert insurer_staff not in seats()
