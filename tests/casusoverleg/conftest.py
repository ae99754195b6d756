"""The cast of function IV's tests (``co``): network Noord offering the casusoverleg, with
a current AVG agreement and a series whose fixed composition holds a huisarts (De Linde),
a ggz professional (the regievoerder) and a gemeente's own staff member (sociaal domein,
the chair). ``co.policy`` acts for the insurer, a policy partner (role B) outside the
series; ``co.stranger`` acts for another network's member organisation."""

import pytest

from mgn.accounts.constants import Role
from networks.constants import OrganisationKind
from networks.models import Organisation
from networks.services.organisaties import organisation_grant
from tests.accounts.factories import UserFactory
from tests.casusoverleg.factories import make_afspraak, make_reeks
from tests.networks.factories import (
    GemeenteFactory,
    OrganisationFactory,
    PartnershipFactory,
    ProfessionalFactory,
)


class Cast:
    pass


def person(organisation, *, role, discipline, email, name):
    user = UserFactory(email=email, roles=[role], full_name=name)
    organisation_grant(organisation=organisation, user=user)
    professional = ProfessionalFactory(
        organisation=organisation, user=user, discipline=discipline, name=name, email=email
    )
    return user, professional


@pytest.fixture
def co(network, other_network, coordinator, outsider):
    network.offers_casusoverleg = True
    network.save(update_fields=["offers_casusoverleg"])
    c = Cast()
    c.network, c.coordinator, c.outsider = network, coordinator, outsider
    c.praktijk = OrganisationFactory(name="Huisartsenpraktijk De Linde", huisartsenpraktijk=True)
    PartnershipFactory(network=network, organisation=c.praktijk, role_beleid=False)
    c.ggz = network.regievoerder
    c.gemeente = Organisation.objects.get(name="Gemeente Noord")
    c.insurer = Organisation.objects.get(name="Verzekeraar Noord")
    c.woon = Organisation.objects.get(name="Woonstichting Noord")
    c.huisarts, c.huisarts_prof = person(
        c.praktijk,
        role=Role.HUISARTS,
        discipline="huisarts",
        email="huisarts@linde.test",
        name="Hanna Huisarts",
    )
    c.ggz_user, c.ggz_prof = person(
        c.ggz,
        role=Role.GGZ_PROFESSIONAL,
        discipline="ggz-professional",
        email="ggz@noord.test",
        name="Gijs Ggz",
    )
    c.sd_user, c.sd_prof = person(
        c.gemeente,
        role=Role.SD_PROFESSIONAL,
        discipline="gemeente",
        email="wijkteam@gemeente-noord.test",
        name="Sanne Wijkteam",
    )
    c.policy = UserFactory(email="beleid@verzekeraar.test", roles=[Role.ZORGVERZEKERAAR])
    organisation_grant(organisation=c.insurer, user=c.policy)
    region = network.regions.first()
    c.gemeenten = [GemeenteFactory(region=region, name=n) for n in ("Assen", "Tynaarlo")]
    c.afspraak = make_afspraak(network, recorded_by=coordinator)
    c.reeks = make_reeks(network, [c.sd_prof, c.huisarts_prof, c.ggz_prof], voorzitter=c.sd_prof)
    c.overleg = c.reeks.overleggen.order_by("starts_at").first()
    other = other_network
    other.offers_casusoverleg = True
    other.save(update_fields=["offers_casusoverleg"])
    c.stranger_org = OrganisationFactory(name="Ggz Zuid", kind=OrganisationKind.GGZ_AANBIEDER)
    PartnershipFactory(network=other, organisation=c.stranger_org)
    c.stranger, c.stranger_prof = person(
        c.stranger_org,
        role=Role.GGZ_PROFESSIONAL,
        discipline="ggz-professional",
        email="ggz@zuid.test",
        name="Zeger Zuid",
    )
    return c
