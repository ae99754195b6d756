"""R-DOC-1: the partners' agreement on processing personal data (AVG) for the casusoverleg.
No case is registered before the network has a current one."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mgn.validators import TEXT_REMARK, TEXT_REQUEST, validate_line, validate_plain_text
from networks.models import Network, Organisation


def _document_path(instance, filename):
    return f"casusoverleg/afspraken/{instance.network_id}/{filename}"


class Verwerkingsafspraak(models.Model):
    network = models.ForeignKey(
        Network,
        on_delete=models.PROTECT,
        related_name="verwerkingsafspraken",
        verbose_name=_("netwerk"),
    )
    title = models.CharField(_("titel"), max_length=200, validators=[validate_line])
    document = models.FileField(_("document (PDF)"), upload_to=_document_path, max_length=300)
    document_name = models.CharField(
        _("bestandsnaam"), max_length=200, blank=True, validators=[validate_line]
    )
    signed_on = models.DateField(_("ondertekend op"))
    valid_until = models.DateField(
        _("geldig tot"), null=True, blank=True, help_text=_("Leeg: tot een nieuwe afspraak.")
    )
    signatories = models.ManyToManyField(
        Organisation, related_name="+", verbose_name=_("ondertekenende partners")
    )
    purpose = models.TextField(
        _("doel van de verwerking"), max_length=TEXT_REQUEST, validators=[validate_plain_text]
    )
    retention_months = models.PositiveSmallIntegerField(
        _("bewaartermijn van gesloten casussen (maanden)"),
        help_text=_("Gesloten casussen worden na deze termijn verwijderd; signalen blijven."),
    )
    remark = models.CharField(
        _("opmerking"), max_length=TEXT_REMARK, blank=True, validators=[validate_line]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("verwerkingsafspraak (AVG)")
        verbose_name_plural = _("verwerkingsafspraken (AVG)")
        ordering = ["network", "-signed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(retention_months__gte=1, retention_months__lte=120),
                name="afspraak_retention_bounds",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("signed_on")),
                name="afspraak_valid_after_signed",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_current(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.signed_on <= today and (self.valid_until is None or self.valid_until >= today)
