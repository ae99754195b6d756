"""R-NW-6: the demo region's plan in phase C; seeding twice adds nothing."""

import pytest

from mgn.accounts.constants import Role
from mgn.accounts.models import User
from networks import demo as networks_demo
from networks import demo_plan
from networks.models import (
    Aandachtspunt,
    Besluit,
    Instemming,
    PlanBeoordelaar,
    PlanVersie,
    Transformatiemiddel,
    Transformatieplan,
)
from networks.models.plan import Fase, PuntStatus

pytestmark = pytest.mark.django_db

MODELS = (
    Transformatieplan,
    PlanVersie,
    Instemming,
    PlanBeoordelaar,
    Besluit,
    Aandachtspunt,
    Transformatiemiddel,
)


@pytest.fixture
def seeded():
    networks_demo.seed_demo()
    return demo_plan.seed_demo()


def test_R_NW_6_the_demo_plan_is_in_phase_c_with_its_brief_and_points(seeded):
    plan = seeded
    assert plan.network.slug == "veenland" and plan.fase == Fase.C
    assert [v.nummer for v in plan.versies.all()] == ["0.1", "1.0"]
    assert plan.versies.get(tienden=10).gedeeld_op is not None
    besluit = plan.besluiten.get()
    assert (besluit.soort, besluit.uitkomst) == ("voorgenomen", "positief") and besluit.brief
    assert sorted(plan.aandachtspunten.values_list("status", flat=True)) == [
        PuntStatus.AFGEHANDELD,
        PuntStatus.OPEN,
    ]
    assert plan.beoordelaars.count() == 2
    assert plan.middelen.get().stap == "reservering"
    user = User.objects.get(email="beoordelaar@demo.mgn.nl")
    assert user.check_password(networks_demo.DEMO_PASSWORD) and user.has_role(Role.BEOORDELAAR)


def test_R_NW_6_seeding_the_demo_plan_twice_adds_nothing(seeded):
    before = [m.objects.count() for m in MODELS]
    demo_plan.seed_demo()
    assert [m.objects.count() for m in MODELS] == before
