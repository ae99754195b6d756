from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    """NEN 7513 action codes (as in FHIR AuditEvent.action)."""

    CREATE = "C", _("Aanmaken")
    READ = "R", _("Inzien")
    UPDATE = "U", _("Wijzigen")
    DELETE = "D", _("Verwijderen")
    EXECUTE = "E", _("Uitvoeren")


class Event(models.TextChoices):
    """What happened to the data, in words a person asking "who saw my data" understands."""

    READ = "read", _("Ingezien")
    SEARCH = "search", _("Gezocht")
    CREATE = "create", _("Aangemaakt")
    UPDATE = "update", _("Gewijzigd")
    DELETE = "delete", _("Verwijderd")
    PRINT = "print", _("Afgedrukt / PDF")
    EXPORT = "export", _("Geëxporteerd")
    TRANSFER = "transfer", _("Overgedragen")
    LOG_READ = "log-read", _("Toegangslog ingezien")


EVENT_ACTION = {
    Event.READ: Action.READ,
    Event.SEARCH: Action.EXECUTE,
    Event.CREATE: Action.CREATE,
    Event.UPDATE: Action.UPDATE,
    Event.DELETE: Action.DELETE,
    Event.PRINT: Action.READ,
    Event.EXPORT: Action.READ,
    Event.TRANSFER: Action.EXECUTE,
    Event.LOG_READ: Action.READ,
}


class Outcome(models.TextChoices):
    SUCCESS = "success", _("Geslaagd")
    FAILURE = "failure", _("Mislukt")
    DENIED = "denied", _("Geweigerd")


class IdentifierType(models.TextChoices):
    BSN = "bsn", _("BSN")
    PSEUDONYM = "pseudoniem", _("Pseudoniem")
    INTERNAL = "intern", _("Intern nummer")
