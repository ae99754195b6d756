"""Fixtures of function I (a pytest plugin, see tests/conftest.py). The cast of function I: the huisarts of 'Praktijk Noord', a ggz and an SD professional,
an ervaringsdeskundige — each a Professional record for the shared cast's users."""

from dataclasses import dataclass
from datetime import date

import pytest

from mgn.accounts.constants import Role
from networks.constants import Discipline, OrganisationKind
from networks.models import Gemeente, Organisation, Professional
from tests.networks.factories import (
    GemeenteFactory,
    OrganisationFactory,
    PartnershipFactory,
    ProfessionalFactory,
)
from verkennend_gesprek.constants import Status
from verkennend_gesprek.services.aanvraag import PersoonData, gesprek_request

from .factories import (
    PersoonFactory,
    VerkennendGesprekFactory,
)


@dataclass
class VgCast:
    network: object
    practice: Organisation
    huisarts: Professional
    ggz: Professional
    sd: Professional
    ervaringsdeskundige: Professional
    insurer: Organisation
    gemeente: Gemeente
    users: dict

    def persoon_data(self, **overrides) -> PersoonData:
        values = {
            "bsn": "999996708",
            "given_name": "Sanne",
            "family_name": "Visser",
            "date_of_birth": date(1990, 3, 1),
            "gemeente": self.gemeente,
            "insurer": self.insurer,
            "policy_number": "POL1234567",
            "phone": "0612345678",
            "email": "sanne@example.nl",
        }
        values.update(overrides)
        return PersoonData(**values)

    def request(self, **overrides):
        kwargs = {
            "network": self.network,
            "huisarts": self.huisarts,
            "requested_by": self.huisarts.user,
            "persoon": self.persoon_data(),
            "hulpvraag": "Ik slaap slecht door geldzorgen.",
            "life_domains": ["geld"],
            "consent": True,
        }
        kwargs.update(overrides)
        return gesprek_request(**kwargs)


@pytest.fixture
def vg_cast(network, cast):
    practice = OrganisationFactory(name="Praktijk Noord", huisartsenpraktijk=True)
    PartnershipFactory(network=network, organisation=practice, role_beleid=False)
    huisarts = ProfessionalFactory(
        organisation=practice,
        user=cast[Role.HUISARTS],
        name="Dr. H. Noord",
        discipline=Discipline.HUISARTS,
        agb_code="01123456",
        email="huisarts@noord.test",
    )
    ggz = ProfessionalFactory(
        organisation=network.regievoerder,
        user=cast[Role.GGZ_PROFESSIONAL],
        name="G. Ggz",
        discipline=Discipline.GGZ_PROFESSIONAL,
        email="ggz@noord.test",
    )
    sd_org = network.partnerships.get(organisation__kind=OrganisationKind.SD_AANBIEDER).organisation
    sd = ProfessionalFactory(
        organisation=sd_org,
        user=cast[Role.SD_PROFESSIONAL],
        name="S. Sociaal",
        discipline=Discipline.SD_PROFESSIONAL,
        email="sd@noord.test",
    )
    ed = ProfessionalFactory(
        organisation=sd_org,
        user=cast[Role.ERVARINGSDESKUNDIGE],
        name="E. Ervaring",
        discipline=Discipline.ERVARINGSDESKUNDIGE,
        email="ed@noord.test",
    )
    gemeente = GemeenteFactory(name="Noorddorp", region=network.regions.first())
    network.gemeenten.add(gemeente)
    insurer = network.partnerships.get(
        organisation__kind=OrganisationKind.ZORGVERZEKERAAR
    ).organisation
    return VgCast(network, practice, huisarts, ggz, sd, ed, insurer, gemeente, cast)


def make_vg(vg_cast, state: str = Status.AANGEVRAAGD, **kwargs):
    """A request in a given state, built directly with factories (fast, no side effects):
    planned, or held with the cast's ggz and SD professionals, with a definitive advies once
    the state has one."""
    persoon = PersoonFactory(
        network=vg_cast.network, gemeente=vg_cast.gemeente, insurer=vg_cast.insurer
    )
    traits = {}
    if state == Status.GEPLAND:
        traits = {"gepland": True}
    elif state in (Status.ADVIES, Status.VERVOLG):
        traits = {"advies_definitief": True}
    elif state != Status.AANGEVRAAGD:
        traits = {"gehouden": True}
    if traits:
        traits |= {"gesprek__ggz": vg_cast.ggz, "gesprek__sd": vg_cast.sd}
    return VerkennendGesprekFactory(
        network=vg_cast.network,
        persoon=persoon,
        huisarts=vg_cast.huisarts,
        status=state,
        **traits,
        **kwargs,
    )


@pytest.fixture
def vg_factory(vg_cast):
    return lambda state=Status.AANGEVRAAGD, **kw: make_vg(vg_cast, state, **kw)
