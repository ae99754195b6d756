"""Celery tasks of function III. Thin: each loads by id, calls one service, and is safe to
run twice (Redis redelivers unacknowledged messages; ``acks_late`` hands back the work of a
worker that died). The overview replaces its own rows, so a second run changes nothing."""

import logging
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from celery import Task, shared_task

from networks.models import Region

from .services import overview

logger = logging.getLogger(__name__)

# Retry on any error but a missing row: 3 more tries, 2 s, 4 s, 8 s apart (with jitter, at
# most a minute). An overview that fails four times needs a person; the run says MISLUKT.
RETRY = {
    "acks_late": True,
    "autoretry_for": (Exception,),
    "dont_autoretry_for": (ObjectDoesNotExist,),
    "max_retries": 3,
    "retry_backoff": 2,
    "retry_backoff_max": 60,
}


class RetryingTask(Task):
    def apply(self, *args, throw=None, **kwargs):
        # Eager mode (no broker: the embedded setup, tests) runs the task inside the caller.
        # Propagating there would raise Celery's Retry into the caller after the first
        # failure; without it the retries run at once and the last failure is logged.
        return super().apply(*args, throw=False if throw is None else throw, **kwargs)


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
