"""Bekostiging's part of the bench dataset (version 4): 1,000,000 declaration lines for one
insurer in one network, and one marked CSV export holding all of them.

The insurer is the cast insurer's (``Zorgverzekeraar A``, UZOVI 3301); the network the
first of its networks that is neither the member's nor one the coordinator coordinates.
Each of the network's ggz partners (kerninstellingen and ggz-aanbieders) has a VG
contract with the insurer (tariff € 140–160) and one ggz professional. The persons are
the RvIG test BSNs (9999xxxxx passing the elfproef, R-PR-3; there are no more) except the
function I request's: 9,090, all insured with the insurer. 990,000 held conversations,
one per request (about 109 per person), over the year before ``REFERENCE_DATE``, each
declared once by one of the ggz partners (R-BK-1: the line carries the person's BSN,
policy number and date of birth as declared); the 10,000 oldest lines are credited
(10,000 credit lines, so the export's credit-reference column is filled too). 1,000,000
lines in all, status geëxporteerd, all in the export (``ExportRegel``).

Built with one ORM row per table as a template and ``INSERT … SELECT`` over
``generate_series`` / the rows before (no Python per row), so fields added later with a
Python default are copied from the template. Meanwhile the four big tables' foreign keys
and plain indexes are dropped and then made again (``bulk_load``): PostgreSQL checks each
key with one join and builds each index in one sort, instead of a trigger and an index
insertion per row (the whole dataset build went from 278 s to 100 s here).
"""

import random
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from bekostiging.constants import ExportFormat, Function, RegelStatus, Soort
from bekostiging.models import Contract, Declaratieregel, Export, ExportRegel, Prestatie
from bekostiging.services.reference import prestaties_seed as seed_prestaties
from mgn.accounts.models import User
from mgn.jobs.constants import JobStatus
from networks.constants import Discipline
from networks.constants import OrganisationKind as K
from networks.models import Network, NetworkUserObjectPermission, Professional
from verkennend_gesprek.constants import Mode, Status
from verkennend_gesprek.models import Gesprek, Persoon, VerkennendGesprek

REFERENCE_DATE = date(2026, 11, 23)
DAYS = 365


@dataclass(frozen=True)
class BkBenchCast:
    lines: int = 1_000_000  # in the export, credits included
    credits: int = 10_000  # credit lines of the oldest debit lines
    contract_start: date = date(2025, 1, 1)
    contract_end: date = date(2027, 12, 31)


BK_CAST = BkBenchCast()


def rvig_test_bsns() -> list[str]:
    """Every RvIG test BSN (9999xxxxx passing the elfproef, R-PR-3): 9,091 numbers."""
    from stdnum.nl import bsn

    return [n for n in (f"9999{i:05d}" for i in range(100_000)) if bsn.is_valid(n)]


def bench_network(builder) -> Network:
    """The insurer's first network that no other scenario's user works in."""
    from bench.dataset import CAST

    coordinated = set(
        NetworkUserObjectPermission.objects.filter(
            user__email=CAST.coordinator, permission__codename="coordinate_network"
        ).values_list("content_object_id", flat=True)
    )
    member_network = builder.networks_list[0].pk
    for network in builder.networks_list[: CAST.insurer_networks]:
        if (
            network.pk != member_network
            and network.pk not in coordinated
            and network.preferente_zorgverzekeraar_id == builder.insurers[0].pk
        ):
            return network
    return builder.networks_list[1]


def bench_export() -> Export:
    return Export.objects.filter(line_count=BK_CAST.lines).order_by("pk").first()


@contextmanager
def bulk_load(*models):
    """Drop the tables' foreign keys and the indexes that back no constraint, and make
    them again (the same definitions, validated) when the block ends."""
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        # Fire the checks still pending in this transaction: a table with pending trigger
        # events cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) "
            "ORDER BY conrelid, conname",
            [tables],
        )
        keys = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
            "FROM pg_index i WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid "
            "AND c.conrelid = i.indrelid) ORDER BY 1",
            [tables],
        )
        indexes = cursor.fetchall()
        for table, name, _definition in keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in keys:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _copy_sql(model, overrides: dict[str, str], source: str, where: str = "") -> str:
    """INSERT INTO model (all columns but id) SELECT t.<col> or an override FROM ..."""
    columns = [f.column for f in model._meta.concrete_fields if not f.primary_key]
    missing = set(overrides) - set(columns)
    if missing:
        raise ValueError(f"{model.__name__} has no column(s) {sorted(missing)}")
    values = [overrides.get(c, f"t.{c}") for c in columns]
    return (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM {source} {where}"
    )


