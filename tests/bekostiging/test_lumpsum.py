"""R-BK-2: one regional amount per network, function and year, declared by the function's
kassier in terms, each term split exactly over the insurers that contracted the function
with the kassier, by the year's verdeelsleutel renormalised over them; made idempotently
by the generation service and the nightly task."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

import pytest

from bekostiging import tasks
from bekostiging.constants import Function, RegelStatus, Route, Soort, TermLength
from bekostiging.models import Contract, Declaratieregel, Prestatie, Verdeelsleutel
from bekostiging.services.contracten import contract_create, verdeelsleutel_set
from bekostiging.services.declaraties import regel_correct, regel_transition
from bekostiging.services.kassiers import functie_kassier_create, regionaal_bedrag_set
from bekostiging.services.lumpsum import lumpsum_generate, lumpsum_terms, split_exact
from networks.models import Network
from tests.networks.factories import OrganisationFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


def lines(network, function=Function.WACHTTIJDEN, **kw):
    return Declaratieregel.objects.filter(
        network=network, function=function, soort=Soort.LUMPSUM, **kw
    )


def total(qs) -> Decimal:
    return sum(qs.values_list("amount", flat=True), Decimal(0))


def test_r_bk_2_monthly_terms_split_by_the_verdeelsleutel_add_up_exactly(bk_cast):
    made = lumpsum_generate(network=bk_cast.network, year=2025)
    assert made.created == 24 and made.unassigned == []  # 12 months × 2 insurers
    qs = lines(bk_cast.network)
    assert total(qs) == Decimal("100000.00")
    one = qs.filter(insurer=bk_cast.insurer)
    two = qs.filter(insurer=bk_cast.insurer_two)
    assert total(one) == Decimal("60000.00")
    assert total(two) == Decimal("40000.00")
    assert set(one.values_list("contract", flat=True)) == {bk_cast.lumpsum_contract.pk}
    assert set(two.values_list("contract", flat=True)) == {bk_cast.lumpsum_contract_two.pk}
    first = one.order_by("service_date").first()
    assert (first.service_date, first.period_end) == (date(2025, 1, 1), date(2025, 1, 31))
    assert first.provider == bk_cast.provider and first.prestatiecode == "MGN-PGGAZ-WT"
    assert first.route == Route.PGGAZ
    assert not first.bsn  # not attributable to insured persons


def test_r_bk_2_awkward_amount_and_shares_in_quarterly_terms(bk_cast):
    network = bk_cast.network
    Network.objects.filter(pk=network.pk).update(offers_casusoverleg=True)
    network.refresh_from_db()
    verdeelsleutel_set(
        network=network,
        year=2026,
        shares={bk_cast.insurer: Decimal("33.3333"), bk_cast.insurer_two: Decimal("66.6667")},
    )
    functie_kassier_create(
        network=network,
        function=Function.CASUSOVERLEG,
        organisation=bk_cast.provider,
        starts_on=date(2026, 1, 1),
    )
    regionaal_bedrag_set(
        network=network,
        function=Function.CASUSOVERLEG,
        year=2026,
        amount=Decimal("10000.01"),
        term_length=TermLength.KWARTAAL,
    )
    for insurer in (bk_cast.insurer, bk_cast.insurer_two):
        contract_create(
            network=network,
            insurer=insurer,
            provider=bk_cast.provider,
            function=Function.CASUSOVERLEG,
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31),
        )
    lumpsum_generate(network=network, year=2026)
    qs = lines(network, Function.CASUSOVERLEG)
    assert qs.count() == 8
    assert total(qs) == Decimal("10000.01")
    for start in (date(2026, m, 1) for m in (1, 4, 7, 10)):
        assert total(qs.filter(service_date=start)) in {Decimal("2500.00"), Decimal("2500.01")}
    assert all(a == a.quantize(Decimal("0.01")) for a in qs.values_list("amount", flat=True))


def test_r_bk_2_generating_again_adds_nothing_and_terms_outside_the_contracts_are_reported(
    bk_cast,
):
    Contract.objects.filter(
        pk__in=[bk_cast.lumpsum_contract.pk, bk_cast.lumpsum_contract_two.pk]
    ).update(starts_on=date(2025, 5, 1))
    made = lumpsum_generate(network=bk_cast.network, year=2025)
    assert made.created == 16  # May–Dec × 2
    # January–April: no contracting insurer, no line, and said so.
    assert len(made.unassigned) == 4
    assert "geen zorgverzekeraar heeft de functie" in made.unassigned[0]
    assert lumpsum_generate(network=bk_cast.network, year=2025).created == 0
    assert lines(bk_cast.network).order_by("service_date").first().service_date == date(2025, 5, 1)


def test_r_bk_2_no_verdeelsleutel_for_the_year_is_refused(bk_cast):
    Verdeelsleutel.objects.filter(network=bk_cast.network, year=2025).delete()
    with pytest.raises(ValidationError, match="verdeelsleutel van 2025"):
        lumpsum_generate(network=bk_cast.network, year=2025)


def test_r_bk_2_a_function_without_a_valid_prestatiecode_is_named_in_the_refusal(bk_cast):
    Prestatie.objects.filter(function=Function.WACHTTIJDEN).delete()
    with pytest.raises(ValidationError) as refused:
        lumpsum_generate(network=bk_cast.network, year=2025)
    label = str(Function.WACHTTIJDEN.label)
    assert refused.value.messages == [f"Geen prestatiecode geldig voor: {label} (PGGAZ)."]
    assert not lines(bk_cast.network).exists()


def test_R_BK_2_no_line_for_an_insurer_without_a_contract_for_the_function(bk_cast):
    """Verzekeraar Twee has a share in the key but no wachttijden contract: it pays
    nothing; Verzekeraar Noord's contract carries the whole regional amount."""
    Contract.objects.filter(pk=bk_cast.lumpsum_contract_two.pk).update(declaring=False)
    made = lumpsum_generate(network=bk_cast.network, year=2025)
    assert made.created == 12
    assert not lines(bk_cast.network, insurer=bk_cast.insurer_two).exists()
    assert total(lines(bk_cast.network, insurer=bk_cast.insurer)) == Decimal("100000.00")


