import logging

from celery import shared_task

from . import seals

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def seal_access_log() -> int:
    """Hourly: seal every closed day of the access log not sealed yet. Idempotent.

    Each seal's digest goes to the application log too, so a copy lives outside the
    database the seals protect.
    """
    sealed = seals.access_log_seal()
    for seal in sealed:
        logger.info(
            "access log sealed %s: %d entries, digest %s",
            seal.period_start,
            seal.entry_count,
            seal.digest,
        )
    return len(sealed)
