"""The money figures on the board (R-BK-2, R-BK-3; ``bekostiging.indicators``): begroot,
gerealiseerd and the share realised with the begroting page's definitions — for a year equal
to ``budget_overview``'s totals, for a quarter against a quarter of the year's budget —,
half-open periods, every network (money is no optional function), and a batch whose queries
do not grow with the networks."""

from decimal import Decimal

import pytest

from bekostiging.constants import SD_DEELNAME, Function
from bekostiging.indicators import PROVIDER, budget_fraction
from bekostiging.selectors.begroting import budget_overview
from bekostiging.services.declaraties import declaraties_generate
from mgn import indicators
from mgn.formats import number
from mgn.indicators import Period, quarter, quarters_until, suppressed, year
from tests.bekostiging.factories import afspraak, at, held_vg_on
from tests.bekostiging.test_begroting import (
    YEAR,
    gemeente_org,
    post,
    year_data,  # noqa: F401 (a fixture)
)
from tests.networks.factories import NetworkFactory

pytestmark = pytest.mark.django_db

D = Decimal
VG = "Functie – Deelname ggz aan verkennend gesprek"
SD = "Functie – Deelname sociaal domein aan verkennend gesprek"


def _three(figures, network_id, index=0):
    return tuple(
        figures[(network_id, index, key)].value
        for key in ("bk.begroot", "bk.gerealiseerd", "bk.realisatie")
    )


def _detail(figures, network_id, index=0):
    return dict(figures[(network_id, index, "bk.gerealiseerd")].detail)


def test_R_BK_2_a_year_equals_the_begroting_pages_totals(year_data):  # noqa: F811
    bk = year_data
    overview = budget_overview(bk.network, YEAR)
    figures = PROVIDER.compute([bk.network.pk], [year(YEAR)])
    assert _three(figures, bk.network.pk) == (
        overview.total.budget,
        overview.total.realised,
        overview.total.percent,
    )
    # By hand (test_begroting): 106,920 budgeted, 101,030 realised, 94.5 %.
    assert _three(figures, bk.network.pk) == (D("106920"), D("101030"), D("94.5"))
    detail = _detail(figures, bk.network.pk)
    assert detail[VG] == "€ 580,00 / € 1.020,00"
    assert detail[SD] == "€ 450,00 / € 900,00"
    assert detail["Financier – Verzekeraar Noord"] == "€ 60.300,00 / € 65.600,00"
    assert detail["Financier – Gemeente Noord"] == "€ 450,00 / € 900,00"
    for function in overview.functions:
        assert detail[f"Functie – {function.label}"].startswith(
            f"€ {number(function.total.realised, 2)} /"
        )


def test_R_BK_2_a_quarter_is_compared_with_a_quarter_of_the_years_budget(year_data):  # noqa: F811
    bk = year_data
    quarters = [quarter(YEAR, n) for n in (1, 2, 3, 4)]
    figures = PROVIDER.compute([bk.network.pk], quarters)
    q1 = _detail(figures, bk.network.pk, 0)
    # The VG: Noord's three March VGs (one rejected, one rejected and corrected) → € 300
    # against 1,020 / 4; the gemeente's three March VGs × € 90 against 900 / 4.
    assert q1[VG] == "€ 300,00 / € 255,00"
    assert q1[SD] == "€ 270,00 / € 225,00"
    q2 = _detail(figures, bk.network.pk, 1)
    assert q2[VG] == "€ 280,00 / € 255,00"
    assert q2[SD] == "€ 180,00 / € 225,00"
    assert figures[(bk.network.pk, 0, "bk.begroot")].value == D("26730.00")
    # The quarters add up to the year.
    whole = PROVIDER.compute([bk.network.pk], [year(YEAR)])
    for key in ("bk.begroot", "bk.gerealiseerd"):
        quarters_sum = sum(figures[(bk.network.pk, i, key)].value for i in range(4))
        assert quarters_sum == whole[(bk.network.pk, 0, key)].value
    assert budget_fraction(quarter(YEAR, 3)) == D("0.25")
    assert budget_fraction(year(YEAR)) == 1


def test_R_BK_3_the_gemeentes_over_run_counts_once_accepted_in_its_quarter(bk_cast):
    """Agreement of 2 VGs at € 100: two in Q1 are due then; a third in Q2 is an undecided
    over-run, not due."""
    vc = bk_cast.vg_cast
    for day in (at(YEAR, 2, 3), at(YEAR, 3, 3), at(YEAR, 5, 5)):
        held_vg_on(vc, day, insurer=bk_cast.insurer)
    afspraak(bk_cast.network, vc.gemeente, YEAR, agreed=2, rate="100.00")
    post(bk_cast, gemeente_org(bk_cast), SD_DEELNAME, "400")
    figures = PROVIDER.compute([bk_cast.network.pk], [quarter(YEAR, 1), quarter(YEAR, 2)])
    assert _detail(figures, bk_cast.network.pk, 0)[SD] == "€ 200,00 / € 100,00"
    assert _detail(figures, bk_cast.network.pk, 1)[SD] == "€ 0,00 / € 100,00"


