"""Placeholder of the identifier guard's API while it is being built (replaced on merge)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models


class IdentifierKind(models.TextChoices):
    BSN = "bsn", "een BSN"
    TELEFOON = "telefoon", "een telefoonnummer"


@dataclass(frozen=True)
class Hit:
    kind: IdentifierKind
    start: int
    end: int


def find_identifiers(text, *, today=None):
    return [Hit(IdentifierKind.TELEFOON, 0, 0)] if "0612345678" in (text or "") else []


def guard_message(hits, *, field_label=None):
    return "Dit veld bevat een telefoonnummer."


def validate_no_identifiers(value):
    hits = find_identifiers(value)
    if hits:
        raise ValidationError(guard_message(hits), code="identifier")


def guard_fields(values, *, today=None):
    return {k: guard_message(h) for k, v in values.items() if (h := find_identifiers(v))}
