"""The identifier guard (R-DOC-1: a casus is discussed anonymously): its table of texts that
block and texts that pass, its messages, and the validators built on it."""

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from mgn.identifier_guard import (
    Hit,
    IdentifierKind,
    find_identifiers,
    guard_fields,
    guard_message,
    validate_no_identifiers,
)

TODAY = date(2026, 12, 6)

K = IdentifierKind

# (text, the kind expected); the identifier sits in an ordinary sentence.
BLOCK = [
    # BSN: nine digits passing the elfproef, grouped or not
    ("Cliënt met BSN 123456782 is aangemeld.", K.BSN),
    ("bsn: 123 456 782", K.BSN),
    ("BSN 123.456.782 volgens de huisarts", K.BSN),
    ("nummer 123-456-782 staat in het dossier", K.BSN),
    ("paspoort vermeldt 1234.56.782", K.BSN),
    ("burgerservicenummer 111222333.", K.BSN),
    # Phone numbers, mobile and landline
    ("Bereikbaar op 06-12345678 na vijven.", K.TELEFOON),
    ("tel 06 1234 5678", K.TELEFOON),
    ("mobiel 0612345678", K.TELEFOON),
    ("bellen: 06 12 34 56 78", K.TELEFOON),
    ("06-12-34-56-78 (geen datum)", K.TELEFOON),
    ("Telnr 06 - 12345678", K.TELEFOON),
    ("020 - 123 45 67", K.TELEFOON),
    ("(06) 12345678 is van de zus", K.TELEFOON),
    ("nummer +31 6 12345678", K.TELEFOON),
    ("nummer +31612345678", K.TELEFOON),
    ("via 0031 6 12345678", K.TELEFOON),
    ("+31 (0)6-12345678", K.TELEFOON),
    ("vaste lijn 020-1234567", K.TELEFOON),
    ("thuis 010 123 4567", K.TELEFOON),
    ("bel 0341-123456 voor de buurvrouw", K.TELEFOON),
    ("werk: 071-5123456.", K.TELEFOON),
    ("(020) 123 45 67", K.TELEFOON),
    ("+31 20 123 4567", K.TELEFOON),
    ("0031 20 1234567", K.TELEFOON),
    ("+32 470 12 34 56 (België)", K.TELEFOON),
    # E-mail
    ("mail naar j.jansen@example.nl graag", K.EMAIL),
    ("contact: Piet.de-Vries+zorg@mail.gemeente.nl", K.EMAIL),
    ("jan (at) example.com", K.EMAIL),
    # Postcodes
    ("woont in 1234 AB", K.POSTCODE),
    ("postcode 3511AB Utrecht", K.POSTCODE),
    ("postcode 9711xz", K.POSTCODE),
    ("gemeld vanuit 1012 JS.", K.POSTCODE),
    # Street addresses with a house number
    ("woont op Dorpsstraat 12 met haar moeder", K.ADRES),
    ("Kerkweg 3a, tweede verdieping", K.ADRES),
    ("sinds kort Van Goghlaan 115-2", K.ADRES),
    ("opvang aan het Stationsplein 1", K.ADRES),
    ("adres: dorpsstraat 14 (achterom)", K.ADRES),
    ("'s-Gravendijkwal 12 bis", K.ADRES),
    ("Jan-van-Galenstraat 45 hs", K.ADRES),
    ("verblijft bij Oudegracht nr. 8", K.ADRES),
    ("woont aan de Spui 12", K.ADRES),
    ("adres: Lange Voorhout 3", K.ADRES),
    ("Zuidring 4 is de nieuwe woning", K.ADRES),
    ("Rijksstraatweg 200", K.ADRES),
    # IBAN
    ("rekening NL91ABNA0417164300", K.IBAN),
    ("IBAN NL91 ABNA 0417 1643 00 en verder", K.IBAN),
    ("iban nl91abna0417164300", K.IBAN),
    ("Duitse rekening DE89 3704 0044 0532 0130 00", K.IBAN),
    ("GB82WEST12345698765432", K.IBAN),
    # Dates that can be an adult's date of birth
    ("geboren 12-03-1985", K.GEBOORTEDATUM),
    ("geb. 3/7/1962", K.GEBOORTEDATUM),
    ("geboortedatum 01.01.2001", K.GEBOORTEDATUM),
    ("1985-03-12 volgens het systeem", K.GEBOORTEDATUM),
    ("geboren 12-03-85", K.GEBOORTEDATUM),
    ("geboren op 3 maart 1985", K.GEBOORTEDATUM),
    ("12 okt. 1979 geboren", K.GEBOORTEDATUM),
    ("1 januari 2001", K.GEBOORTEDATUM),
    ("Geboren 14 Februari 1950.", K.GEBOORTEDATUM),
    ("15 sept '78", K.GEBOORTEDATUM),
    ("1e mei 1990", K.GEBOORTEDATUM),
    # Disguised with fullwidth digits or zero-width characters
    ("０６－１２３４５６７８", K.TELEFOON),
    ("06\u200b1234\u200b5678", K.TELEFOON),
    ("BSN 123\u00a0456\u00a0782", K.BSN),
    ("mail: jan＠example.nl", K.EMAIL),
]

