from datetime import date, datetime, time
from math import ceil

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.module_loading import import_string

from mgn.validators import validate_bsn

from .models import AccessLogEntry

# The person log counts this many entries past the page at most ("meer dan 1.000").
COUNT_CAP = 1000


class CappedCountPaginator(Paginator):
    """A paginator whose ``count`` may be a lower bound: with ``count_capped`` there are
    more than ``count`` entries, so at least one page more than ``count`` fills."""

    count_capped = False

    @cached_property
    def num_pages(self) -> int:
        if self.count_capped:
            return ceil((self.count + 1) / self.per_page)
        return super().num_pages


def can_read_log(user) -> bool:
    """Only beheerders (the privacy officer's role) read the access log."""
    return user.is_authenticated and (user.is_superuser or user.has_role("beheerder"))


def person_identifiers(identifier: str) -> list[str]:
    """The identifier as given and, for a valid BSN, the identifiers the person has under
    other names in the log (the regions' waiting-list pseudonyms, through
    ``settings.AUDIT_PERSON_IDENTIFIERS``): computed here, never stored."""
    try:
        bsn = validate_bsn(identifier)
    except ValidationError:
        return [identifier]
    found = [identifier] if identifier == bsn else [identifier, bsn]
    for path in getattr(settings, "AUDIT_PERSON_IDENTIFIERS", ()):
        found.extend(import_string(path)(bsn))
    return found


def _in_period(entries: QuerySet, start: date, end: date) -> QuerySet[AccessLogEntry]:
    tz = timezone.get_current_timezone()
    return entries.filter(
        occurred_at__gte=datetime.combine(start, time.min, tz),
        occurred_at__lte=datetime.combine(end, time.max, tz),
    ).order_by("-occurred_at", "-id")


def entries_for_person(*, identifier: str, start: date, end: date) -> QuerySet[AccessLogEntry]:
    """Who accessed this person's data between two dates (inclusive), under any of the
    person's identifiers (``person_identifiers``)."""
    return _in_period(
        AccessLogEntry.objects.filter(person_identifier__in=person_identifiers(identifier)),
        start,
        end,
    )


def _newest_sql(entries, identifiers: list[str], start: date, end: date, limit: int):
    """The newest ``limit`` entries as SQL. Under several identifiers (a BSN and its 44 region
    pseudonyms) PostgreSQL reads each identifier's newest through its own index range and
    merges them (``unnest`` × ``LATERAL``): ``IN`` with an ORDER BY … LIMIT makes the planner
    walk the whole log by time (seconds on 20 million entries instead of milliseconds)."""
    if len(identifiers) == 1 or connection.vendor != "postgresql":
        return entries[:limit].query.sql_with_params()
    one = _in_period(
        AccessLogEntry.objects.filter(person_identifier=RawSQL("ids.i", ())), start, end
    )
    one_sql, one_params = one[:limit].query.sql_with_params()
    return (
        "SELECT x.* FROM unnest(%s::text[]) AS ids(i) "  # noqa: S608
        f"CROSS JOIN LATERAL ({one_sql}) AS x ORDER BY x.occurred_at DESC, x.id DESC LIMIT %s",
        (identifiers, *one_params, limit),
    )


def entries_page_for_person(
    *, identifier: str, start: date, end: date, number, per_page: int = 50
) -> Page:
    """One page of :func:`entries_for_person` and the total, in one query.

    The total is a window count over at most ``COUNT_CAP`` entries past the page: the
    rows are read in order up to there and counted, so a person with thousands of
    entries costs no more than one with a thousand (each counted entry's row is read
    from the heap). When the cap is reached the paginator's count is a lower bound and
    ``paginator.count_capped`` is set: the page shows "meer dan 1.000 registraties" and
    "Pagina 1 van ten minste 21", and each later page moves the bound on. On the
    partitioned log every query plans and probes each month of the period, so a separate
    ``COUNT`` would double that cost.
    """
    identifiers = person_identifiers(identifier)
    entries = _in_period(
        AccessLogEntry.objects.filter(person_identifier__in=identifiers), start, end
    )
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    offset = (number - 1) * per_page
    counted = offset + max(COUNT_CAP, per_page)  # the count is exact up to here
    sql, params = _newest_sql(entries, identifiers, start, end, counted + 1)
    rows = list(
        AccessLogEntry.objects.raw(
            f"SELECT *, count(*) OVER () AS total FROM ({sql}) AS capped "  # noqa: S608
            "ORDER BY occurred_at DESC, id DESC LIMIT %s OFFSET %s",
            [*params, per_page, offset],
        )
    )
    paginator = CappedCountPaginator(entries, per_page)
    if not rows:  # past the end (or nothing at all): the last page, as get_page gives
        return paginator.get_page(number)
    if rows[0].total > counted:
        paginator.count, paginator.count_capped = counted, True
    else:
        paginator.count = rows[0].total  # the paginator's cached count, known already
    return Page(rows, number, paginator)
