"""The effect of a transfer table (R-TR-7): per period, the proposals its meetings made and
accepted, what the persons answered when their holding provider asked them, the warm
handovers completed and the waiting weeks they saved, in total, per holding provider, per
zorgvraagtype (SD: per category of the receiving offer) and per month.

Counts only: no person, no entry, no client reference (R-TR-2). Two aggregate queries,
whatever the number of meetings, proposals or answers:

- proposals made and accepted by the table, grouped by provider × type × month;
- the recorded answers (``Uitkomst``) grouped the same way, with the weeks saved.

The weeks saved of a completed handover are the proposal's *recorded* wait at A minus its
recorded wait at B (``Transfervoorstel.wait_from_weeks - wait_to_weeks``): a later change
of an offer's declared wait or a recomputed overview does not move them.

The period holds the meetings whose (local) start date falls in [start, end]; by default
the last twelve months up to today: from the first day of the month eleven months back.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from mgn import charts as charts_base
from mgn.charts import BarChart, Column, ColumnChart, Tick
from mgn.formats import count, month_short, number
from transfer.constants import Antwoord, VoorstelStatus
from transfer.models import TafelOverleg, Transfertafel, Transfervoorstel, Uitkomst
from wachttijden.constants import Category

SD_LABEL = "Sociaal domein"


@dataclass
class Figures:
    """The effect figures of one row (a provider, a type, a month, a meeting or the total)."""

    key: object = None
    label: str = ""
    voorstellen: int = 0  # proposals made
    voorstellen_aanvaard: int = 0  # proposals the table accepted
    personen_voorgesteld: int = 0  # persons in the accepted proposals
    gevraagd: int = 0  # persons with any recorded answer
    aanvaard: int = 0
    afgewezen: int = 0
    geen_antwoord: int = 0
    overgedragen: int = 0  # warm handovers completed
    weken_bespaard: Decimal = field(default_factory=lambda: Decimal("0.0"))

    @property
    def cells(self) -> list:
        """The values in the order of ``COLUMNS`` (the tables and the CSV)."""
        return [getattr(self, name) for name, _header in COLUMNS]

    def add(self, other: "Figures") -> None:
        for name in FIGURE_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


FIGURE_FIELDS = (
    "voorstellen",
    "voorstellen_aanvaard",
    "personen_voorgesteld",
    "gevraagd",
    "aanvaard",
    "afgewezen",
    "geen_antwoord",
    "overgedragen",
    "weken_bespaard",
)
# The CSV's and the tables' columns: (field, header).
COLUMNS = (
    ("voorstellen", "Voorstellen"),
    ("voorstellen_aanvaard", "Aanvaard door de tafel"),
    ("personen_voorgesteld", "Personen in aanvaarde voorstellen"),
    ("gevraagd", "Personen gevraagd"),
    ("aanvaard", "Aanvaard door de persoon"),
    ("afgewezen", "Afgewezen"),
    ("geen_antwoord", "Geen antwoord"),
    ("overgedragen", "Warm overgedragen"),
    ("weken_bespaard", "Wachtweken bespaard"),
)


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """Aware datetimes [from, to) of the local days, for an index-friendly filter."""
        tz = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=tz),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz),
        )

    def months(self) -> list[date]:
        """The first day of every month the period touches."""
        months, day = [], self.start.replace(day=1)
        while day <= self.end:
            months.append(day)
            day = (day + timedelta(days=32)).replace(day=1)
        return months


def default_period(today: date | None = None) -> Period:
    """The last twelve months up to today: from the first of the month eleven months back."""
    today = today or timezone.localdate()
    month = today.month - 11
    year = today.year
    if month < 1:
        month += 12
        year -= 1
    return Period(date(year, month, 1), today)


@dataclass
class Effect:
    tafel: Transfertafel
    period: Period
    total: Figures
    providers: list[Figures]
    types: list[Figures]
    months: list[Figures]
    meetings: int

    @property
    def month_chart(self) -> ColumnChart:
        return month_chart(self.months)

    @property
    def provider_chart(self) -> BarChart:
        return weeks_chart(_("Bespaarde wachtweken per aanbieder met de wachtplek"), self.providers)

    @property
    def type_chart(self) -> BarChart:
        return weeks_chart(_("Bespaarde wachtweken per zorgvraagtype"), self.types)

    @property
    def has_figures(self) -> bool:
        return bool(self.total.voorstellen or self.total.gevraagd)


def type_key_label(zvt_id, zvt_number, zvt_name, category) -> tuple[tuple, str]:
    """The breakdown's type: the proposal's zorgvraagtype (ggz), else the receiving offer's
    category under "sociaal domein" (an SD proposal is per woongemeente)."""
    if zvt_id:
        return (0, zvt_number or 0, ""), f"{zvt_number}. {zvt_name}"
    label = Category(category).label if category in Category.values else ""
    return (1, 0, category or ""), f"{SD_LABEL}: {label}" if label else SD_LABEL


GROUP = (
    "g_provider_id",
    "g_provider_name",
    "g_zvt_id",
    "g_zvt_number",
    "g_zvt_name",
    "g_category",
    "g_month",
)


def _grouped(queryset, prefix: str):
    """Annotate the grouping keys (holding provider, type, month of the meeting) on a
    queryset of proposals (prefix "") or of answers (prefix "voorstel__")."""
    return queryset.annotate(
        g_provider_id=F(f"{prefix}from_aanbod__provider_id"),
        g_provider_name=F(f"{prefix}from_aanbod__provider__name"),
        g_zvt_id=F(f"{prefix}zorgvraagtype_id"),
        g_zvt_number=F(f"{prefix}zorgvraagtype__number"),
        g_zvt_name=F(f"{prefix}zorgvraagtype__name"),
        g_category=F(f"{prefix}to_aanbod__category"),
        g_month=TruncMonth(f"{prefix}overleg__starts_at"),
    ).values(*GROUP)


WEEKS_SAVED = ExpressionWrapper(
    F("voorstel__wait_from_weeks") - F("voorstel__wait_to_weeks"),
    output_field=DecimalField(max_digits=7, decimal_places=1),
)


def _rows(voorstellen, uitkomsten) -> list[tuple[dict, Figures]]:
    """The finest rows (provider × type × month), from the two aggregate queries."""
    rows = []
    for row in _grouped(voorstellen, "").annotate(
        n=Count("pk"),
        n_aanvaard=Count("pk", filter=Q(status=VoorstelStatus.AANVAARD)),
        n_personen=Sum("persons", filter=Q(status=VoorstelStatus.AANVAARD)),
    ):
        rows.append(
            (
                row,
                Figures(
                    voorstellen=row["n"],
                    voorstellen_aanvaard=row["n_aanvaard"],
                    personen_voorgesteld=row["n_personen"] or 0,
                ),
            )
        )
    for row in _grouped(uitkomsten, "voorstel__").annotate(
        n_gevraagd=Count("pk", filter=~Q(antwoord=Antwoord.NIET_GEVRAAGD)),
        n_aanvaard=Count("pk", filter=Q(antwoord=Antwoord.AANVAARD)),
        n_afgewezen=Count("pk", filter=Q(antwoord=Antwoord.AFGEWEZEN)),
        n_geen=Count("pk", filter=Q(antwoord=Antwoord.GEEN_ANTWOORD)),
        n_over=Count("pk", filter=Q(handed_over_at__isnull=False)),
        weeks=Sum(WEEKS_SAVED, filter=Q(handed_over_at__isnull=False)),
    ):
        rows.append(
            (
                row,
                Figures(
                    gevraagd=row["n_gevraagd"],
                    aanvaard=row["n_aanvaard"],
                    afgewezen=row["n_afgewezen"],
                    geen_antwoord=row["n_geen"],
                    overgedragen=row["n_over"],
                    weken_bespaard=row["weeks"] or Decimal("0.0"),
                ),
            )
        )
    return rows


def _month(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def effect_for_tafel(tafel: Transfertafel, start: date | None = None, end: date | None = None):
    """The table's effect over the meetings whose start date falls in [start, end] (both
    default to the last twelve months up to today). Three queries."""
    default = default_period()
    period = Period(start or default.start, end or default.end)
    low, high = period.bounds
    meetings = TafelOverleg.objects.filter(
        tafel=tafel, starts_at__gte=low, starts_at__lt=high
    ).values("pk")
    voorstellen = Transfervoorstel.objects.filter(overleg__in=meetings).order_by()
    uitkomsten = Uitkomst.objects.filter(voorstel__overleg__in=meetings).order_by()
    total = Figures(label=_("Totaal"))
    providers: dict = {}
    types: dict = {}
    months = {m: Figures(key=m) for m in period.months()}
    for row, figures in _rows(voorstellen, uitkomsten):
        total.add(figures)
        provider = providers.setdefault(
            row["g_provider_id"], Figures(key=row["g_provider_id"], label=row["g_provider_name"])
        )
        provider.add(figures)
        key, label = type_key_label(
            row["g_zvt_id"], row["g_zvt_number"], row["g_zvt_name"], row["g_category"]
        )
        types.setdefault(key, Figures(key=key, label=label)).add(figures)
        month = _month(row["g_month"])
        if month in months:
            months[month].add(figures)
    for month, figures in months.items():
        figures.label = f"{month_short(month)} {month.year}"
    return Effect(
        tafel=tafel,
        period=period,
        total=total,
        providers=sorted(providers.values(), key=lambda f: (f.label.lower(), f.key)),
        types=[types[key] for key in sorted(types)],
        months=list(months.values()),
        meetings=TafelOverleg.objects.filter(
            tafel=tafel, starts_at__gte=low, starts_at__lt=high
        ).count(),
    )


# The one meeting's figures (its report) -----------------------------------------------------
@dataclass
class VoorstelEffect:
    """One proposal of a meeting with its outcome counts (never who)."""

    voorstel: Transfervoorstel
    figures: Figures

    @property
    def weeks_saved_expected(self) -> Decimal:
        return self.voorstel.weeks_saved


def effect_for_overleg(overleg: TafelOverleg) -> tuple[list[VoorstelEffect], Figures]:
    """The meeting's proposals (ranked by weeks saved as on its page) with their outcome
    counts, and the meeting's totals; two queries."""
    voorstellen = list(
        overleg.voorstellen.select_related(
            "from_aanbod__provider", "to_aanbod__provider", "zorgvraagtype", "gemeente"
        ).annotate(
            n_gevraagd=Count("uitkomsten", filter=~Q(uitkomsten__antwoord=Antwoord.NIET_GEVRAAGD)),
            n_aanvaard=Count("uitkomsten", filter=Q(uitkomsten__antwoord=Antwoord.AANVAARD)),
            n_afgewezen=Count("uitkomsten", filter=Q(uitkomsten__antwoord=Antwoord.AFGEWEZEN)),
            n_geen=Count("uitkomsten", filter=Q(uitkomsten__antwoord=Antwoord.GEEN_ANTWOORD)),
            n_over=Count("uitkomsten", filter=Q(uitkomsten__handed_over_at__isnull=False)),
        )
    )
    voorstellen.sort(key=lambda v: (-v.weeks_saved, v.pk))
    total = Figures(label=_("Totaal"))
    rows = []
    for v in voorstellen:
        accepted = v.status == VoorstelStatus.AANVAARD
        figures = Figures(
            key=v.pk,
            voorstellen=1,
            voorstellen_aanvaard=int(accepted),
            personen_voorgesteld=v.persons if accepted else 0,
            gevraagd=v.n_gevraagd,
            aanvaard=v.n_aanvaard,
            afgewezen=v.n_afgewezen,
            geen_antwoord=v.n_geen,
            overgedragen=v.n_over,
            weken_bespaard=v.n_over * (v.wait_from_weeks - v.wait_to_weeks),
        )
        total.add(figures)
        rows.append(VoorstelEffect(v, figures))
    return rows, total


