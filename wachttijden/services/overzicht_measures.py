"""The entry measures of the overview job (see ``services.overzicht``): the period a snapshot
date stands for, and the counts, averages and percentiles of the waiting entries per
dimension, each dimension one ``GROUP BY`` query in the database."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    Min,
    Q,
    QuerySet,
)
from django.db.models.functions import Coalesce

from mgn.stats import percentile
from wachttijden.constants import WAITING_STATUSES, Dimension, EntryStatus

THROUGHPUT_WEEKS = 8
PERIOD_MONTHS = 2  # R-WT-2/3: referrals and realised waits of the last two months
MEDIAN, P80 = 50, 80


# Expressions ------------------------------------------------------------------------------
class DaysBetween(Func):
    """Whole days from ``start`` to ``end`` (two date columns)."""

    output_field = IntegerField()

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        # PostgreSQL: date - date is an integer number of days.
        return super().as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ")

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
        )


class PercentileCont(Aggregate):
    """PostgreSQL's ``percentile_cont(f) WITHIN GROUP (ORDER BY x)``: linear interpolation
    between the closest ranks, as ``mgn.stats.percentile``. Takes ``filter=`` like any
    aggregate (rendered as ``FILTER (WHERE …)``)."""

    function = "percentile_cont"
    name = "PercentileCont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)%(filter)s"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        if not 0 <= fraction <= 1:
            raise ValueError("fraction must lie between 0 and 1")
        super().__init__(expression, fraction=repr(float(fraction)), **extra)


def sql_percentiles() -> bool:
    """Whether the database computes percentiles (PostgreSQL); SQLite falls back to Python."""
    return connection.vendor == "postgresql"


# The period ----------------------------------------------------------------------------
def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier, clamped to the month's end (30 April → 28 Feb)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, min(day.day, (following - timedelta(days=1)).day))


@dataclass(frozen=True)
class Period:
    """The dates every measure is counted against, derived once from the snapshot date."""

    snapshot: date

    @property
    def start(self) -> date:
        return months_before(self.snapshot, PERIOD_MONTHS)

    @property
    def week(self) -> date:
        return self.snapshot - timedelta(days=self.snapshot.weekday())

    @property
    def throughput_after(self) -> date:
        return self.snapshot - timedelta(weeks=THROUGHPUT_WEEKS)

    def norm_limit(self, weeks: int) -> date:
        """Waiting since before this date is longer than ``weeks`` weeks: a breach."""
        return self.snapshot - timedelta(weeks=weeks)

    # The filters ---------------------------------------------------------------------
    def waiting(self) -> Q:
        return Q(status__in=WAITING_STATUSES, registered_on__lte=self.snapshot)

    def relevant(self) -> Q:
        """Entries any measure counts: the rest (treated or withdrawn long ago) is skipped."""
        since = min(self.start, self.throughput_after + timedelta(days=1))
        return (
            self.waiting()
            | Q(registered_on__gte=self.start, registered_on__lte=self.snapshot)
            | Q(intake_on__gte=since, intake_on__lte=self.snapshot)
            | self.behandel_done()
        )

    def aanmeld_done(self) -> Q:
        return Q(intake_on__gte=self.start, intake_on__lte=self.snapshot)

    def behandel_done(self) -> Q:
        return Q(treatment_start_on__gte=self.start, treatment_start_on__lte=self.snapshot)


AANMELD_DAYS = DaysBetween("intake_on", "registered_on")
BEHANDEL_DAYS = DaysBetween("treatment_start_on", "intake_on")
TOTAL_DAYS = DaysBetween("treatment_start_on", "registered_on")


def _measures(period: Period, *, with_percentiles: bool) -> dict[str, Aggregate]:
    s = period.snapshot
    measures = {
        "persons": Count("pseudonym", distinct=True, filter=period.waiting()),
        "wachtplekken": Count("pk", filter=period.waiting()),
        "queue": Count("pk", filter=Q(status=EntryStatus.AANMELDING, registered_on__lte=s)),
        "referrals": Count("pk", filter=Q(registered_on__gte=period.start, registered_on__lte=s)),
        "intakes": Count("pk", filter=Q(intake_on__gt=period.throughput_after, intake_on__lte=s)),
        "aanmeld_avg": Avg(AANMELD_DAYS, filter=period.aanmeld_done()),
        "aanmeld_count": Count("pk", filter=period.aanmeld_done()),
        "behandel_count": Count("pk", filter=period.behandel_done()),
        "behandel_avg": Avg(BEHANDEL_DAYS, filter=period.behandel_done()),
        # "Samen": one cohort, the entries that started treatment in the period; each has
        # both parts (a start needs an intake), unlike the two averages above.
        "total_avg": Avg(TOTAL_DAYS, filter=period.behandel_done()),
        "breaches_aanmeld": Count(
            "pk",
            filter=Q(
                status=EntryStatus.AANMELDING,
                registered_on__lt=period.norm_limit(settings.TREEKNORM_AANMELD_WEEKS),
            ),
        ),
        "breaches_behandel": Count(
            "pk",
            filter=Q(
                status=EntryStatus.INTAKE,
                intake_on__lt=period.norm_limit(settings.TREEKNORM_BEHANDEL_WEEKS),
            ),
        ),
        "breaches_total": Count(
            "pk",
            filter=Q(
                status__in=WAITING_STATUSES,
                registered_on__lt=period.norm_limit(settings.TREEKNORM_TOTAAL_WEEKS),
            ),
        ),
    }
    if with_percentiles:
        for prefix, days, done in (
            ("aanmeld", AANMELD_DAYS, period.aanmeld_done()),
            ("behandel", BEHANDEL_DAYS, period.behandel_done()),
        ):
            measures[f"{prefix}_median"] = PercentileCont(days, MEDIAN / 100, filter=done)
            measures[f"{prefix}_p80"] = PercentileCont(days, P80 / 100, filter=done)
    return measures


# Dimensions ------------------------------------------------------------------------------
# Per dimension: SnapshotFigure attribute -> the expression on Wachtplek that groups it.
DIMENSION_KEYS: dict[str, dict[str, object]] = {
    Dimension.REGION: {},
    Dimension.GEMEENTE: {"gemeente_id": Coalesce("gemeente", "aanbod__gemeente")},
    Dimension.PROVIDER: {"provider_id": F("provider")},
    Dimension.AANBOD: {"aanbod_id": F("aanbod")},
    Dimension.ZORGVRAAGTYPE: {"zorgvraagtype_id": F("zorgvraagtype")},
    Dimension.URGENCY: {"urgency": F("urgency")},
    Dimension.LOCATION_HDG: {
        "provider_id": F("provider"),
        "location": F("aanbod__location_name"),
        "hoofddiagnosegroep_id": F("hoofddiagnosegroep"),
    },
}


def _grouped(entries: QuerySet, keys: dict[str, object]) -> tuple[QuerySet, list[str]]:
    """The entries grouped by the dimension's keys (aliases k0, k1, … to avoid clashes)."""
    aliases = [f"k{i}" for i in range(len(keys))]
    return entries.values(**dict(zip(aliases, keys.values(), strict=True))), aliases


