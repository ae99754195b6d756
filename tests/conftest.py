"""The shared cast: one user per role in network 'noord', and an outsider who must see nothing.

Like healthchecks' alice/bob/charlie: tests name people, not fixtures of fixtures.
"""

import random

import factory.random
import pytest

from mgn.accounts.constants import NETWORKLESS_ROLES, Role
from networks.constants import OrganisationKind, Ring
from networks.services.netwerken import network_grant
from tests.accounts.factories import PASSWORD, UserFactory
from tests.networks.factories import NetworkFactory, OrganisationFactory, PartnershipFactory

pytest_plugins = [
    "tests.browser",
    "tests.verkennend_gesprek.cast",
    "tests.wachttijden.cast",
    "tests.bekostiging.cast",
]

ROLES = list(Role.values)
# The roles whose users are members of a network (the cast grants them `network`).
NETWORK_ROLES = [r for r in ROLES if r not in NETWORKLESS_ROLES]


@pytest.fixture(autouse=True, scope="session")
def _seeded_randomness():
    """Seeded so that a CI failure replays: the seed is printed in the pytest header."""
    factory.random.reseed_random(20261123)
    random.seed(20261123)


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests (browser journeys) start from a flushed database: put the
    reference lists that migrations seed back in."""
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        request.getfixturevalue("transactional_db")
        from bekostiging.services.reference import prestaties_seed
        from wachttijden.services import reference as wachttijden_reference

        wachttijden_reference.seed()
        prestaties_seed()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def network(db):
    """Network 'noord': complete (R-NW-1) with an insurer and a gemeente as financiers."""
    net = NetworkFactory(name="MGN Noord", slug="noord", complete=True)
    insurer = OrganisationFactory(name="Verzekeraar Noord", zorgverzekeraar=True)
    gemeente = OrganisationFactory(name="Gemeente Noord", gemeente=True)
    for org in (insurer, gemeente):
        PartnershipFactory(
            network=net, organisation=org, role_uitvoering=False, role_monitoring=True
        )
    PartnershipFactory(
        network=net,
        organisation=OrganisationFactory(
            name="Woonstichting Noord", kind=OrganisationKind.WONINGCORPORATIE
        ),
        outer=True,
    )
    return net


@pytest.fixture
def other_network(db):
    return NetworkFactory(name="MGN Zuid", slug="zuid", complete=True)


@pytest.fixture
def cast(network, other_network):
    """One user per role with access to `network`, plus 'outsider' (coordinator of the other network)."""
    people = {}
    for role in ROLES:
        user = UserFactory(email=f"{role}@noord.test", roles=[role], full_name=f"{role} Noord")
        if role == Role.BEHEERDER:
            user.is_staff = user.is_superuser = True
            user.save()
        if role not in NETWORKLESS_ROLES:
            network_grant(network=network, user=user, coordinate=role == Role.NETWERKCOORDINATOR)
        people[role] = user
    outsider = UserFactory(
        email="buitenstaander@zuid.test",
        roles=[Role.NETWERKCOORDINATOR],
        full_name="Buiten Staander",
    )
    network_grant(network=other_network, user=outsider, coordinate=True)
    people["outsider"] = outsider
    return people


@pytest.fixture
def coordinator(cast):
    return cast[Role.NETWERKCOORDINATOR]


@pytest.fixture
def outsider(cast):
    return cast["outsider"]


@pytest.fixture
def inner_partner(network):
    return (
        network.partnerships.filter(ring=Ring.INNER)
        .exclude(organisation=network.regievoerder)
        .first()
    )
