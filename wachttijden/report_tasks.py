"""The Celery task that renders a waiting-time report (report.report_render).

Thin and idempotent: it loads by id and calls one service; Redis may deliver it twice and
``acks_late`` hands back the work of a worker that died. Celery discovers ``tasks.py``
only, which imports this module; the task is named ``wachttijden.tasks.render_report`` and
routed by that name to the ``pdf`` queue (WeasyPrint never runs beside the overviews or the
mail).
"""

import logging

from django.core.exceptions import ObjectDoesNotExist

from celery import Task, shared_task

from . import report

logger = logging.getLogger(__name__)

# Retry on any error but a missing row: 3 more tries, 2 s, 4 s, 8 s apart (with jitter, at
# most a minute). A report that fails four times needs a person: the page says so.
RETRY = {
    "acks_late": True,
    "autoretry_for": (Exception,),
    "dont_autoretry_for": (ObjectDoesNotExist,),
    "max_retries": 3,
    "retry_backoff": 2,
    "retry_backoff_max": 60,
}


class ReportTask(Task):
    def apply(self, *args, throw=None, **kwargs):
        # Eager mode (the embedded setup, tests) runs the task inside the request that
        # enqueued it: without propagation the retries run at once and the final failure
        # lands in on_failure, as with a worker.
        return super().apply(*args, throw=False if throw is None else throw, **kwargs)

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        report_id = args[0] if args else kwargs.get("report_id")
        logger.error("Wachttijdrapport %s failed after retries: %r", report_id, exc)
        if report_id is not None:
            report.report_mark_failed(report_id=report_id, error=f"{type(exc).__name__}: {exc}")


# Named as if it lived in tasks.py (which imports it): the name the pdf queue routes by.
@shared_task(name="wachttijden.tasks.render_report", base=ReportTask, **RETRY)
def render_report(report_id: int) -> None:
    report.report_render(report_id=report_id)
