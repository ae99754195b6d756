"""Bounds on the planning forms (docs/input-limits.md): a conversation at most two years
ahead, a naaste's name visible and without direction controls, an address on one line."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from mgn.accounts.constants import Role
from verkennend_gesprek.models import Gesprek

from .test_planning_views import local_input, schedule_data


@pytest.fixture
def planner(client, vg_cast):
    client.force_login(vg_cast.users[Role.NETWERKCOORDINATOR])
    return client


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("starts_at", "days:900", "controleer het jaar"),
        ("naaste_name", "\u200b\u200b", "alleen uit onzichtbare tekens"),
        ("naaste_name", "Kees \u202eressiV", "leesrichting"),
        ("location", "Dorpsstraat \u202e1", "leesrichting"),
    ],
)
def test_the_schedule_form_refuses_out_of_bounds_input(
    client, vg_cast, vg_factory, planner, field, value, message
):
    if value.startswith("days:"):
        value = local_input(timezone.now() + timedelta(days=int(value[5:])))
    vg = vg_factory()
    url = reverse("verkennend_gesprek:schedule", args=[vg.pk])
    response = client.post(url, schedule_data(vg_cast, **{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in errors[field][0], errors
    assert not Gesprek.objects.exists()
