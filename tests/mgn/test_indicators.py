"""The indicator registry (mgn/indicators.py): periods, suppression, formats, the registry."""

from datetime import date
from decimal import Decimal

import pytest

from mgn import indicators
from mgn.indicators import Indicator, Unit, Value
from tests.networks import indicator_fakes
from tests.networks.factories import NetworkFactory


@pytest.fixture
def fake_providers(settings):
    indicator_fakes.register(settings)
    yield indicator_fakes.FIGURES
    indicator_fakes.unregister()


COUNT = Indicator("t.count", "Aantal", "Telling.", Unit.COUNT, "R-VG-8")


def test_quarters_and_their_keys():
    q = indicators.quarter(2026, 3)
    assert (q.start, q.end, q.last_day) == (date(2026, 7, 1), date(2026, 10, 1), date(2026, 9, 30))
    assert q.key == "2026-K3"
    assert q.label == "3e kwartaal 2026"
    q4 = indicators.quarter(2025, 4)
    assert q4.end == date(2026, 1, 1)
    assert q4.key == "2025-K4"
    with pytest.raises(ValueError):
        indicators.quarter(2026, 5)


def test_a_quarter_of_a_day_and_the_quarter_before_across_a_year_end():
    assert indicators.quarter_of(date(2026, 2, 14)).key == "2026-K1"
    assert indicators.previous_quarter(indicators.quarter(2026, 1)).key == "2025-K4"


def test_quarters_until_lists_the_trend_oldest_first():
    keys = [p.key for p in indicators.quarters_until(indicators.quarter(2026, 2), 4)]
    assert keys == ["2025-K3", "2025-K4", "2026-K1", "2026-K2"]


def test_a_year_is_a_period_with_the_year_as_key():
    y = indicators.year(2024)
    assert (y.start, y.end, y.key, y.label) == (date(2024, 1, 1), date(2025, 1, 1), "2024", "2024")


@pytest.mark.parametrize(
    ("key", "start", "end"),
    [
        ("2026-K3", date(2026, 7, 1), date(2026, 10, 1)),
        (" 2025-K4 ", date(2025, 10, 1), date(2026, 1, 1)),
        ("2024", date(2024, 1, 1), date(2025, 1, 1)),
    ],
)
def test_period_from_key(key, start, end):
    period = indicators.period_from_key(key)
    assert (period.start, period.end) == (start, end)
    assert period.key == key.strip()


@pytest.mark.parametrize("key", ["", "2026-K5", "2026-K0", "26-K1", "2026K1", "K3", "abcd", None])
def test_period_from_key_refuses_anything_else(key):
    with pytest.raises(ValueError):
        indicators.period_from_key(key)


@pytest.mark.parametrize(
    ("basis", "hidden"), [(0, False), (1, True), (9, True), (10, False), (None, False)]
)
def test_R_PR_2_small_counts_are_suppressed_at_1_to_9(basis, hidden):
    value = Value(basis, basis)
    assert indicators.suppressed(COUNT, value) is hidden
    shown = indicators.display_shared(COUNT, value)
    assert shown == ("< 10" if hidden else indicators.display(COUNT, value))


def test_R_PR_2_a_figure_that_counts_no_persons_is_never_suppressed():
    money = Indicator("t.euro", "Geld", "Bedrag.", Unit.EURO, "R-BK-1", counts_persons=False)
    assert not indicators.suppressed(money, Value(Decimal("120.5"), 3))
    assert indicators.display_shared(money, Value(Decimal("120.5"), 3)) == "€ 120,50"


@pytest.mark.parametrize(
    ("unit", "value", "text"),
    [
        (Unit.COUNT, 1234, "1.234"),
        (Unit.DAYS, Decimal("6.25"), "6,3 dagen"),
        (Unit.WEEKS, 3, "3,0 weken"),
        (Unit.PERCENT, Decimal("41.6"), "42%"),
        (Unit.EURO, Decimal("1500"), "€ 1.500,00"),
        (Unit.COUNT, None, "–"),
    ],
)
def test_display_formats(unit, value, text):
    item = Indicator("t.x", "X", "X.", unit, "R-VG-3")
    assert indicators.display(item, Value(value, 12)) == text


def test_a_key_registered_twice_is_an_error(settings):
    indicators.providers.cache_clear()
    settings.INDICATOR_PROVIDERS = [
        "tests.networks.indicator_fakes.VG",
        "tests.networks.indicator_fakes.DUPLICATE",
    ]
    try:
        with pytest.raises(ValueError, match="fake.aanvragen"):
            indicators.providers()
    finally:
        indicators.providers.cache_clear()


def test_providers_are_ordered_and_indicators_found_by_key(fake_providers):
    assert [p.section for p in indicators.providers()] == [
        "Verkennend gesprek (test)",
        "Casusoverleg (test)",
    ]
    assert indicators.indicator("fake.dagen").unit == Unit.DAYS
    with pytest.raises(KeyError):
        indicators.indicator("fake.onbekend")
    assert [i.key for i in indicators.all_indicators()] == [
        "fake.aanvragen",
        "fake.dagen",
        "fake.vervolg",
        "fake.signalen",
    ]


@pytest.mark.django_db
def test_the_registry_leaves_out_a_function_the_network_does_not_offer(fake_providers):
    without = NetworkFactory(offers_casusoverleg=False)
    with_iv = NetworkFactory(offers_casusoverleg=True)
    assert [p.section for p in indicators.providers_for(without)] == ["Verkennend gesprek (test)"]
    assert len(indicators.providers_for(with_iv)) == 2
    fake_providers[(without.slug, "2026-K1", "fake.signalen")] = Value(3, 3)
    fake_providers[(with_iv.slug, "2026-K1", "fake.signalen")] = Value(4, 4)
    figures = indicators.compute([without, with_iv], [indicators.quarter(2026, 1)])
    assert (with_iv.pk, 0, "fake.signalen") in figures
    assert (without.pk, 0, "fake.signalen") not in figures
    # Each provider is asked once, for only the networks that offer its function.
    calls = {section: ids for section, ids, _keys in indicator_fakes.CALLS}
    assert calls == {"vg": (without.pk, with_iv.pk), "co": (with_iv.pk,)}


def test_no_providers_no_figures(settings):
    indicators.providers.cache_clear()
    settings.INDICATOR_PROVIDERS = []
    try:
        assert indicators.compute([], [indicators.quarter(2026, 1)]) == {}
    finally:
        indicators.providers.cache_clear()
