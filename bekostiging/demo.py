"""Demo data for bekostiging in the fictional region Veenland (runs after the function I
demo, whose held conversations become the declaration lines).

- The verdeelsleutel of the three insurers per year (R-BK-2): 55 / 30 / 15 last year,
  50 / 30 / 20 this year (exactly 100% each).
- VG contracts of GGZ Veenland and Ambulante GGZ De Brug with Zorgverzekeraar Noordster
  and Veenzorg Verzekeringen; none of them with Coöperatie Zorgpolis Oost. The RHO
  (Huisartsenorganisatie Veenland) bought the VG for its huisartsen with Zorgpolis Oost,
  so the conversation of Linda, insured there, is declared by the RHO for the ggz
  professional who was there (R-BK-1: the VG through an RHO). GGZ Veenland's contract
  with Veenzorg is a new one that started between Yvonne's two conversations (80 and 73
  days before seeding in the function I demo): her first is held back ("contract niet
  geldig"), her second is declared.
- Regie and kassier per function (R-NW-3, R-NW-4): the kerninstelling GGZ Veenland for
  transfer, wachttijden and casusoverleg (it declares through the PGGAZ prestatie), the
  RHO for coördinatie (it declares through the O&I prestatie: O&I is a route, not a
  function, so there is no separate O&I contract).
- One regional amount per function for the year (R-BK-2), in monthly or quarterly terms
  (the RHO's coördinatie 105,000: what was 80,000 coördinatie + 25,000 O&I).
- Lumpsum contracts only between the kassier and the insurers that contract the
  function: Noordster and Veenzorg contract all four; Zorgpolis Oost only coördinatie, so
  it gets no transfer, wachttijden or casusoverleg line; each term is split over the
  contracting insurers by the year's key renormalised over them. Every lumpsum line has
  a contracting insurer.
- The lines of the current year in every state: concept (what is not yet checked),
  klaar (Veenzorg's), geëxporteerd and geaccepteerd (one CSV export of Noordster,
  marked, with verdicts), afgewezen with a reason, corrected by a credit line plus a new
  line after the coordinator recorded the person's checked insurance (a Verzekering).
- The gemeenten's agreements for the year, funded from SPUK-IZA or transformatiemiddelen
  only (R-BK-3); Kanaalzijde agreed none yet, so its resident's held VG is an over-run
  "ter beslissing door de gemeente", not due. And a budget per function and funder.

Idempotent: contracts, agreements and budget lines are found again by their keys, the
generation services make only what is missing, and the lines are moved through their
states once (when the network has no export yet). Dates are relative to the day of
seeding; the people are those of the function I demo (RvIG test BSNs, R-PR-3).
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from bekostiging.constants import (
    SD_DEELNAME,
    ExportFormat,
    Function,
    FundingSource,
    RegelStatus,
    Soort,
    TermLength,
)
from bekostiging.models import (
    Begrotingspost,
    Contract,
    Declaratieregel,
    Export,
    FunctieKassier,
    GemeenteAfspraak,
    RegionaalBedrag,
    TegengehoudenDeclaratie,
    Verzekering,
)
from bekostiging.services import contracten, declaraties, exports, kassiers
from bekostiging.services import lumpsum as lumpsum_services
from mgn.accounts.models import User
from mgn.formats import euro
from networks.models import Network, Organisation
from verkennend_gesprek.constants import DEMO_KEY_PREFIX
from verkennend_gesprek.models import VerkennendGesprek

NETWORK = "veenland"
COORDINATOR = "coordinator@demo.mgn.nl"
INSURER_LOGIN = "verzekeraar@demo.mgn.nl"
KERN = "GGZ Veenland"
DE_BRUG = "Ambulante GGZ De Brug"
RHO = "Huisartsenorganisatie Veenland (HOV)"
MANDAATGEMEENTE = "Gemeente Veendam aan de Aa"
NOORDSTER, VEENZORG, ZORGPOLIS = "9901", "9902", "9903"

# UZOVI -> share of the network's costs (%), this year and last year (R-BK-2).
VERDEELSLEUTEL = {NOORDSTER: Decimal("50"), VEENZORG: Decimal("30"), ZORGPOLIS: Decimal("20")}
VERDEELSLEUTEL_LAST_YEAR = {
    NOORDSTER: Decimal("55"),
    VEENZORG: Decimal("30"),
    ZORGPOLIS: Decimal("15"),
}
# (provider, UZOVI, tariff): no ggz provider has a VG contract with Zorgpolis Oost; the
# RHO bought the VG for its huisartsen with it (its conversations are declared by the RHO).
VG_CONTRACTS = [
    (KERN, NOORDSTER, Decimal("155.00")),
    (KERN, VEENZORG, Decimal("145.00")),
    (DE_BRUG, NOORDSTER, Decimal("150.00")),
    (DE_BRUG, VEENZORG, Decimal("140.00")),
    (RHO, ZORGPOLIS, Decimal("135.00")),
]
# (provider, UZOVI) -> days before seeding the contract starts (the others start on 1
# January of last year): between Yvonne's two conversations (80 and 73 days ago), so the
# first is held back, "contract niet geldig".
VG_CONTRACT_STARTS_DAYS_AGO = {(KERN, VEENZORG): 76}
# (function, kassier, regional amount of the year, terms, the insurers contracting it):
# R-NW-3/R-NW-4 one kassier per function; R-BK-2 one regional amount, split over the
# contracting insurers only (Zorgpolis Oost contracts coördinatie only).
LUMPSUM_CONTRACTS = [
    (Function.TRANSFER, KERN, Decimal("60000.00"), TermLength.MAAND, (NOORDSTER, VEENZORG)),
    (Function.WACHTTIJDEN, KERN, Decimal("47500.00"), TermLength.MAAND, (NOORDSTER, VEENZORG)),
    (
        Function.CASUSOVERLEG,
        KERN,
        Decimal("30000.01"),
        TermLength.KWARTAAL,
        (NOORDSTER, VEENZORG),
    ),
    (
        Function.COORDINATIE,
        RHO,
        Decimal("105000.00"),
        TermLength.KWARTAAL,
        (NOORDSTER, VEENZORG, ZORGPOLIS),
    ),
]
# The VGs per insurer the network budgets for (at the kerninstelling's tariff).
BUDGET_VG_COUNT = {NOORDSTER: 120, VEENZORG: 70, ZORGPOLIS: 40}
# CBS code -> (VGs agreed, rate for the SD professional, funding source). R-BK-3: the SD
# part of the VG only from SPUK-IZA or transformatiemiddelen (Wmo and brede SPUK pay for
# follow-up). Kanaalzijde agreed no VGs for the year (yet): the VG of its resident that
# the function I demo held 4 days ago is an over-run awaiting its decision (the
# mandaatgemeente's login, gemeente@demo.mgn.nl, decides it on the funding page).
OVER_RUN_GEMEENTE = "GM9908"
AFSPRAKEN = {
    "GM9901": (60, Decimal("110.00"), FundingSource.SPUK_IZA),
    "GM9902": (35, Decimal("110.00"), FundingSource.SPUK_IZA),
    "GM9903": (20, Decimal("105.00"), FundingSource.TRANSFORMATIEMIDDELEN),
    "GM9904": (20, Decimal("105.00"), FundingSource.TRANSFORMATIEMIDDELEN),
    "GM9905": (15, Decimal("100.00"), FundingSource.TRANSFORMATIEMIDDELEN),
    "GM9906": (30, Decimal("110.00"), FundingSource.SPUK_IZA),
    "GM9907": (15, Decimal("100.00"), FundingSource.SPUK_IZA),
    OVER_RUN_GEMEENTE: (0, Decimal("110.00"), FundingSource.SPUK_IZA),
    "GM9909": (15, Decimal("100.00"), FundingSource.TRANSFORMATIEMIDDELEN),
}
# The person whose line Noordster rejects: the policy number the huisarts gave was an old
# one; the coordinator records the checked insurance and corrects the line.
REJECTED_SCENARIO = "11"  # Dennis Vos of the function I demo
CHECKED_POLICY = "NS-40417723"
REJECTION = "Polisnummer onbekend op de datum van de prestatie"


def _scenario_bsn(network: Network, key: str) -> str:
    """The BSN of the person in a function I demo scenario (its request's idempotency key)."""
    return VerkennendGesprek.objects.values_list("persoon__bsn", flat=True).get(
        network=network, idempotency_key=DEMO_KEY_PREFIX + key
    )


def _org(**lookup) -> Organisation:
    return Organisation.objects.get(**lookup)


def _verdeelsleutel(
    network: Network, insurers: dict[str, Organisation], year: int, user: User
) -> None:
    for key_year, shares in ((year - 1, VERDEELSLEUTEL_LAST_YEAR), (year, VERDEELSLEUTEL)):
        if network.verdeelsleutel.filter(year=key_year).exists():
            continue
        contracten.verdeelsleutel_set(
            network=network,
            year=key_year,
            shares={insurers[u]: share for u, share in shares.items()},
            user=user,
        )


def _kassiers(network: Network, year: int, user: User) -> None:
    """R-NW-3/R-NW-4: the kassier per function from last year on, and the regional amounts
    of this year (R-BK-2)."""
    for function, provider_name, amount, terms, _uzovis in LUMPSUM_CONTRACTS:
        if not FunctieKassier.objects.filter(network=network, function=function).exists():
            kassiers.functie_kassier_create(
                network=network,
                function=function,
                organisation=_org(name=provider_name),
                starts_on=date(year - 1, 1, 1),
                user=user,
            )
        if not RegionaalBedrag.objects.filter(
            network=network, function=function, year=year
        ).exists():
            kassiers.regionaal_bedrag_set(
                network=network,
                function=function,
                year=year,
                amount=amount,
                term_length=terms,
                user=user,
            )


def _contracts(network: Network, insurers: dict[str, Organisation], year: int) -> int:
    made = 0
    for provider_name, uzovi, tariff in VG_CONTRACTS:
        provider = _org(name=provider_name)
        exists = Contract.objects.filter(
            network=network,
            provider=provider,
            insurer=insurers[uzovi],
            function=Function.VERKENNEND_GESPREK,
        ).exists()
        if not exists:
            # From the year before, so conversations early in January are covered too.
            days_ago = VG_CONTRACT_STARTS_DAYS_AGO.get((provider_name, uzovi))
            contracten.contract_create(
                network=network,
                insurer=insurers[uzovi],
                provider=provider,
                function=Function.VERKENNEND_GESPREK,
                starts_on=date(year - 1, 1, 1)
                if days_ago is None
                else timezone.localdate() - timedelta(days=days_ago),
                ends_on=date(year + 1, 12, 31),
                tariff=tariff,
            )
            made += 1
    for function, provider_name, _amount, _terms, uzovis in LUMPSUM_CONTRACTS:
        provider = _org(name=provider_name)
        for uzovi in uzovis:
            made += lumpsum_year_contract(network, insurers[uzovi], provider, function, year)
    return made


def lumpsum_year_contract(network, insurer, provider, function: str, year: int) -> bool:
    """The insurer's declaring lumpsum contract of ``function`` for the calendar ``year``,
    made unless one covers the year already (also used by ``demo_history``)."""
    if Contract.objects.filter(
        network=network,
        function=function,
        insurer=insurer,
        declaring=True,
        starts_on__lte=date(year, 12, 31),
        ends_on__gte=date(year, 1, 1),
    ).exists():
        return False
    contracten.contract_create(
        network=network,
        insurer=insurer,
        provider=provider,
        function=function,
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
    )
    return True


def _begun(qs, today: date):
    """Lines whose period has begun (VG: held; lumpsum: the term has started)."""
    return qs.filter(service_date__lte=today)


def _export(*, network, insurer, user, lines: list[Declaratieregel], today: date) -> Export:
    """Noordster downloads its ready lines as CSV and marks the export as processed."""
    export = exports.export_create(
        user=user,
        network=network,
        insurer=insurer,
        period_start=min(r.service_date for r in lines).replace(day=1),
        period_end=today,
        statuses=[RegelStatus.KLAAR],
        format=ExportFormat.CSV,
    )
    exports.export_mark(export=export, user=user)
    return export


def _stage(network: Network, insurers: dict[str, Organisation], today: date) -> None:
    """Move the generated lines into every state, once."""
    coordinator = User.objects.get(email=COORDINATOR)
    insurer_user = User.objects.get(email=INSURER_LOGIN)
    noordster, veenzorg = insurers[NOORDSTER], insurers[VEENZORG]
    lines = Declaratieregel.objects.filter(network=network, status=RegelStatus.CONCEPT)
    week_ago = today - timedelta(days=7)
    rejected_bsn = _scenario_bsn(network, REJECTED_SCENARIO)

    # Noordster: everything begun except last week's conversations is checked and ready,
    # then exported as CSV.
    ready = list(
        _begun(lines.filter(insurer=noordster), today)
        .exclude(soort=Soort.VG, service_date__gt=week_ago)
        .order_by("pk")
    )
    declaraties.regels_mark_ready(ready)
    ready = list(Declaratieregel.objects.filter(pk__in=[r.pk for r in ready]).order_by("pk"))
    _export(network=network, insurer=noordster, user=insurer_user, lines=ready, today=today)

    # Noordster's verdicts: the terms that ended are accepted, and every VG line but one;
    # the running terms wait (geëxporteerd); Dennis's line is rejected.
    for regel in Declaratieregel.objects.filter(pk__in=[r.pk for r in ready]).order_by("pk"):
        if regel.soort == Soort.VG and regel.bsn == rejected_bsn:
            declaraties.regel_judge(regel, accepted=False, reason=REJECTION)
        elif regel.soort == Soort.VG or regel.period_end < today:
            declaraties.regel_judge(regel, accepted=True)

    # The coordinator checks Dennis's insurance (COV) and corrects the rejected line: a
    # credit line (klaar) and a new line with the checked policy number (concept).
    rejected = Declaratieregel.objects.filter(
        network=network, status=RegelStatus.AFGEWEZEN, bsn=rejected_bsn
    ).first()
    if rejected is not None:
        persoon = rejected.gesprek.verkennend_gesprek.persoon
        if not Verzekering.objects.filter(persoon=persoon).exists():
            declaraties.verzekering_record(
                persoon=persoon,
                insurer=noordster,
                policy_number=CHECKED_POLICY,
                starts_on=date(today.year - 1, 1, 1),
                user=coordinator,
            )
        declaraties.regel_correct(rejected, user=coordinator)

    # Veenzorg: the provider marked its begun lines ready; not yet exported.
    declaraties.regels_mark_ready(list(_begun(lines.filter(insurer=veenzorg), today)))
    # Zorgpolis Oost's lines and all future terms stay concept.


def _afspraken(network: Network, year: int) -> int:
    """The year's agreements (R-BK-3). A demo agreement seeded before the rule with Wmo or
    brede SPUK gets the demo's allowed source; counts and rates found are left alone."""
    made = 0
    for gemeente in network.gemeenten.filter(cbs_code__in=AFSPRAKEN):
        count, rate, source = AFSPRAKEN[gemeente.cbs_code]
        afspraak, created = GemeenteAfspraak.objects.get_or_create(
            network=network,
            gemeente=gemeente,
            year=year,
            defaults={"agreed_count": count, "rate": rate, "funding_source": source},
        )
        if not afspraak.funding_source_allowed:
            afspraak.funding_source = source
            afspraak.save(update_fields=["funding_source"])
        made += created
    return made


def _begroting(network: Network, insurers: dict[str, Organisation], year: int) -> int:
    """Per function and funder: the regional amounts by the verdeelsleutel over the insurers
    that contract the function, the VG by the budgeted count per insurer, and the
    gemeenten's SD part paid through the mandaatgemeente."""
    posts: list[tuple[str, Organisation, Decimal]] = []
    for function, _provider, amount, _terms, uzovis in LUMPSUM_CONTRACTS:
        shares = {insurers[u]: VERDEELSLEUTEL[u] for u in uzovis}
        posts += [(function, p.key, p.amount) for p in lumpsum_services.split_exact(amount, shares)]
    vg_tariff = {u: t for p, u, t in VG_CONTRACTS if p == KERN}
    for uzovi, count in BUDGET_VG_COUNT.items():
        tariff = vg_tariff.get(uzovi, vg_tariff[NOORDSTER])
        posts.append((Function.VERKENNEND_GESPREK, insurers[uzovi], count * tariff))
    sd = sum((count * rate for count, rate, _source in AFSPRAKEN.values()), Decimal(0))
    posts.append((SD_DEELNAME, _org(name=MANDAATGEMEENTE), sd))
    made = 0
    for function, funder, amount in posts:
        _obj, created = Begrotingspost.objects.get_or_create(
            network=network,
            year=year,
            function=function,
            funder=funder,
            defaults={"amount": amount},
        )
        made += created
    return made


@transaction.atomic
def seed_demo() -> str:
    network = Network.objects.get(slug=NETWORK)
    today = timezone.localdate()
    year = today.year
    insurers = {o.uzovi: o for o in Organisation.objects.filter(uzovi__in=VERDEELSLEUTEL)}
    coordinator = User.objects.get(email=COORDINATOR)
    _verdeelsleutel(network, insurers, year, coordinator)
    _kassiers(network, year, coordinator)
    contracts = _contracts(network, insurers, year)
    run = declaraties.declaraties_generate(network=network, user=coordinator)
    lumpsum = lumpsum_services.lumpsum_generate(
        network=network, year=year, user=coordinator
    ).created
    if not Export.objects.filter(network=network).exists():
        _stage(network, insurers, today)
    afspraken = _afspraken(network, year)
    posts = _begroting(network, insurers, year)

    regels = Declaratieregel.objects.filter(network=network)
    by_status = dict(regels.values_list("status").annotate(n=Count("pk")))
    states = ", ".join(
        f"{RegelStatus(s).label.lower()} {by_status[s]}"
        for s in RegelStatus.values
        if s in by_status
    )
    held = TegengehoudenDeclaratie.objects.filter(network=network, resolved_at__isnull=True)
    total = regels.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    return (
        f"{regels.count()} declaratieregels ({run.created + lumpsum} nieuw, {euro(total)}): "
        f"{states}; {held.count()} tegengehouden; {contracts} contracten, "
        f"{afspraken} gemeenteafspraken, {posts} begrotingsposten nieuw"
    )
