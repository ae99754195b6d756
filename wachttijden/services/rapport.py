"""The waiting-time report: the coordinator's dashboard as a private PDF.

``report_request`` stores the job (region, snapshot date, filter) and sends the Celery task
after the commit; ``report_render`` is what the task calls. It is idempotent: a report that
is ready and whose file still matches its checksum is left alone, and a second render of the
same job writes the same bytes — the content depends on the snapshot (and the region's
reference data), never on "now": the report is dated with its snapshot date. The template
gets presentation dataclasses (``selectors.dashboard.Dashboard``), not querysets, and draws the same
SVG charts as the page.
"""

import logging
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from mgn.jobs.outbox import enqueue_on_commit
from mgn.jobs.runner import job_run
from mgn.pdf import render_pdf
from networks.models import Region
from wachttijden.models import ReportJob, SnapshotFigure
from wachttijden.selectors import dashboard

logger = logging.getLogger(__name__)

TEMPLATE = "pdf/wachttijden_rapport.html"
FILTER_KEYS = ("gemeente", "zorgvraagtype")


@dataclass(frozen=True)
class ReportData:
    """Everything printed in the report."""

    reference: str
    data: dashboard.Dashboard

    @property
    def filename(self) -> str:
        return f"wachttijdrapport-{self.reference}.pdf"


def reference(job: ReportJob) -> str:
    """The report's name: region, snapshot date and job number (no clock time)."""
    return f"{job.region.code}-{job.snapshot_date:%Y%m%d}-{job.pk}"


def clean_filters(filters: dict) -> dict:
    """At most one of gemeente / zorgvraagtype, as integers; anything else is dropped."""
    out = {k: int(v) for k, v in (filters or {}).items() if k in FILTER_KEYS and v}
    if len(out) > 1:
        raise ValidationError(_("Kies een gemeente óf een zorgvraagtype."))
    return out


@transaction.atomic
def report_request(*, region: Region, snapshot_date: date, filters: dict, user) -> ReportJob:
    """A coordinator asks for the report of a snapshot; the PDF is made by a Celery task
    (``tasks.render_report``) once this transaction commits. The caller checked that
    the user coordinates the region (``selectors.regions.region_get_for_user``)."""
    from wachttijden.tasks import render_report  # the task module imports this one

    if not SnapshotFigure.objects.filter(region=region, snapshot_date=snapshot_date).exists():
        raise ValidationError(_("Er is geen overzicht van deze regio op deze datum."))
    job = ReportJob.objects.create(
        region=region,
        snapshot_date=snapshot_date,
        filters=clean_filters(filters),
        requested_by=user,
    )
    enqueue_on_commit(render_report, job.pk)
    return job


def report_data(job: ReportJob) -> ReportData:
    filters = job.filters or {}
    data = dashboard.dashboard(
        job.region,
        snapshot_date=job.snapshot_date,
        user=job.requested_by,
        gemeente=filters.get("gemeente"),
        zorgvraagtype=filters.get("zorgvraagtype"),
    )
    return ReportData(reference=reference(job), data=data)


def render_report_pdf(data: ReportData) -> bytes:
    with translation.override("nl"):
        return render_pdf(TEMPLATE, {"report": data, "data": data.data}).pdf


def _render(job: ReportJob, progress) -> tuple[str, bytes]:
    data = report_data(job)
    progress(40)
    pdf = render_report_pdf(data)
    progress(80)
    return data.filename, pdf


def report_render(*, report_id: int) -> ReportJob:
    """Render and store the report privately with its SHA-256; safe to call again."""
    job = ReportJob.objects.select_related("region", "requested_by").get(pk=report_id)
    job = job_run(job, render=_render)
    logger.info("Wachttijdrapport %s rendered", job.pk)
    return job
