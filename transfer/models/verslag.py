"""The meeting report (verslag) of a transfer table's meeting as a PDF, made by a Celery task
(``mgn.jobs``): its date, attendees (professionals), agenda, minutes, proposals and the
outcome counts (R-TR-7). Counts only: no person is in it (R-TR-2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from mgn.jobs.models import GeneratedFile

from .tafel import TafelOverleg


def _verslag_path(instance, filename):
    return f"transfer/verslagen/{instance.overleg_id}/{filename}"


class VerslagJob(GeneratedFile):
    overleg = models.ForeignKey(
        TafelOverleg, on_delete=models.CASCADE, related_name="verslagen", verbose_name=_("overleg")
    )
    file = models.FileField(upload_to=_verslag_path, blank=True)

    class Meta:
        verbose_name = _("verslag van een overleg (PDF)")
        verbose_name_plural = _("verslagen van overleggen (PDF)")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Verslag {self.overleg_id} ({self.pk})"
