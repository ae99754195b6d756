"""The programme view's stored figures (``IndicatorStand``): every network's indicators for
a complete quarter, computed once through ``mgn.indicators`` and read back in one query.

A nightly beat task (``networks.tasks.compute_indicator_standen``) computes the last complete
quarter again (late recordings change it) and fills the quarters a reader can choose that
have no figures yet; a network without figures for a quarter (a new network, a new
function) gets them computed when the view first asks, so the view never shows a gap.
Recomputing a quarter replaces its rows in one transaction: safe to run twice.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from mgn import indicators
from mgn.indicators import Figures, Period, Value
from networks.models import IndicatorStand, Network
from networks.selectors.bord import period_choices


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def standen_compute(*, period: Period, networks=None) -> Figures:
    """Compute ``period``'s figures of ``networks`` (default: all) and store them, replacing
    what was stored; every offered indicator gets a row, "no data" included, so a stored
    quarter is known to be complete. Returns the figures."""
    networks = list(Network.objects.all() if networks is None else networks)
    figures = indicators.compute(networks, [period])
    now = timezone.now()
    rows = [
        IndicatorStand(
            network_id=network.pk,
            period=period.key,
            indicator_key=item.key,
            value=_decimal(value.value),
            basis=value.basis,
            detail=[list(pair) for pair in value.detail],
            computed_at=now,
        )
        for network in networks
        for provider in indicators.providers_for(network)
        for item in provider.indicators
        for value in [figures.get((network.pk, 0, item.key), indicators.NO_DATA)]
    ]
    with transaction.atomic():
        IndicatorStand.objects.filter(
            period=period.key, network__in=[n.pk for n in networks]
        ).delete()
        IndicatorStand.objects.bulk_create(rows, batch_size=2000)
    return figures


def _stored(value: Decimal | None):
    """A stored value as computed: a whole number as an int (a count reads "10", not
    "10.0000" in the CSV), else without trailing zeros."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()


def standen_read(networks, period: Period) -> tuple[Figures, object]:
    """The stored figures of ``networks`` for ``period`` as ``mgn.indicators`` figures, and
    the oldest moment they were computed; networks without stored figures are computed
    (and stored) first. One query when all are stored."""
    networks = list(networks)
    figures: Figures = {}
    oldest = None
    seen = set()
    rows = IndicatorStand.objects.filter(
        period=period.key, network__in=[n.pk for n in networks]
    ).values_list("network_id", "indicator_key", "value", "basis", "detail", "computed_at")
    for network_id, key, value, basis, detail, computed_at in rows:
        seen.add(network_id)
        figures[(network_id, 0, key)] = Value(
            _stored(value), basis, tuple(tuple(p) for p in detail)
        )
        oldest = computed_at if oldest is None else min(oldest, computed_at)
    missing = [n for n in networks if n.pk not in seen and indicators.providers_for(n)]
    if missing:
        figures.update(standen_compute(period=period, networks=missing))
        oldest = oldest or timezone.now()
    return figures, oldest


def standen_nightly(*, today: date | None = None) -> int:
    """Beat: the last complete quarter computed again for every network; each other quarter a
    reader can choose computed once when it has no figures. Returns the quarters computed."""
    choices = period_choices(today)
    stored = set(IndicatorStand.objects.values_list("period", flat=True).distinct())
    todo = [choices[0]] + [p for p in choices[1:] if p.key not in stored]
    for period in todo:
        standen_compute(period=period)
    return len(todo)
