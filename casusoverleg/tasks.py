"""Celery tasks of function IV. Thin and safe to run twice."""

from celery import shared_task

from casusoverleg.services import notulen
from casusoverleg.services.bewaren import casussen_purge
from casusoverleg.services.overleggen import invitations_send, overleggen_generate_all
from mgn.jobs.tasks import JobTask
from mgn.taskbase import RETRY, RetryingTask


@shared_task(base=RetryingTask, **RETRY)
def send_overleg_invitations(overleg_id: int) -> None:
    invitations_send(overleg_id)


@shared_task(base=RetryingTask, **RETRY)
def generate_meetings() -> None:
    """R-DOC-1: each series keeps its next meetings planned; R-DOC-4: overdue open cases
    return on the next agenda."""
    overleggen_generate_all()


@shared_task(base=RetryingTask, **RETRY)
def purge_closed_cases() -> None:
    """Remove closed cases after the AVG agreement's retention term."""
    casussen_purge()


@shared_task(
    name="casusoverleg.tasks.render_notulen",
    base=JobTask,
    job_model="casusoverleg.NotulenJob",
    job_arg="notulen_id",
    **RETRY,
)
def render_notulen(notulen_id: int) -> None:
    """Render one meeting's minutes (``notulen.notulen_render``, R-DOC-4); once the retries
    are spent, ``JobTask`` marks them failed so their page offers to ask again."""
    notulen.notulen_render(notulen_id=notulen_id)
