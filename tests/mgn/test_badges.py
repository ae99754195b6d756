"""mgn.badges and ``{% badge %}``: a choice value shows its label, coloured from one mapping."""

from django.db import models
from django.template import Context, Template

import pytest

from mgn.badges import badge_html, badge_key, badge_register, badge_style


class Weather(models.TextChoices):
    SUN = "zon", "Zonnig"
    RAIN = "regen", "Regen"
    STORM = "storm", "Storm"
    FOG = "mist", "Mist"


STYLE = badge_register(
    Weather,
    {Weather.SUN: "success", Weather.RAIN: "warning", Weather.STORM: "error"},
    default="neutral",
    marks={Weather.STORM: "! "},
)
KEY = "tests.Weather"


def _render(source: str, **context) -> str:
    return Template("{% load mgn_badge %}" + source).render(Context(context))


def test_the_key_is_the_app_and_the_choices_name():
    assert badge_key(Weather) == KEY
    assert badge_style(KEY) is STYLE


def test_each_value_gets_its_tone_and_label():
    assert badge_html("zon", KEY) == '<span class="badge badge--success">Zonnig</span>'
    assert badge_html(Weather.RAIN, KEY) == '<span class="badge badge--warning">Regen</span>'
    assert badge_html("mist", KEY) == '<span class="badge badge--neutral">Mist</span>'


def test_a_mark_is_hidden_from_screen_readers():
    assert badge_html("storm", KEY) == (
        '<span class="badge badge--error"><span aria-hidden="true">! </span>Storm</span>'
    )


def test_an_unknown_value_shows_itself_and_no_tone_is_a_plain_badge():
    badge_register(Weather, {Weather.SUN: "success"}, key="tests.WeatherPlain")
    assert badge_html("hagel", "tests.WeatherPlain") == '<span class="badge">hagel</span>'
    assert badge_html("regen", "tests.WeatherPlain") == '<span class="badge">Regen</span>'


def test_the_template_tag_and_the_tone_filter():
    assert _render('{% badge v "tests.Weather" %}', v="zon") == (
        '<span class="badge badge--success">Zonnig</span>'
    )
    assert _render('{% badge v "tests.Weather" label=text %}', v="zon", text="Met <zon>") == (
        '<span class="badge badge--success">Met &lt;zon&gt;</span>'
    )
    assert _render('<tr class="row--{{ v|badge_tone:"tests.Weather" }}">', v="storm") == (
        '<tr class="row--error">'
    )


def test_an_unknown_tone_or_key_is_an_error():
    with pytest.raises(ValueError):
        badge_register(Weather, {Weather.SUN: "groen"}, key="tests.Bad")
    with pytest.raises(LookupError):
        badge_html("zon", "tests.Onbekend")