def test_R_BK_2_a_contract_signed_after_the_terms_were_split_never_adds_to_them(bk_cast):
    """The terms were split over Verzekeraar Noord alone; Verzekeraar Twee's contract is
    declaring again later: its share of those terms is not added on top (that would
    declare more than the regional amount), the terms are reported to correct first."""
    Contract.objects.filter(pk=bk_cast.lumpsum_contract_two.pk).update(declaring=False)
    lumpsum_generate(network=bk_cast.network, year=2025)
    Contract.objects.filter(pk=bk_cast.lumpsum_contract_two.pk).update(declaring=True)
    again = lumpsum_generate(network=bk_cast.network, year=2025)
    assert again.created == 0
    assert len(again.unassigned) == 12
    assert "al verdeeld over" in again.unassigned[0]
    assert bk_cast.insurer_two.name in again.unassigned[0]
    assert total(lines(bk_cast.network)) == Decimal("100000.00")


def test_R_BK_2_two_contracts_of_one_provider_never_double_a_term(bk_cast):
    """A second contract of Verzekeraar Noord with the kassier (an extension) and one of
    each insurer: the regional amount is declared once per term and insurer."""
    contract_create(
        network=bk_cast.network,
        insurer=bk_cast.insurer,
        provider=bk_cast.provider,
        function=Function.WACHTTIJDEN,
        starts_on=date(2025, 7, 1),
        ends_on=date(2025, 12, 31),
    )
    lumpsum_generate(network=bk_cast.network, year=2025)
    qs = lines(bk_cast.network)
    assert qs.count() == 24
    assert total(qs) == Decimal("100000.00")
    assert total(qs.filter(insurer=bk_cast.insurer)) == Decimal("60000.00")
    # ... and the database refuses a second live line for the same term and insurer.
    first = qs.filter(insurer=bk_cast.insurer).order_by("service_date").first()
    first.pk = None
    first.contract = bk_cast.lumpsum_contract_two
    with pytest.raises(IntegrityError), transaction.atomic():
        first.save()


def test_R_BK_2_a_credited_term_is_generated_again(bk_cast):
    """regel_correct credits a lumpsum line (no new line of its own); the next generation
    makes the term again, and only that term."""
    lumpsum_generate(network=bk_cast.network, year=2025)
    regel = lines(bk_cast.network, insurer=bk_cast.insurer).order_by("service_date").first()
    regel_transition(regel, RegelStatus.KLAAR)
    regel_transition(regel, RegelStatus.GEEXPORTEERD)
    credit, new = regel_correct(regel)
    assert new is None and credit.amount == -regel.amount and credit.route == Route.PGGAZ
    assert lumpsum_generate(network=bk_cast.network, year=2025).created == 1
    live = lines(bk_cast.network, insurer=bk_cast.insurer, credit_of__isnull=True, credited=False)
    assert live.filter(service_date=regel.service_date).count() == 1


