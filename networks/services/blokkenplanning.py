"""R-NW-6: the standard blokkenplanning of a transformation plan, as pure date logic.

From the submission date S::

    B  review by the first and second insurer (+ optional gemeente)  S   → S+4 weeks
       (meeting at the end of B: voorgenomen besluit)
    C  consultation of the other insurers                             B   → B+4 weeks
       (meeting at the end of C: definitief besluit)

Only after a negative besluit (on date N; planned: the end of B)::

    D  correction                      N → N+2 weeks
    E  re-review, then consultation    D → D+4 weeks (voorgenomen) → +4 weeks (definitief)

F, contracting, starts after the positive definitief besluit. The round's dates come from
``settings.TRANSFORMATIEPLAN_RONDES``; ``warnings`` compares the planning with them.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils.translation import gettext as _

REVIEW = timedelta(weeks=4)
CONSULTATION = timedelta(weeks=4)
CORRECTION = timedelta(weeks=2)


@dataclass(frozen=True)
class Blok:
    fase: str
    label: str
    start: date
    end: date


@dataclass(frozen=True)
class Planning:
    ingediend_op: date
    blokken: tuple[Blok, ...]
    voorgenomen_besluit: date  # the meeting at the end of B (or of E's re-review)
    definitief_besluit: date  # the meeting at the end of C (or of E's consultation)
    correctie: bool

    def blok(self, fase: str) -> Blok | None:
        return next((b for b in self.blokken if b.fase == fase), None)

    @property
    def positief_voorgenomen_besluit(self) -> date:
        """When, at the planned dates, the positive voorgenomen besluit falls."""
        return self.voorgenomen_besluit


def blokkenplanning(
    ingediend_op: date, *, correctie: bool = False, negatief_besluit_op: date | None = None
) -> Planning:
    """The planned phases from the submission date; with ``correctie`` (or a recorded negative
    besluit on ``negatief_besluit_op``) the correction round D and E follows the negative
    besluit, planned at the end of B."""
    b = Blok(
        "B", _("Beoordeling eerste en tweede zorgverzekeraar"), ingediend_op, ingediend_op + REVIEW
    )
    correctie = correctie or negatief_besluit_op is not None
    if not correctie:
        c = Blok("C", _("Consultatie overige zorgverzekeraars"), b.end, b.end + CONSULTATION)
        f = Blok("F", _("Contractering"), c.end, c.end)
        return Planning(ingediend_op, (b, c, f), b.end, c.end, False)
    negatief = negatief_besluit_op or b.end
    d = Blok("D", _("Correctie"), negatief, negatief + CORRECTION)
    e1 = Blok("E", _("Herbeoordeling"), d.end, d.end + REVIEW)
    e2 = Blok("E", _("Consultatie na herbeoordeling"), e1.end, e1.end + CONSULTATION)
    f = Blok("F", _("Contractering"), e2.end, e2.end)
    return Planning(ingediend_op, (b, d, e1, e2, f), e1.end, e2.end, True)


@dataclass(frozen=True)
class Ronde:
    indienen_geadviseerd: date
    indienen_uiterlijk: date
    voorgenomen_besluit_uiterlijk: date


def ronde(year: int) -> Ronde | None:
    """The round's key dates from settings, or None when the year has none."""
    dates = getattr(settings, "TRANSFORMATIEPLAN_RONDES", {}).get(year)
    if not dates:
        return None
    return Ronde(*(date.fromisoformat(dates[k]) for k in Ronde.__dataclass_fields__))


def warnings(planning: Planning, dates: Ronde | None) -> list[str]:
    """In Dutch: what at the planned dates misses the round's deadlines."""
    if dates is None:
        return []
    found = []
    if planning.ingediend_op > dates.indienen_uiterlijk:
        found.append(
            _("Het plan is ingediend na de uiterste indiendatum (%(day)s).")
            % {"day": _day(dates.indienen_uiterlijk)}
        )
    elif planning.ingediend_op > dates.indienen_geadviseerd:
        found.append(
            _("Het plan is ingediend na de geadviseerde indiendatum (%(day)s).")
            % {"day": _day(dates.indienen_geadviseerd)}
        )
    if planning.positief_voorgenomen_besluit > dates.voorgenomen_besluit_uiterlijk:
        found.append(
            _(
                "Volgens de planning valt het positieve voorgenomen besluit op %(planned)s, "
                "na de uiterste datum van deze ronde (%(day)s)."
            )
            % {
                "planned": _day(planning.positief_voorgenomen_besluit),
                "day": _day(dates.voorgenomen_besluit_uiterlijk),
            }
        )
    return found


def _day(day: date) -> str:
    return day.strftime("%d-%m-%Y")
