"""The states of a generated-file job (an advice letter, a report, an export)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    WACHTRIJ = "wachtrij", _("In de wachtrij")
    BEZIG = "bezig", _("Bezig")
    KLAAR = "klaar", _("Klaar")
    MISLUKT = "mislukt", _("Mislukt")


# Still to be made: the status page polls while a job is in one of these.
ACTIVE_STATUSES = (JobStatus.WACHTRIJ, JobStatus.BEZIG)
ERROR_MAX_LENGTH = 2000  # characters of the error kept on the job


class RestartOutcome(models.TextChoices):
    """What "Opnieuw maken" did (``mgn.jobs.outbox.job_restart``)."""

    RESTARTED = "restarted", _("Opnieuw gestart")
    QUEUED = "queued", _("Staat al in de wachtrij")
    BUSY = "busy", _("Wordt al gemaakt")
