"""Celery tasks of function III. Thin: each loads by id, calls one service, and is safe to
run twice (Redis redelivers unacknowledged messages; ``acks_late`` hands back the work of a
worker that died). The overview replaces its own rows, so a second run changes nothing."""

import logging
from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone

from celery import shared_task

from mgn.taskbase import RETRY, RetryingTask
from networks.models import Region

from .report_tasks import render_report  # noqa: F401  (registered as wachttijden.tasks.render_report)
from .services import overview

logger = logging.getLogger(__name__)


@shared_task(base=RetryingTask, **RETRY)
def compute_overview(region_id: int, snapshot_date_iso: str, user_id: int | None = None) -> None:
    """One region's overview on one date (``overview.overview_compute``)."""
    region = Region.objects.get(pk=region_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    overview.overview_compute(
        region=region, snapshot_date=date.fromisoformat(snapshot_date_iso), user=user
    )


@shared_task(acks_late=True)
def compute_all_overviews(snapshot_date_iso: str | None = None) -> int:
    """Nightly (beat): one ``compute_overview`` per region with waiting lists or offers.
    Sending is cheap and each region's task is idempotent, so a redelivery only repeats
    work. Returns the number of regions sent."""
    snapshot = snapshot_date_iso or timezone.localdate().isoformat()
    region_ids = list(overview.regions_to_compute().values_list("pk", flat=True))
    for region_id in region_ids:
        compute_overview.delay(region_id, snapshot)
    logger.info("Overview of %s sent for %d regions", snapshot, len(region_ids))
    return len(region_ids)
