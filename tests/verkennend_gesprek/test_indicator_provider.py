"""The network board's figures of function I (issue 15): ``verkennend_gesprek.indicators``.

Hand-made examples in the first quarter of 2026, long enough ago that every request still
without a conversation, follow-up or takeover has passed its limit (measured to today).
"""

from datetime import date, datetime, time, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from mgn import indicators as registry
from mgn.indicators import quarter
from tests.networks.factories import NetworkFactory
from verkennend_gesprek import indicators
from verkennend_gesprek.constants import ROUTE_FIELDS, AdviesStatus, Route, Status
from verkennend_gesprek.selectors.indicatoren import vg_indicators

from .factories import AdviesFactory, GesprekFactory, PersoonFactory, VerkennendGesprekFactory

Q1, Q2 = quarter(2026, 1), quarter(2026, 2)
SPEC, BASIS, SOCIAAL = Route.GGZ_SPECIALISTISCH, Route.GGZ_BASIS, Route.SOCIALE_BASIS


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def make(vg_cast):
    """A request in ``network`` (default 'noord') requested on a day (local time), with
    optionally a conversation held some days later, a follow-up, a ggz takeover, and a
    definitive (or concept) advies with the given routes."""
    persons = {}

    def build(
        requested: date,
        *,
        network=None,
        held_after: int | None = None,
        followup_after: int | None = None,
        takeover_after: int | None = None,
        routes=(),
        advies_status=AdviesStatus.DEFINITIEF,
        cancelled: bool = False,
        hour: int = 10,
        minute: int = 0,
    ):
        network = network or vg_cast.network
        if network.pk not in persons:
            persons[network.pk] = PersoonFactory(
                network=network, gemeente=vg_cast.gemeente, insurer=vg_cast.insurer
            )
        held_on = requested + timedelta(days=held_after) if held_after is not None else None
        if cancelled:
            status = Status.GEANNULEERD
        elif held_on:
            status = Status.ADVIES if routes else Status.GEHOUDEN
        else:
            status = Status.AANGEVRAAGD
        vg = VerkennendGesprekFactory(
            network=network,
            persoon=persons[network.pk],
            huisarts=vg_cast.huisarts,
            requested_at=at(requested, hour, minute),
            status=status,
            followup_started_on=(
                held_on + timedelta(days=followup_after) if followup_after is not None else None
            ),
            ggz_takeover_on=(
                held_on + timedelta(days=takeover_after) if takeover_after is not None else None
            ),
        )
        if held_on:
            GesprekFactory(verkennend_gesprek=vg, held=True, starts_at=at(held_on, 14))
        if routes:
            AdviesFactory(
                verkennend_gesprek=vg,
                status=advies_status,
                **{name: route in routes for route, name in ROUTE_FIELDS.items()},
            )
        return vg

    return build


def figures(network, periods=(Q1,)):
    return indicators.compute([network.pk], list(periods))


def value(network, key, period_index=0, periods=(Q1,)):
    return figures(network, periods)[(network.pk, period_index, key)]


# R-VG-1: the requests --------------------------------------------------------------------
def test_R_VG_1_requests_of_the_period_are_counted_and_the_period_is_half_open(vg_cast, make):
    make(date(2025, 12, 31), hour=23, minute=30)  # the quarter before
    make(date(2026, 1, 1), hour=0, minute=10)  # first day: in
    make(date(2026, 2, 10), cancelled=True)  # cancelled requests count as requests
    make(date(2026, 3, 31), hour=23, minute=50)  # last day, local time: in
    make(date(2026, 4, 1), hour=0, minute=5)  # first day of the next quarter: not in Q1

    result = figures(vg_cast.network, (Q1, Q2))

    assert result[(vg_cast.network.pk, 0, "vg.aanvragen")] == registry.Value(3, 3)
    assert result[(vg_cast.network.pk, 1, "vg.aanvragen")] == registry.Value(1, 1)