def build(builder) -> None:
    """Add bekostiging's rows to the dataset ``builder`` (bench.dataset._Builder) made."""
    from bench.dataset import CAST

    rng = random.Random(builder.rng.random())
    seed_prestaties()
    network = bench_network(builder)
    insurer = builder.insurers[0]
    insurer_user = User.objects.get(email=CAST.insurer)
    partners = builder.network_partners[network.pk]
    providers = [o for o in partners if o.kind in (K.GGZ_KERNINSTELLING, K.GGZ_AANBIEDER)]
    practices = [o for o in partners if o.kind == K.HUISARTSENPRAKTIJK]
    gemeenten = list(network.gemeenten.values_list("pk", flat=True))

    contracts = Contract.objects.bulk_create(
        Contract(
            network=network,
            insurer=insurer,
            provider=provider,
            function=Function.VERKENNEND_GESPREK,
            starts_on=BK_CAST.contract_start,
            ends_on=BK_CAST.contract_end,
            tariff=Decimal(140 + 5 * (i % 5)),
        )
        for i, provider in enumerate(providers)
    )
    professionals = Professional.objects.bulk_create(
        Professional(
            organisation=provider,
            name=f"GGZ-professional {provider.name}",
            discipline=Discipline.GGZ_PROFESSIONAL,
        )
        for provider in providers
    )
    # A generated huisarts of one of the network's practices requests the conversations.
    huisarts = (
        Professional.objects.filter(
            organisation__in=practices, discipline=Discipline.HUISARTS, user__isnull=False
        )
        .select_related("organisation", "user")
        .order_by("pk")
        .first()
    )
    if huisarts is None:  # pragma: no cover - seed dependent
        raise ValueError(f"No huisarts with a login at a practice of {network}.")
    personen = Persoon.objects.bulk_create(
        (
            Persoon(
                network=network,
                bsn=bsn,
                given_name="Test",
                family_name=f"Persoon {i + 1}",
                date_of_birth=date(1940, 1, 1) + timedelta(days=rng.randint(0, 365 * 65)),
                gemeente_id=rng.choice(gemeenten),
                insurer=insurer,
                policy_number=f"ZVA{rng.randint(0, 10**9 - 1):09d}",
            )
            # The function I request's person keeps their BSN to themselves (the API
            # scenario finds its request by it).
            for i, bsn in enumerate(b for b in rvig_test_bsns() if b != CAST.letter_reference_bsn)
        ),
        batch_size=5000,
    )
    debits = BK_CAST.lines - BK_CAST.credits
    with bulk_load(VerkennendGesprek, Gesprek, Declaratieregel, ExportRegel):
        _conversations(network, huisarts, personen, debits)
        _lines(network, insurer, contracts, professionals, insurer_user)
        _credits(network, insurer)
        _export(network, insurer, insurer_user)


def _conversations(network, huisarts, personen, n: int) -> None:
    """n requests with one held conversation each (the first made by the ORM)."""
    first_day = REFERENCE_DATE - timedelta(days=DAYS - 1)
    template = VerkennendGesprek.objects.create(
        network=network,
        persoon=personen[0],
        practice=huisarts.organisation,
        huisarts=huisarts,
        huisarts_agb=huisarts.agb_code,
        requested_by=huisarts.user,
        requested_at=timezone.make_aware(datetime.combine(first_day, time(9))),
        hulpvraag="Bench: verkennend gesprek voor de declaratie-export.",
        life_domains=["geld", "werk"],
        consent=True,
        status=Status.GEHOUDEN,
    )
    gesprek = Gesprek.objects.create(
        verkennend_gesprek=template,
        starts_at=template.requested_at + timedelta(hours=1),
        mode=Mode.LOCATIE,
        location="Bench, Dorpsstraat 1",
        held=True,
    )
    persons = [p.pk for p in personen]
    vg_table = VerkennendGesprek._meta.db_table
    with connection.cursor() as cursor:
        # Request g (2..n) of person g mod P, on day g mod 365 of the year.
        cursor.execute(
            _copy_sql(
                VerkennendGesprek,
                {
                    "persoon_id": "(%(persons)s::int[])[1 + g %% %(p)s]",
                    "requested_at": "t.requested_at + (g %% %(days)s) * interval '1 day'",
                },
                f"{vg_table} t, generate_series(2, %(n)s) AS g",
                "WHERE t.id = %(template)s ORDER BY g",
            ),
            {"persons": persons, "p": len(persons), "days": DAYS, "n": n, "template": template.pk},
        )
        cursor.execute(
            _copy_sql(
                Gesprek,
                {
                    "verkennend_gesprek_id": "v.id",
                    "starts_at": "v.requested_at + interval '1 hour'",
                },
                f"{Gesprek._meta.db_table} t, {vg_table} v",
                "WHERE t.id = %(gesprek)s AND v.network_id = %(network)s AND v.id <> %(vg)s "
                "ORDER BY v.id",
            ),
            {"gesprek": gesprek.pk, "network": network.pk, "vg": template.pk},
        )


