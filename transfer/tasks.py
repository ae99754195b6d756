"""Celery tasks of function II. Thin and safe to run twice."""

from celery import shared_task

from mgn.jobs.tasks import JobTask
from mgn.taskbase import RETRY, RetryingTask
from transfer.services import verslag
from transfer.services.overleg import invitations_send, overleggen_generate_all


@shared_task(base=RetryingTask, **RETRY)
def send_overleg_invitations(overleg_id: int) -> None:
    invitations_send(overleg_id)


@shared_task(base=RetryingTask, **RETRY)
def generate_meetings() -> None:
    overleggen_generate_all()


@shared_task(
    name="transfer.tasks.render_verslag",
    base=JobTask,
    job_model="transfer.VerslagJob",
    job_arg="verslag_id",
    **RETRY,
)
def render_verslag(verslag_id: int) -> None:
    """Render one meeting report (``verslag.verslag_render``); once the retries are spent,
    ``JobTask`` marks it failed so its page offers to ask again."""
    verslag.verslag_render(verslag_id=verslag_id)
