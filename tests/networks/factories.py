"""The network's factories with traits for its states (a complete network, an insurer, a
gemeente, …); randomness is seeded in tests/conftest.py."""

import factory
from factory.django import DjangoModelFactory

from networks.constants import OrganisationKind, Ring
from networks.models import (
    Gemeente,
    LeidendPrincipe,
    Network,
    Organisation,
    Partnership,
    Professional,
    Region,
)


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"IZA-regio {n}")
    code = factory.Sequence(lambda n: f"regio-{n}")


class GemeenteFactory(DjangoModelFactory):
    class Meta:
        model = Gemeente

    cbs_code = factory.Sequence(lambda n: f"GM{n % 10000:04d}")
    name = factory.Sequence(lambda n: f"Gemeente {n}")
    region = factory.SubFactory(RegionFactory)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = OrganisationKind.SD_AANBIEDER
    agb_code = None
    uzovi = None

    class Params:
        ggz_kerninstelling = factory.Trait(
            kind=OrganisationKind.GGZ_KERNINSTELLING,
            agb_code=factory.Sequence(lambda n: f"06{n % 1000000:06d}"),
        )
        rho = factory.Trait(
            kind=OrganisationKind.RHO, agb_code=factory.Sequence(lambda n: f"53{n % 1000000:06d}")
        )
        huisartsenpraktijk = factory.Trait(
            kind=OrganisationKind.HUISARTSENPRAKTIJK,
            agb_code=factory.Sequence(lambda n: f"01{n % 1000000:06d}"),
        )
        ggz_aanbieder = factory.Trait(
            kind=OrganisationKind.GGZ_AANBIEDER,
            agb_code=factory.Sequence(lambda n: f"22{n % 1000000:06d}"),
        )
        zorgverzekeraar = factory.Trait(
            kind=OrganisationKind.ZORGVERZEKERAAR,
            uzovi=factory.Sequence(lambda n: f"{1000 + n % 9000:04d}"),
        )
        gemeente = factory.Trait(kind=OrganisationKind.GEMEENTE)


class NetworkFactory(DjangoModelFactory):
    """A network whose regievoerder is an inner-ring partner.

    Trait `complete`: the three domains of R-NW-1 (an RHO and an SD provider join).
    """

    class Meta:
        model = Network
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"MGN {n}")
    slug = factory.Sequence(lambda n: f"mgn-{n}")
    regievoerder = factory.SubFactory(OrganisationFactory, ggz_kerninstelling=True)
    regievoerder_partner = factory.RelatedFactory(
        "tests.networks.factories.PartnershipFactory",
        "network",
        organisation=factory.SelfAttribute("..regievoerder"),
        role_monitoring=True,
    )

    class Params:
        complete = factory.Trait(
            rho_partner=factory.RelatedFactory(
                "tests.networks.factories.PartnershipFactory",
                "network",
                organisation=factory.SubFactory(OrganisationFactory, rho=True),
            ),
            sd_partner=factory.RelatedFactory(
                "tests.networks.factories.PartnershipFactory",
                "network",
                organisation=factory.SubFactory(OrganisationFactory),
            ),
        )

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        self.regions.set(extracted or [RegionFactory()])


class PartnershipFactory(DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ["network", "organisation"]

    network = factory.SubFactory(NetworkFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    ring = Ring.INNER
    role_beleid = True
    role_uitvoering = True

    class Params:
        outer = factory.Trait(
            ring=Ring.OUTER, role_beleid=False, role_uitvoering=False, role_inroepbaar=True
        )


class ProfessionalFactory(DjangoModelFactory):
    class Meta:
        model = Professional

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Faker("name", locale="nl_NL")
    discipline = "sd-professional"


class LeidendPrincipeFactory(DjangoModelFactory):
    class Meta:
        model = LeidendPrincipe

    network = factory.SubFactory(NetworkFactory)
    title = factory.Sequence(lambda n: f"Principe {n}")
    national_principles = factory.LazyFunction(lambda: ["regie"])
    text = "De persoon voert de regie."
