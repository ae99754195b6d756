"""The one helper every view calls when it touches a person's data."""

from dataclasses import dataclass
from datetime import UTC, timedelta
from typing import Protocol

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from mgn.http import client_ip

from . import partitions
from .constants import EVENT_ACTION, Event, IdentifierType, Outcome
from .models import AccessLogEntry


class AuditSubject(Protocol):
    """A model that holds a person's data says how the person is identified in the log."""

    def audit_identifier(self) -> tuple[str, str]: ...


@dataclass(frozen=True)
class PersonRef:
    """A person named directly (a search term, a log query) rather than through a model."""

    identifier_type: str
    identifier: str

    def audit_identifier(self) -> tuple[str, str]:
        return self.identifier_type, self.identifier


def _actor_organisations(user) -> str:
    resolver = import_string(settings.AUDIT_ACTOR_ORGANISATIONS)
    return ", ".join(resolver(user))[:400]


def log_access(
    request,
    *,
    event: str,
    subject: AuditSubject | None = None,
    obj=None,
    outcome: str = Outcome.SUCCESS,
    detail: str = "",
    user=None,
    organisation: str = "",
) -> AccessLogEntry:
    """Record one access to personal data (R-PR-1).

    ``subject`` identifies the person (anything with ``audit_identifier()``), ``obj``
    the record touched. ``request`` may be None for background jobs; then ``user``
    names the actor and the access point is the job itself. ``organisation`` names the
    organisation the access is for when it is not the actor's own (a handover is logged
    for the receiving provider too).
    """
    actor = _actor(request, user)
    if organisation:
        actor["user_organisation"] = organisation[:400]
    entry = _entry(actor, event=event, subject=subject, obj=obj, outcome=outcome, detail=detail)
    entry.save()
    return entry


def log_access_many(request, *, event: str, subjects, detail: str = "", user=None, obj=None) -> int:
    """One entry per person shown on a list page, in one INSERT; each subject is also the
    record touched (a model with ``audit_identifier()``), unless ``obj`` names the one
    record all of them were in (an export). Without a request (a task) the access point
    is "taak" and ``user`` the one it acts for, if any."""
    actor = _actor(request, user)
    entries = [
        _entry(actor, event=event, subject=s, obj=s if obj is None else obj, detail=detail)
        for s in subjects
    ]
    AccessLogEntry.objects.bulk_create(entries)
    return len(entries)


