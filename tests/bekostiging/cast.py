"""Fixtures of bekostiging (a pytest plugin, see tests/conftest.py).

Network 'noord' has two insurers sharing costs 60/40 in every year from 2025 to next year
(Verzekeraar Noord, UZOVI from the factory, is the preferente; Verzekeraar Twee), a VG
contract between the ggz-kerninstelling (the regievoerder, where vg_cast.ggz works) and
each insurer at € 150 / € 140, and for wachttijden the kerninstelling as kassier (from
2025, R-NW-3), a monthly regional amount of € 100,000 in each of those years (R-BK-2) and
a lumpsum contract of each insurer with the kassier. Users: the
cast's zorgverzekeraar acts for Verzekeraar Noord, `insurer_two_user` for Verzekeraar
Twee, `other_insurer_user` for an insurer of network 'zuid'; the cast's gemeente user
acts for Gemeente Noord; `provider_user` acts for the kerninstelling.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

import pytest

from bekostiging.constants import Function
from bekostiging.services.contracten import contract_create, verdeelsleutel_set
from bekostiging.services.kassiers import functie_kassier_create, regionaal_bedrag_set
from mgn.accounts.constants import Role
from networks.constants import OrganisationKind
from networks.services.netwerken import network_grant
from networks.services.organisaties import organisation_grant
from tests.accounts.factories import UserFactory
from tests.networks.factories import OrganisationFactory, PartnershipFactory
from tests.verkennend_gesprek.cast import make_vg
from verkennend_gesprek.constants import Status

CONTRACT_START = date(2025, 1, 1)
REGIONAL_AMOUNT = Decimal("100000.00")


def cast_years() -> range:
    """The years the cast has a verdeelsleutel and a regional amount for."""
    return range(CONTRACT_START.year, timezone.localdate().year + 2)


def contract_end() -> date:
    return timezone.localdate() + timedelta(days=400)


@dataclass
class BkCast:
    network: object
    vg_cast: object
    insurer: object  # Verzekeraar Noord (preferente), 60%
    insurer_two: object  # Verzekeraar Twee, 40%
    other_insurer: object  # an insurer of network 'zuid' only
    provider: object  # the ggz-kerninstelling (regievoerder), declares VG and lumpsum
    vg_contract: object
    vg_contract_two: object
    lumpsum_contract: object  # Verzekeraar Noord's wachttijden contract with the kassier
    lumpsum_contract_two: object  # Verzekeraar Twee's
    kassier: object  # the kerninstelling, kassier of wachttijden
    insurer_user: object
    insurer_two_user: object
    other_insurer_user: object
    provider_user: object
    gemeente_user: object
    coordinator: object

    def held_vg(self, *, insurer=None, days_ago: int = 1, **kwargs):
        """A request whose conversation (ggz and SD present) was held `days_ago` days ago,
        for a person insured with `insurer` (default Verzekeraar Noord)."""
        vg = make_vg(self.vg_cast, Status.ADVIES, **kwargs)
        persoon = vg.persoon
        persoon.insurer = insurer or self.insurer
        persoon.save(update_fields=["insurer"])
        gesprek = vg.gesprekken.get()
        gesprek.starts_at = timezone.now() - timedelta(days=days_ago)
        gesprek.save(update_fields=["starts_at"])
        return vg


@pytest.fixture
def bk_cast(network, other_network, cast, vg_cast, wt_cast):
    insurer = vg_cast.insurer
    insurer_two = OrganisationFactory(name="Verzekeraar Twee", zorgverzekeraar=True)
    PartnershipFactory(
        network=network, organisation=insurer_two, role_uitvoering=False, role_monitoring=True
    )
    other_insurer = OrganisationFactory(name="Verzekeraar Zuid", zorgverzekeraar=True)
    PartnershipFactory(
        network=other_network,
        organisation=other_insurer,
        role_uitvoering=False,
        role_monitoring=True,
    )
    provider = network.regievoerder
    for year in cast_years():
        verdeelsleutel_set(
            network=network,
            year=year,
            shares={insurer: Decimal("60"), insurer_two: Decimal("40")},
        )
        regionaal_bedrag_set(
            network=network, function=Function.WACHTTIJDEN, year=year, amount=REGIONAL_AMOUNT
        )
    kassier = functie_kassier_create(
        network=network,
        function=Function.WACHTTIJDEN,
        organisation=provider,
        starts_on=CONTRACT_START,
    )
    end = contract_end()
    vg_contract = contract_create(
        network=network,
        insurer=insurer,
        provider=provider,
        function=Function.VERKENNEND_GESPREK,
        starts_on=CONTRACT_START,
        ends_on=end,
        tariff=Decimal("150.00"),
    )
    vg_contract_two = contract_create(
        network=network,
        insurer=insurer_two,
        provider=provider,
        function=Function.VERKENNEND_GESPREK,
        starts_on=CONTRACT_START,
        ends_on=end,
        tariff=Decimal("140.00"),
    )
    lumpsum_contract, lumpsum_contract_two = (
        contract_create(
            network=network,
            insurer=party,
            provider=provider,
            function=Function.WACHTTIJDEN,
            starts_on=CONTRACT_START,
            ends_on=end,
        )
        for party in (insurer, insurer_two)
    )
    insurer_user = cast[Role.ZORGVERZEKERAAR]
    organisation_grant(organisation=insurer, user=insurer_user)
    insurer_two_user = UserFactory(email="twee@verzekeraar.test", roles=[Role.ZORGVERZEKERAAR])
    organisation_grant(organisation=insurer_two, user=insurer_two_user)
    network_grant(network=network, user=insurer_two_user)
    other_insurer_user = UserFactory(email="zuid@verzekeraar.test", roles=[Role.ZORGVERZEKERAAR])
    organisation_grant(organisation=other_insurer, user=other_insurer_user)
    network_grant(network=other_network, user=other_insurer_user)
    gemeente_org = network.partnerships.get(
        organisation__kind=OrganisationKind.GEMEENTE
    ).organisation
    if gemeente_org.gemeente_id is None:
        gemeente_org.gemeente = vg_cast.gemeente
        gemeente_org.save(update_fields=["gemeente"])
    organisation_grant(organisation=gemeente_org, user=cast[Role.GEMEENTE])
    return BkCast(
        network=network,
        vg_cast=vg_cast,
        insurer=insurer,
        insurer_two=insurer_two,
        other_insurer=other_insurer,
        provider=provider,
        vg_contract=vg_contract,
        vg_contract_two=vg_contract_two,
        lumpsum_contract=lumpsum_contract,
        lumpsum_contract_two=lumpsum_contract_two,
        kassier=kassier,
        insurer_user=insurer_user,
        insurer_two_user=insurer_two_user,
        other_insurer_user=other_insurer_user,
        provider_user=wt_cast.provider_user,
        gemeente_user=cast[Role.GEMEENTE],
        coordinator=cast[Role.NETWERKCOORDINATOR],
    )
