"""The casusoverleg's figures on the network's board (R-DOC-2, R-DOC-4, R-DOC-5), for the
registry (``mgn.indicators``, settings ``INDICATOR_PROVIDERS``).

Counts over all series of the network, in the period ``[start, end)`` of local days.
Retention does not change history: a closed case removed after the retention term
(``services.bewaren``) is still counted through ``CasusTelling``, which keeps the month it
was registered and the month it was closed. So a case counts once, either live or in a
telling; the tellings keep months, which is exact for the board's periods (quarters and
years start on the first of a month).

============================  ========  ===================================================
Indicator (key)               Unit      Definition
============================  ========  ===================================================
``doc.aangemeld``             aantal    Cases registered in the period (R-DOC-2): live cases
                                        by their registration date, plus removed cases by
                                        their month of registration.
``doc.afgesloten``            aantal    Cases closed with an outcome in the period (R-DOC-4;
                                        a case cannot be closed without one): live cases by
                                        their closing date, plus removed cases by their
                                        month of closing.
``doc.signalen``              aantal    Bottleneck signals raised in the period (R-DOC-5),
                                        by their date, as on the signals page
                                        (``selectors.signalen``); they stay when their case
                                        is removed.
============================  ========  ===================================================

Four queries for any number of networks and periods (a conditional aggregate per period,
grouped by network). Counts only: no case text is read.
"""

from collections.abc import Sequence
from datetime import date, datetime, time

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from casusoverleg.constants import CasusStatus
from casusoverleg.models import Casus, CasusTelling, Signaal
from mgn.indicators import Figures, Indicator, IndicatorProvider, Period, Unit, Value

AANGEMELD = Indicator(
    key="doc.aangemeld",
    label="Casussen aangemeld",
    definition=(
        "Aantal casussen dat in de periode is aangemeld bij een casusoverleg van het netwerk, "
        "naar datum van aanmelding; casussen die na de bewaartermijn zijn verwijderd, tellen "
        "mee in de maand waarin ze werden aangemeld."
    ),
    unit=Unit.COUNT,
    rule="R-DOC-2",
)
AFGESLOTEN = Indicator(
    key="doc.afgesloten",
    label="Casussen afgesloten met uitkomst",
    definition=(
        "Aantal casussen dat in de periode is gesloten, elk met een vastgelegde uitkomst "
        "(oplossing, volgende stap, wie de casus oppakt); verwijderde casussen tellen mee in "
        "de maand waarin ze werden gesloten."
    ),
    unit=Unit.COUNT,
    rule="R-DOC-4",
    higher_is_better=True,
)
SIGNALEN = Indicator(
    key="doc.signalen",
    label="Knelpuntsignalen",
    definition=(
        "Aantal knelpuntsignalen dat in de periode uit casussen is gemeld (alle categorieën), "
        "zoals op de signalenpagina."
    ),
    unit=Unit.COUNT,
    rule="R-DOC-5",
)


def bounds(period: Period) -> tuple[datetime, datetime]:
    """The period's local days as aware datetimes ``[start, end)``."""
    tz = timezone.get_current_timezone()
    return datetime.combine(period.start, time.min, tzinfo=tz), datetime.combine(
        period.end, time.min, tzinfo=tz
    )


def _per_network(queryset, network_path: str, aggregates: dict) -> dict[int, dict]:
    rows = queryset.order_by().values(g_network=F(network_path)).annotate(**aggregates)
    return {row["g_network"]: row for row in rows}


def _within(field: str, low, high) -> Q:
    return Q(**{f"{field}__gte": low, f"{field}__lt": high})


def _counts(model_qs, network_path, field, ranges):
    """{network id: row with ``p<i>``: the rows whose ``field`` falls in range i}, one query."""
    aggregates = {
        f"p{i}": Count("pk", filter=_within(field, low, high))
        for i, (low, high) in enumerate(ranges)
    }
    lowest, highest = min(r[0] for r in ranges), max(r[1] for r in ranges)
    qs = model_qs.filter(**{f"{field}__gte": lowest, f"{field}__lt": highest})
    return _per_network(qs, network_path, aggregates)


def compute(network_ids: Sequence[int], periods: Sequence[Period]) -> Figures:
    if not network_ids or not periods:
        return {}
    ids = list(network_ids)
    moments = [bounds(p) for p in periods]
    # Months of the tellings: a telling's month counts when it starts inside the period.
    months: list[tuple[date, date]] = [(p.start, p.end) for p in periods]

    live = Casus.objects.filter(reeks__network_id__in=ids)
    registered = _counts(live, "reeks__network_id", "registered_at", moments)
    closed = _counts(
        live.filter(status=CasusStatus.GESLOTEN), "reeks__network_id", "closed_at", moments
    )
    # Removed cases: both months in one query (either may fall in a period).
    tellingen = CasusTelling.objects.filter(reeks__network_id__in=ids)
    lowest, highest = min(m[0] for m in months), max(m[1] for m in months)
    aggregates = {}
    for i, (low, high) in enumerate(months):
        aggregates[f"r{i}"] = Sum("aantal", filter=_within("registered_month", low, high))
        aggregates[f"c{i}"] = Sum("aantal", filter=_within("closed_month", low, high))
    removed = _per_network(
        tellingen.filter(
            _within("registered_month", lowest, highest) | _within("closed_month", lowest, highest)
        ),
        "reeks__network_id",
        aggregates,
    )
    signals = _counts(
        Signaal.objects.filter(network_id__in=ids), "network_id", "created_at", moments
    )

    figures: Figures = {}
    for network_id in ids:
        for i in range(len(periods)):
            gone = removed.get(network_id, {})
            n_registered = registered.get(network_id, {}).get(f"p{i}", 0) + (gone.get(f"r{i}") or 0)
            n_closed = closed.get(network_id, {}).get(f"p{i}", 0) + (gone.get(f"c{i}") or 0)
            n_signals = signals.get(network_id, {}).get(f"p{i}", 0)
            figures[(network_id, i, AANGEMELD.key)] = Value(n_registered, n_registered)
            figures[(network_id, i, AFGESLOTEN.key)] = Value(n_closed, n_closed)
            figures[(network_id, i, SIGNALEN.key)] = Value(n_signals, n_signals)
    return figures


PROVIDER = IndicatorProvider(
    section="Domeinoverstijgend casusoverleg",
    order=40,
    offered_by="offers_casusoverleg",
    indicators=(AANGEMELD, AFGESLOTEN, SIGNALEN),
    compute=compute,
)
