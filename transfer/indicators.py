"""The transfer mechanism's figures on the network's board (R-TR-7), for the registry
(``mgn.indicators``, settings ``INDICATOR_PROVIDERS``).

The definitions are those of the effect page (``transfer.selectors.effect``), summed over
all transfer tables of the network: a figure counts the recorded answers (``Uitkomst``) to
the proposals of the meetings whose local start date falls in the period ``[start, end)``.

==========================  ==========  =====================================================
Indicator (key)             Unit        Definition
==========================  ==========  =====================================================
``tr.overgedragen``         aantal      Warm handovers completed (an answer with a handover
                                        date), of proposals of meetings in the period.
``tr.weken_bespaard``       weken       For each completed handover the proposal's recorded
                                        wait at A minus its recorded wait at B, summed. Basis:
                                        the handovers.
``tr.gevraagd``             aantal      Persons asked by their holding provider (any answer
                                        recorded but "niet gevraagd").
``tr.afgewezen``            aantal      Persons who declined the proposed place.
==========================  ==========  =====================================================

One query for any number of networks and periods (a conditional aggregate per period,
grouped by the table's network). Counts only: no person is read.
"""

from collections.abc import Sequence
from datetime import datetime, time
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from mgn.indicators import Figures, Indicator, IndicatorProvider, Period, Unit, Value
from transfer.constants import Antwoord
from transfer.models import Uitkomst
from transfer.selectors.effect import WEEKS_SAVED

RULE = "R-TR-7"

OVERGEDRAGEN = Indicator(
    key="tr.overgedragen",
    label="Warm overgedragen",
    definition=(
        "Aantal personen dat warm is overgedragen naar de aanbieder met eerdere plek, uit "
        "voorstellen van transfertafels die in de periode vergaderden (alle tafels van het "
        "netwerk), zoals op de effectpagina."
    ),
    unit=Unit.COUNT,
    rule=RULE,
    higher_is_better=True,
)
WEKEN_BESPAARD = Indicator(
    key="tr.weken_bespaard",
    label="Bespaarde wachtweken",
    definition=(
        "Per voltooide warme overdracht de vastgelegde wachttijd bij A min die bij B "
        "(uit het voorstel), opgeteld over de overdrachten van tafels die in de periode "
        "vergaderden."
    ),
    unit=Unit.WEEKS,
    rule=RULE,
    higher_is_better=True,
)
GEVRAAGD = Indicator(
    key="tr.gevraagd",
    label="Personen gevraagd",
    definition=(
        "Aantal personen in voorstellen van de periode van wie de wachtplek-aanbieder een "
        "antwoord vastlegde (aanvaard, afgewezen of geen antwoord)."
    ),
    unit=Unit.COUNT,
    rule=RULE,
)
AFGEWEZEN = Indicator(
    key="tr.afgewezen",
    label="Voorstel afgewezen door de persoon",
    definition="Aantal gevraagde personen dat de voorgestelde plek afwees.",
    unit=Unit.COUNT,
    rule=RULE,
)


def bounds(period: Period) -> tuple[datetime, datetime]:
    """The period's local days as aware datetimes ``[start, end)``, as the effect page."""
    tz = timezone.get_current_timezone()
    return datetime.combine(period.start, time.min, tzinfo=tz), datetime.combine(
        period.end, time.min, tzinfo=tz
    )


def compute(network_ids: Sequence[int], periods: Sequence[Period]) -> Figures:
    if not network_ids or not periods:
        return {}
    ranges = [bounds(p) for p in periods]
    starts = "voorstel__overleg__starts_at"
    aggregates = {}
    for i, (low, high) in enumerate(ranges):
        within = Q(**{f"{starts}__gte": low, f"{starts}__lt": high})
        over = within & Q(handed_over_at__isnull=False)
        aggregates[f"gevraagd_{i}"] = Count(
            "pk", filter=within & ~Q(antwoord=Antwoord.NIET_GEVRAAGD)
        )
        aggregates[f"afgewezen_{i}"] = Count("pk", filter=within & Q(antwoord=Antwoord.AFGEWEZEN))
        aggregates[f"over_{i}"] = Count("pk", filter=over)
        aggregates[f"weken_{i}"] = Sum(WEEKS_SAVED, filter=over)
    rows = (
        Uitkomst.objects.filter(
            voorstel__overleg__tafel__network_id__in=list(network_ids),
            **{
                f"{starts}__gte": min(r[0] for r in ranges),
                f"{starts}__lt": max(r[1] for r in ranges),
            },
        )
        .order_by()
        .values(network=F("voorstel__overleg__tafel__network_id"))
        .annotate(**aggregates)
    )
    found = {row["network"]: row for row in rows}
    figures: Figures = {}
    for network_id in network_ids:
        row = found.get(network_id)
        for i in range(len(periods)):
            over = row[f"over_{i}"] if row else 0
            asked = row[f"gevraagd_{i}"] if row else 0
            declined = row[f"afgewezen_{i}"] if row else 0
            weeks = (row[f"weken_{i}"] if row else None) or Decimal("0.0")
            figures[(network_id, i, OVERGEDRAGEN.key)] = Value(over, over)
            figures[(network_id, i, WEKEN_BESPAARD.key)] = Value(weeks, over)
            figures[(network_id, i, GEVRAAGD.key)] = Value(asked, asked)
            figures[(network_id, i, AFGEWEZEN.key)] = Value(declined, asked)
    return figures


PROVIDER = IndicatorProvider(
    section="Transfermechanisme",
    order=30,
    offered_by="offers_transfer",
    indicators=(OVERGEDRAGEN, WEKEN_BESPAARD, GEVRAAGD, AFGEWEZEN),
    compute=compute,
)
