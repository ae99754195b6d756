"""Versioned codelist data (R-BK-5): the prestatiecode per function and route from a date.

R-BK-2: O&I and PGGAZ are the two routes of declaring a lumpsum function, decided by the
kassier's kind (an RHO declares through O&I, a ggz provider through PGGAZ); so every
lumpsum function has a code per route. The VG has no route (blank).

The official NZa/Vektis codes are not available here; these local codes stand in for
them and are rows, editable in the admin: when a code changes, end the old row
(valid_until) and add a new one from the new date. `prestaties_seed()` is idempotent, so
tests that flush the database can put the rows back.
"""

from datetime import date

from bekostiging.constants import Function, Route

PGGAZ_START = date(2024, 5, 1)

# (function, route, code, description, valid from)
PRESTATIES = [
    (
        Function.VERKENNEND_GESPREK,
        "",
        "MGN-VG-GGZ",
        "Deelname ggz aan verkennend gesprek",
        date(2025, 1, 1),
    ),
    (Function.TRANSFER, Route.PGGAZ, "MGN-PGGAZ-TM", "PGGAZ transfermechanisme", PGGAZ_START),
    (
        Function.WACHTTIJDEN,
        Route.PGGAZ,
        "MGN-PGGAZ-WT",
        "PGGAZ informatievoorziening wachttijden",
        PGGAZ_START,
    ),
    (
        Function.CASUSOVERLEG,
        Route.PGGAZ,
        "MGN-PGGAZ-CO",
        "PGGAZ domeinoverstijgend casusoverleg",
        PGGAZ_START,
    ),
    (Function.COORDINATIE, Route.PGGAZ, "MGN-PGGAZ-KO", "PGGAZ coördinatie netwerk", PGGAZ_START),
    (Function.TRANSFER, Route.O_EN_I, "MGN-OENI-TM", "O&I transfermechanisme", PGGAZ_START),
    (
        Function.WACHTTIJDEN,
        Route.O_EN_I,
        "MGN-OENI-WT",
        "O&I informatievoorziening wachttijden",
        PGGAZ_START,
    ),
    (
        Function.CASUSOVERLEG,
        Route.O_EN_I,
        "MGN-OENI-CO",
        "O&I domeinoverstijgend casusoverleg",
        PGGAZ_START,
    ),
    (Function.COORDINATIE, Route.O_EN_I, "MGN-OENI-KO", "O&I coördinatie netwerk", PGGAZ_START),
]


def prestaties_seed(prestatie_model=None) -> None:
    if prestatie_model is None:
        from bekostiging.models import Prestatie

        prestatie_model = Prestatie
    for function, route, code, description, valid_from in PRESTATIES:
        prestatie_model.objects.get_or_create(
            function=function,
            route=route,
            valid_from=valid_from,
            defaults={"code": code, "description": description},
        )