# Ordinary case text: numbers, amounts, percentages, week numbers, meeting dates, codes.
PASS = [
    "Wacht al 14 weken op een intake.",
    "€ 1.250 schuld bij de woningcorporatie",
    "80% van de afspraken nagekomen",
    "week 12 besproken",
    "overleg van 12-03-2026",
    "casus C-2026-0042 is afgerond",
    "sinds 2019 bekend bij het wijkteam",
    "3 kinderen, 2 keer verhuisd",
    "groep van 8 deelnemers",
    "1e lijn en 2e lijn",
    "GGZ-aanbod 2024",
    "uitkering van 1.100 euro per maand",
    "huur 850",
    "huisnummer onbekend",
    "Postbus",
    "in 2024 en 2025 vaak gewisseld",
    "1250 euro",
    "woont aan een drukke straat",
    "wachtlijst 12",
    "laan",
    "de weg 3 keer gevraagd",
    "sinds maart 2019",
    "5 december 2026 volgt een evaluatie",
    "geboren in 1985",
    "een 9-cijferig nummer 123456789 zonder elfproef",
    "schuld 1.234.567 euro",
    "€ 123.456.782",
    "bedrag 123456782 euro",
    "nu 17 jaar oud",
    "volgende overleg 2027-01-15",
    "evaluatie op 12-03-27",
    "de vergadering 12 maart",
    "Vergadering 3 gepland",
    "uitkering 1100 euro",
    "Zorgpad 2 wordt gevolgd",
    "op 06-02-2026 14:00 in het wijkcentrum",
    "tijd 09.00-10.30",
    "0800-1234 is de crisislijn",
    "score 0,5 op de schaal",
    "1500 km gereden",
    "dosis 1000 mg",
    "1000 EU-burgers",
    "rapport 2024 SD-aanbod",
    "woont al 12 jaar in de wijk",
    "woont sinds 2019 bij haar moeder",
    "woont in Utrecht 2 jaar",
    "11 jaar geleden gescheiden",
    "dochter (geboren 12-03-2010) woont thuis",
    "zoon geboren 3 maart 2015",
    "31-02-1985 bestaat niet",
    "zie artikel 12 van de Jeugdwet",
    "prioriteit 1 voor de huisarts",
    "ranglijst 123456",
    "25 procent minder",
    "Hoofdstuk 4, paragraaf 4.2",
    "versie 1.2.3",
    "AGB-code 01234567",
    "kosten 1.250,50",
    "speelt al 3 jaar op het voetbalveld",
    "tijd 14.00 - 15.30 uur en 16.00 - 17.00",
    "Taakveld 4 van de gemeente",
    "visie Zuidlaan 2025",
    "We spraken af: 06-12-2026 en 07-12-2026.",
    "postcode 1234 ab",  # lower case with a space: too like "in 2024 en 2025"
    "0900-1234567 is een servicenummer",
    "Hij is 45 jaar, zij 43.",
    "Beschikking 2025-12-01",
    "Casus 2026/0042, week 48/2026",
]


