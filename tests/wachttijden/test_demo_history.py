"""The demo's year of waiting-list history: every one of the last four quarters has a
snapshot and figures on the network board, and seeding twice adds nothing."""

from django.utils import timezone

import pytest

from mgn.indicators import quarter_of, quarters_until
from networks import demo as networks_demo
from networks.models import Network
from wachttijden import demo, demo_history, indicators
from wachttijden.models import OverviewRun, Wachtplek


@pytest.fixture
def seeded(db):
    networks_demo.seed_demo()
    demo.seed_demo()
    demo_history.seed_demo()
    return Network.objects.get(slug="veenland")


def test_R_WT_1_each_of_the_last_four_quarters_has_waiting_figures(seeded):
    periods = quarters_until(quarter_of(timezone.localdate()), 4)
    figures = indicators.compute([seeded.pk], periods)

    for index in range(4):
        assert figures[(seeded.pk, index, "wt.wachtenden")].value > 0
        assert figures[(seeded.pk, index, "wt.aanmeldingswachttijd")].value is not None
        assert figures[(seeded.pk, index, "wt.binnen_treeknorm")].basis > 0


def test_seeding_the_history_twice_adds_nothing(seeded):
    before = (Wachtplek.objects.count(), OverviewRun.objects.count())
    summary = demo_history.seed_demo()
    assert (Wachtplek.objects.count(), OverviewRun.objects.count()) == before
    assert summary.startswith("0 wachtplekken")
