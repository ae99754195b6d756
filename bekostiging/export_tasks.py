"""The Celery task that makes an export's file (XLSX, or the 573 XML messages).

Thin and idempotent: it loads by id and calls one service (``exports.export_render``),
which stores the file once with its checksum; Redis may deliver the task twice and
``acks_late`` hands back the work of a worker that died. Celery discovers ``tasks.py``
only, which imports this module; the task is named ``bekostiging.tasks.render_export``
and, having no route in CELERY_TASK_ROUTES, runs on the default queue (no WeasyPrint).
"""

import logging

from celery import shared_task

from mgn.taskbase import RETRY, RetryingTask

from . import exports

logger = logging.getLogger(__name__)


class ExportTask(RetryingTask):
    """Records the final failure on the export, so its page says so."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        export_id = args[0] if args else kwargs.get("export_id")
        logger.error("Export %s failed after retries: %r", export_id, exc)
        if export_id is not None:
            exports.export_mark_failed(export_id=export_id, error=f"{type(exc).__name__}: {exc}")


@shared_task(name="bekostiging.tasks.render_export", base=ExportTask, **RETRY)
def render_export(export_id: int) -> None:
    exports.export_render(export_id=export_id)
