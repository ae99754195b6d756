"""``GeneratedFile``: the abstract model of a file made by a Celery task (a PDF letter or
report, an XLSX or XML export). A concrete model adds what the file is about and an
``upload_to`` for ``file``; ``mgn.jobs.runner.job_run`` makes the file and keeps these
fields up to date. Files go to the default storage, which is private (MEDIA_ROOT is not
served; downloads go through a view that checks permission).

A job that consumes an upload instead (``consumes_input = True``) keeps its input in
``file`` until ``mgn.jobs.runner.job_consume`` applied it, and deletes it then."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import ACTIVE_STATUSES, JobStatus
from .runner import job_is_stale


class GeneratedFile(models.Model):
    # False: a task makes ``file`` (``job_run``). True: ``file`` is the job's input, an
    # upload stored privately until ``job_consume`` applied it, then deleted.
    consumes_input = False

    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.WACHTRIJ
    )
    progress = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    error = models.TextField(_("foutmelding"), blank=True)
    file = models.FileField(blank=True)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The last sign of life: when it was queued (or sent again), then while being made the
    # runner's heartbeat. The sweeper sends a job again when this gets old
    # (mgn.jobs.runner.stale_filter).
    heartbeat_at = models.DateTimeField(_("laatste teken van leven"), default=timezone.now)

    class Meta:
        abstract = True

    @property
    def is_active(self) -> bool:
        """Waiting or being made: its status page keeps polling."""
        return self.status in ACTIVE_STATUSES

    @property
    def is_stale(self) -> bool:
        """Waiting or being made, but nothing happened to it for too long: a person may
        start it again (and the sweeper will)."""
        return job_is_stale(self)

    @property
    def is_finished(self) -> bool:
        return self.status == JobStatus.KLAAR

    @property
    def is_failed(self) -> bool:
        return self.status == JobStatus.MISLUKT
