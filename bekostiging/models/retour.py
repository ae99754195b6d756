"""Imported return messages: the insurer's verdicts, line by line."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from networks.models import Network, Organisation


class Retourbericht(models.Model):
    """An imported 574-style return message (or CSV of verdicts): what it accepted,
    rejected and refused, line by line."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="+")
    insurer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    reference = models.CharField(_("berichtreferentie"), max_length=40, blank=True)
    accepted = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"Retourbericht {self.reference or self.pk}"