@pytest.mark.parametrize(("text", "kind"), BLOCK, ids=[text for text, _ in BLOCK])
def test_R_DOC_1_identifier_guard_blocks(text, kind):
    hits = find_identifiers(text, today=TODAY)
    assert [hit.kind for hit in hits] == [kind]


@pytest.mark.parametrize("text", PASS, ids=PASS)
def test_R_DOC_1_identifier_guard_passes(text):
    assert find_identifiers(text, today=TODAY) == []


def test_the_tables_are_large_enough_and_cover_every_kind():
    assert len(BLOCK) >= 45
    assert len(PASS) >= 45
    assert {kind for _, kind in BLOCK} == set(IdentifierKind)


def test_a_hit_points_at_the_identifier_in_the_text_as_given():
    text = "Bel 06-12345678 of mail a@b.nl."
    phone, email = find_identifiers(text, today=TODAY)
    assert text[phone.start : phone.end] == "06-12345678"
    assert text[email.start : email.end] == "a@b.nl"
    assert (phone.line, phone.column) == (1, 5)


def test_offsets_refer_to_the_original_text_when_characters_were_normalised():
    text = "zie ０６\u200b１２３４５６７８ nu"
    (hit,) = find_identifiers(text, today=TODAY)
    assert text[hit.start : hit.end] == "０６\u200b１２３４５６７８"


def test_a_hit_on_a_later_line_gives_its_line_and_character():
    text = "Eerste regel.\nTweede regel met\nmail p@example.nl erin"
    (hit,) = find_identifiers(text, today=TODAY)
    assert (hit.line, hit.column) == (3, 6)


def test_a_hit_never_shows_the_text_found():
    (hit,) = find_identifiers("BSN 123456782", today=TODAY)
    assert "123456782" not in repr(hit)
    assert "123456782" not in str(hit)


def test_several_identifiers_are_all_found_in_reading_order():
    text = "Dorpsstraat 12, 1234 AB Amsterdam, tel 020-1234567, geb. 3 maart 1985."
    kinds = [hit.kind for hit in find_identifiers(text, today=TODAY)]
    assert kinds == [K.ADRES, K.POSTCODE, K.TELEFOON, K.GEBOORTEDATUM]


# --- Age boundaries: a date of birth of someone aged 18 up to 120 ---------------------


@pytest.mark.parametrize(
    ("born", "blocks"),
    [
        ("06-12-2008", True),  # 18 today
        ("07-12-2008", False),  # 18 tomorrow: 17 today
        ("06-12-2025", False),  # a baby
        ("07-12-1905", True),  # 120, turning 121 tomorrow
        ("06-12-1905", False),  # 121 today
        ("01-01-1900", False),
    ],
)
def test_R_DOC_1_a_date_blocks_only_as_an_adult_date_of_birth(born, blocks):
    hits = find_identifiers(f"geboren {born}", today=TODAY)
    assert bool(hits) is blocks


def test_a_written_date_uses_the_same_age_bounds():
    assert find_identifiers("6 december 2008", today=TODAY)
    assert not find_identifiers("7 december 2008", today=TODAY)


def test_a_29_february_birth_date_counts_its_age_in_a_common_year():
    assert find_identifiers("29-02-2008", today=date(2026, 3, 1))
    assert not find_identifiers("29-02-2008", today=date(2026, 2, 28))


def test_two_digit_years_read_as_the_nearest_plausible_century():
    # 85 -> 1985 (an adult); 26 and 27 -> 2026/2027 (meetings); 37 -> 1937.
    assert find_identifiers("12-03-85", today=TODAY)
    assert not find_identifiers("12-03-26", today=TODAY)
    assert not find_identifiers("12-03-27", today=TODAY)
    assert find_identifiers("12-03-37", today=TODAY)


