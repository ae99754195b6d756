"""The Celery task that renders a waiting-time report (report.report_render).

Thin and idempotent: it loads by id and calls one service; Redis may deliver it twice and
``acks_late`` hands back the work of a worker that died. Celery discovers ``tasks.py``
only, which imports this module; the task is named ``wachttijden.tasks.render_report`` and
routed by that name to the ``pdf`` queue (WeasyPrint never runs beside the overviews or the
mail).
"""

import logging

from celery import shared_task

from mgn.taskbase import RETRY, RetryingTask

from . import report

logger = logging.getLogger(__name__)


class ReportTask(RetryingTask):
    """Records the final failure on the report, so its page says so and offers to retry."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        report_id = args[0] if args else kwargs.get("report_id")
        logger.error("Wachttijdrapport %s failed after retries: %r", report_id, exc)
        if report_id is not None:
            report.report_mark_failed(report_id=report_id, error=f"{type(exc).__name__}: {exc}")


# Named as if it lived in tasks.py (which imports it): the name the pdf queue routes by.
@shared_task(name="wachttijden.tasks.render_report", base=ReportTask, **RETRY)
def render_report(report_id: int) -> None:
    report.report_render(report_id=report_id)
