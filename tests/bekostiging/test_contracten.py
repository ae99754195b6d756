"""Contracts and the verdeelsleutel: one declaring party per function (R-NW-4), shares
that sum to exactly 100% (R-BK-2)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

import pytest

from bekostiging.constants import Function
from bekostiging.services.contracten import contract_create, verdeelsleutel_set
from networks.models import Network
from tests.networks.factories import OrganisationFactory


@pytest.fixture
def insurers(db):
    return [OrganisationFactory(name=f"Verzekeraar {i}", zorgverzekeraar=True) for i in range(3)]


def test_r_bk_2_the_verdeelsleutel_sums_to_exactly_100_percent(network, insurers):
    a, b, c = insurers
    with pytest.raises(ValidationError) as excinfo:
        verdeelsleutel_set(
            network=network, shares={a: Decimal("33.33"), b: Decimal("33.33"), c: Decimal("33.33")}
        )
    assert "99,99%" in str(excinfo.value)
    rows = verdeelsleutel_set(
        network=network, shares={a: Decimal("33.34"), b: Decimal("33.33"), c: Decimal("33.33")}
    )
    assert sum(r.share for r in rows) == Decimal("100")
    with pytest.raises(ValidationError):  # not an insurer
        verdeelsleutel_set(network=network, shares={OrganisationFactory(): Decimal("100")})


def _contract(network, insurer, provider, function=Function.TRANSFER, **kw):
    values = {"starts_on": date(2026, 1, 1), "ends_on": date(2026, 12, 31)}
    values.update(kw)
    if function == Function.VERKENNEND_GESPREK:
        values.setdefault("tariff", Decimal("95.00"))
    else:
        values.setdefault("yearly_amount", Decimal("120000.00"))
    return contract_create(
        network=network, insurer=insurer, provider=provider, function=function, **values
    )


def test_r_nw_4_per_function_one_party_declares(network, insurers):
    ggz, rho = network.regievoerder, OrganisationFactory(rho=True)
    _contract(network, insurers[0], ggz)
    _contract(network, insurers[1], ggz)  # the same party, another insurer: fine
    with pytest.raises(ValidationError) as excinfo:
        _contract(network, insurers[0], rho)
    assert "declaring" in excinfo.value.message_dict
    # Not overlapping in time, or not declaring: allowed.
    _contract(network, insurers[0], rho, starts_on=date(2027, 1, 1), ends_on=date(2027, 12, 31))
    _contract(network, insurers[0], rho, declaring=False)


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