def test_today_defaults_to_the_local_date():
    today = timezone.localdate()
    thirty_years_ago = today.replace(year=today.year - 30, day=min(today.day, 28))
    assert find_identifiers(f"geboren {thirty_years_ago:%d-%m-%Y}")
    assert not find_identifiers(f"overleg {today:%d-%m-%Y}")


# --- Messages --------------------------------------------------------------------------


def test_the_message_names_the_kind_and_where_never_the_text():
    text = "Zus is bereikbaar via 06-12345678."
    message = guard_message(find_identifiers(text, today=TODAY))
    assert message == (
        "Dit veld bevat een telefoonnummer (bij teken 23). Verwijder gegevens waarmee "
        "iemand te herkennen is; het platform bewaart alleen een anonieme casus."
    )
    assert "12345678" not in message


def test_the_message_names_each_kind_once_with_its_places_and_lines():
    text = "mail a@b.nl\nof c@d.nl\nBSN 123456782"
    message = guard_message(find_identifiers(text, today=TODAY), field_label="Beschrijving")
    assert message.startswith(
        "Het veld ‘Beschrijving’ bevat een e-mailadres (bij teken 6 en op regel 2 bij teken 4)"
        " en een BSN (op regel 3 bij teken 5)."
    )
    for secret in ("a@b.nl", "c@d.nl", "123456782"):
        assert secret not in message


def test_the_message_sums_up_many_places_of_one_kind():
    text = " ".join(["06-12345678"] * 5)
    message = guard_message(find_identifiers(text, today=TODAY))
    assert "(bij teken 1, bij teken 13, bij teken 25 en elders)" in message


def test_a_hit_made_by_hand_reads_its_position_from_the_offset():
    message = guard_message([Hit(kind=K.IBAN, start=9, end=27)])
    assert "een IBAN (bij teken 10)" in message


def test_no_hits_make_no_message():
    assert guard_message([]) == ""


# --- Validators ------------------------------------------------------------------------


def test_validate_no_identifiers_raises_with_code_identifier_and_logs_no_text(caplog):
    caplog.set_level(logging.DEBUG)
    with pytest.raises(ValidationError) as raised:
        validate_no_identifiers("Moeder: j.jansen@example.nl, BSN 123 456 782")
    (error,) = raised.value.error_list
    assert error.code == "identifier"
    assert "een e-mailadres" in error.message
    assert "een BSN" in error.message
    assert caplog.records, "the block is logged, by kind and position"
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "email@1:9" in logged
    for secret in ("j.jansen", "example.nl", "123 456 782", "123456782"):
        assert secret not in logged
        assert secret not in error.message


@pytest.mark.parametrize("value", ["", "Gewone tekst over week 12 en 80%.", None])
def test_validate_no_identifiers_accepts_clean_and_empty_text(value):
    assert validate_no_identifiers(value) is None


def test_guard_fields_returns_a_message_per_field_that_holds_an_identifier(caplog):
    caplog.set_level(logging.DEBUG)
    errors = guard_fields(
        {
            "beschrijving": "Wacht al 14 weken.",
            "hulpvraag": "Bel 0612345678",
            "toelichting": "",
            "knelpunt": "geboren 3 maart 1985",
        },
        today=TODAY,
    )
    assert set(errors) == {"hulpvraag", "knelpunt"}
    assert "een telefoonnummer (bij teken 5)" in errors["hulpvraag"]
    assert "een datum die een geboortedatum kan zijn" in errors["knelpunt"]
    assert "0612345678" not in " ".join(record.getMessage() for record in caplog.records)
    with pytest.raises(ValidationError) as raised:
        raise ValidationError(errors)
    assert set(raised.value.message_dict) == {"hulpvraag", "knelpunt"}


def test_guard_fields_passes_clean_fields():
    assert guard_fields({"a": "overleg van 12-03-2026", "b": "casus C-2026-0042"}) == {}


def test_a_long_text_full_of_numbers_is_read_without_hits():
    text = " ".join(f"week {n} 80% € {n}.250 casus C-2026-{n:04d}" for n in range(400))
    assert len(text) > 10_000
    assert find_identifiers(text, today=TODAY) == []
