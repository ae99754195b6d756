"""R-NW-1 with R-BK-1/R-BK-3: when a gemeente supplies its own staff for the SD seat, nothing
is declared for that participation (declarations are the ggz part), and the gemeente
funding still counts the conversation as one with a present SD professional."""

from django.urls import reverse

import pytest

from bekostiging.models import Declaratieregel, TegengehoudenDeclaratie
from bekostiging.selectors.financiering import network_funding
from bekostiging.services.declaraties import declaraties_generate
from mgn.accounts.constants import Role
from networks.constants import Discipline, OrganisationKind, Ring
from networks.services.netwerken import partnership_set
from tests.bekostiging.factories import afspraak, at, held_vg_on
from tests.networks.factories import ProfessionalFactory
from verkennend_gesprek.constants import ParticipantRole
from verkennend_gesprek.models import Deelnemer

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture
def wijkteam_vg(bk_cast):
    network = bk_cast.network
    gemeente = network.partnerships.get(organisation__kind=OrganisationKind.GEMEENTE).organisation
    partnership_set(network=network, organisation=gemeente, ring=Ring.INNER, roles=["B", "U", "M"])
    wijkteam = ProfessionalFactory(organisation=gemeente, discipline=Discipline.SD_PROFESSIONAL)
    vg = held_vg_on(bk_cast.vg_cast, at(YEAR, 3, 1))
    Deelnemer.objects.filter(gesprek__verkennend_gesprek=vg, role=ParticipantRole.SD).update(
        professional=wijkteam
    )
    return vg, gemeente


def test_R_NW_1_a_gemeente_professionals_participation_is_not_declared(bk_cast, wijkteam_vg):
    vg, gemeente = wijkteam_vg
    declaraties_generate(network=bk_cast.network)
    lines = Declaratieregel.objects.filter(gesprek__verkennend_gesprek=vg)
    assert [line.provider for line in lines] == [bk_cast.provider]  # the ggz part only
    assert not Declaratieregel.objects.filter(provider=gemeente).exists()
    assert not TegengehoudenDeclaratie.objects.filter(gesprek__verkennend_gesprek=vg).exists()


def test_R_NW_1_gemeente_funding_counts_a_conversation_with_the_gemeentes_own_sd_professional(
    client, bk_cast, wijkteam_vg
):
    noorddorp = bk_cast.vg_cast.gemeente
    afspraak(bk_cast.network, noorddorp, YEAR)
    overview = network_funding(bk_cast.network, YEAR)
    assert next(r for r in overview.rows if r.gemeente == noorddorp).realised == 1
    client.force_login(bk_cast.vg_cast.users[Role.GEMEENTE])
    page = client.get(reverse("bekostiging:gemeenten"), {"jaar": YEAR})
    assert page.status_code == 200
    assert noorddorp.name in page.content.decode()
