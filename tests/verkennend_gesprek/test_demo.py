"""The demo region's function I data: every state, test BSNs only, and idempotent."""

from django.db.models import Count

import pytest
from stdnum.nl import bsn as stdnum_bsn

from networks import demo as networks_demo
from networks.models import Network
from verkennend_gesprek import demo
from verkennend_gesprek.constants import AdviesStatus, Status
from verkennend_gesprek.models import (
    Advies,
    Afspraak,
    Deelnemer,
    Gesprek,
    Persoon,
    VerkennendGesprek,
)
from verkennend_gesprek.selectors.aanvraag import vg_for_user
from verkennend_gesprek.selectors.planning import planning_queue
from verkennend_gesprek.selectors.vervolg import vervolg_open


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (VerkennendGesprek, Persoon, Gesprek, Deelnemer, Advies, Afspraak)
    }


@pytest.fixture
def seeded(db):
    networks_demo.seed_demo()
    summary = demo.seed_demo()
    return Network.objects.get(slug="veenland"), summary


def test_seeding_twice_adds_nothing(seeded):
    first = counts()
    networks_demo.seed_demo()
    summary = demo.seed_demo()
    assert counts() == first
    assert summary.startswith(f"{first['VerkennendGesprek']} verkennende gesprekken (0 nieuw)")


def test_every_state_is_present(seeded):
    network, summary = seeded
    by_status = dict(network.verkennende_gesprekken.values_list("status").annotate(n=Count("pk")))
    assert set(by_status) == set(Status.values), by_status
    assert 10 <= sum(by_status.values()) <= 14
    assert "(12 nieuw)" in summary


def test_r_pr_3_only_rvig_test_bsns(seeded):
    bsns = list(Persoon.objects.values_list("bsn", flat=True))
    assert bsns and all(b.startswith("9999") and stdnum_bsn.is_valid(b) for b in bsns)
    assert "999990070" not in demo.TEST_BSNS  # fails the elfproef


def test_the_planner_sees_waits_past_both_thresholds(seeded):
    network, _summary = seeded
    levels = {row.level for row in planning_queue(network)}
    assert {"", "waarschuwing", "alarm"} <= levels


def test_one_follow_up_is_overdue(seeded):
    network, _summary = seeded
    rows = vervolg_open(network)
    assert [row.overdue for row in rows].count(True) == 1


def test_definitive_adviezen_have_agreements_and_a_second_conversation_exists(seeded):
    definitief = Advies.objects.filter(status=AdviesStatus.DEFINITIEF)
    assert definitief.count() == 4
    assert all(a.afspraken.exists() for a in definitief)
    assert Advies.objects.filter(status=AdviesStatus.CONCEPT).count() == 1
    assert Gesprek.objects.filter(number=2, held=True).exists()


def test_the_demo_users_take_part(seeded):
    network, _summary = seeded
    from mgn.accounts.models import User

    for email in (
        "ggz@demo.mgn.nl",
        "sociaaldomein@demo.mgn.nl",
        "ervaringsdeskundige@demo.mgn.nl",
    ):
        assert vg_for_user(User.objects.get(email=email)).exists(), email
    huisarts = User.objects.get(email="huisarts@demo.mgn.nl")
    assert vg_for_user(huisarts).count() == 12
