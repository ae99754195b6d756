"""Celery tasks of bekostiging. Thin and idempotent: generating declarations makes only
what is missing (database constraints guard against a second live line), so a redelivered
or repeated task changes nothing."""

import logging

from django.contrib.auth import get_user_model
from django.utils import timezone

from celery import shared_task

from mgn.taskbase import RETRY, RetryingTask
from networks.models import Network

from . import services
from .export_tasks import render_export  # noqa: F401  (registered as bekostiging.tasks.render_export)
from .models import Contract

logger = logging.getLogger(__name__)


@shared_task(base=RetryingTask, **RETRY)
def generate_declarations(network_id: int, year: int | None = None, user_id: int | None = None):
    """One network: VG lines from held conversations (R-BK-1) and the lumpsum terms of
    the year (R-BK-2). Returns (VG lines made, held back, lumpsum lines made)."""
    network = Network.objects.get(pk=network_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    result = services.declaraties_genereren(network=network, user=user)
    lumpsum = services.lumpsum_genereren(
        network=network, year=year or timezone.localdate().year, user=user
    )
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
        generate_declarations.delay(network_id)
    return len(network_ids)
