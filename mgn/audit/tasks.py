import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def purge_expired_entries() -> int:
    """Nightly: drop log entries past the retention period. Idempotent by nature."""
    removed = services.purge_expired_entries()
    logger.info("access log: removed %d entries past retention", removed)
    return removed
