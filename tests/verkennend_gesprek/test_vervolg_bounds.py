"""Bounds on the follow-up form (docs/input-limits.md): the start a recorded date from 2000,
the ggz takeover at most two years ahead, the description plain text; nothing saved."""

from datetime import timedelta

from django.utils import timezone

import pytest

from .test_advies import held_vg
from .test_vervolg import url


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"started_on": "0001-01-01"}, "started_on", "vóór 01-01-2000"),
        ({"ggz_takeover_on": "days:1200"}, "ggz_takeover_on", "controleer het jaar"),
        ({"description": "Inloop\u202e De Brug"}, "description", "leesrichting"),
    ],
)
def test_the_followup_form_refuses_out_of_bounds_input(client, vg_cast, data, field, message):
    vg = held_vg(vg_cast, days_ago=10)
    client.force_login(vg_cast.ggz.user)
    data = {
        key: (
            (timezone.localdate() + timedelta(days=int(value[5:]))).isoformat()
            if value.startswith("days:")
            else value
        )
        for key, value in data.items()
    }
    response = client.post(url("vervolg", vg), data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    vg.refresh_from_db()
    assert vg.followup_started_on is None and vg.ggz_takeover_on is None
    assert vg.followup_description == ""
