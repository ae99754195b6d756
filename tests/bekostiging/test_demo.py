"""The demo region's bekostiging data: contracts for its insurers, lines in every state
(with a held-back conversation, a line declared by the RHO and a correction), the
gemeenten's agreements, a budget; only test BSNs, and idempotent."""

import re
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone

import pytest
from stdnum.nl import bsn as stdnum_bsn

from bekostiging import demo
from bekostiging.constants import (
    SD_DEELNAME,
    Function,
    FundingSource,
    HeldBackReason,
    RegelStatus,
    Route,
    Soort,
)
from bekostiging.models import (
    Begrotingspost,
    Contract,
    Declaratieregel,
    Export,
    ExportRegel,
    FunctieKassier,
    GemeenteAfspraak,
    RegionaalBedrag,
    TegengehoudenDeclaratie,
    Verdeelsleutel,
    Verzekering,
)
from bekostiging.selectors.financiering import network_funding
from mgn.formats import euro
from networks import demo as networks_demo
from networks.models import Network
from verkennend_gesprek import demo as vg_demo

MODELS = (
    Verdeelsleutel,
    FunctieKassier,
    RegionaalBedrag,
    Contract,
    Declaratieregel,
    TegengehoudenDeclaratie,
    Export,
    ExportRegel,
    Verzekering,
    GemeenteAfspraak,
    Begrotingspost,
)
# Rewritten on every generation run by design ("laatst gecontroleerd").
VOLATILE = {"checked_at", "set_at"}


def snapshot() -> dict:
    """Every row of every bekostiging table, as values."""
    result = {}
    for model in MODELS:
        fields = [f.attname for f in model._meta.concrete_fields if f.name not in VOLATILE]
        result[model.__name__] = list(model.objects.order_by("pk").values_list(*fields))
    return result


@pytest.fixture
def seeded(db):
    networks_demo.seed_demo()
    vg_demo.seed_demo()
    summary = demo.seed_demo()
    return Network.objects.get(slug="veenland"), summary


def test_seeding_twice_changes_nothing(seeded):
    first = snapshot()
    networks_demo.seed_demo()
    vg_demo.seed_demo()
    summary = demo.seed_demo()
    assert snapshot() == first
    assert "(0 nieuw," in summary
    assert "0 contracten, 0 gemeenteafspraken, 0 begrotingsposten nieuw" in summary


def test_r_bk_1_demo_has_lines_in_every_state(seeded):
    network, summary = seeded
    lines = Declaratieregel.objects.filter(network=network)
    by_status = dict(lines.values_list("status").annotate(n=Count("pk")))
    assert set(by_status) == set(RegelStatus.values), by_status
    for soort in Soort.values:
        assert lines.filter(soort=soort).exists(), soort
    rejected = lines.get(status=RegelStatus.AFGEWEZEN)
    assert rejected.rejection_reason == demo.REJECTION
    assert f"afgewezen {by_status[RegelStatus.AFGEWEZEN]}" in summary


def test_R_BK_1_a_conversation_before_its_contract_started_is_held_back(seeded):
    network, summary = seeded
    held = TegengehoudenDeclaratie.objects.get(network=network, resolved_at__isnull=True)
    assert held.reason == HeldBackReason.CONTRACT_NIET_GELDIG
    assert (held.provider.name, held.insurer.uzovi) == (demo.KERN, demo.VEENZORG)
    contract = Contract.objects.get(
        network=network,
        provider=held.provider,
        insurer=held.insurer,
        function=Function.VERKENNEND_GESPREK,
    )
    assert held.service_date < contract.starts_on
    assert not Declaratieregel.objects.filter(gesprek=held.gesprek).exists()
    assert "1 tegengehouden" in summary


def test_R_BK_1_the_demo_has_a_line_declared_by_the_rho(seeded):
    network, _summary = seeded
    line = Declaratieregel.objects.get(network=network, soort=Soort.VG, provider__name=demo.RHO)
    assert line.insurer.uzovi == demo.ZORGPOLIS and line.amount == Decimal("135.00")
    assert line.contract.provider == line.provider and line.provider_agb
    # Declared by the RHO for the ggz professional who was there, not for the RHO itself.
    assert line.professional.organisation.name != demo.RHO
    assert line.professional_name == line.professional.name
    # No ggz provider has a VG contract with Zorgpolis Oost.
    assert (
        not Contract.objects.filter(
            network=network, insurer=line.insurer, function=Function.VERKENNEND_GESPREK
        )
        .exclude(provider=line.provider)
        .exists()
    )


