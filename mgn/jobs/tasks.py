"""``JobTask``: the Celery task base of a generated-file job. It retries like every task
(``mgn.taskbase``) and, when the retries are spent, marks the job "mislukt" so its page
says so. The task names its model and the argument that holds the job's id::

    @shared_task(base=JobTask, job_model="wachttijden.ReportJob", job_arg="report_id", **RETRY)
    def render_report(report_id: int) -> None:
        report.report_render(report_id=report_id)

(Options given to ``shared_task`` become attributes of the task class.) That declaration
is also what the sweeper (``sweep_jobs``) goes by: every ``JobTask`` with a ``job_model``
has its stale jobs sent again.

``sweep_jobs`` runs every ``JOB_SWEEP_INTERVAL`` seconds from beat, and once when a worker
has started (``mgn.celery``), so jobs queued while the broker was down, and jobs whose
worker was killed, are made without waiting for Redis' visibility timeout. It also runs the
sweeps the apps register in ``JOB_SWEEPS`` for tasks without a job row (the mails of
function I), so those are sent again too once the broker is back.
"""

import logging

from django.apps import apps

from celery import shared_task

from mgn.taskbase import RetryingTask

from .outbox import app_sweeps, jobs_sweep
from .runner import job_error_text, job_mark_failed

logger = logging.getLogger(__name__)


class JobTask(RetryingTask):
    job_model: str = ""  # "app_label.ModelName" of the job
    job_arg: str = "job_id"  # the keyword of the job's id; else the first positional argument

    def job_id(self, args, kwargs):
        if self.job_arg in (kwargs or {}):
            return kwargs[self.job_arg]
        return args[0] if args else None

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        job_id = self.job_id(args, kwargs)
        logger.error("%s %s failed after retries: %r", self.job_model, job_id, exc)
        if job_id is not None and self.job_model:
            job_mark_failed(apps.get_model(self.job_model), job_id, error=job_error_text(exc))
        super().on_failure(exc, task_id, args, kwargs, einfo)


# Not acks_late: a sweep lost with its worker is simply the next one's work.
@shared_task(name="mgn.jobs.tasks.sweep_jobs", ignore_result=True)
def sweep_jobs() -> int:
    """Send stale generated-file jobs again (``mgn.jobs.outbox.jobs_sweep``), then run the
    apps' sweeps of tasks without a job row (``JOB_SWEEPS``, ``app_sweeps``)."""
    sent = jobs_sweep()
    if sent:
        logger.warning("Job sweeper sent %d stale job(s) again", sent)
    resent = app_sweeps()
    if resent:
        logger.warning("Job sweeper sent %d lost task(s) of JOB_SWEEPS again", resent)
    return sent + resent
