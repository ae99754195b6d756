"""R-BK-2: lumpsum terms per declaring party, split exactly by the verdeelsleutel, made
idempotently by the generation service and the nightly task."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

import pytest

from bekostiging import tasks
from bekostiging.constants import Function, Soort, TermLength
from bekostiging.models import Contract, Declaratieregel, Prestatie, Verdeelsleutel
from bekostiging.services.contracten import contract_create, verdeelsleutel_set
from bekostiging.services.lumpsum import lumpsum_generate, lumpsum_terms, split_exact
from networks.models import Network

pytestmark = pytest.mark.django_db


def lines(contract):
    return Declaratieregel.objects.filter(contract=contract, soort=Soort.LUMPSUM)


def test_r_bk_2_monthly_terms_split_by_the_verdeelsleutel_add_up_exactly(bk_cast):
    made = lumpsum_generate(network=bk_cast.network, year=2025)
    assert made == 24  # 12 months × 2 insurers
    qs = lines(bk_cast.lumpsum_contract)
    assert sum(qs.values_list("amount", flat=True)) == Decimal("100000.00")
    one = qs.filter(insurer=bk_cast.insurer)
    two = qs.filter(insurer=bk_cast.insurer_two)
    assert sum(one.values_list("amount", flat=True)) == Decimal("60000.00")
    assert sum(two.values_list("amount", flat=True)) == Decimal("40000.00")
    first = one.order_by("service_date").first()
    assert (first.service_date, first.period_end) == (date(2025, 1, 1), date(2025, 1, 31))
    assert first.provider == bk_cast.provider and first.prestatiecode == "MGN-PGGAZ-WT"
    assert not first.bsn  # not attributable to insured persons


def test_r_bk_2_awkward_amount_and_shares_in_quarterly_terms(bk_cast):
    Network.objects.filter(pk=bk_cast.network.pk).update(offers_casusoverleg=True)
    bk_cast.network.refresh_from_db()
    Verdeelsleutel.objects.filter(network=bk_cast.network).delete()
    verdeelsleutel_set(
        network=bk_cast.network,
        shares={bk_cast.insurer: Decimal("33.3333"), bk_cast.insurer_two: Decimal("66.6667")},
    )
    contract = contract_create(
        network=bk_cast.network,
        insurer=bk_cast.insurer,
        provider=bk_cast.provider,
        function=Function.CASUSOVERLEG,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        yearly_amount=Decimal("10000.01"),
        term_length=TermLength.KWARTAAL,
    )
    lumpsum_generate(network=bk_cast.network, year=2026)
    qs = lines(contract)
    assert qs.count() == 8
    assert sum(qs.values_list("amount", flat=True)) == Decimal("10000.01")
    for start in (date(2026, m, 1) for m in (1, 4, 7, 10)):
        term = qs.filter(service_date=start)
        assert sum(term.values_list("amount", flat=True)) in {
            Decimal("2500.00"),
            Decimal("2500.01"),
        }
    assert all(a == a.quantize(Decimal("0.01")) for a in qs.values_list("amount", flat=True))


def test_r_bk_2_generating_again_adds_nothing_and_terms_outside_the_contract_are_skipped(
    bk_cast,
):
    Contract.objects.filter(pk=bk_cast.lumpsum_contract.pk).update(starts_on=date(2025, 5, 1))
    assert lumpsum_generate(network=bk_cast.network, year=2025) == 16  # May–Dec
    assert lumpsum_generate(network=bk_cast.network, year=2025) == 0
    assert lines(bk_cast.lumpsum_contract).order_by("service_date").first().service_date == date(
        2025, 5, 1
    )


def test_r_bk_2_no_verdeelsleutel_is_refused(bk_cast):
    Verdeelsleutel.objects.filter(network=bk_cast.network).delete()
    with pytest.raises(ValidationError, match="verdeelsleutel"):
        lumpsum_generate(network=bk_cast.network, year=2025)


def test_r_bk_2_a_function_without_a_valid_prestatiecode_is_named_in_the_refusal(bk_cast):
    Prestatie.objects.filter(function=bk_cast.lumpsum_contract.function).delete()
    with pytest.raises(ValidationError) as refused:
        lumpsum_generate(network=bk_cast.network, year=2025)
    label = str(Function(bk_cast.lumpsum_contract.function).label)
    assert refused.value.messages == [f"Geen prestatiecode geldig voor: {label}."]
    assert not lines(bk_cast.lumpsum_contract).exists()


def test_nightly_task_generates_vg_and_lumpsum_lines_once(bk_cast):
    bk_cast.held_vg()
    assert tasks.generate_all_declarations.delay() is not None
    vg = Declaratieregel.objects.filter(soort=Soort.VG).count()
    lumpsum = Declaratieregel.objects.filter(soort=Soort.LUMPSUM).count()
    assert vg == 1 and lumpsum == 24
    tasks.generate_all_declarations.delay()
    assert Declaratieregel.objects.count() == vg + lumpsum


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
