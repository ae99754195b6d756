"""Fake indicator providers for the board's tests (the real ones live in the function apps).

``FIGURES`` maps (network slug, period key, indicator key) to a ``Value``; what it does not
hold is no data. Each compute runs one query (the networks' slugs), like a real provider
whose query count depends on the periods only; ``CALLS`` records each call."""

from decimal import Decimal

from mgn import indicators
from mgn.indicators import Indicator, IndicatorProvider, Unit, Value

FIGURES: dict[tuple[str, str, str], Value] = {}
CALLS: list[tuple[str, tuple[int, ...], tuple[str, ...]]] = []


def _compute(section: str, keys):
    def compute(network_ids, periods):
        from networks.models import Network

        CALLS.append((section, tuple(network_ids), tuple(p.key for p in periods)))
        slugs = dict(Network.objects.filter(pk__in=network_ids).values_list("pk", "slug"))
        out = {}
        for network_id in network_ids:
            for index, period in enumerate(periods):
                for key in keys:
                    value = FIGURES.get((slugs[network_id], period.key, key))
                    if value is not None:
                        out[(network_id, index, key)] = value
        return out

    return compute


AANVRAGEN = Indicator(
    key="fake.aanvragen",
    label="Aanvragen (test)",
    definition="Aanvragen in het kwartaal.",
    unit=Unit.COUNT,
    rule="R-VG-8",
)
DAGEN = Indicator(
    key="fake.dagen",
    label="Dagen tot gesprek (test)",
    definition="Gemiddeld aantal dagen tot het gesprek.",
    unit=Unit.DAYS,
    rule="R-VG-3",
    higher_is_better=False,
)
VERVOLG = Indicator(
    key="fake.vervolg",
    label="Vervolg binnen 4 weken (test)",
    definition="Aandeel met vervolg binnen 4 weken.",
    unit=Unit.PERCENT,
    rule="R-VG-7",
    higher_is_better=True,
)
SIGNALEN = Indicator(
    key="fake.signalen",
    label="Signalen (test)",
    definition="Knelpuntsignalen in het kwartaal.",
    unit=Unit.COUNT,
    rule="R-DOC-5",
)

VG = IndicatorProvider(
    section="Verkennend gesprek (test)",
    order=10,
    offered_by="offers_verkennend_gesprek",
    indicators=(AANVRAGEN, DAGEN, VERVOLG),
    compute=_compute("vg", ["fake.aanvragen", "fake.dagen", "fake.vervolg"]),
)
CO = IndicatorProvider(
    section="Casusoverleg (test)",
    order=40,
    offered_by="offers_casusoverleg",
    indicators=(SIGNALEN,),
    compute=_compute("co", ["fake.signalen"]),
)
DUPLICATE = IndicatorProvider(
    section="Dubbel (test)",
    order=50,
    offered_by=None,
    indicators=(AANVRAGEN,),
    compute=_compute("dup", []),
)

VERWIJZINGEN = Indicator(
    key="fake.specialist",
    label="Verwijzingen naar de specialistische ggz (test)",
    definition="Adviezen met route specialistische ggz.",
    unit=Unit.COUNT,
    rule="R-VG-8",
)
REFERRALS = IndicatorProvider(
    section="Verwijzingen (test)",
    order=20,
    offered_by=None,
    indicators=(VERWIJZINGEN,),
    compute=_compute("ref", ["fake.specialist"]),
)

PATHS = ["tests.networks.indicator_fakes.VG", "tests.networks.indicator_fakes.CO"]


def count(n: int) -> Value:
    return Value(n, n)


def days(value, basis: int) -> Value:
    return Value(Decimal(str(value)), basis)


def register(settings) -> None:
    """Register the fakes (tests' ``settings`` fixture) with an empty table and a clean cache."""
    indicators.providers.cache_clear()
    FIGURES.clear()
    CALLS.clear()
    settings.INDICATOR_PROVIDERS = PATHS


def unregister() -> None:
    FIGURES.clear()
    CALLS.clear()
    indicators.providers.cache_clear()
