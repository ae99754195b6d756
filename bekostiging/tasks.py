"""Celery tasks of bekostiging. Thin and idempotent: generating declarations makes only
what is missing (database constraints guard against a second live line), and an export's
file is stored once with its checksum, so a redelivered or repeated task changes nothing.

``render_export`` has no route in CELERY_TASK_ROUTES and runs on the default queue (no
WeasyPrint); ``acks_late`` hands back the work of a worker that died.
"""

import logging

from django.contrib.auth import get_user_model
from django.utils import timezone

from celery import shared_task

from bekostiging.models import Contract
from bekostiging.services.declaraties import declaraties_generate
from bekostiging.services.exports import export_render
from bekostiging.services.lumpsum import lumpsum_generate
from mgn.jobs.outbox import enqueue
from mgn.jobs.tasks import JobTask
from mgn.taskbase import RETRY, RetryingTask
from networks.models import Network

logger = logging.getLogger(__name__)


@shared_task(base=RetryingTask, **RETRY)
def generate_declarations(network_id: int, year: int | None = None, user_id: int | None = None):
    """One network: VG lines from held conversations (R-BK-1) and the lumpsum terms of
    the year (R-BK-2). Returns (VG lines made, held back, lumpsum lines made)."""
    network = Network.objects.get(pk=network_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    result = declaraties_generate(network=network, user=user)
    lumpsum = lumpsum_generate(
        network=network, year=year or timezone.localdate().year, user=user
    ).created
    logger.info(
        "Declarations of %s: %d VG lines, %d held back, %d lumpsum lines",
        network.slug,
        result.created,
        result.held_back,
        lumpsum,
    )
    return result.created, result.held_back, lumpsum


@shared_task(acks_late=True)
def generate_all_declarations() -> int:
    """Nightly (beat): one task per network that has a declaring contract."""
    network_ids = list(
        Contract.objects.filter(declaring=True).values_list("network_id", flat=True).distinct()
    )
    for network_id in network_ids:
        enqueue(generate_declarations, network_id)
    return len(network_ids)


# JobTask marks the export "mislukt" once the retries are spent, so its page says so.
@shared_task(
    name="bekostiging.tasks.render_export",
    base=JobTask,
    job_model="bekostiging.Export",
    job_arg="export_id",
    **RETRY,
)
def render_export(export_id: int) -> None:
    """Make the export's XLSX or XML file (``export_render``); a finished one is kept."""
    export_render(export_id=export_id)
