from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

import pytest

from bekostiging.constants import Function
from bekostiging.services.contracten import contract_create, verdeelsleutel_set
from bekostiging.services.lumpsum import lumpsum_terms, split_exact
from tests.factories import OrganisationFactory


@pytest.fixture
def insurers(db):
    return [OrganisationFactory(name=f"Verzekeraar {i}", zorgverzekeraar=True) for i in range(3)]


def test_r_bk_2_the_verdeelsleutel_sums_to_exactly_100_percent(network, insurers):
    a, b, c = insurers
    with pytest.raises(ValidationError) as excinfo:
        verdeelsleutel_set(
            network=network, shares={a: Decimal("33.33"), b: Decimal("33.33"), c: Decimal("33.33")}
        )
    assert "99.99" in str(excinfo.value)
    rows = verdeelsleutel_set(
        network=network, shares={a: Decimal("33.34"), b: Decimal("33.33"), c: Decimal("33.33")}
    )
    assert sum(r.share for r in rows) == Decimal("100")
    with pytest.raises(ValidationError):  # not an insurer
        verdeelsleutel_set(network=network, shares={OrganisationFactory(): Decimal("100")})


@pytest.mark.parametrize(
    ("total", "weights"),
    [
        (Decimal("100.00"), [1, 1, 1]),
        (Decimal("0.01"), [1, 1, 1]),
        (Decimal("12345.67"), [Decimal("47.5"), Decimal("31.2"), Decimal("21.3")]),
        (Decimal("99999.99"), [Decimal("33.3333"), Decimal("33.3333"), Decimal("33.3334")]),
        (Decimal("1000000.01"), [Decimal("0.0001"), Decimal("99.9999")]),
    ],
)
def test_r_bk_2_a_split_adds_up_to_the_whole_for_awkward_amounts(total, weights):
    parts = split_exact(total, {i: Decimal(w) for i, w in enumerate(weights)})
    assert sum(p.amount for p in parts) == total
    assert all(p.amount == p.amount.quantize(Decimal("0.01")) for p in parts)
    # ... and no part is more than a cent from its exact share
    weight_sum = sum(Decimal(w) for w in weights)
    for part, w in zip(parts, weights, strict=True):
        assert abs(part.amount - total * Decimal(w) / weight_sum) < Decimal("0.01")


def test_r_bk_2_a_yearly_lumpsum_in_monthly_terms_adds_up_per_term_and_per_insurer():
    shares = {"A": Decimal("47.5"), "B": Decimal("31.2"), "C": Decimal("21.3")}
    total = Decimal("100000.01")
    terms = lumpsum_terms(yearly_amount=total, terms=12, shares=shares)
    assert sum(sum(amounts) for amounts in terms.values()) == total
    yearly = {p.key: p.amount for p in split_exact(total, shares)}
    for insurer, amounts in terms.items():
        assert len(amounts) == 12
        assert sum(amounts) == yearly[insurer]
    months = [sum(terms[k][m] for k in shares) for m in range(12)]
    assert sum(months) == total and max(months) - min(months) <= Decimal("0.01")


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
