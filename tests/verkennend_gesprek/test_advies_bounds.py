"""Bounds on the advies editor (docs/input-limits.md): what goes into the letter has a
maximum and no control or bidi characters; a draft that breaks them is not saved."""

import pytest

from mgn.validators import TEXT_LONG, TEXT_REQUEST

from .test_advies import editor_post, held_vg, url


@pytest.fixture
def ggz_client(client, vg_cast):
    client.force_login(vg_cast.ggz.user)
    return client


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"summary": "x" * (TEXT_LONG + 1)}, "summary", "niet meer dan 10000 tekens"),
        ({"overbrugging": "x" * (TEXT_REQUEST + 1)}, "overbrugging", "niet meer dan 4000"),
        ({"contact_point": "Loket \u202eWijkteam"}, "contact_point", "leesrichting"),
    ],
)
def test_the_editor_refuses_out_of_bounds_text(ggz_client, vg_cast, overrides, field, message):
    vg = held_vg(vg_cast)
    response = ggz_client.post(url("advies", vg), editor_post(**overrides))
    assert response.status_code == 200
    assert "Het concept is niet opgeslagen." in response.content.decode()
    assert any(message in error for error in response.context["form"].errors[field])
    assert not vg.adviezen.exists()


def test_a_control_character_in_the_advies_is_refused_before_the_form(ggz_client, vg_cast):
    vg = held_vg(vg_cast)
    response = ggz_client.post(url("advies", vg), editor_post(summary="Besproken\x00"))
    assert response.status_code == 400  # mgn.middleware, for every form
    assert not vg.adviezen.exists()


def test_an_agreement_with_a_bidi_override_is_refused(ggz_client, vg_cast):
    vg = held_vg(vg_cast)
    rows = [{"who": "Wijkteam \u202eNoord", "what": "Belt de persoon"}]
    response = ggz_client.post(url("advies", vg), editor_post(afspraken=rows))
    assert response.status_code == 200
    assert "Het concept is niet opgeslagen." in response.content.decode()
    assert not vg.adviezen.exists()
