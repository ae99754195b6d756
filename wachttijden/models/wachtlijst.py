import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mgn.jobs.models import GeneratedFile
from mgn.validators import validate_record_date
from networks.models import Gemeente, Organisation, Region
from wachttijden.constants import EntryStatus, UploadSource, Urgency

from .aanbod import Aanbod, Hoofddiagnosegroep, Zorgvraagtype


class WachtlijstUpload(models.Model):
    """One delivery of a provider's waiting list for one offer; all or nothing."""

    aanbod = models.ForeignKey(Aanbod, on_delete=models.PROTECT, related_name="uploads")
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=5, choices=UploadSource.choices, default=UploadSource.CSV)
    filename = models.CharField(max_length=200, blank=True)
    accepted = models.BooleanField(_("verwerkt"), default=False)
    rows_total = models.PositiveIntegerField(default=0)
    errors = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Elke fout als {line, field, reason}; nooit met een BSN erin."),
    )

    class Meta:
        verbose_name = _("wachtlijstlevering")
        verbose_name_plural = _("wachtlijstleveringen")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.aanbod} {self.uploaded_at:%Y-%m-%d %H:%M}"


class Wachtplek(models.Model):
    """One entry on a provider's waiting list (a wachtplek, not a person: R-WT-1).

    The person appears only as a keyed pseudonym (HMAC-SHA256 with the region's key); the
    BSN is never stored. Region and provider are copied from the offer for fast overviews.
    """

    aanbod = models.ForeignKey(Aanbod, on_delete=models.CASCADE, related_name="wachtplekken")
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    upload = models.ForeignKey(
        WachtlijstUpload, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    pseudonym = models.CharField(_("pseudoniem"), max_length=64)
    gemeente = models.ForeignKey(
        Gemeente,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("woongemeente"),
    )
    registered_on = models.DateField(_("aanmelddatum"), validators=[validate_record_date])
    intake_on = models.DateField(
        _("intakedatum"), null=True, blank=True, validators=[validate_record_date]
    )
    treatment_start_on = models.DateField(
        _("start behandeling"), null=True, blank=True, validators=[validate_record_date]
    )
    urgency = models.CharField(
        _("urgentie"), max_length=12, choices=Urgency.choices, default=Urgency.NORMAAL
    )
    zorgvraagtype = models.ForeignKey(
        Zorgvraagtype, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    hoofddiagnosegroep = models.ForeignKey(
        Hoofddiagnosegroep, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=12, choices=EntryStatus.choices)
    client_reference = models.CharField(
        _("eigen cliëntreferentie"),
        max_length=40,
        blank=True,
        default="",
        help_text=_(
            "Het eigen kenmerk van de aanbieder; alleen zichtbaar voor de aanbieder die de "
            "wachtplek heeft."
        ),
    )

    class Meta:
        verbose_name = _("wachtplek")
        verbose_name_plural = _("wachtplekken")
        indexes = [
            models.Index(fields=["region", "status"]),
            models.Index(fields=["region", "pseudonym"]),
            models.Index(fields=["aanbod"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(intake_on__isnull=True) | Q(intake_on__gte=models.F("registered_on")),
                name="wachtplek_intake_after_registration",
            ),
            models.CheckConstraint(
                condition=Q(treatment_start_on__isnull=True)
                | Q(intake_on__isnull=False, treatment_start_on__gte=models.F("intake_on")),
                name="wachtplek_treatment_after_intake",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pseudonym[:8]}… op {self.aanbod_id}"


class WachttijdOpgave(models.Model):
    """A provider's monthly published waiting times per location and hoofddiagnosegroep, as
    delivered to Vektis/NZa (R-WT-8): imported, never typed twice."""

    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    location = models.CharField(_("vestiging"), max_length=200)
    location_agb = models.CharField(_("AGB-code vestiging"), max_length=8, blank=True)
    month = models.DateField(_("maand"), help_text=_("De eerste dag van de maand."))
    hoofddiagnosegroep = models.ForeignKey(
        Hoofddiagnosegroep,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leeg voor basis-ggz (niet gesplitst)."),
    )
    aanmeld_weeks = models.DecimalField(
        _("aanmeldingswachttijd (weken)"), max_digits=5, decimal_places=1
    )
    behandel_weeks = models.DecimalField(
        _("behandelingswachttijd (weken)"), max_digits=5, decimal_places=1
    )
    within_norm = models.PositiveIntegerField(
        _("wachtenden binnen Treeknorm"), null=True, blank=True
    )
    outside_norm = models.PositiveIntegerField(
        _("wachtenden buiten Treeknorm"), null=True, blank=True
    )
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("wachttijdopgave")
        verbose_name_plural = _("wachttijdopgaven")
        ordering = ["-month", "location"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "location", "month", "hoofddiagnosegroep"],
                name="opgave_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="opgave_first_of_month"),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.location} {self.month:%Y-%m}"


def _job_input_path(instance, filename):
    """A random name under the offer: the uploaded name may say anything."""
    return f"wachttijden/wachtlijsten/{instance.aanbod_id}/{uuid.uuid4().hex}.upload"


class WachtlijstJob(GeneratedFile):
    """A large waiting list processed by a Celery task instead of in the request.

    ``file`` is the uploaded list, stored privately until the task applied it and deleted
    then (``mgn.jobs.runner.job_consume``); the result is ``upload``, the same
    ``WachtlijstUpload`` a small list gets (all or nothing, with its line report). Applying
    the list and finishing the job commit together, so a retry never applies it twice."""

    consumes_input = True

    aanbod = models.ForeignKey(Aanbod, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=5, choices=UploadSource.choices, default=UploadSource.CSV)
    filename = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("grootte (bytes)"), default=0)
    file = models.FileField(upload_to=_job_input_path, blank=True)
    upload = models.OneToOneField(
        WachtlijstUpload, on_delete=models.SET_NULL, null=True, blank=True, related_name="job"
    )

    class Meta:
        verbose_name = _("verwerking van een wachtlijst")
        verbose_name_plural = _("verwerkingen van wachtlijsten")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Wachtlijst {self.aanbod_id} ({self.get_status_display()})"


__all__ = [
    "WachtlijstJob",
    "WachtlijstUpload",
    "Wachtplek",
    "WachttijdOpgave",
]