def entry_figures(
    entries: QuerySet, keys: dict[str, object], period: Period
) -> dict[tuple, dict[str, float | int | None]]:
    """The entry measures per key tuple (``()`` for the whole set), one query on PostgreSQL.

    On other databases the medians and 80th percentiles come from
    ``retrospective_percentiles_in_python`` (two more queries)."""
    in_sql = sql_percentiles()
    measures = _measures(period, with_percentiles=in_sql)
    if not keys:
        result = {(): entries.aggregate(**measures)}
    else:
        grouped, aliases = _grouped(entries, keys)
        result = {}
        for row in grouped.annotate(**measures).order_by():
            result[tuple(row.pop(alias) for alias in aliases)] = row
    if not in_sql:
        python = retrospective_percentiles_in_python(entries, keys, period)
        for key, row in result.items():
            row.update(python.get(key, dict.fromkeys(PERCENTILE_FIELDS)))
    return result


PERCENTILE_FIELDS = ("aanmeld_median", "aanmeld_p80", "behandel_median", "behandel_p80")


def retrospective_percentiles_in_python(
    entries: QuerySet, keys: dict[str, object], period: Period
) -> dict[tuple, dict[str, float | None]]:
    """Medians and 80th percentiles of the realised waits per key, with
    ``mgn.stats.percentile`` — the fallback where the database has no ``percentile_cont``.
    Reads one value per entry that finished a wait in the period (the demo's few
    thousand), so not for national scale."""
    waits: dict[tuple, dict[str, list[int]]] = defaultdict(lambda: {"aanmeld": [], "behandel": []})
    for prefix, days, done in (
        ("aanmeld", AANMELD_DAYS, period.aanmeld_done()),
        ("behandel", BEHANDEL_DAYS, period.behandel_done()),
    ):
        aliases = [f"k{i}" for i in range(len(keys))]
        rows = (
            entries.filter(done)
            .annotate(**dict(zip(aliases, keys.values(), strict=True)), days=days)
            .values_list(*aliases, "days")
        )
        for row in rows:
            waits[tuple(row[:-1])][prefix].append(row[-1])
    return {
        key: {
            f"{prefix}_{name}": percentile(values[prefix], p)
            for prefix in ("aanmeld", "behandel")
            for name, p in (("median", MEDIAN), ("p80", P80))
        }
        for key, values in waits.items()
    }


def persons_by_deciding_urgency(entries: QuerySet, period: Period) -> dict[str, int]:
    """Waiting persons per urgency, each person once, at their deciding urgency: the most
    urgent of their waiting entries ("1-crisis" < "2-hoog" < "3-normaal", as the central
    list decides). So the rows add up to the region's persons. One query: the persons'
    minimum urgency, counted per value."""
    inner = (
        entries.filter(period.waiting())
        .order_by()
        .values("pseudonym")
        .annotate(deciding=Min("urgency"))
        .values("deciding")
    )
    sql, params = inner.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT deciding, COUNT(*) FROM ({sql}) AS persons GROUP BY deciding",  # noqa: S608
            params,
        )
        return dict(cursor.fetchall())
