"""Celery tasks of function I. Thin: each loads by id, calls one service, and is safe to
run twice (Redis redelivers unacknowledged messages; ``acks_late`` hands back the work of
a worker that died)."""

import logging

from django.core.exceptions import ObjectDoesNotExist

from celery import Task, shared_task

from . import letter, notifications

logger = logging.getLogger(__name__)

# Every task retries on any error but a missing row: 3 more tries, 2 s, 4 s, 8 s apart
# (with jitter, at most a minute). A PDF or mail that fails four times needs a person.
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
        # Eager mode (no broker: the embedded setup, tests) runs the task inside the request
        # that enqueued it. Propagating there would raise Celery's Retry into that request
        # after the first failure; without it the retries run at once and the final
        # failure lands in on_failure, as with a worker.
        return super().apply(*args, throw=False if throw is None else throw, **kwargs)


class LetterTask(RetryingTask):
    """Records the final failure on the letter, so its page offers "Opnieuw maken"."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        brief_id = args[0] if args else kwargs.get("brief_id")
        logger.error("Adviesbrief %s failed after retries: %r", brief_id, exc)
        if brief_id is not None:
            letter.letter_mark_failed(brief_id=brief_id, error=f"{type(exc).__name__}: {exc}")


@shared_task(base=RetryingTask, **RETRY)
def notify_planners(vg_id: int) -> None:
    notifications.notify_planners(vg_id)


@shared_task(base=RetryingTask, **RETRY)
def send_invitations(gesprek_id: int) -> None:
    notifications.send_invitations(gesprek_id)


@shared_task(base=LetterTask, **RETRY)
def render_letter(brief_id: int) -> None:
    letter.letter_render(brief_id=brief_id)
