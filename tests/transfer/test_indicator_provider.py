"""The transfer mechanism's figures on the board (R-TR-7, ``transfer.indicators``): the
handovers, the waiting weeks saved, the persons asked and declining, with the effect page's
definitions, half-open periods, a batch whose queries do not grow with the networks, and
nothing for a network that does not offer the function."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

import pytest

from mgn import indicators
from mgn.indicators import Period, quarter_of, year
from tests.networks.factories import NetworkFactory
from tests.transfer.factories import make_tafel
from transfer.constants import Antwoord
from transfer.indicators import PROVIDER
from transfer.models import TafelOverleg
from transfer.selectors.effect import effect_for_tafel
from transfer.selectors.werklijst import group_entries
from transfer.services.werklijst import overdracht_bevestigen, uitkomst_vastleggen

pytestmark = pytest.mark.django_db

KEYS = ("tr.overgedragen", "tr.weken_bespaard", "tr.gevraagd", "tr.afgewezen")


def _move(overleg, starts_at) -> None:
    TafelOverleg.objects.filter(pk=overleg.pk).update(starts_at=starts_at)
    overleg.refresh_from_db()


def _complete(s):
    """Of the accepted proposal's group (3 persons, 12 − 3 = 9 weeks each): two accept (one
    handed over), one declines."""
    entries = list(group_entries(s.voorstel))

    def answer(entry, antwoord):
        return uitkomst_vastleggen(
            voorstel=s.voorstel, wachtplek=entry, antwoord=antwoord, user=s.provider_user
        )

    first = answer(entries[0], Antwoord.AANVAARD)
    answer(entries[1], Antwoord.AANVAARD)
    answer(entries[2], Antwoord.AFGEWEZEN)
    overdracht_bevestigen(uitkomst=first, user=s.provider_user)


def _values(figures, network_id, index=0):
    return tuple(figures[(network_id, index, key)].value for key in KEYS)


def _local_day(moment):
    return timezone.localtime(moment).date()


@pytest.fixture
def held(accepted):
    _move(accepted.overleg, timezone.now().replace(microsecond=0) - timedelta(days=7))
    _complete(accepted)
    return accepted


def test_R_TR_7_provider_counts_handovers_weeks_asked_and_declined(held):
    s = held
    period = quarter_of(_local_day(s.overleg.starts_at))
    figures = PROVIDER.compute([s.tafel.network_id], [period])
    assert _values(figures, s.tafel.network_id) == (1, Decimal("9.0"), 3, 1)
    # The weeks rest on the one handover, the declines on the persons asked.
    assert figures[(s.tafel.network_id, 0, "tr.weken_bespaard")].basis == 1
    assert figures[(s.tafel.network_id, 0, "tr.afgewezen")].basis == 3


def test_R_TR_7_provider_equals_the_effect_pages_totals_over_all_tables(held):
    s = held
    network = s.tafel.network
    # A second table of the network, with nothing yet: the network's figure is the sum.
    second = make_tafel(network, name="Transfertafel Zuid")
    periods = [
        quarter_of(_local_day(s.overleg.starts_at)),
        year(_local_day(s.overleg.starts_at).year),
    ]
    figures = PROVIDER.compute([network.pk], periods)
    for index, period in enumerate(periods):
        totals = [
            effect_for_tafel(t, period.start, period.last_day).total for t in (s.tafel, second)
        ]
        assert _values(figures, network.pk, index) == (
            sum(t.overgedragen for t in totals),
            sum((t.weken_bespaard for t in totals), Decimal("0")),
            sum(t.gevraagd for t in totals),
            sum(t.afgewezen for t in totals),
        )


def test_R_TR_7_periods_are_half_open(held):
    s = held
    q = quarter_of(_local_day(s.overleg.starts_at))
    nxt = quarter_of(q.end)
    tz = timezone.get_current_timezone()
    # The meeting on the next quarter's first day, at midnight: the next quarter's, not this one's.
    _move(s.overleg, datetime.combine(q.end, time.min, tzinfo=tz))
    figures = PROVIDER.compute([s.tafel.network_id], [q, nxt])
    assert _values(figures, s.tafel.network_id, 0) == (0, Decimal("0.0"), 0, 0)
    assert _values(figures, s.tafel.network_id, 1) == (1, Decimal("9.0"), 3, 1)
    # One minute before: the last day of this quarter.
    _move(s.overleg, datetime.combine(q.end, time.min, tzinfo=tz) - timedelta(minutes=1))
    figures = PROVIDER.compute([s.tafel.network_id], [q, nxt])
    assert _values(figures, s.tafel.network_id, 0) == (1, Decimal("9.0"), 3, 1)


def test_R_TR_7_a_network_without_the_transfer_function_gets_no_figures(held):
    network = held.tafel.network
    period = quarter_of(_local_day(held.overleg.starts_at))
    assert indicators.compute([network], [period])[(network.pk, 0, "tr.overgedragen")].value == 1
    network.offers_transfer = False
    network.save(update_fields=["offers_transfer"])
    figures = indicators.compute([network], [period])
    assert not [key for key in figures if key[2].startswith("tr.")]


def test_R_TR_7_the_batch_does_not_grow_with_the_networks(held, django_assert_max_num_queries):
    periods = [
        Period(q.start, q.end, q.label)
        for q in indicators.quarters_until(quarter_of(_local_day(held.overleg.starts_at)), 4)
    ]
    with django_assert_max_num_queries(1):
        one = PROVIDER.compute([held.tafel.network_id], periods)
    others = [NetworkFactory().pk for _ in range(4)]
    with django_assert_max_num_queries(1):
        five = PROVIDER.compute([held.tafel.network_id, *others], periods)
    assert (
        five[(held.tafel.network_id, 3, "tr.overgedragen")]
        == one[(held.tafel.network_id, 3, "tr.overgedragen")]
    )
    assert five[(others[0], 3, "tr.overgedragen")].value == 0


def test_R_TR_7_the_demo_history_fills_the_last_four_quarters():
    from networks import demo as networks_demo
    from networks.models import Network
    from transfer import demo, demo_history
    from transfer.models import Transfervoorstel, Uitkomst
    from wachttijden import demo as wachttijden_demo

    networks_demo.seed_demo()
    wachttijden_demo.seed_demo()
    demo.seed_demo()
    demo_history.seed_demo()
    network = Network.objects.get(slug=demo.NETWORK)
    periods = indicators.quarters_until(quarter_of(timezone.localdate()), 5)
    figures = PROVIDER.compute([network.pk], periods)
    for index in range(4):  # the four quarters before the current one
        assert figures[(network.pk, index, "tr.overgedragen")].value > 0, periods[index].label
        assert figures[(network.pk, index, "tr.weken_bespaard")].value > 0
    before = (
        TafelOverleg.objects.count(),
        Transfervoorstel.objects.count(),
        Uitkomst.objects.count(),
    )
    demo_history.seed_demo()
    after = (
        TafelOverleg.objects.count(),
        Transfervoorstel.objects.count(),
        Uitkomst.objects.count(),
    )
    assert after == before