def test_r_bk_1_the_rejected_line_is_corrected_by_a_credit_and_a_new_line(seeded):
    network, _summary = seeded
    original = Declaratieregel.objects.get(network=network, status=RegelStatus.AFGEWEZEN)
    assert original.credited
    credit = original.credit
    assert credit.amount == -original.amount and credit.status == RegelStatus.KLAAR
    new = original.replaced_by
    assert new.status == RegelStatus.CONCEPT and new.amount == original.amount
    # The new line carries the insurance the coordinator checked and recorded.
    assert new.policy_number == demo.CHECKED_POLICY != original.policy_number
    verzekering = Verzekering.objects.get(persoon=original.gesprek.verkennend_gesprek.persoon)
    assert verzekering.policy_number == demo.CHECKED_POLICY
    assert verzekering.insurer_id == original.insurer_id


def test_r_bk_4_the_export_holds_noordster_lines_only_and_adds_up(seeded):
    network, _summary = seeded
    export = Export.objects.get(network=network)
    assert export.insurer.uzovi == demo.NOORDSTER and export.marked_at is not None
    lines = Declaratieregel.objects.filter(
        pk__in=ExportRegel.objects.filter(export=export).values("regel")
    )
    assert lines.count() == export.line_count > 0
    assert lines.aggregate(total=Sum("amount"))["total"] == export.total_amount
    assert set(lines.values_list("insurer_id", flat=True)) == {export.insurer_id}
    assert set(lines.values_list("status", flat=True)) == {
        RegelStatus.GEEXPORTEERD,
        RegelStatus.GEACCEPTEERD,
        RegelStatus.AFGEWEZEN,
    }
    # Exported lines are exactly those of the export.
    exported = Declaratieregel.objects.filter(
        network=network,
        status__in=[RegelStatus.GEEXPORTEERD, RegelStatus.GEACCEPTEERD, RegelStatus.AFGEWEZEN],
    )
    assert set(exported.values_list("pk", flat=True)) == set(lines.values_list("pk", flat=True))


def test_R_BK_2_verdeelsleutel_per_year_is_exactly_100_percent_over_three_insurers(seeded):
    network, _summary = seeded
    year = timezone.localdate().year
    for key_year, expected in (
        (year, demo.VERDEELSLEUTEL),
        (year - 1, demo.VERDEELSLEUTEL_LAST_YEAR),
    ):
        shares = network.verdeelsleutel.filter(year=key_year)
        assert {s.insurer.uzovi: s.share for s in shares} == expected
        assert sum(s.share for s in shares) == Decimal("100")


def test_R_BK_2_lumpsum_terms_add_up_to_each_regional_amount(seeded):
    network, _summary = seeded
    year = timezone.localdate().year
    bedragen = RegionaalBedrag.objects.filter(network=network, year=year)
    assert {b.function for b in bedragen} == set(Function.values) - {Function.VERKENNEND_GESPREK}
    for bedrag in bedragen:
        lines = Declaratieregel.objects.filter(
            network=network,
            soort=Soort.LUMPSUM,
            function=bedrag.function,
            service_date__year=year,
            credit_of__isnull=True,
        )
        assert lines.aggregate(total=Sum("amount"))["total"] == bedrag.amount
    assert {b.term_length for b in bedragen} == {"maand", "kwartaal"}


def test_R_BK_2_every_lumpsum_line_has_a_contract_of_its_insurer_for_its_function(seeded):
    network, _summary = seeded
    lines = Declaratieregel.objects.filter(network=network, soort=Soort.LUMPSUM).select_related(
        "contract"
    )
    assert lines.exists()
    for line in lines:
        assert line.contract.insurer_id == line.insurer_id
        assert line.contract.function == line.function
        assert line.contract.provider_id == line.provider_id
        kassier = FunctieKassier.objects.get(network=network, function=line.function)
        assert kassier.organisation_id == line.provider_id
    # Zorgpolis Oost contracts coördinatie only: no line for the other functions.
    zorgpolis = lines.filter(insurer__uzovi=demo.ZORGPOLIS)
    assert set(zorgpolis.values_list("function", flat=True)) == {Function.COORDINATIE}


