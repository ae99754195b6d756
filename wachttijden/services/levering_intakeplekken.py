"""Free intake places per week that providers publish (R-WT-5), from the page or the API."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wachttijden.models import Aanbod, IntakeSlots

SLOT_WEEKS = 12  # the slots page shows this many weeks from the current one
SLOT_WEEKS_AHEAD = 52  # the API may publish this far ahead
MAX_SLOTS = 32767  # IntakeSlots.available is a PositiveSmallIntegerField


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def slot_weeks(today: date | None = None, count: int = SLOT_WEEKS) -> list[date]:
    """The Mondays of the current week and the ``count - 1`` weeks after it."""
    first = week_start(today or timezone.localdate())
    return [first + timedelta(weeks=n) for n in range(count)]


def intake_slots_publish(
    *,
    aanbod: Aanbod,
    weeks: dict[date, int | None],
    replace: bool = False,
    today: date | None = None,
) -> None:
    """Publish free intake places per week (R-WT-5). A week with ``None`` is withdrawn;
    with ``replace`` every published week from the current one on that is not in
    ``weeks`` is withdrawn too. Weeks start on Monday, from the current week up to a
    year ahead. Raises ValidationError keyed by the week's ISO date."""
    first = week_start(today or timezone.localdate())
    last = first + timedelta(weeks=SLOT_WEEKS_AHEAD)
    problems: dict[str, list[str]] = {}
    for week, available in weeks.items():
        key = week.isoformat()
        if week.weekday() != 0:
            problems.setdefault(key, []).append(_("Een week begint op maandag."))
        elif not first <= week <= last:
            problems.setdefault(key, []).append(
                _("Kies een week van deze week tot een jaar vooruit.")
            )
        if available is not None and not 0 <= available <= MAX_SLOTS:
            problems.setdefault(key, []).append(
                _("Vul een aantal van 0 tot en met %d in.") % MAX_SLOTS
            )
    if problems:
        raise ValidationError(problems)
    publish = [
        IntakeSlots(aanbod=aanbod, week_start=week, available=available)
        for week, available in sorted(weeks.items())
        if available is not None
    ]
    withdraw = [week for week, available in weeks.items() if available is None]
    with transaction.atomic():
        current = IntakeSlots.objects.filter(aanbod=aanbod)
        if replace:
            current.filter(week_start__gte=first).exclude(
                week_start__in=[slot.week_start for slot in publish]
            ).delete()
        if withdraw:
            current.filter(week_start__in=withdraw).delete()
        IntakeSlots.objects.bulk_create(
            publish,
            update_conflicts=True,
            unique_fields=["aanbod", "week_start"],
            update_fields=["available", "updated_at"],
        )