def test_R_BK_2_the_split_uses_the_years_key(bk_cast):
    """Next year's key changes; generating the earlier year still uses its own shares."""
    verdeelsleutel_set(
        network=bk_cast.network,
        year=2026,
        shares={bk_cast.insurer: Decimal("25"), bk_cast.insurer_two: Decimal("75")},
    )
    lumpsum_generate(network=bk_cast.network, year=2025)
    lumpsum_generate(network=bk_cast.network, year=2026)
    y2025 = lines(bk_cast.network, service_date__year=2025)
    y2026 = lines(bk_cast.network, service_date__year=2026)
    assert total(y2025.filter(insurer=bk_cast.insurer)) == Decimal("60000.00")
    assert total(y2026.filter(insurer=bk_cast.insurer)) == Decimal("25000.00")
    assert total(y2026.filter(insurer=bk_cast.insurer_two)) == Decimal("75000.00")
    shares_2025 = dict(
        Verdeelsleutel.objects.filter(network=bk_cast.network, year=2025).values_list(
            "insurer", "share"
        )
    )
    assert shares_2025 == {bk_cast.insurer.pk: Decimal("60"), bk_cast.insurer_two.pk: Decimal("40")}


def test_R_BK_2_renormalised_over_the_contracting_insurers(bk_cast):
    """Three insurers share 50 / 30 / 20; only the 30 and the 20 contract: they split
    60 % / 40 % of every term, exactly to the cent, summing to the regional amount."""
    network = bk_cast.network
    third = OrganisationFactory(name="Verzekeraar Drie", zorgverzekeraar=True)
    PartnershipFactory(network=network, organisation=third, role_uitvoering=False)
    verdeelsleutel_set(
        network=network,
        year=2025,
        shares={
            third: Decimal("50"),
            bk_cast.insurer: Decimal("30"),
            bk_cast.insurer_two: Decimal("20"),
        },
    )
    regionaal_bedrag_set(
        network=network, function=Function.WACHTTIJDEN, year=2025, amount=Decimal("99999.99")
    )
    lumpsum_generate(network=network, year=2025)
    qs = lines(network)
    assert not qs.filter(insurer=third).exists()
    assert total(qs) == Decimal("99999.99")
    one = total(qs.filter(insurer=bk_cast.insurer))
    two = total(qs.filter(insurer=bk_cast.insurer_two))
    assert (one, two) == (Decimal("59999.99"), Decimal("40000.00"))
    for month in range(1, 13):
        term = qs.filter(service_date=date(2025, month, 1))
        assert total(term) in {Decimal("8333.33"), Decimal("8333.34")}
    assert all(a == a.quantize(Decimal("0.01")) for a in qs.values_list("amount", flat=True))


def test_R_BK_2_refused_when_the_key_does_not_cover_a_contracting_insurer(bk_cast):
    verdeelsleutel_set(network=bk_cast.network, year=2025, shares={bk_cast.insurer: Decimal("100")})
    with pytest.raises(ValidationError) as refused:
        lumpsum_generate(network=bk_cast.network, year=2025)
    assert refused.value.messages == [
        "Verzekeraar Twee heeft een lumpsumcontract maar geen aandeel in de verdeelsleutel "
        "van 2025; vul de verdeelsleutel van 2025 aan (R-BK-2)."
    ]
    assert not lines(bk_cast.network).exists()  # nothing at all


def test_R_BK_2_o_en_i_prestatie_for_an_rho_kassier_pggaz_for_a_ggz_kassier(bk_cast):
    network = bk_cast.network
    rho = OrganisationFactory(name="RHO Noord", rho=True)
    PartnershipFactory(network=network, organisation=rho)
    functie_kassier_create(
        network=network, function=Function.COORDINATIE, organisation=rho, starts_on=date(2025, 1, 1)
    )
    regionaal_bedrag_set(
        network=network,
        function=Function.COORDINATIE,
        year=2025,
        amount=Decimal("105000.00"),
        term_length=TermLength.KWARTAAL,
    )
    contract_create(
        network=network,
        insurer=bk_cast.insurer,
        provider=rho,
        function=Function.COORDINATIE,
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
    )
    lumpsum_generate(network=network, year=2025)
    coordinatie = lines(network, Function.COORDINATIE)
    assert coordinatie.count() == 4
    assert set(coordinatie.values_list("prestatiecode", "route", "provider")) == {
        ("MGN-OENI-KO", Route.O_EN_I, rho.pk)
    }
    assert total(coordinatie) == Decimal("105000.00")
    wachttijden = lines(network, Function.WACHTTIJDEN)
    assert set(wachttijden.values_list("prestatiecode", "route", "provider")) == {
        ("MGN-PGGAZ-WT", Route.PGGAZ, bk_cast.provider.pk)
    }


def test_nightly_task_generates_vg_and_lumpsum_lines_once(bk_cast):
    bk_cast.held_vg()
    assert tasks.generate_all_declarations.delay() is not None
    vg = Declaratieregel.objects.filter(soort=Soort.VG).count()
    lumpsum = Declaratieregel.objects.filter(soort=Soort.LUMPSUM).count()
    assert vg == 1 and lumpsum == 24  # the current year
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