def test_R_BK_2_periods_are_half_open(bk_cast):
    """A VG on the second quarter's first moment (midnight, Dutch time) is the second
    quarter's, for the insurer's line and for the gemeente."""
    vc = bk_cast.vg_cast
    held_vg_on(vc, at(YEAR, 4, 1, 0, 0), insurer=bk_cast.insurer)
    held_vg_on(vc, at(YEAR, 3, 31, 23, 59), insurer=bk_cast.insurer)
    declaraties_generate(network=bk_cast.network)
    afspraak(bk_cast.network, vc.gemeente, YEAR, agreed=10, rate="90.00")
    post(bk_cast, bk_cast.insurer, Function.VERKENNEND_GESPREK, "400")
    figures = PROVIDER.compute([bk_cast.network.pk], [quarter(YEAR, 1), quarter(YEAR, 2)])
    q1, q2 = (_detail(figures, bk_cast.network.pk, i) for i in (0, 1))
    assert q1[SD] == q2[SD] == "€ 90,00 / € 0,00"
    assert q1[VG] == q2[VG]
    assert q1[VG].endswith("/ € 100,00")


def test_R_BK_2_money_is_shown_for_every_network_and_never_suppressed(year_data):  # noqa: F811
    network = year_data.network
    for flag in ("offers_verkennend_gesprek", "offers_transfer", "offers_casusoverleg"):
        setattr(network, flag, False)
    figures = indicators.compute([network], [year(YEAR)])
    assert figures[(network.pk, 0, "bk.gerealiseerd")].value == D("101030")
    for key in ("bk.begroot", "bk.gerealiseerd", "bk.realisatie"):
        value = figures[(network.pk, 0, key)]
        assert value.basis is None
        assert not suppressed(indicators.indicator(key), value)
    # A network without a budget: nothing realised, no share.
    empty = NetworkFactory()
    assert _three(PROVIDER.compute([empty.pk], [year(YEAR)]), empty.pk) == (0, 0, None)


def test_R_BK_2_the_batch_does_not_grow_with_the_networks(
    year_data,  # noqa: F811
    django_assert_max_num_queries,
):
    bk = year_data
    periods: list[Period] = quarters_until(quarter(YEAR, 4), 4)
    # Budget, lines, agreements, decisions, gemeente organisations, and one realised-VG
    # count per quarter end.
    with django_assert_max_num_queries(9):
        one = PROVIDER.compute([bk.network.pk], periods)
    others = [NetworkFactory().pk for _ in range(4)]
    with django_assert_max_num_queries(9):
        five = PROVIDER.compute([bk.network.pk, *others], periods)
    assert {k: v for k, v in five.items() if k[0] == bk.network.pk} == one


def test_R_BK_2_the_demo_history_fills_the_last_four_quarters():
    from django.utils import timezone

    from bekostiging import demo, demo_history
    from bekostiging.models import Begrotingspost, Declaratieregel
    from mgn.indicators import quarter_of
    from networks import demo as networks_demo
    from networks.models import Network
    from verkennend_gesprek import demo as vg_demo

    networks_demo.seed_demo()
    vg_demo.seed_demo()
    demo.seed_demo()
    summary = demo_history.seed_demo()
    assert "niet gezaaid" not in summary
    network = Network.objects.get(slug=demo.NETWORK)
    periods = quarters_until(quarter_of(timezone.localdate()), 5)
    figures = PROVIDER.compute([network.pk], periods)
    for index in range(5):
        assert figures[(network.pk, index, "bk.begroot")].value > 0, periods[index].label
        assert figures[(network.pk, index, "bk.gerealiseerd")].value > 0, periods[index].label
    before = (Begrotingspost.objects.count(), Declaratieregel.objects.count())
    demo_history.seed_demo()
    assert (Begrotingspost.objects.count(), Declaratieregel.objects.count()) == before


def test_R_BK_2_a_period_across_a_years_end_gets_no_money_figures(year_data):  # noqa: F811
    from datetime import date

    across = Period(date(YEAR, 12, 1), date(YEAR + 1, 2, 1), "dec–jan")
    figures = PROVIDER.compute([year_data.network.pk], [across, year(YEAR)])
    assert (year_data.network.pk, 0, "bk.begroot") not in figures
    assert figures[(year_data.network.pk, 1, "bk.begroot")].value == D("106920")