# Charts (mgn.charts): every number in the accessible name, a table beside each ----------
CHART_WIDTH = 640
PLOT_WIDTH = 470
BAR_ROW = 46
COLUMN_PLOT = 150
COLUMN_TOP = 22
COLUMN_AXIS = 36


def weeks_text(value: Decimal) -> str:
    return f"{number(value, 1)} {_('wk')}"


def weeks_chart(title: str, rows: list[Figures]) -> BarChart:
    return charts_base.bar_chart(
        title,
        [(f.label, float(f.weken_bespaard), weeks_text(f.weken_bespaard)) for f in rows],
        width=CHART_WIDTH,
        plot_width=PLOT_WIDTH,
        row_height=BAR_ROW,
    )


MONTH_SERIES = ("Aanvaard door de persoon", "Warm overgedragen")


def month_chart(months: list[Figures]) -> ColumnChart:
    """Per month two columns: persons who accepted, and warm handovers completed."""
    n = max(len(months), 1)
    slot = CHART_WIDTH / n
    width = round(min(22.0, slot * 0.38), 1)
    top = max((max(f.aanvaard, f.overgedragen) for f in months), default=0) or 1
    base = COLUMN_TOP + COLUMN_PLOT
    columns, ticks, summary, years = [], [], [], set()
    for i, f in enumerate(months):
        middle = slot * i + slot / 2
        for value, x, alt in (
            (f.aanvaard, middle - width - 1, False),
            (f.overgedragen, middle + 1, True),
        ):
            height = round(COLUMN_PLOT * value / top, 1)
            columns.append(Column(round(x, 1), round(base - height, 1), width, height, alt))
        year = str(f.key.year)
        ticks.append(Tick(round(middle, 1), month_short(f.key), "" if year in years else year))
        years.add(year)
        summary.append(
            _("%(month)s: %(a)s aanvaard, %(o)s warm overgedragen")
            % {
                "month": f.label,
                "a": count(f.aanvaard, _("persoon"), _("personen")),
                "o": number(f.overgedragen),
            }
        )
    body = "; ".join(summary) if summary else _("geen gegevens")
    label = _("Aanvaard en warm overgedragen per maand. %s.") % body
    return ColumnChart(label, columns, ticks, str(top), base + COLUMN_AXIS)
