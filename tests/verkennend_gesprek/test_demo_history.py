"""The demo's year of function I history: every one of the last four quarters has figures on
the network board, the specialist-ggz share falls, and seeding twice adds nothing."""

from django.utils import timezone

import pytest

from mgn.indicators import quarter_of, quarters_until
from networks import demo as networks_demo
from networks.models import Network
from verkennend_gesprek import demo, demo_history, indicators
from verkennend_gesprek.models import VerkennendGesprek


@pytest.fixture
def seeded(db):
    networks_demo.seed_demo()
    demo.seed_demo()
    demo_history.seed_demo()
    return Network.objects.get(slug="veenland")


def test_R_VG_8_each_of_the_last_four_quarters_has_figures_and_the_headline_falls(seeded):
    periods = quarters_until(quarter_of(timezone.localdate()), 4)
    figures = indicators.compute([seeded.pk], periods)

    for index in range(4):
        assert figures[(seeded.pk, index, "vg.aanvragen")].value > 0
    history = [figures[(seeded.pk, i, "vg.specialistische_ggz")] for i in range(3)]
    assert all(v.basis > 0 for v in history)
    assert history[0].value > history[1].value > history[2].value


def test_seeding_the_history_twice_adds_nothing(seeded):
    before = VerkennendGesprek.objects.count()
    summary = demo_history.seed_demo()
    assert VerkennendGesprek.objects.count() == before
    assert summary.endswith("(0 nieuw)")


def test_r_pr_3_the_history_uses_test_bsns_that_pass_the_elfproef():
    bsns = demo_history.history_bsns(24)
    assert len(set(bsns)) == 24
    assert all(b.startswith("9999") for b in bsns)