def _lines(network, insurer, contracts, professionals, user) -> None:
    """One line per held conversation, declared by one of the ggz partners."""
    gesprekken = Gesprek.objects.filter(verkennend_gesprek__network=network).order_by("pk")
    first = gesprekken.select_related("verkennend_gesprek__persoon").first()
    persoon = first.verkennend_gesprek.persoon
    day = timezone.localdate(first.starts_at)
    prestatie = Prestatie.objects.get(function=Function.VERKENNEND_GESPREK)
    template = Declaratieregel.objects.create(
        network=network,
        soort=Soort.VG,
        function=Function.VERKENNEND_GESPREK,
        contract=contracts[0],
        provider_id=contracts[0].provider_id,
        insurer=insurer,
        uzovi=insurer.uzovi,
        provider_agb=contracts[0].provider.agb_code,
        prestatiecode=prestatie.code,
        gesprek=first,
        professional=professionals[0],
        professional_agb=professionals[0].agb_code or "",
        professional_name=professionals[0].name,
        bsn=persoon.bsn,
        policy_number=persoon.policy_number,
        date_of_birth=persoon.date_of_birth,
        service_date=day,
        period_end=day,
        tariff=contracts[0].tariff,
        amount=contracts[0].tariff,
        status=RegelStatus.GEEXPORTEERD,
        created_by=user,
    )
    k = len(contracts)
    pick = "[1 + g.id %% %(k)s]"
    local_day = "(g.starts_at AT TIME ZONE %(tz)s)::date"
    with connection.cursor() as cursor:
        cursor.execute(
            _copy_sql(
                Declaratieregel,
                {
                    "contract_id": f"(%(contracts)s::int[]){pick}",
                    "provider_id": f"(%(providers)s::int[]){pick}",
                    "professional_id": f"(%(professionals)s::int[]){pick}",
                    "professional_agb": f"(%(professional_agbs)s::text[]){pick}",
                    "professional_name": f"(%(professional_names)s::text[]){pick}",
                    "tariff": f"(%(tariffs)s::numeric[]){pick}",
                    "amount": f"(%(tariffs)s::numeric[]){pick}",
                    "gesprek_id": "g.id",
                    "bsn": "p.bsn",
                    "policy_number": "p.policy_number",
                    "date_of_birth": "p.date_of_birth",
                    "service_date": local_day,
                    "period_end": local_day,
                },
                f"{Declaratieregel._meta.db_table} t, {Gesprek._meta.db_table} g "
                f"JOIN {VerkennendGesprek._meta.db_table} v ON v.id = g.verkennend_gesprek_id "
                f"JOIN {Persoon._meta.db_table} p ON p.id = v.persoon_id",
                "WHERE t.id = %(template)s AND v.network_id = %(network)s AND g.id <> %(first)s "
                "ORDER BY g.starts_at, g.id",
            ),
            {
                "k": k,
                "contracts": [c.pk for c in contracts],
                "providers": [c.provider_id for c in contracts],
                "professionals": [p.pk for p in professionals],
                "professional_agbs": [p.agb_code or "" for p in professionals],
                "professional_names": [p.name for p in professionals],
                "tariffs": [c.tariff for c in contracts],
                "tz": str(timezone.get_current_timezone()),
                "template": template.pk,
                "network": network.pk,
                "first": first.pk,
            },
        )


def _credits(network, insurer) -> None:
    """Credit lines (negative, credit_of) for the oldest debit lines, which are credited."""
    table = Declaratieregel._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            _copy_sql(
                Declaratieregel,
                {"credit_of_id": "t.id", "amount": "-t.amount"},
                f"(SELECT * FROM {table} WHERE network_id = %(network)s AND insurer_id = "
                "%(insurer)s ORDER BY id LIMIT %(n)s) t",
                "ORDER BY t.id",
            ),
            {"network": network.pk, "insurer": insurer.pk, "n": BK_CAST.credits},
        )
        cursor.execute(
            f"UPDATE {table} SET credited = true WHERE id IN "
            f"(SELECT credit_of_id FROM {table} WHERE credit_of_id IS NOT NULL)"
        )


def _export(network, insurer, user) -> None:
    """The insurer's CSV export of every line, marked (the lines are geëxporteerd)."""
    lines = Declaratieregel.objects.filter(network=network, insurer=insurer)
    bounds = lines.order_by("service_date").values_list("service_date", flat=True)
    total = lines.aggregate(total=Sum("amount"))["total"]
    export = Export.objects.create(
        network=network,
        insurer=insurer,
        format=ExportFormat.CSV,
        period_start=bounds.first(),
        period_end=bounds.last(),
        statuses=[RegelStatus.KLAAR.value],
        line_count=lines.count(),
        total_amount=total,
        requested_by=user,
        marked_at=timezone.now(),
        marked_by=user,
        status=JobStatus.KLAAR,
        progress=100,
    )
    if export.line_count != BK_CAST.lines:
        raise ValueError(f"built {export.line_count} lines, not {BK_CAST.lines}")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ExportRegel._meta.db_table} (export_id, regel_id) "
            f"SELECT %s, id FROM {Declaratieregel._meta.db_table} "
            "WHERE network_id = %s AND insurer_id = %s ORDER BY id",
            [export.pk, network.pk, insurer.pk],
        )


def counts() -> dict[str, int]:
    return {
        "declaratieregels": Declaratieregel.objects.count(),
        "export_regels": ExportRegel.objects.count(),
    }