def log_access_identifiers(
    request,
    *,
    event: str,
    identifier_type: str,
    identifiers: list[str],
    obj=None,
    object_type: str = "",
    object_ids: list | None = None,
    detail: str = "",
    user=None,
) -> int:
    """One entry per identifier, for large sets (an export of a million lines, a return
    message of 100,000 verdicts): the same entries as ``log_access_many``, but on
    PostgreSQL written in one ``INSERT … SELECT … unnest(…)`` with the identifiers as one
    array parameter (no model instance, no parameter per column per row). ``obj`` names
    the one record all of them were in (an export); otherwise ``object_type`` (a model
    label) and ``object_ids`` (one per identifier) name the record each was in."""
    if obj is not None:
        object_type, object_ids = obj._meta.label, None
    elif object_ids is None or len(object_ids) != len(identifiers):
        raise ValueError("log_access_identifiers needs obj or one object id per identifier")
    if not identifiers:
        return 0
    actor = _actor(request, user)
    if connection.vendor != "postgresql":
        entries = []
        for index, ident in enumerate(identifiers):
            entry = _entry(
                actor, event=event, subject=PersonRef(identifier_type, ident), detail=detail
            )
            entry.object_type = object_type
            entry.object_id = str(obj.pk if obj is not None else object_ids[index])
            entries.append(entry)
        AccessLogEntry.objects.bulk_create(entries)
        return len(entries)
    fixed = {
        "user_id": actor["user"].pk if actor["user"] else None,
        **{key: value for key, value in actor.items() if key != "user"},
        "event": event,
        "action": EVENT_ACTION[Event(event)],
        "outcome": Outcome.SUCCESS,
        "person_identifier_type": identifier_type,
        "object_type": object_type,
        "detail": detail[:500],
    }
    if obj is not None:
        fixed["object_id"] = str(obj.pk)
    meta = AccessLogEntry._meta
    qn = connection.ops.quote_name
    targets = [meta.get_field(name).column for name in fixed]
    targets.append(meta.get_field("person_identifier").column)
    values = ["%s"] * len(fixed) + ["unnest(%s::text[])"]
    params = [*fixed.values(), [str(i) for i in identifiers]]
    if obj is None:
        targets.append(meta.get_field("object_id").column)
        values.append("unnest(%s::text[])")
        params.append([str(i) for i in object_ids])
    # Names from the model; every value is a parameter.
    sql = (
        f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(c) for c in targets)}) "  # noqa: S608
        f"SELECT {', '.join(values)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _actor(request, user) -> dict:
    """Who acts, from where, on whose behalf: computed once per call."""
    user = user if user is not None else getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    auth = getattr(request, "auth", None)
    return {
        "user": user,
        "user_identifier": user.email if user else "",
        "user_name": user.get_full_name() if user else "",
        "user_roles": ", ".join(sorted(user.roles)) if user else "",
        "user_organisation": _actor_organisations(user) if user else "",
        "on_behalf_of": f"API-sleutel {auth.name}" if hasattr(auth, "name") else "",
        "access_point": client_ip(request) if request is not None else "taak",
        "source_system": settings.AUDIT_SOURCE_SYSTEM,
    }


def _entry(actor: dict, *, event, subject=None, obj=None, outcome=Outcome.SUCCESS, detail=""):
    id_type, identifier = subject.audit_identifier() if subject is not None else ("", "")
    return AccessLogEntry(
        **actor,
        event=event,
        action=EVENT_ACTION[Event(event)],
        outcome=outcome,
        person_identifier_type=id_type,
        person_identifier=identifier,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail[:500],
    )


def retention_cutoff(now=None):
    """Entries before this moment are past the retention period (5 years) and may go."""
    now = now or timezone.now()
    return now - timedelta(days=365 * settings.AUDIT_RETENTION_YEARS + 2)


def purge_expired_entries(*, now=None) -> int:
    """Remove entries past the retention period; nothing younger can be removed.

    Only the owner role may: on PostgreSQL whole monthly partitions before the cutoff
    are dropped, and the rest (the boundary month, the default partition) deleted row by
    row, which the append-only trigger allows for entries older than five years. Returns
    the number of rows deleted; dropped months are not counted.
    """
    cutoff = retention_cutoff(now)
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            if partitions.is_partitioned(cursor):
                partitions.drop_months_before(cursor, cutoff)
    # A plain DELETE without Django's collector: nothing refers to log rows.
    return AccessLogEntry.objects.filter(occurred_at__lt=cutoff)._raw_delete("default")


@dataclass(frozen=True)
class Maintenance:
    created: list
    dropped: list
    deleted: int


def access_log_maintain(*, now=None) -> Maintenance:
    """The owner's monthly work (``manage.py access_log_maintain``): partitions for the
    coming months, and the months past retention dropped. Idempotent."""
    now = now or timezone.now()
    created, dropped = [], []
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            if partitions.is_partitioned(cursor):
                today = now.astimezone(UTC).date()
                created = partitions.ensure_months(
                    cursor, first=today, last=partitions.add_months(today, partitions.MONTHS_AHEAD)
                )
                dropped = partitions.drop_months_before(cursor, retention_cutoff(now))
    return Maintenance(created, dropped, purge_expired_entries(now=now))


__all__ = [
    "IdentifierType",
    "PersonRef",
    "access_log_maintain",
    "log_access",
    "log_access_many",
    "log_access_identifiers",
    "purge_expired_entries",
]
