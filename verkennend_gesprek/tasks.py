"""Celery tasks of function I. Thin: each loads by id, calls one service, and is safe to
run twice (Redis redelivers unacknowledged messages; ``acks_late`` hands back the work of
a worker that died)."""

from celery import shared_task

from mgn.jobs.tasks import JobTask
from mgn.taskbase import RETRY, RetryingTask
from verkennend_gesprek.services.brief import brief_render
from verkennend_gesprek.services.notificaties import invitations_send, planners_notify


@shared_task(base=RetryingTask, **RETRY)
def notify_planners(vg_id: int) -> None:
    planners_notify(vg_id)


@shared_task(base=RetryingTask, **RETRY)
def send_invitations(gesprek_id: int) -> None:
    invitations_send(gesprek_id)


@shared_task(base=JobTask, job_model="verkennend_gesprek.AdviesBrief", job_arg="brief_id", **RETRY)
def render_letter(brief_id: int) -> None:
    brief_render(brief_id=brief_id)
