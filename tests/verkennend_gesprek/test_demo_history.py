"""The demo's year of function I history: every one of the last four quarters has figures on
the network board, the specialist-ggz share falls, the second network Rivierenland has a
history of its own to compare, and seeding twice adds nothing."""

from django.utils import timezone

import pytest

from mgn.indicators import quarter_of, quarters_until
from networks import demo as networks_demo
from networks import demo_programma
from networks.models import Network
from verkennend_gesprek import demo, demo_history, indicators
from verkennend_gesprek.constants import DEMO_KEY_PREFIX
from verkennend_gesprek.models import VerkennendGesprek


@pytest.fixture
def seeded(db):
    networks_demo.seed_demo()
    demo_programma.seed_demo()
    demo.seed_demo()
    demo_history.seed_demo()
    return Network.objects.get(slug="veenland")


def _history(network: Network):
    return network.verkennende_gesprekken.filter(
        idempotency_key__startswith=DEMO_KEY_PREFIX + "hist-"
    )


def test_R_VG_8_each_of_the_last_four_quarters_has_figures_and_the_headline_falls(seeded):
    periods = quarters_until(quarter_of(timezone.localdate()), 4)
    figures = indicators.compute([seeded.pk], periods)

    for index in range(4):
        assert figures[(seeded.pk, index, "vg.aanvragen")].value > 0
    history = [figures[(seeded.pk, i, "vg.specialistische_ggz")] for i in range(3)]
    assert all(v.basis > 0 for v in history)
    assert history[0].value > history[1].value > history[2].value


def test_R_VG_3_both_networks_have_at_least_ten_requests_a_past_quarter(seeded):
    rivierenland = Network.objects.get(slug="rivierenland")
    periods = quarters_until(quarter_of(timezone.localdate()), 4)
    figures = indicators.compute([seeded.pk, rivierenland.pk], periods)

    for index in range(3):  # above the programme view's small-count suppression (1–9)
        assert figures[(seeded.pk, index, "vg.aanvragen")].value >= 12
        assert figures[(rivierenland.pk, index, "vg.aanvragen")].value >= 10
        assert figures[(rivierenland.pk, index, "vg.dagen_tot_gesprek")].value is not None
    # A different picture: Rivierenland's conversations come later than Veenland's.
    days = [
        (
            figures[(rivierenland.pk, i, "vg.dagen_tot_gesprek")].value,
            figures[(seeded.pk, i, "vg.dagen_tot_gesprek")].value,
        )
        for i in range(3)
    ]
    assert all(theirs > ours for theirs, ours in days)


def test_R_VG_1_rivierenlands_requests_come_from_its_own_huisarts_and_professionals(seeded):
    rivierenland = Network.objects.get(slug="rivierenland")
    requests = _history(rivierenland)
    assert requests.count() >= 30
    practices = set(requests.values_list("huisarts__organisation__name", flat=True))
    assert practices == {"Huisartsenpraktijk Aan de Waal"}
    assert rivierenland.partnerships.filter(
        organisation__name="Huisartsenpraktijk Aan de Waal"
    ).exists()


def test_seeding_the_history_twice_adds_nothing(seeded):
    before = VerkennendGesprek.objects.count()
    demo_programma.seed_demo()
    summary = demo_history.seed_demo()
    assert VerkennendGesprek.objects.count() == before
    assert summary.endswith("(0 nieuw)")


def test_without_rivierenland_only_veenland_gets_a_history(db):
    networks_demo.seed_demo()
    demo.seed_demo()
    summary = demo_history.seed_demo()
    assert "rivierenland" not in summary
    assert not VerkennendGesprek.objects.exclude(network__slug="veenland").exists()


def test_r_pr_3_the_history_uses_test_bsns_that_pass_the_elfproef_and_never_meet():
    veenland = demo_history.history_bsns(36)
    rivierenland = demo_history.history_bsns(30, start=demo_history.RIVIERENLAND.first_bsn)
    assert len(set(veenland)) == 36
    assert len(set(rivierenland)) == 30
    assert not set(veenland) & set(rivierenland)
    assert not set(veenland + rivierenland) & set(demo.TEST_BSNS)
    assert all(b.startswith("9999") for b in veenland + rivierenland)