def test_R_BK_2_the_rho_declares_through_o_en_i_the_kerninstelling_through_pggaz(seeded):
    network, _summary = seeded
    lines = Declaratieregel.objects.filter(network=network, soort=Soort.LUMPSUM)
    rho = lines.filter(provider__name=demo.RHO)
    assert set(rho.values_list("function", "route")) == {(Function.COORDINATIE, Route.O_EN_I)}
    assert set(rho.values_list("prestatiecode", flat=True)) == {"MGN-OENI-KO"}
    kern = lines.filter(provider__name=demo.KERN)
    assert set(kern.values_list("route", flat=True)) == {Route.PGGAZ}
    assert all(
        code.startswith("MGN-PGGAZ-") for code in kern.values_list("prestatiecode", flat=True)
    )


def test_r_nw_4_one_declaring_party_per_lumpsum_function(seeded):
    network, _summary = seeded
    declaring = (
        Contract.objects.filter(network=network, declaring=True)
        .exclude(function=Function.VERKENNEND_GESPREK)
        .values("function")
        .annotate(providers=Count("provider", distinct=True))
    )
    assert declaring and all(row["providers"] == 1 for row in declaring)
    rho = Contract.objects.filter(network=network, function=Function.COORDINATIE)
    assert {c.provider.name for c in rho} == {demo.RHO}


def test_r_bk_3_every_gemeente_has_an_agreement_from_spuk_iza_or_transformatiemiddelen(seeded):
    network, _summary = seeded
    year = timezone.localdate().year
    afspraken = GemeenteAfspraak.objects.filter(network=network, year=year)
    assert set(afspraken.values_list("gemeente__cbs_code", flat=True)) == set(
        network.gemeenten.values_list("cbs_code", flat=True)
    )
    sources = set(afspraken.values_list("funding_source", flat=True))
    assert sources == {FundingSource.SPUK_IZA, FundingSource.TRANSFORMATIEMIDDELEN}
    assert all(a.rate > 0 for a in afspraken)
    assert all(
        a.agreed_count > 0 for a in afspraken if a.gemeente.cbs_code != demo.OVER_RUN_GEMEENTE
    )


def test_r_bk_3_one_gemeente_shows_an_over_run_awaiting_its_decision(seeded):
    network, _summary = seeded
    overview = network_funding(network, timezone.localdate().year)
    over = [r for r in overview.rows if r.over_run]
    assert [r.gemeente.cbs_code for r in over] == [demo.OVER_RUN_GEMEENTE]
    (row,) = over
    assert row.open_over_run == row.over_run > 0 and row.besluit is None
    assert row.amount_due == row.within * row.rate  # the over-run is not due
    assert row.open_over_run_amount == row.over_run * row.rate


def test_budget_per_function_and_funder(seeded):
    network, _summary = seeded
    posts = Begrotingspost.objects.filter(network=network, year=timezone.localdate().year)
    assert set(posts.values_list("function", flat=True)) == {*Function.values, SD_DEELNAME}
    funders = set(posts.values_list("funder__uzovi", flat=True))
    assert set(demo.VERDEELSLEUTEL) <= funders
    assert posts.get(function=SD_DEELNAME).funder.name == demo.MANDAATGEMEENTE
    for function, _provider, amount, _terms, uzovis in demo.LUMPSUM_CONTRACTS:
        assert posts.filter(function=function).aggregate(t=Sum("amount"))["t"] == amount
        funders = set(posts.filter(function=function).values_list("funder__uzovi", flat=True))
        assert funders == set(uzovis)


def test_r_pr_3_only_rvig_test_bsns_on_the_lines(seeded):
    network, _summary = seeded
    bsns = set(
        Declaratieregel.objects.filter(network=network, soort=Soort.VG).values_list(
            "bsn", flat=True
        )
    )
    assert bsns and all(b.startswith("9999") and stdnum_bsn.is_valid(b) for b in bsns)
    assert not Declaratieregel.objects.filter(soort=Soort.LUMPSUM).exclude(bsn="").exists()


def test_the_demo_summary_shows_its_total_as_a_dutch_amount(seeded):
    network, summary = seeded
    total = Declaratieregel.objects.filter(network=network).aggregate(t=Sum("amount"))["t"]
    assert f"nieuw, {euro(total)}): " in summary
    # "€ 243.390,01", never the aggregate's raw Decimal ("€ 243390.010000000").
    assert re.search(r"€ \d{1,3}(\.\d{3})*,\d{2}\)", summary), summary
