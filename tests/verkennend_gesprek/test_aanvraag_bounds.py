"""Bounds on the request's input (docs/input-limits.md): the same refusals, in Dutch, from
the web form, the API and the service — and nothing saved. Names are stored NFC."""

from datetime import date

from django.core.exceptions import ValidationError

import pytest

from mgn.validators import TEXT_REQUEST
from verkennend_gesprek.models import Persoon, VerkennendGesprek

from .test_aanvraag_views import REQUEST_URL, form_data
from .test_api import body, post, token_client

TOO_LONG = "x" * (TEXT_REQUEST + 1)
ZERO_WIDTH = "\u200b\u200c\u200d"
RLO_NAME = "Jan\u202enesnaJ"
DECOMPOSED = "Rene\u0301e"  # "Renée" with a combining accent


@pytest.fixture
def huisarts(vg_cast, client):
    client.force_login(vg_cast.huisarts.user)
    return vg_cast.huisarts.user


@pytest.fixture
def his(vg_cast):
    return token_client(vg_cast.huisarts.user)


def assert_nothing_saved():
    assert not VerkennendGesprek.objects.exists()
    assert not Persoon.objects.exists()


# The web form -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("hulpvraag", TOO_LONG, "niet meer dan 4000 tekens"),
        ("hulpvraag", "Ik slaap \u202eslecht", "leesrichting"),
        ("date_of_birth", "0001-01-01", "vóór 01-01-1900"),
        ("date_of_birth", "1899-12-31", "vóór 01-01-1900"),
        ("given_name", ZERO_WIDTH, "alleen uit onzichtbare tekens"),
        ("family_name", "\u200b", "alleen uit onzichtbare tekens"),
        ("family_name", RLO_NAME, "leesrichting"),
    ],
)
def test_the_form_refuses_out_of_bounds_input_in_dutch(
    client, vg_cast, huisarts, field, value, message
):
    response = client.post(REQUEST_URL, form_data(vg_cast, **{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert_nothing_saved()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("hulpvraag", "Ik slaap slecht\x00"),
        ("given_name", "Sanne\x00"),
        ("address", "Dorpsstraat 1\x07"),
    ],
)
def test_a_control_character_is_refused_before_the_form(client, vg_cast, huisarts, field, value):
    # mgn.middleware refuses it for every form (400, a Dutch page); the form's own
    # validators refuse the same when it is called directly (tests/mgn/test_validators.py).
    response = client.post(REQUEST_URL, form_data(vg_cast, **{field: value}))
    assert response.status_code == 400
    assert "onzichtbaar stuurteken" in response.content.decode()
    assert_nothing_saved()


def test_the_form_stores_names_nfc_normalised(client, vg_cast, huisarts):
    response = client.post(
        REQUEST_URL, form_data(vg_cast, given_name=DECOMPOSED, family_name="Mu\u0308ller")
    )
    assert response.status_code == 302
    persoon = Persoon.objects.get()
    assert persoon.given_name == "Renée" and len(persoon.given_name) == 5
    assert persoon.family_name == "Müller"


def test_the_form_field_announces_the_limits(client, vg_cast, huisarts):
    html = client.get(REQUEST_URL).content.decode()
    assert 'maxlength="4000"' in html
    assert 'min="1900-01-01"' in html


# The API ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("overrides", "key", "code"),
    [
        ({"hulpvraag": TOO_LONG}, "hulpvraag", "max_length"),
        ({"hulpvraag": "a\u2067b"}, "hulpvraag", "bidi_control"),
        ({"persoon": {"date_of_birth": "0001-01-01"}}, "persoon.date_of_birth", "date_too_early"),
        ({"persoon": {"given_name": ZERO_WIDTH}}, "persoon.given_name", "invisible"),
        ({"persoon": {"family_name": RLO_NAME}}, "persoon.family_name", "bidi_control"),
        ({"persoon": {"policy_number": "P\u202e1"}}, "persoon.policy_number", "bidi_control"),
    ],
)
def test_the_api_refuses_out_of_bounds_input_with_a_400(his, vg_cast, overrides, key, code):
    response = post(his, body(vg_cast, **overrides))
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert list(errors) == [key]
    assert errors[key][0]["code"] == code
    assert errors[key][0]["message"]  # a Dutch sentence, never empty
    assert_nothing_saved()


def test_a_two_million_character_hulpvraag_is_refused_by_the_api(his, vg_cast):
    response = post(his, body(vg_cast, hulpvraag="a" * 2_000_000))
    assert response.status_code in (400, 413)
    assert_nothing_saved()


def test_the_api_stores_names_nfc_normalised(his, vg_cast):
    response = post(his, body(vg_cast, persoon={"given_name": DECOMPOSED}))
    assert response.status_code == 201, response.json()
    assert response.json()["persoon"]["given_name"] == "Renée"
    assert Persoon.objects.get().given_name == "Renée"


# The service (the one place every caller passes) ---------------------------------------
@pytest.mark.parametrize(
    ("persoon", "hulpvraag", "field"),
    [
        ({}, TOO_LONG, "hulpvraag"),
        ({}, "nul\x00", "hulpvraag"),
        ({"date_of_birth": date(1, 1, 1)}, "Ik slaap slecht.", "date_of_birth"),
        ({"given_name": "\u2060\u200b"}, "Ik slaap slecht.", "given_name"),
        ({"family_name": RLO_NAME}, "Ik slaap slecht.", "family_name"),
    ],
)
def test_the_service_refuses_what_the_form_and_api_refuse(vg_cast, persoon, hulpvraag, field):
    with pytest.raises(ValidationError) as raised:
        vg_cast.request(persoon=vg_cast.persoon_data(**persoon), hulpvraag=hulpvraag)
    assert field in raised.value.message_dict
    assert_nothing_saved()


def test_the_service_normalises_names_and_text(vg_cast):
    vg, created = vg_cast.request(
        persoon=vg_cast.persoon_data(given_name=f" {DECOMPOSED} "),
        hulpvraag="  Cafe\u0301 en geldzorgen  ",
    )
    assert created
    assert vg.persoon.given_name == "Renée"
    assert vg.hulpvraag == "Café en geldzorgen"
