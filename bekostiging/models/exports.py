"""An insurer's exports: the fixed set of lines and the file made from them (a generated-file
job of mgn.jobs for XLSX and XML; a CSV is streamed and has no file)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bekostiging.constants import ExportFormat
from mgn.jobs.models import GeneratedFile
from networks.models import Network, Organisation

from .declaraties import Declaratieregel


def _export_path(instance, filename):
    return f"bekostiging/exports/{instance.insurer_id}/{filename}"


class Export(GeneratedFile):
    """What an insurer downloaded: a fixed set of lines (ExportRegel) in one format. The
    file is made again from the lines' declared values, so every download is the same."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="+")
    insurer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    format = models.CharField(_("formaat"), max_length=5, choices=ExportFormat.choices)
    period_start = models.DateField(_("periode vanaf"))
    period_end = models.DateField(_("periode tot en met"))
    statuses = models.JSONField(_("statussen"), default=list)
    line_count = models.PositiveIntegerField(_("regels"), default=0)
    total_amount = models.DecimalField(_("totaal (€)"), max_digits=14, decimal_places=2, default=0)
    marked_at = models.DateTimeField(_("als verwerkt gemarkeerd"), null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The file made by the task (XLSX, XML), private; requested_by is the insurer's user.
    file = models.FileField(upload_to=_export_path, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Export {self.pk} {self.insurer_id} {self.period_start}–{self.period_end}"


class ExportRegel(models.Model):
    export = models.ForeignKey(Export, on_delete=models.CASCADE, related_name="+")
    regel = models.ForeignKey(Declaratieregel, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["export", "regel"], name="exportregel_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.export_id}:{self.regel_id}"
