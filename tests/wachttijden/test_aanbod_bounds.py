"""Bounds on the offer forms (docs/input-limits.md): the model's maxima and validators
reach the ModelForm; a refused offer or note saves nothing."""

import pytest

from mgn.validators import TEXT_REMARK, TEXT_REQUEST
from wachttijden.models import Aanbod, OntbrekendAanbod

from .test_aanbod import CREATE, MISSING, form_data


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("description", "x" * (TEXT_REQUEST + 1), "niet meer dan 4000 tekens"),
        ("how_to_apply", "x" * (TEXT_REMARK + 1), "niet meer dan 1000 tekens"),
        ("description", "Inloop \u202eplaats", "leesrichting"),
        ("how_to_apply", "Bel \u202eons", "leesrichting"),
        ("name", "Inloop\nDe Brug", "één regel"),
        ("contact", "0522\u2066123456", "leesrichting"),
    ],
)
def test_the_offer_form_refuses_out_of_bounds_text(client, wt_cast, field, value, message):
    client.force_login(wt_cast.provider_user)
    response = client.post(CREATE, form_data(wt_cast, **{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert any(message in error for error in errors[field]), errors[field]
    assert not Aanbod.objects.filter(provider=wt_cast.provider, name__startswith="Inloop").exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [("x" * (TEXT_REMARK + 1), "niet meer dan 1000 tekens"), ("Geen \u202einloop", "leesrichting")],
)
def test_the_missing_offer_form_refuses_out_of_bounds_text(client, wt_cast, value, message):
    client.force_login(wt_cast.coordinator)
    response = client.post(
        MISSING, {"network": wt_cast.network.pk, "category": "wonen", "description": value}
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors["description"][0]
    assert not OntbrekendAanbod.objects.exists()