# R-VG-3: days to the conversation and the thresholds -------------------------------------
@pytest.fixture
def waits(make):
    for held_after in (3, 7, 8, 14, 15):
        make(date(2026, 2, 2), held_after=held_after)
    make(date(2026, 2, 2))  # still waiting, long past both thresholds: counts against
    make(date(2026, 2, 2), cancelled=True)  # cancelled without a conversation: left out


def test_R_VG_3_median_days_from_request_to_the_first_held_conversation(vg_cast, make, waits):
    # A second conversation later does not change the first one's days.
    vg = make(date(2026, 3, 2), held_after=1)
    GesprekFactory(verkennend_gesprek=vg, held=True, number=2, starts_at=at(date(2026, 3, 20)))

    # Days: 1, 3, 7, 8, 14, 15 -> median (7 + 8) / 2 over 6 requests with a conversation.
    assert value(vg_cast.network, "vg.dagen_tot_gesprek") == registry.Value(7.5, 6)


def test_R_VG_3_shares_within_the_networks_warning_and_alarm_thresholds(vg_cast, waits):
    # Default thresholds 7 and 14; the last day still counts. Denominator: 5 held + 1 late.
    assert value(vg_cast.network, "vg.binnen_signaalgrens") == registry.Value(100 * 2 / 6, 6)
    assert value(vg_cast.network, "vg.binnen_alarmgrens") == registry.Value(100 * 4 / 6, 6)


def test_R_VG_3_the_thresholds_are_the_networks_own(vg_cast, waits):
    network = vg_cast.network
    network.vg_warning_days, network.vg_alarm_days = 3, 10
    network.save(update_fields=["vg_warning_days", "vg_alarm_days"])

    assert value(network, "vg.binnen_signaalgrens") == registry.Value(100 * 1 / 6, 6)  # 3
    assert value(network, "vg.binnen_alarmgrens") == registry.Value(100 * 3 / 6, 6)  # 3, 7, 8


# R-VG-7: follow-up and ggz takeover within four weeks -------------------------------------
def test_R_VG_7_share_of_follow_up_started_within_4_weeks(vg_cast, make):
    make(date(2026, 1, 5), held_after=5, followup_after=10)  # in time
    make(date(2026, 1, 5), held_after=5, followup_after=28)  # day 28: still in time
    make(date(2026, 1, 5), held_after=5, followup_after=29)  # late
    make(date(2026, 1, 5), held_after=5)  # not started, months ago: late
    make(date(2026, 1, 5))  # no conversation: not in this figure

    assert value(vg_cast.network, "vg.vervolg_binnen_4_weken") == registry.Value(50.0, 4)


def test_R_VG_7_share_of_ggz_takeover_within_4_weeks_over_ggz_routes_only(vg_cast, make):
    make(date(2026, 1, 5), held_after=5, routes=[SPEC], takeover_after=20)  # in time
    make(date(2026, 1, 5), held_after=5, routes=[BASIS, SOCIAAL], takeover_after=28)  # in time
    make(date(2026, 1, 5), held_after=5, routes=[BASIS], takeover_after=35)  # late
    make(date(2026, 1, 5), held_after=5, routes=[SPEC])  # none recorded, months ago: late
    make(date(2026, 1, 5), held_after=5, routes=[SOCIAAL])  # no ggz route: not counted

    assert value(vg_cast.network, "vg.ggz_overname_binnen_4_weken") == registry.Value(50.0, 4)


