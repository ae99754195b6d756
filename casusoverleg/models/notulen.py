"""The minutes of a casusoverleg meeting as a PDF, made by a Celery task (``mgn.jobs``):
attendees, the cases on the agenda by code with their outcomes, and the signals."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from mgn.jobs.models import GeneratedFile

from .reeks import CasusOverleg


def _notulen_path(instance, filename):
    return f"casusoverleg/notulen/{instance.overleg_id}/{filename}"


class NotulenJob(GeneratedFile):
    overleg = models.ForeignKey(
        CasusOverleg, on_delete=models.CASCADE, related_name="notulen", verbose_name=_("overleg")
    )
    file = models.FileField(upload_to=_notulen_path, blank=True)

    class Meta:
        verbose_name = _("notulen van een casusoverleg (PDF)")
        verbose_name_plural = _("notulen van casusoverleggen (PDF)")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Notulen {self.overleg_id} ({self.pk})"
