"""R-NW-6: the standard blokkenplanning and the round's deadline warning, with exact dates."""

from datetime import date

import pytest

from networks.services.blokkenplanning import Ronde, blokkenplanning, ronde, warnings

RONDE_2025 = Ronde(date(2025, 11, 1), date(2025, 11, 30), date(2025, 12, 31))


def _ends(planning):
    return [(b.fase, b.start, b.end) for b in planning.blokken]


def test_R_NW_6_blokkenplanning_without_correction():
    planning = blokkenplanning(date(2025, 10, 20))
    assert _ends(planning) == [
        ("B", date(2025, 10, 20), date(2025, 11, 17)),
        ("C", date(2025, 11, 17), date(2025, 12, 15)),
        ("F", date(2025, 12, 15), date(2025, 12, 15)),
    ]
    assert planning.voorgenomen_besluit == date(2025, 11, 17)
    assert planning.definitief_besluit == date(2025, 12, 15)
    assert not planning.correctie


def test_R_NW_6_blokkenplanning_across_a_year_end():
    planning = blokkenplanning(date(2025, 12, 3))
    assert planning.blok("B").end == date(2025, 12, 31)
    assert planning.blok("C").end == date(2026, 1, 28)


def test_R_NW_6_blokkenplanning_with_the_correction_round():
    planning = blokkenplanning(date(2025, 12, 3), correctie=True)
    assert _ends(planning) == [
        ("B", date(2025, 12, 3), date(2025, 12, 31)),
        ("D", date(2025, 12, 31), date(2026, 1, 14)),
        ("E", date(2026, 1, 14), date(2026, 2, 11)),
        ("E", date(2026, 2, 11), date(2026, 3, 11)),
        ("F", date(2026, 3, 11), date(2026, 3, 11)),
    ]
    assert planning.blok("C") is None
    assert planning.voorgenomen_besluit == date(2026, 2, 11)
    assert planning.definitief_besluit == date(2026, 3, 11)


def test_R_NW_6_the_correction_starts_at_the_recorded_negative_besluit():
    planning = blokkenplanning(date(2025, 11, 1), negatief_besluit_op=date(2025, 12, 20))
    assert planning.blok("D").start == date(2025, 12, 20)
    assert planning.blok("D").end == date(2026, 1, 3)
    assert planning.voorgenomen_besluit == date(2026, 1, 31)


@pytest.mark.parametrize(
    ("submitted", "late"),
    [(date(2025, 12, 3), False), (date(2025, 12, 4), True)],
)
def test_R_NW_6_deadline_warning_at_its_boundary(submitted, late):
    found = warnings(blokkenplanning(submitted), RONDE_2025)
    besluit_late = any("voorgenomen besluit" in w for w in found)
    assert besluit_late is late
    assert any("uiterste indiendatum" in w for w in found)  # both after 30 November


def test_R_NW_6_warning_on_submission_after_the_advised_and_the_latest_date():
    assert warnings(blokkenplanning(date(2025, 11, 1)), RONDE_2025) == []
    advised = warnings(blokkenplanning(date(2025, 11, 2)), RONDE_2025)
    assert advised == ["Het plan is ingediend na de geadviseerde indiendatum (01-11-2025)."]
    latest = warnings(blokkenplanning(date(2025, 11, 30)), RONDE_2025)
    assert latest == ["Het plan is ingediend na de geadviseerde indiendatum (01-11-2025)."]
    assert (
        "uiterste indiendatum (30-11-2025)"
        in warnings(blokkenplanning(date(2025, 12, 1)), RONDE_2025)[0]
    )


def test_R_NW_6_the_correction_round_moves_the_voorgenomen_besluit_past_the_deadline():
    assert warnings(blokkenplanning(date(2025, 10, 1)), RONDE_2025) == []
    found = warnings(blokkenplanning(date(2025, 10, 1), correctie=True), RONDE_2025)
    # B ends 29 Oct, D 12 Nov, E's re-review 10 Dec: still in time.
    assert found == []
    found = warnings(blokkenplanning(date(2025, 11, 1), correctie=True), RONDE_2025)
    # B ends 29 Nov, D 13 Dec, E's re-review 10 Jan 2026: too late.
    assert found == [
        "Volgens de planning valt het positieve voorgenomen besluit op 10-01-2026, na de "
        "uiterste datum van deze ronde (31-12-2025)."
    ]


def test_R_NW_6_the_round_dates_are_settings(settings):
    assert ronde(2025) == RONDE_2025
    assert ronde(2026).voorgenomen_besluit_uiterlijk == date(2026, 12, 31)
    settings.TRANSFORMATIEPLAN_RONDES = {}
    assert ronde(2025) is None
    assert warnings(blokkenplanning(date(2026, 1, 1)), None) == []
