from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mgn.jobs.constants import ACTIVE_STATUSES, JobStatus
from mgn.jobs.models import GeneratedFile
from networks.models import Gemeente, Organisation, Region
from wachttijden.constants import Dimension

from .aanbod import Aanbod, Hoofddiagnosegroep, Zorgvraagtype


class OverviewRun(models.Model):
    """One run of the overview job for one region and date; idempotent per (region, date)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    snapshot_date = models.DateField(_("peildatum"))
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.WACHTRIJ)
    progress = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("overzichtsberekening")
        verbose_name_plural = _("overzichtsberekeningen")
        ordering = ["-snapshot_date", "region"]
        constraints = [
            models.UniqueConstraint(fields=["region", "snapshot_date"], name="overview_run_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.snapshot_date}"

    @property
    def is_active(self) -> bool:
        """Waiting or running: the dashboard keeps polling."""
        return self.status in ACTIVE_STATUSES

    @property
    def is_finished(self) -> bool:
        return self.status == JobStatus.KLAAR

    @property
    def is_failed(self) -> bool:
        return self.status == JobStatus.MISLUKT


class SnapshotFigure(models.Model):
    """One row of the regional overview on a date: the figures for one dimension value.

    Dashboards and reports read these rows only, never the raw waiting lists (DESIGN.md).
    Waiting times are in days unless the field says weeks.
    """

    run = models.ForeignKey(OverviewRun, on_delete=models.CASCADE, related_name="figures")
    snapshot_date = models.DateField(db_index=True)
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, null=True, related_name="+")
    provider = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, related_name="+"
    )
    aanbod = models.ForeignKey(Aanbod, on_delete=models.CASCADE, null=True, related_name="+")
    zorgvraagtype = models.ForeignKey(
        Zorgvraagtype, on_delete=models.CASCADE, null=True, related_name="+"
    )
    urgency = models.CharField(max_length=12, blank=True)
    location = models.CharField(max_length=200, blank=True)
    hoofddiagnosegroep = models.ForeignKey(
        Hoofddiagnosegroep, on_delete=models.CASCADE, null=True, related_name="+"
    )
    # R-WT-1: persons (deduplicated by pseudonym) beside wachtplekken (entries).
    persons = models.PositiveIntegerField(default=0)
    wachtplekken = models.PositiveIntegerField(default=0)
    referrals = models.PositiveIntegerField(default=0)  # R-WT-2: registrations in the period
    # R-WT-3 retrospective: realised waits of the last two months (days).
    aanmeld_avg = models.FloatField(null=True)
    aanmeld_median = models.FloatField(null=True)
    aanmeld_p80 = models.FloatField(null=True)
    behandel_avg = models.FloatField(null=True)
    behandel_median = models.FloatField(null=True)
    behandel_p80 = models.FloatField(null=True)
    # Registration to start of treatment, over the entries that started treatment in the
    # period (so both parts are known for each): the "samen" wait of one cohort.
    total_avg = models.FloatField(null=True)
    # How many realised waits each average rests on (the entries with their intake, and
    # with their treatment start, in the period), so rows can be combined into a weighted
    # average (the network board over the gemeenten a network serves).
    aanmeld_count = models.PositiveIntegerField(default=0)
    behandel_count = models.PositiveIntegerField(default=0)
    # R-WT-3 prospective ("actueel") aanmeldingswachttijd (weeks): third available intake
    # slot, or the declared figure.
    prospective_weeks = models.FloatField(null=True)
    prospective_source = models.CharField(max_length=20, blank=True)  # "slots" / "opgave"
    # R-WT-3 prospective behandelingswachttijd (weeks): the provider's monthly figure
    # (WachttijdOpgave.behandel_weeks); there are no published treatment slots.
    prospective_behandel_weeks = models.FloatField(null=True)
    prospective_behandel_source = models.CharField(max_length=20, blank=True)  # "opgave"
    estimate_weeks = models.FloatField(null=True)  # queue length ÷ recent throughput
    # R-WT-4: waiting now beyond the Treeknorm.
    breaches_aanmeld = models.PositiveIntegerField(default=0)
    breaches_behandel = models.PositiveIntegerField(default=0)
    breaches_total = models.PositiveIntegerField(default=0)
    intake_slots = models.PositiveIntegerField(default=0)  # R-WT-5: next four weeks

    class Meta:
        verbose_name = _("overzichtscijfer")
        verbose_name_plural = _("overzichtscijfers")
        indexes = [models.Index(fields=["region", "snapshot_date", "dimension"])]

    def __str__(self) -> str:
        return f"{self.region_id} {self.snapshot_date} {self.dimension}"


def _report_path(instance, filename):
    return f"wachttijden/rapporten/{instance.region_id}/{filename}"


class ReportJob(GeneratedFile):
    """A PDF report of the dashboard, made by a Celery task (progress shown on the page)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    snapshot_date = models.DateField()
    filters = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(upload_to=_report_path, blank=True)

    class Meta:
        verbose_name = _("wachttijdrapport")
        verbose_name_plural = _("wachttijdrapporten")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Rapport {self.region_id} {self.snapshot_date}"
