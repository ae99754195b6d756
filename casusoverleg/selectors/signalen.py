"""Who sees the bottleneck signals of a network, and their counts (R-DOC-5, R-PR-2).

- The signals page of a network (offering function IV) is read by its coordinators, by
  users acting for a policy partner (a partnership with role B, ``role_beleid``) and by
  the active members of any of its series. Everyone else: no such network.
- The page shows a signal's date, category, gemeenten, description, case code and linked
  missing offer: never a case's texts (situatie, geprobeerd, vraag, outcomes).
- Only the network's coordinators link a missing-offer signal to the sociale kaart.

Counts per period (month or quarter) × category come from one aggregate query; the list
from one query (the gemeenten aggregated in it), whatever the number of signals.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet, StringAgg, Value
from django.db.models.functions import TruncMonth, TruncQuarter
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from casusoverleg.constants import SignaalCategorie
from casusoverleg.models import Casusreeks, Signaal
from casusoverleg.selectors.reeksen import member_reeks_ids
from mgn.charts import BarChart, Column, ColumnChart, Tick, bar_chart
from mgn.formats import count, month_short, number
from networks.models import Network, Partnership
from networks.selectors.netwerken import can_coordinate, network_ids_for_user
from networks.selectors.organisaties import acting_organisation_ids_for_user
from wachttijden.models import OntbrekendAanbod

MAAND = "maand"
KWARTAAL = "kwartaal"
GROUPINGS = (MAAND, KWARTAAL)
LIST_SIZE = 100  # signals listed per page (the CSV has all of the period)
NAVIGATION_FACT = "casusoverleg-signalen"


# Visibility --------------------------------------------------------------------------------
def policy_network_ids(user) -> QuerySet:
    """Networks where the user acts for a policy partner (role B)."""
    return Partnership.objects.filter(
        role_beleid=True, organisation__in=acting_organisation_ids_for_user(user)
    ).values("network_id")


def signal_networks_for_user(user) -> QuerySet[Network]:
    """The networks (offering function IV) whose signals the user reads."""
    if not user.is_authenticated:
        return Network.objects.none()
    return Network.objects.filter(
        Q(pk__in=network_ids_for_user(user, coordinate=True))
        | Q(pk__in=policy_network_ids(user))
        | Q(pk__in=Casusreeks.objects.filter(pk__in=member_reeks_ids(user)).values("network_id")),
        offers_casusoverleg=True,
    ).order_by("name")


def sees_signalen(user) -> bool:
    """The menu's "Knelpuntsignalen": read from the menu's preload query when it ran."""
    if not user.is_authenticated:
        return False
    facts = getattr(user, "_navigation_facts", None)
    if facts is not None:
        return NAVIGATION_FACT in facts
    return signal_networks_for_user(user).exists()


def navigation_fact(user_pk: int) -> tuple[str, list]:
    """The menu's fact "reads signals", as SQL for the menu's one preload query
    (settings.NAVIGATION_FACTS): the same question as ``signal_networks_for_user``."""
    from django.contrib.auth import get_user_model

    user = get_user_model()(pk=user_pk)
    sql, params = signal_networks_for_user(user).order_by().values("pk")[:1].query.sql_with_params()
    return f"SELECT %s, '' WHERE EXISTS ({sql})", [NAVIGATION_FACT, *params]  # noqa: S608


def can_link(user, network: Network) -> bool:
    """Only the network's coordinators link a signal to the sociale kaart."""
    return can_coordinate(user, network)


def signaal_get_for_link(user, pk: int) -> Signaal:
    """A signal to link: 404 unless the user reads its network's signals, 403 for a reader
    who does not coordinate it."""
    from django.core.exceptions import PermissionDenied

    signaal = (
        Signaal.objects.filter(network__in=signal_networks_for_user(user).values("pk"), pk=pk)
        .select_related("network")
        .first()
    )
    if signaal is None:
        raise Http404(_("Signaal niet gevonden."))
    if not can_link(user, signaal.network):
        raise PermissionDenied
    return signaal


