"""Contracts, the kassier per function and the verdeelsleutel per year: one declaring
party per function, the kassier (R-NW-3, R-NW-4); shares that sum to exactly 100% in a
year (R-BK-2)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

import pytest

from bekostiging.constants import Function
from bekostiging.models import FunctieKassier, Verdeelsleutel
from bekostiging.services.contracten import contract_create, verdeelsleutel_set
from bekostiging.services.kassiers import (
    functie_kassier_create,
    functie_kassier_end,
    regionaal_bedrag_set,
)
from networks.models import Network
from tests.networks.factories import OrganisationFactory, PartnershipFactory


@pytest.fixture
def insurers(db):
    return [OrganisationFactory(name=f"Verzekeraar {i}", zorgverzekeraar=True) for i in range(3)]


def test_r_bk_2_the_verdeelsleutel_sums_to_exactly_100_percent(network, insurers):
    a, b, c = insurers
    with pytest.raises(ValidationError) as excinfo:
        verdeelsleutel_set(
            network=network,
            year=2026,
            shares={a: Decimal("33.33"), b: Decimal("33.33"), c: Decimal("33.33")},
        )
    assert "99,99%" in str(excinfo.value)
    rows = verdeelsleutel_set(
        network=network,
        year=2026,
        shares={a: Decimal("33.34"), b: Decimal("33.33"), c: Decimal("33.33")},
    )
    assert sum(r.share for r in rows) == Decimal("100")
    with pytest.raises(ValidationError):  # not an insurer
        verdeelsleutel_set(
            network=network, year=2026, shares={OrganisationFactory(): Decimal("100")}
        )


def test_R_BK_2_setting_a_years_key_leaves_the_other_years_and_records_who(network, insurers, cast):
    a, b, _c = insurers
    user = cast["netwerkcoordinator"]
    verdeelsleutel_set(network=network, year=2025, shares={a: Decimal("100")})
    verdeelsleutel_set(network=network, year=2026, shares={a: Decimal("50"), b: Decimal("50")})
    verdeelsleutel_set(network=network, year=2026, shares={b: Decimal("100")}, user=user)
    rows = Verdeelsleutel.objects.filter(network=network)
    assert sorted(rows.values_list("year", "insurer", "share")) == [
        (2025, a.pk, Decimal("100")),
        (2026, b.pk, Decimal("100")),
    ]
    assert rows.get(year=2026).set_by == user and rows.get(year=2026).set_at is not None


def _contract(network, insurer, provider, function=Function.TRANSFER, **kw):
    values = {"starts_on": date(2026, 1, 1), "ends_on": date(2026, 12, 31)}
    values.update(kw)
    if function == Function.VERKENNEND_GESPREK:
        values.setdefault("tariff", Decimal("95.00"))
    elif not FunctieKassier.objects.filter(network=network, function=function).exists():
        functie_kassier_create(
            network=network, function=function, organisation=provider, starts_on=date(2025, 1, 1)
        )
    return contract_create(
        network=network, insurer=insurer, provider=provider, function=function, **values
    )


@pytest.fixture
def rho(network):
    org = OrganisationFactory(name="RHO Noord", rho=True)
    PartnershipFactory(network=network, organisation=org)
    return org


def test_r_nw_4_per_function_one_party_declares(network, insurers, rho):
    ggz = network.regievoerder
    functie_kassier_create(
        network=network,
        function=Function.TRANSFER,
        organisation=ggz,
        starts_on=date(2025, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    _contract(network, insurers[0], ggz)
    _contract(network, insurers[1], ggz)  # the same party, another insurer: fine
    with pytest.raises(ValidationError) as excinfo:
        _contract(network, insurers[0], rho)
    assert "provider" in excinfo.value.message_dict
    # Another party is kassier from 2027: its contract from then on is allowed.
    functie_kassier_create(
        network=network, function=Function.TRANSFER, organisation=rho, starts_on=date(2027, 1, 1)
    )
    _contract(network, insurers[0], rho, starts_on=date(2027, 1, 1), ends_on=date(2027, 12, 31))


def test_R_NW_4_kassier_per_function(network, rho, cast):
    ggz = network.regievoerder
    kassier = functie_kassier_create(
        network=network,
        function=Function.COORDINATIE,
        organisation=rho,
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
        user=cast["netwerkcoordinator"],
    )
    assert kassier.created_by == cast["netwerkcoordinator"]
    # Overlapping periods of one function: refused, with the current kassier named.
    with pytest.raises(ValidationError) as overlap:
        functie_kassier_create(
            network=network,
            function=Function.COORDINATIE,
            organisation=ggz,
            starts_on=date(2025, 6, 1),
        )
    assert overlap.value.message_dict["starts_on"] == [
        "Voor Coördinatie is RHO Noord al kassier van 01-01-2025 t/m 31-12-2025; per functie "
        "is er één kassier tegelijk (R-NW-4). Beëindig die periode eerst."
    ]
    # A kind that declares no lumpsum (a gemeente, an SD provider, an insurer): refused.
    sd = OrganisationFactory(name="Welzijn Noord")
    PartnershipFactory(network=network, organisation=sd)
    with pytest.raises(ValidationError) as kind:
        functie_kassier_create(
            network=network, function=Function.TRANSFER, organisation=sd, starts_on=date(2026, 1, 1)
        )
    assert kind.value.message_dict["organisation"] == [
        "Welzijn Noord kan geen kassier zijn: alleen een RHO of een ggz-aanbieder declareert "
        "een lumpsum (R-NW-4)."
    ]
    # A ggz provider that is not a partner of the network: refused.
    outsider = OrganisationFactory(name="GGZ Elders", ggz_aanbieder=True)
    with pytest.raises(ValidationError) as partner:
        functie_kassier_create(
            network=network,
            function=Function.TRANSFER,
            organisation=outsider,
            starts_on=date(2026, 1, 1),
        )
    assert partner.value.message_dict["organisation"] == [
        "GGZ Elders is geen partner van MGN Noord."
    ]
    # Not for the VG, nor for a function the network does not offer.
    with pytest.raises(ValidationError) as vg:
        functie_kassier_create(
            network=network,
            function=Function.VERKENNEND_GESPREK,
            organisation=ggz,
            starts_on=date(2026, 1, 1),
        )
    assert "function" in vg.value.message_dict
    Network.objects.filter(pk=network.pk).update(offers_transfer=False)
    network.refresh_from_db()
    with pytest.raises(ValidationError) as offered:
        functie_kassier_create(
            network=network,
            function=Function.TRANSFER,
            organisation=ggz,
            starts_on=date(2026, 1, 1),
        )
    assert "niet aan (R-NW-4)" in offered.value.message_dict["function"][0]
    # Ending a period: it ends; an end before its start is refused.
    with pytest.raises(ValidationError):
        functie_kassier_end(kassier=kassier, ends_on=date(2024, 12, 31))
    assert functie_kassier_end(kassier=kassier, ends_on=date(2025, 12, 31)).ends_on == date(
        2025, 12, 31
    )
    # After the RHO's period the kerninstelling takes over.
    functie_kassier_create(
        network=network, function=Function.COORDINATIE, organisation=ggz, starts_on=date(2026, 1, 1)
    )
    assert FunctieKassier.objects.filter(network=network).count() == 2


def test_R_NW_4_a_lumpsum_contract_names_the_kassier(network, insurers, rho):
    ggz = network.regievoerder

    def coordinatie(provider, ends_on):
        return contract_create(
            network=network,
            insurer=insurers[0],
            provider=provider,
            function=Function.COORDINATIE,
            starts_on=date(2026, 1, 1),
            ends_on=ends_on,
        )

    with pytest.raises(ValidationError) as none_yet:
        coordinatie(rho, date(2026, 12, 31))
    assert none_yet.value.message_dict["provider"] == [
        "Voor Coördinatie is in deze periode nog geen kassier vastgelegd; leg eerst regie en "
        "kassier vast (R-NW-4)."
    ]
    functie_kassier_create(
        network=network,
        function=Function.COORDINATIE,
        organisation=rho,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 6, 30),
    )
    with pytest.raises(ValidationError) as other:
        coordinatie(ggz, date(2026, 3, 31))
    assert other.value.message_dict["provider"] == [
        "Voor Coördinatie is RHO Noord kassier in deze periode; een lumpsumcontract is met "
        "de kassier (R-NW-4)."
    ]
    # The kassier, but not for the whole contract period: refused too.
    with pytest.raises(ValidationError) as partly:
        coordinatie(rho, date(2026, 12, 31))
    assert "niet de hele contractperiode" in partly.value.message_dict["provider"][0]
    contract = coordinatie(rho, date(2026, 6, 30))
    assert contract.provider == rho and contract.yearly_amount is None


def test_R_BK_2_one_regional_amount_per_function_and_year(network):
    first = regionaal_bedrag_set(
        network=network, function=Function.COORDINATIE, year=2026, amount=Decimal("80000.00")
    )
    again = regionaal_bedrag_set(
        network=network, function=Function.COORDINATIE, year=2026, amount=Decimal("105000.00")
    )
    assert again.pk == first.pk and again.amount == Decimal("105000.00")
    with pytest.raises(ValidationError) as refused:
        regionaal_bedrag_set(
            network=network, function=Function.VERKENNEND_GESPREK, year=2026, amount=Decimal("1")
        )
    assert "function" in refused.value.message_dict


def test_r_nw_4_the_verkennend_gesprek_may_be_contracted_to_several_parties(network, insurers):
    ggz, other = network.regievoerder, OrganisationFactory(ggz_aanbieder=True)
    _contract(network, insurers[0], ggz, Function.VERKENNEND_GESPREK)
    _contract(network, insurers[0], other, Function.VERKENNEND_GESPREK)


@pytest.mark.parametrize(
    ("function", "flag"),
    [
        (Function.VERKENNEND_GESPREK, "offers_verkennend_gesprek"),
        (Function.TRANSFER, "offers_transfer"),
        (Function.WACHTTIJDEN, "offers_wachttijden"),
        (Function.CASUSOVERLEG, "offers_casusoverleg"),
    ],
)
def test_R_NW_4_no_contract_for_a_function_the_network_does_not_offer(
    network, insurers, function, flag
):
    Network.objects.filter(pk=network.pk).update(**{flag: False})
    network.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        _contract(network, insurers[0], network.regievoerder, function)
    assert excinfo.value.message_dict["function"] == [
        f"{network.name} biedt de functie {Function(function).label} niet aan (R-NW-4)."
    ]
    Network.objects.filter(pk=network.pk).update(**{flag: True})
    network.refresh_from_db()
    assert _contract(network, insurers[0], network.regievoerder, function).pk


def test_r_bk_1_a_verkennend_gesprek_contract_has_a_tariff(network, insurers):
    with pytest.raises(ValidationError) as excinfo:
        contract_create(
            network=network,
            insurer=insurers[0],
            provider=network.regievoerder,
            function=Function.VERKENNEND_GESPREK,
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31),
        )
    assert "tariff" in excinfo.value.message_dict
