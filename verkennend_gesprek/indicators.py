"""Function I's figures on the network board (issue 15): the ``IndicatorProvider`` that
``settings.INDICATOR_PROVIDERS`` names.

Same cohort as the indicators page (``selectors.indicatoren``): per network and period, the
requests made in the period (local request date in ``[start, end)``); every figure is
computed by ``selectors.indicatoren_cohort``, so page and board agree by construction.
A request still without a conversation, follow-up or takeover counts against a share once
its wait passed the limit (measured to today); one still inside it is left out.

=============================  ======  =========================================  ====
key                            rule    definition (short)                         best
=============================  ======  =========================================  ====
vg.aanvragen                   R-VG-1  requests made in the period                –
vg.dagen_tot_gesprek           R-VG-3  median days request → first held gesprek   low
vg.binnen_signaalgrens         R-VG-3  share seen within ``vg_warning_days``      high
vg.binnen_alarmgrens           R-VG-3  share seen within ``vg_alarm_days``        high
vg.vervolg_binnen_4_weken      R-VG-7  share follow-up started ≤ 28 days          high
vg.ggz_overname_binnen_4_weken R-VG-7  ggz route: takeover recorded ≤ 28 days     high
vg.specialistische_ggz         R-VG-8  definitive adviezen with specialist ggz    low
=============================  ======  =========================================  ====

``basis``: the count a figure rests on (the requests; for a median the requests with a
conversation; for a share its denominator).
"""

from collections.abc import Sequence

from mgn.indicators import Figures, Indicator, IndicatorProvider, Period, Unit, Value
from networks.models import Network
from verkennend_gesprek.selectors.indicatoren_cohort import (
    Days,
    Share,
    VgIndicators,
    vg_indicators_batch,
)

COHORT = "Cohort: de aanvragen die in de periode zijn gedaan."

AANVRAGEN = Indicator(
    key="vg.aanvragen",
    label="Aanvragen verkennend gesprek",
    definition=(
        "Het aantal aanvragen voor een verkennend gesprek dat huisartsen in de periode "
        "deden (ook geannuleerde)."
    ),
    unit=Unit.COUNT,
    rule="R-VG-1",
)
DAGEN = Indicator(
    key="vg.dagen_tot_gesprek",
    label="Dagen tot het gesprek (mediaan)",
    definition=(
        "De mediaan van het aantal kalenderdagen van de aanvraag tot het eerste gehouden "
        "gesprek, over de aanvragen met een gehouden gesprek. " + COHORT
    ),
    unit=Unit.DAYS,
    rule="R-VG-3",
    higher_is_better=False,
)
BINNEN_SIGNAAL = Indicator(
    key="vg.binnen_signaalgrens",
    label="Gesprek binnen de signaalgrens",
    definition=(
        "Het aandeel aanvragen met een gesprek binnen de signaalgrens van het netwerk "
        "(standaard 7 dagen; de laatste dag telt nog mee). Een aanvraag die nog wacht en de "
        "grens al voorbij is, telt als te laat. " + COHORT
    ),
    unit=Unit.PERCENT,
    rule="R-VG-3",
    higher_is_better=True,
)
BINNEN_ALARM = Indicator(
    key="vg.binnen_alarmgrens",
    label="Gesprek binnen de alarmgrens",
    definition=(
        "Het aandeel aanvragen met een gesprek binnen de alarmgrens van het netwerk "
        "(standaard 14 dagen; de laatste dag telt nog mee). Een aanvraag die nog wacht en de "
        "grens al voorbij is, telt als te laat. " + COHORT
    ),
    unit=Unit.PERCENT,
    rule="R-VG-3",
    higher_is_better=True,
)
VERVOLG = Indicator(
    key="vg.vervolg_binnen_4_weken",
    label="Vervolg gestart binnen 4 weken",
    definition=(
        "Het aandeel gehouden gesprekken waarna het vervolgtraject binnen 28 dagen na het "
        "(laatste) gesprek startte. Nog niet gestart en al langer dan 28 dagen geleden: te "
        "laat; nog binnen de 28 dagen: telt nog niet mee. " + COHORT
    ),
    unit=Unit.PERCENT,
    rule="R-VG-7",
    higher_is_better=True,
)
GGZ_OVERNAME = Indicator(
    key="vg.ggz_overname_binnen_4_weken",
    label="Ggz-overname binnen 4 weken",
    definition=(
        "Van de definitieve adviezen met een ggz-route (basis- of specialistische ggz): het "
        "aandeel waarvoor de ggz-aanbieder de behandelverantwoordelijkheid binnen 28 dagen na "
        "het (laatste) gesprek overnam. Zonder vastgelegde overname na 28 dagen: te laat. " + COHORT
    ),
    unit=Unit.PERCENT,
    rule="R-VG-7",
    higher_is_better=True,
)
SPECIALISTISCH = Indicator(
    key="vg.specialistische_ggz",
    label="Adviezen naar specialistische ggz",
    definition=(
        "Het aandeel definitieve adviezen met een route naar de specialistische ggz (ook in "
        "combinatie met andere routes). Landelijk doel: 30 % minder verwijzingen in 2027. " + COHORT
    ),
    unit=Unit.PERCENT,
    rule="R-VG-8",
    higher_is_better=False,
)

INDICATORS = (AANVRAGEN, DAGEN, BINNEN_SIGNAAL, BINNEN_ALARM, VERVOLG, GGZ_OVERNAME, SPECIALISTISCH)


def _share(s: Share) -> Value:
    """A percentage (of 100) of the share's whole, which is its basis."""
    return Value(100 * s.part / s.whole if s.whole else None, s.whole)


def _median(d: Days) -> Value:
    return Value(d.median, d.count)


def values(ind: VgIndicators) -> dict[str, Value]:
    """The board's figures of one network and period, from the page's computation."""
    return {
        AANVRAGEN.key: Value(ind.requests, ind.requests),
        DAGEN.key: _median(ind.wait),
        BINNEN_SIGNAAL.key: _share(ind.within_warning),
        BINNEN_ALARM.key: _share(ind.within_alarm),
        VERVOLG.key: _share(ind.followup_within),
        GGZ_OVERNAME.key: _share(ind.ggz_takeover_within),
        SPECIALISTISCH.key: _share(ind.specialist_ggz),
    }


def compute(network_ids: Sequence[int], periods: Sequence[Period]) -> Figures:
    """Five queries (the networks' thresholds, then the cohort's four), whatever the number
    of networks."""
    networks = list(
        Network.objects.filter(pk__in=network_ids).only("pk", "vg_warning_days", "vg_alarm_days")
    )
    batch = vg_indicators_batch(networks, [(p.start, p.last_day) for p in periods])
    return {
        (network_id, index, key): value
        for (network_id, index), ind in batch.items()
        for key, value in values(ind).items()
    }


PROVIDER = IndicatorProvider(
    section="Verkennend gesprek",
    order=10,
    offered_by="offers_verkennend_gesprek",
    indicators=INDICATORS,
    compute=compute,
)
