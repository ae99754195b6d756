"""Celery tasks of function II. Thin and safe to run twice."""

from celery import shared_task

from mgn.taskbase import RETRY, RetryingTask
from transfer.services.overleg import invitations_send, overleggen_generate_all


@shared_task(base=RetryingTask, **RETRY)
def send_overleg_invitations(overleg_id: int) -> None:
    invitations_send(overleg_id)


@shared_task(base=RetryingTask, **RETRY)
def generate_meetings() -> None:
    overleggen_generate_all()
