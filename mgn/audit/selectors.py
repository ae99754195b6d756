from datetime import date, datetime, time

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
from django.utils import timezone

from .models import AccessLogEntry


def can_read_log(user) -> bool:
    """Only beheerders (the privacy officer's role) read the access log."""
    return user.is_authenticated and (user.is_superuser or user.has_role("beheerder"))


def entries_for_person(*, identifier: str, start: date, end: date) -> QuerySet[AccessLogEntry]:
    """Who accessed this person's data between two dates (inclusive)."""
    tz = timezone.get_current_timezone()
    return AccessLogEntry.objects.filter(
        person_identifier=identifier,
        occurred_at__gte=datetime.combine(start, time.min, tz),
        occurred_at__lte=datetime.combine(end, time.max, tz),
    ).order_by("-occurred_at", "-id")


def entries_page_for_person(
    *, identifier: str, start: date, end: date, number, per_page: int = 50
) -> Page:
    """One page of :func:`entries_for_person` and the total in one query (a window count):
    on the partitioned log every query plans and probes each month of the period, so the
    paginator's separate COUNT would double the cost."""
    entries = entries_for_person(identifier=identifier, start=start, end=end)
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    offset = (number - 1) * per_page
    rows = list(entries.annotate(total=Window(Count("id")))[offset : offset + per_page])
    paginator = Paginator(entries, per_page)
    if not rows:  # past the end (or nothing at all): the last page, as get_page gives
        return paginator.get_page(number)
    paginator.count = rows[0].total  # the paginator's cached count, known already
    return Page(rows, number, paginator)
