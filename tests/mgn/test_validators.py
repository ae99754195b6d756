"""The shared bounds on input (docs/input-limits.md): names, free text and dates."""

import unicodedata
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from mgn.validators import (
    DATE_OF_BIRTH_EARLIEST,
    RECORD_EARLIEST,
    clean_name,
    clean_text,
    has_control_characters,
    validate_date_of_birth,
    validate_line,
    validate_name,
    validate_plain_text,
    validate_planned_date,
    validate_record_date,
)


def codes(validator, value) -> list[str]:
    with pytest.raises(ValidationError) as raised:
        validator(value)
    return [error.code for error in raised.value.error_list]


def test_a_name_is_nfc_normalised_and_stripped():
    decomposed = "Rene\u0301e"  # e + combining acute accent
    assert clean_name(f"  {decomposed} ") == "Renée"
    assert clean_name("Renée") == "Renée"
    assert clean_name("O'Neill-van den Berg") == "O'Neill-van den Berg"
    assert clean_name("Zoë Ğül Łukasz") == "Zoë Ğül Łukasz"


@pytest.mark.parametrize(
    "value",
    ["\u200b", "\u200b\u200c\u200d", "\ufeff", "\u00ad\u2060", "\u3000\u00a0", "\u200b \u200b"],
)
def test_a_name_of_only_invisible_characters_is_refused(value):
    assert codes(validate_name, value) == ["invisible"]


@pytest.mark.parametrize("char", ["\u202e", "\u202d", "\u202a", "\u2066", "\u2067", "\u2069"])
def test_bidi_overrides_and_isolates_are_refused_in_names_and_text(char):
    assert codes(validate_name, f"Jan{char}nesnaJ") == ["bidi_control"]
    assert codes(validate_plain_text, f"Ik slaap slecht{char}.") == ["bidi_control"]


def test_direction_marks_are_refused_in_a_name_but_kept_in_free_text():
    assert codes(validate_name, "Sanne\u200f") == ["bidi_control"]
    validate_plain_text("مرحبا\u200f Sanne")  # a right-to-left mark may stand in a sentence
    assert clean_text("مرحبا\u200f Sanne") == "مرحبا\u200f Sanne"


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85"])
def test_control_characters_are_refused_everywhere(char):
    assert has_control_characters(f"a{char}b")
    assert codes(validate_plain_text, f"a{char}b") == ["control_character"]
    assert codes(validate_line, f"a{char}b") == ["control_character"]
    assert codes(validate_name, f"a{char}b") == ["control_character"]


def test_free_text_keeps_tabs_and_line_breaks_a_line_does_not():
    validate_plain_text("Eerste regel\r\nTweede\tregel")
    assert codes(validate_line, "Dorpsstraat 1\nNoorddorp") == ["control_character"]


def test_messages_are_dutch():
    with pytest.raises(ValidationError) as raised:
        validate_name("\u200b")
    assert raised.value.messages == ["De naam bestaat alleen uit onzichtbare tekens."]


def test_a_date_of_birth_lies_between_1900_and_today():
    today = timezone.localdate()
    validate_date_of_birth(DATE_OF_BIRTH_EARLIEST)
    validate_date_of_birth(today)
    assert codes(validate_date_of_birth, date(1, 1, 1)) == ["date_too_early"]
    assert codes(validate_date_of_birth, date(1899, 12, 31)) == ["date_too_early"]
    assert codes(validate_date_of_birth, today + timedelta(days=1)) == ["date_too_late"]
    with pytest.raises(ValidationError, match="vóór 01-01-1900"):
        validate_date_of_birth(date(1, 1, 1))


def test_a_record_date_lies_between_2000_and_today_a_planned_one_up_to_two_years_ahead():
    today = timezone.localdate()
    validate_record_date(RECORD_EARLIEST)
    assert codes(validate_record_date, date(1999, 12, 31)) == ["date_too_early"]
    assert codes(validate_record_date, today + timedelta(days=1)) == ["date_too_late"]
    validate_planned_date(today + timedelta(days=700))
    assert codes(validate_planned_date, today + timedelta(days=800)) == ["date_too_late"]
    assert codes(validate_planned_date, date(1, 1, 1)) == ["date_too_early"]


def test_the_control_character_check_is_exactly_unicode_category_cc():
    for code in range(0x3000):
        char = chr(code)
        assert has_control_characters(char) == (unicodedata.category(char) == "Cc"), hex(code)
