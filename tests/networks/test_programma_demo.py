"""The programme's demo (networks/demo_programma.py): a second network, Veenland's targets
and the programme login; idempotent."""

import pytest

from mgn import indicators
from mgn.accounts.constants import Role
from mgn.accounts.models import User
from networks import demo, demo_programma
from networks.models import Doel, Network
from networks.selectors.netwerken import network_role_matrix

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_referrals(settings):
    indicators.providers.cache_clear()
    settings.INDICATOR_PROVIDERS = [
        "tests.networks.indicator_fakes.VG",
        "tests.networks.indicator_fakes.REFERRALS",
    ]
    yield
    indicators.providers.cache_clear()


def test_the_demo_has_a_second_network_targets_and_a_programme_login(with_referrals, settings):
    # After the networks' own seeder, before the function apps' (which may seed it too).
    order = settings.DEMO_SEEDERS
    assert (
        order.index("networks.demo.seed_demo")
        < order.index("networks.demo_programma.seed_demo")
        < order.index("wachttijden.demo.seed_demo")
    )
    demo.seed_demo()
    for _ in range(2):  # idempotent
        rivierenland = demo_programma.seed_demo()
    assert Network.objects.filter(slug="rivierenland").count() == 1
    assert rivierenland.regions.get().name == "IZA-regio Rivierenland"
    assert rivierenland.gemeenten.count() == 4
    assert network_role_matrix(rivierenland).warnings == []  # the three domains (R-NW-1)
    targets = {d.indicator_key: d for d in Doel.objects.filter(network__slug="veenland")}
    assert set(targets) == {"fake.specialist", "fake.dagen"}
    assert (targets["fake.specialist"].value, targets["fake.specialist"].baseline_year) == (
        -30,
        2024,
    )
    assert targets["fake.dagen"].value == 7
    user = User.objects.get(email="programma@demo.mgn.nl")
    assert user.roles == {Role.PROGRAMMA}
    assert not Network.objects.filter(networkuserobjectpermission__user=user).exists()


def test_without_providers_the_demo_makes_no_targets(settings):
    indicators.providers.cache_clear()
    settings.INDICATOR_PROVIDERS = []
    try:
        demo.seed_demo()
        demo_programma.seed_demo()
    finally:
        indicators.providers.cache_clear()
    assert Network.objects.filter(slug="rivierenland").exists()
    assert not Doel.objects.exists()
