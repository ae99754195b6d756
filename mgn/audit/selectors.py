from datetime import date, datetime, time

from django.db.models import QuerySet
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
