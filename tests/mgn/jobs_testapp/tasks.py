"""The test job's task: the shape an app's generated-file task has. A document titled
"traag <seconds>" takes that long in one call (a long WeasyPrint render, for the worker
tests of tests/integration)."""

import time

from celery import shared_task

from mgn.jobs.runner import job_run
from mgn.jobs.tasks import JobTask
from mgn.taskbase import RETRY

from .models import Document


def _render(document, progress):
    progress(50)
    if document.title.startswith("traag "):
        time.sleep(float(document.title.split()[1]))
    if document.title == "kapot":
        raise RuntimeError("de renderer faalt")
    return f"{document.title}.txt", document.title.encode()


@shared_task(base=JobTask, job_model="jobs_testapp.Document", job_arg="document_id", **RETRY)
def render_document(document_id: int) -> None:
    job_run(Document.objects.get(pk=document_id), render=_render)
