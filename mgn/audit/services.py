"""The one helper every view calls when it touches a person's data."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from mgn.http import client_ip

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
) -> AccessLogEntry:
    """Record one access to personal data (R-PR-1).

    ``subject`` identifies the person (anything with ``audit_identifier()``), ``obj``
    the record touched. ``request`` may be None for background jobs; then ``user``
    names the actor and the access point is the job itself.
    """
    actor = _actor(request, user)
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


def purge_expired_entries(*, now=None) -> int:
    """Remove entries past the retention period (5 years); nothing younger can be removed."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=365 * settings.AUDIT_RETENTION_YEARS + 2)
    # A plain DELETE without Django's collector: nothing refers to log rows.
    return AccessLogEntry.objects.filter(occurred_at__lt=cutoff)._raw_delete("default")


__all__ = ["IdentifierType", "PersonRef", "log_access", "log_access_many", "purge_expired_entries"]