# R-VG-8: the headline --------------------------------------------------------------------
def test_R_VG_8_share_of_definitive_adviezen_with_a_route_to_specialist_ggz(vg_cast, make):
    make(date(2026, 1, 5), held_after=5, routes=[SPEC])
    make(date(2026, 1, 5), held_after=5, routes=[SPEC, SOCIAAL])  # a combination counts
    make(date(2026, 1, 5), held_after=5, routes=[SOCIAAL])
    make(date(2026, 1, 5), held_after=5, routes=[Route.POH_GGZ])
    make(date(2026, 1, 5), held_after=5, routes=[SPEC], advies_status=AdviesStatus.CONCEPT)
    make(date(2026, 4, 2), held_after=5, routes=[SPEC])  # the next quarter

    assert value(vg_cast.network, "vg.specialistische_ggz") == registry.Value(50.0, 4)
    item = registry.indicator("vg.specialistische_ggz")
    assert (item.rule, item.higher_is_better) == ("R-VG-8", False)


def test_R_VG_8_a_period_without_adviezen_has_no_share(vg_cast, make):
    make(date(2026, 1, 5))
    assert value(vg_cast.network, "vg.specialistische_ggz") == registry.Value(None, 0)


# One computation for page and board ------------------------------------------------------
def test_R_VG_3_the_board_equals_the_indicators_page_for_each_period(vg_cast, make):
    make(date(2026, 1, 1), hour=0, minute=5, held_after=2, followup_after=3, routes=[SPEC])
    make(date(2026, 2, 14), held_after=9, routes=[BASIS], takeover_after=12)
    make(date(2026, 3, 31), hour=23, held_after=20, followup_after=40, routes=[SOCIAAL])
    make(date(2026, 3, 3))
    make(date(2026, 4, 1), held_after=1, routes=[SPEC, Route.BEGELEIDING_SD])
    make(date(2026, 5, 9), cancelled=True)
    network = vg_cast.network

    board = figures(network, (Q1, Q2))

    for index, period in enumerate((Q1, Q2)):
        page = vg_indicators(network, start=period.start, end=period.last_day)
        assert {k: v for (n, i, k), v in board.items() if i == index} == indicators.values(page)
        assert board[(network.pk, index, "vg.aanvragen")].value == page.requests
        assert board[(network.pk, index, "vg.dagen_tot_gesprek")].value == page.wait.median
    assert board[(network.pk, 0, "vg.aanvragen")].value == 4


# The registry ----------------------------------------------------------------------------
def test_R_VG_3_a_network_without_the_function_gets_no_figures(vg_cast, make):
    make(date(2026, 1, 5), held_after=3)
    network = vg_cast.network
    network.offers_verkennend_gesprek = False
    network.save(update_fields=["offers_verkennend_gesprek"])

    result = registry.compute([network], [Q1])

    assert not [key for (_n, _i, key) in result if key.startswith("vg.")]
    assert indicators.PROVIDER not in registry.providers_for(network)


def test_R_VG_3_the_provider_is_registered_with_its_indicators():
    keys = [i.key for i in registry.all_indicators()]
    assert {i.key for i in indicators.INDICATORS} <= set(keys)
    assert indicators.PROVIDER in registry.providers()
    assert all(registry.indicator(i.key).definition for i in indicators.INDICATORS)


def _queries(ids, periods) -> int:
    with CaptureQueriesContext(connection) as ctx:
        indicators.compute(ids, periods)
    return len(ctx.captured_queries)


def test_R_VG_3_the_query_count_does_not_depend_on_the_number_of_networks(
    vg_cast, make, django_assert_max_num_queries
):
    networks = [vg_cast.network] + [NetworkFactory() for _ in range(4)]
    for network in networks:
        make(date(2026, 1, 5), network=network, held_after=3, routes=[SPEC])
        make(date(2026, 4, 5), network=network, held_after=20, followup_after=2)
    periods = [quarter(2025, 4), Q1, Q2, quarter(2026, 3)]

    one = _queries([networks[0].pk], periods)
    five = _queries([n.pk for n in networks], periods)

    assert one == five
    with django_assert_max_num_queries(5):
        result = indicators.compute([n.pk for n in networks], periods)
    assert all(result[(n.pk, 1, "vg.aanvragen")].value == 1 for n in networks)
    assert all(result[(n.pk, 2, "vg.dagen_tot_gesprek")].value == 20 for n in networks)
