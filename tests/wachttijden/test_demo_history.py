"""The demo's year of waiting-list history: every one of the last four quarters has a
snapshot and figures on the network board, the second network Rivierenland has figures
to compare, and seeding twice adds nothing."""

from django.utils import timezone

import pytest

from mgn.indicators import quarter_of, quarters_until
from networks import demo as networks_demo
from networks import demo_programma
from networks.models import Network
from wachttijden import demo, demo_history, indicators
from wachttijden.models import OverviewRun, Wachtplek


@pytest.fixture
def seeded(db):
    networks_demo.seed_demo()
    demo_programma.seed_demo()
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


def test_R_WT_1_rivierenland_has_figures_in_every_quarter_to_compare(seeded):
    rivierenland = Network.objects.get(slug="rivierenland")
    periods = quarters_until(quarter_of(timezone.localdate()), 4)
    figures = indicators.compute([seeded.pk, rivierenland.pk], periods)

    for index in range(4):
        # Above the programme view's small-count suppression (1–9).
        assert figures[(rivierenland.pk, index, "wt.wachtenden")].value >= 10
    # Longer waits than Veenland's in the last quarter before the current one.
    theirs = figures[(rivierenland.pk, 2, "wt.behandelingswachttijd")].value
    ours = figures[(seeded.pk, 2, "wt.behandelingswachttijd")].value
    assert theirs > ours
    assert Wachtplek.objects.filter(region__code="rivierenland").exists()


def test_r_pr_3_the_two_regions_history_bsns_never_meet():
    veenland = demo.demo_bsns(
        demo_history.FINISHED + demo_history.LONG_WAITERS, start=demo_history.FIRST_BSN
    )
    rivierenland = demo.demo_bsns(
        demo_history.RIVIERENLAND_FINISHED + demo_history.RIVIERENLAND_LONG_WAITERS,
        start=demo_history.RIVIERENLAND_FIRST_BSN,
    )
    assert not set(veenland) & set(rivierenland)
    assert all(b.startswith("9999") for b in veenland + rivierenland)
