"""Versioned codelist data (R-BK-5): the prestatiecode per function from a date.

The official NZa/Vektis codes are not available here; these local codes stand in for
them and are rows, editable in the admin: when a code changes, end the old row
(valid_until) and add a new one from the new date. `prestaties_seed()` is idempotent, so tests that
flush the database can put the rows back.
"""

from datetime import date

from bekostiging.constants import Function

# (function, code, description, valid from)
PRESTATIES = [
    (
        Function.VERKENNEND_GESPREK,
        "MGN-VG-GGZ",
        "Deelname ggz aan verkennend gesprek",
        date(2025, 1, 1),
    ),
    (Function.TRANSFER, "MGN-PGGAZ-TM", "PGGAZ transfermechanisme", date(2024, 5, 1)),
    (
        Function.WACHTTIJDEN,
        "MGN-PGGAZ-WT",
        "PGGAZ informatievoorziening wachttijden",
        date(2024, 5, 1),
    ),
    (
        Function.CASUSOVERLEG,
        "MGN-PGGAZ-CO",
        "PGGAZ domeinoverstijgend casusoverleg",
        date(2024, 5, 1),
    ),
    (Function.COORDINATIE, "MGN-PGGAZ-KO", "PGGAZ coördinatie netwerk", date(2024, 5, 1)),
    (Function.O_EN_I, "MGN-OENI-RHO", "O&I via de RHO", date(2024, 5, 1)),
]


def prestaties_seed(prestatie_model=None) -> None:
    if prestatie_model is None:
        from bekostiging.models import Prestatie

        prestatie_model = Prestatie
    for function, code, description, valid_from in PRESTATIES:
        prestatie_model.objects.get_or_create(
            function=function,
            valid_from=valid_from,
            defaults={"code": code, "description": description},
        )
