"""Celery tasks of function I. Thin: each loads by id, calls one service, and is safe to
run twice (Redis redelivers unacknowledged messages; ``acks_late`` hands back the work of
a worker that died)."""

import logging

from celery import shared_task

from mgn.taskbase import RETRY, RetryingTask
from verkennend_gesprek.services.brief import brief_mark_failed, brief_render
from verkennend_gesprek.services.notificaties import invitations_send, planners_notify

logger = logging.getLogger(__name__)


class LetterTask(RetryingTask):
    """Records the final failure on the letter, so its page offers "Opnieuw maken"."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        brief_id = args[0] if args else kwargs.get("brief_id")
        logger.error("Adviesbrief %s failed after retries: %r", brief_id, exc)
        if brief_id is not None:
            brief_mark_failed(brief_id=brief_id, error=f"{type(exc).__name__}: {exc}")


@shared_task(base=RetryingTask, **RETRY)
def notify_planners(vg_id: int) -> None:
    planners_notify(vg_id)


@shared_task(base=RetryingTask, **RETRY)
def send_invitations(gesprek_id: int) -> None:
    invitations_send(gesprek_id)


@shared_task(base=LetterTask, **RETRY)
def render_letter(brief_id: int) -> None:
    brief_render(brief_id=brief_id)
