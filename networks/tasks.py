"""Celery tasks of the networks app: the indicator board's PDF and the programme view's stored
figures. Thin and safe to run twice."""

from celery import shared_task

from mgn.jobs.tasks import JobTask
from mgn.taskbase import RETRY, RetryingTask
from networks.services import bord, standen


@shared_task(
    name="networks.tasks.render_bordrapport",
    base=JobTask,
    job_model="networks.BordRapport",
    job_arg="rapport_id",
    **RETRY,
)
def render_bordrapport(rapport_id: int) -> None:
    """Render one network's board of one quarter (``bord.bordrapport_render``)."""
    bord.bordrapport_render(rapport_id=rapport_id)


@shared_task(name="networks.tasks.make_quarterly_reports", base=RetryingTask, **RETRY)
def make_quarterly_reports() -> int:
    """Beat: every network's board of the previous quarter as a PDF, once per network and
    quarter (``bord.quarterly_reports_make``)."""
    return bord.quarterly_reports_make()


@shared_task(name="networks.tasks.compute_indicator_standen", base=RetryingTask, **RETRY)
def compute_indicator_standen() -> int:
    """Beat: the programme view's stored figures (``standen.standen_nightly``)."""
    return standen.standen_nightly()