# The period ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """Aware datetimes [from, to) of the local days."""
        tz = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=tz),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz),
        )

    def keys(self, grouping: str) -> list[date]:
        """The first day of every month (or quarter) the period touches."""
        first = self.start.replace(day=1)
        if grouping == KWARTAAL:
            first = first.replace(month=(first.month - 1) // 3 * 3 + 1)
        step = 3 if grouping == KWARTAAL else 1
        keys, day = [], first
        while day <= self.end:
            keys.append(day)
            month = day.month - 1 + step
            day = date(day.year + month // 12, month % 12 + 1, 1)
        return keys


def default_period(today: date | None = None) -> Period:
    """The last twelve months up to today: from the first of the month eleven months back."""
    today = today or timezone.localdate()
    month, year = today.month - 11, today.year
    if month < 1:
        month += 12
        year -= 1
    return Period(date(year, month, 1), today)


def period_label(key: date, grouping: str) -> str:
    if grouping == KWARTAAL:
        return f"K{(key.month - 1) // 3 + 1} {key.year}"
    return f"{month_short(key)} {key.year}"


# The counts ------------------------------------------------------------------------------
@dataclass
class PeriodRow:
    key: date
    label: str
    counts: list[int]  # in the order of the shown categories
    total: int = 0


@dataclass
class SignalCounts:
    network: Network
    period: Period
    grouping: str
    categories: list[tuple[str, str]]  # (value, label) shown
    rows: list[PeriodRow]
    totals: list[int] = field(default_factory=list)
    total: int = 0

    @property
    def period_chart(self) -> ColumnChart:
        return period_chart(self)

    @property
    def category_chart(self) -> BarChart:
        return bar_chart(
            _("Signalen per categorie"),
            [
                (str(label), value, number(value))
                for (_v, label), value in zip(self.categories, self.totals, strict=True)
            ],
            width=CHART_WIDTH,
            plot_width=PLOT_WIDTH,
            row_height=BAR_ROW,
        )


def _signals(network: Network, period: Period, category: str | None) -> QuerySet[Signaal]:
    start, end = period.bounds
    qs = Signaal.objects.filter(network=network, created_at__gte=start, created_at__lt=end)
    if category:
        qs = qs.filter(category=category)
    return qs


def signal_counts(
    network: Network, period: Period, grouping: str = MAAND, category: str | None = None
) -> SignalCounts:
    """Signals per month (or quarter) × category in the period: one aggregate query. Every
    period of the range has a row, empty ones too."""
    trunc = TruncQuarter if grouping == KWARTAAL else TruncMonth
    tz = timezone.get_current_timezone()
    found = (
        _signals(network, period, category)
        .order_by()
        .annotate(bucket=trunc("created_at", tzinfo=tz))
        .values("bucket", "category")
        .annotate(n=Count("pk"))
    )
    by_key: dict[tuple[date, str], int] = {}
    for row in found:
        bucket = row["bucket"]
        key = timezone.localtime(bucket, tz).date() if isinstance(bucket, datetime) else bucket
        by_key[(key, row["category"])] = row["n"]
    categories = [
        (value, label)
        for value, label in SignaalCategorie.choices
        if not category or value == category
    ]
    rows = []
    for key in period.keys(grouping):
        counts = [by_key.get((key, value), 0) for value, _label in categories]
        rows.append(PeriodRow(key, period_label(key, grouping), counts, sum(counts)))
    totals = [sum(r.counts[i] for r in rows) for i in range(len(categories))]
    return SignalCounts(network, period, grouping, categories, rows, totals, sum(totals))


def signal_list(network: Network, period: Period, category: str | None = None) -> QuerySet:
    """The signals of the period, newest first, with their gemeenten as one text and the
    linked missing offer: one query. No case text is read (R-PR-2)."""
    return (
        _signals(network, period, category)
        .select_related("ontbrekend_aanbod")
        .annotate(
            gemeente_names=StringAgg(
                "gemeenten__name", delimiter=Value(", "), order_by="gemeenten__name"
            )
        )
        .only(
            "pk",
            "network_id",
            "category",
            "description",
            "casus_code",
            "created_at",
            "ontbrekend_aanbod__id",
            "ontbrekend_aanbod__category",
            "ontbrekend_aanbod__description",
            "ontbrekend_aanbod__resolved_at",
        )
        .order_by("-created_at", "-pk")
    )


def open_ontbrekend_for_network(network: Network) -> list[OntbrekendAanbod]:
    """The sociale kaart's open missing offers of the network (to link a signal to)."""
    return list(
        OntbrekendAanbod.objects.filter(network=network, resolved_at__isnull=True).order_by(
            "-created_at", "-pk"
        )
    )


# The sociale kaart's hook (settings.ONTBREKEND_AANBOD_SIGNALS) ----------------------------
def signal_counts_for_ontbrekend(ids) -> dict[int, int]:
    """The number of casusoverleg signals linked to each missing offer: one query."""
    rows = (
        Signaal.objects.filter(ontbrekend_aanbod__in=list(ids))
        .order_by()
        .values("ontbrekend_aanbod_id")
        .annotate(n=Count("pk"))
    )
    return {row["ontbrekend_aanbod_id"]: row["n"] for row in rows}


# The chart (mgn.charts): every number in the accessible name, a table beside it ----------
CHART_WIDTH = 640
PLOT_WIDTH = 470
BAR_ROW = 46
COLUMN_PLOT = 150
COLUMN_TOP = 22
COLUMN_AXIS = 36


def period_chart(data: SignalCounts) -> ColumnChart:
    """A column per period: the number of signals (of the chosen category, or all)."""
    n = max(len(data.rows), 1)
    slot = CHART_WIDTH / n
    width = round(min(28.0, slot * 0.6), 1)
    top = max((r.total for r in data.rows), default=0) or 1
    base = COLUMN_TOP + COLUMN_PLOT
    columns, ticks, summary, years = [], [], [], set()
    for i, row in enumerate(data.rows):
        middle = slot * i + slot / 2
        height = round(COLUMN_PLOT * row.total / top, 1)
        columns.append(Column(round(middle - width / 2, 1), round(base - height, 1), width, height))
        year = str(row.key.year)
        text = f"K{(row.key.month - 1) // 3 + 1}" if data.grouping == KWARTAAL else None
        ticks.append(
            Tick(round(middle, 1), text or month_short(row.key), "" if year in years else year)
        )
        years.add(year)
        parts = [
            f"{label} {value}"
            for (_v, label), value in zip(data.categories, row.counts, strict=True)
            if value
        ]
        summary.append(
            f"{row.label}: {count(row.total, _('signaal'), _('signalen'))}"
            + (f" ({', '.join(parts)})" if parts else "")
        )
    body = "; ".join(summary) if summary else _("geen gegevens")
    title = _("Signalen per kwartaal") if data.grouping == KWARTAAL else _("Signalen per maand")
    return ColumnChart(f"{title}. {body}.", columns, ticks, str(top), base + COLUMN_AXIS)
