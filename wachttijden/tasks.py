"""Celery tasks of function III. Thin: each loads by id, calls one service, and is safe to
run twice (Redis redelivers unacknowledged messages; ``acks_late`` hands back the work of a
worker that died). The overview replaces its own rows, so a second run changes nothing; a
report that is ready is not made again. ``render_report`` is routed by its name to the
``pdf`` queue, so WeasyPrint never runs beside the overviews or the mail."""

import logging
from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone

from celery import shared_task

from mgn.jobs.outbox import enqueue
from mgn.jobs.tasks import JobTask
from mgn.taskbase import RETRY, RetryingTask
from networks.models import Region
from wachttijden.services import levering_wachtlijst_job, overzicht, rapport

logger = logging.getLogger(__name__)


@shared_task(base=RetryingTask, **RETRY)
def compute_overview(region_id: int, snapshot_date_iso: str, user_id: int | None = None) -> None:
    """One region's overview on one date (``overzicht.overview_compute``)."""
    region = Region.objects.get(pk=region_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    overzicht.overview_compute(
        region=region, snapshot_date=date.fromisoformat(snapshot_date_iso), user=user
    )


@shared_task(acks_late=True)
def compute_all_overviews(snapshot_date_iso: str | None = None) -> int:
    """Nightly (beat): one ``compute_overview`` per region with waiting lists or offers.
    Sending is cheap and each region's task is idempotent, so a redelivery only repeats
    work. Returns the number of regions sent."""
    snapshot = snapshot_date_iso or timezone.localdate().isoformat()
    region_ids = list(overzicht.regions_to_compute().values_list("pk", flat=True))
    for region_id in region_ids:
        enqueue(compute_overview, region_id, snapshot)
    logger.info("Overview of %s sent for %d regions", snapshot, len(region_ids))
    return len(region_ids)


@shared_task(
    name="wachttijden.tasks.render_report",
    base=JobTask,
    job_model="wachttijden.ReportJob",
    job_arg="report_id",
    **RETRY,
)
def render_report(report_id: int) -> None:
    """Render one waiting-time report (``rapport.report_render``); once the retries are
    spent, ``JobTask`` marks the report failed so its page offers to ask again."""
    rapport.report_render(report_id=report_id)


@shared_task(
    name="wachttijden.tasks.process_wachtlijst",
    base=JobTask,
    job_model="wachttijden.WachtlijstJob",
    job_arg="job_id",
    **RETRY,
)
def process_wachtlijst(job_id: int) -> None:
    """Apply one large waiting list (``levering_wachtlijst_job.wachtlijst_job_process``):
    once, however often the message comes; once the retries are spent ``JobTask`` marks it
    failed and its stored file is deleted."""
    levering_wachtlijst_job.wachtlijst_job_process(job_id=job_id)
