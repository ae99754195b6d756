"""Fixtures of function III (a pytest plugin, see tests/conftest.py).

In network 'noord': two ggz providers, each with a user acting for it (a provider who
may upload only their own lists), offers in the region, and the shared cast's coordinator.
"""

from dataclasses import dataclass

import pytest

from networks.services.netwerken import network_grant
from networks.services.organisaties import organisation_grant
from tests.accounts.factories import UserFactory
from tests.networks.factories import GemeenteFactory, OrganisationFactory, PartnershipFactory
from tests.wachttijden.factories import AanbodFactory


@dataclass
class WtCast:
    network: object
    region: object
    gemeenten: list
    provider: object  # the ggz-kerninstelling of the network
    other_provider: object
    provider_user: object
    other_provider_user: object
    coordinator: object
    aanbod: object  # of provider
    other_aanbod: object  # of other_provider


@pytest.fixture
def wt_cast(network, cast):
    region = network.regions.first()
    gemeenten = [GemeenteFactory(name=f"Noordgemeente {i}", region=region) for i in range(3)]
    network.gemeenten.add(*gemeenten)
    provider = network.regievoerder
    other = OrganisationFactory(name="GGZ Anders", ggz_aanbieder=True)
    PartnershipFactory(network=network, organisation=other)
    provider_user = UserFactory(email="aanbieder@noord.test", roles=["ggz-professional"])
    other_user = UserFactory(email="aanbieder@anders.test", roles=["ggz-professional"])
    for user, org in ((provider_user, provider), (other_user, other)):
        organisation_grant(organisation=org, user=user)
        network_grant(network=network, user=user)
    aanbod = AanbodFactory(
        provider=provider, region=region, name="Basis-ggz Noord", gemeente=gemeenten[0]
    )
    other_aanbod = AanbodFactory(
        provider=other, region=region, name="Specialistisch Anders", gemeente=gemeenten[1]
    )
    for a in (aanbod, other_aanbod):
        a.gemeenten_served.set(gemeenten)
    return WtCast(
        network,
        region,
        gemeenten,
        provider,
        other,
        provider_user,
        other_user,
        cast["netwerkcoordinator"],
        aanbod,
        other_aanbod,
    )
