"""The casusoverleg's figures on the board (``casusoverleg.indicators``): cases registered
(R-DOC-2), closed with an outcome (R-DOC-4) and signals raised (R-DOC-5) in half-open
periods, unchanged by the retention purge, in a batch whose queries do not grow with the
networks, and nothing for a network that does not offer the function."""

from datetime import datetime, time, timedelta

from django.utils import timezone

import pytest

from casusoverleg.constants import SignaalCategorie
from casusoverleg.indicators import PROVIDER
from casusoverleg.models import Casus, CasusOverleg, Signaal
from casusoverleg.selectors.signalen import Period as SignalPeriod
from casusoverleg.selectors.signalen import signal_counts
from casusoverleg.services.bewaren import casussen_purge
from casusoverleg.services.casussen import casus_close, uitkomst_record
from casusoverleg.services.signalen import signaal_raise
from mgn import indicators
from mgn.indicators import quarter_of, quarters_until, year
from tests.casusoverleg.factories import register
from tests.networks.factories import NetworkFactory

pytestmark = pytest.mark.django_db


def _at(day, minutes=0):
    tz = timezone.get_current_timezone()
    return datetime.combine(day, time.min, tzinfo=tz) + timedelta(minutes=minutes)


@pytest.fixture
def q(db):
    """A quarter about two years back: its closed cases are past the 12-month retention."""
    return quarter_of(timezone.localdate() - timedelta(days=730))


def _register(co, registered_at):
    casus = register(co.reeks, organisation=co.gemeente, user=co.sd_user, gemeente=co.gemeenten[0])
    Casus.objects.filter(pk=casus.pk).update(registered_at=registered_at)
    casus.refresh_from_db()
    return casus


def _close(co, casus, closed_at):
    starts_at = timezone.now().replace(second=0, microsecond=0) - timedelta(days=1)
    CasusOverleg.objects.filter(pk=casus.overleg_id).update(starts_at=starts_at)
    uitkomst_record(
        casus=casus,
        overleg=CasusOverleg.objects.get(pk=casus.overleg_id),
        oplossing="Schuldhulp en behandeling starten samen.",
        volgende_stap="Gezamenlijk gesprek plannen.",
        eigenaar=co.ggz,
        datum=timezone.localdate() + timedelta(days=14),
        recorded_by=co.sd_user,
    )
    casus_close(casus=casus, closed_by=co.sd_user)
    Casus.objects.filter(pk=casus.pk).update(closed_at=closed_at)


def _signal(co, casus, created_at):
    signaal = signaal_raise(
        casus=casus,
        category=SignaalCategorie.WACHTTIJD,
        gemeenten=co.gemeenten,
        description="Lange wachttijd voor schuldhulp.",
        organisation=co.gemeente,
        raised_by=co.sd_user,
    )
    Signaal.objects.filter(pk=signaal.pk).update(created_at=created_at)


@pytest.fixture
def history(co, q):
    """In quarter ``q``: cases registered on its first moment and its last minute (both
    counted) and one at the next quarter's first moment (not); the first two closed with
    an outcome, one inside the quarter and one on the next quarter's first day; a signal on
    the quarter's last minute and one on the next quarter's first moment."""
    first = _register(co, _at(q.start))
    last = _register(co, _at(q.end, -1))
    _register(co, _at(q.end))
    _close(co, first, _at(q.start, 60 * 24 * 10))
    _close(co, last, _at(q.end))
    _signal(co, first, _at(q.end, -1))
    _signal(co, last, _at(q.end))
    return co


def _values(figures, network_id, index=0):
    return tuple(
        figures[(network_id, index, key)].value
        for key in ("doc.aangemeld", "doc.afgesloten", "doc.signalen")
    )


def test_R_DOC_2_cases_registered_in_the_half_open_period(history, q):
    nxt = quarter_of(q.end)
    figures = PROVIDER.compute([history.network.pk], [q, nxt])
    assert figures[(history.network.pk, 0, "doc.aangemeld")].value == 2
    assert figures[(history.network.pk, 0, "doc.aangemeld")].basis == 2
    assert figures[(history.network.pk, 1, "doc.aangemeld")].value == 1


def test_R_DOC_4_cases_closed_with_an_outcome_in_the_period(history, q):
    figures = PROVIDER.compute([history.network.pk], [q, quarter_of(q.end)])
    assert figures[(history.network.pk, 0, "doc.afgesloten")].value == 1
    assert figures[(history.network.pk, 1, "doc.afgesloten")].value == 1


def test_R_DOC_5_signals_raised_in_the_period_as_on_the_signals_page(history, q):
    nxt = quarter_of(q.end)
    figures = PROVIDER.compute([history.network.pk], [q, nxt])
    assert figures[(history.network.pk, 0, "doc.signalen")].value == 1
    assert figures[(history.network.pk, 1, "doc.signalen")].value == 1
    for index, period in enumerate((q, nxt)):
        page = signal_counts(history.network, SignalPeriod(period.start, period.last_day))
        assert figures[(history.network.pk, index, "doc.signalen")].value == page.total


def test_R_DOC_2_retention_purge_does_not_change_the_counts(history, q):
    periods = [q, quarter_of(q.end), year(q.start.year)]
    before = PROVIDER.compute([history.network.pk], periods)
    # Both closed cases are past the 12-month term: removed, their counts kept.
    assert casussen_purge() == 2
    assert Casus.objects.filter(reeks=history.reeks).count() == 1
    after = PROVIDER.compute([history.network.pk], periods)
    assert after == before
    assert _values(after, history.network.pk, 0) == (2, 1, 1)


def test_R_DOC_2_a_network_without_the_casusoverleg_gets_no_figures(history, q):
    network = history.network
    assert indicators.compute([network], [q])[(network.pk, 0, "doc.aangemeld")].value == 2
    network.offers_casusoverleg = False
    network.save(update_fields=["offers_casusoverleg"])
    assert not [k for k in indicators.compute([network], [q]) if k[2].startswith("doc.")]


def test_R_DOC_5_the_batch_does_not_grow_with_the_networks(
    history, q, django_assert_max_num_queries
):
    periods = quarters_until(quarter_of(q.end), 4)
    with django_assert_max_num_queries(4):
        one = PROVIDER.compute([history.network.pk], periods)
    others = [NetworkFactory(offers_casusoverleg=True).pk for _ in range(4)]
    with django_assert_max_num_queries(4):
        five = PROVIDER.compute([history.network.pk, *others], periods)
    assert {k: v for k, v in five.items() if k[0] == history.network.pk} == one
    assert _values(five, others[0], 3) == (0, 0, 0)


def test_R_DOC_2_the_demo_history_fills_the_last_four_quarters():
    from casusoverleg import demo, demo_history
    from networks import demo as networks_demo
    from networks.models import Network
    from wachttijden import demo as wachttijden_demo

    networks_demo.seed_demo()
    wachttijden_demo.seed_demo()
    demo.seed_demo()
    demo_history.seed_demo()
    network = Network.objects.get(slug=demo.NETWORK)
    periods = quarters_until(quarter_of(timezone.localdate()), 5)
    figures = PROVIDER.compute([network.pk], periods)
    # The four quarters before the current one each have cases and signals.
    for index in range(4):
        assert figures[(network.pk, index, "doc.aangemeld")].value > 0, periods[index].label
        assert figures[(network.pk, index, "doc.signalen")].value > 0, periods[index].label
    before = (Casus.objects.count(), Signaal.objects.count(), CasusOverleg.objects.count())
    demo_history.seed_demo()
    assert (Casus.objects.count(), Signaal.objects.count(), CasusOverleg.objects.count()) == before
