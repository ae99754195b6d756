"""``job_run``: make a ``GeneratedFile`` job's file once, with progress and its SHA-256.

The render function does the work and returns ``(filename, content)``; the runner does the
bookkeeping every document shares::

    def report_render(*, report_id: int) -> ReportJob:
        job = ReportJob.objects.select_related("region").get(pk=report_id)
        return job_run(job, render=_render_report)  # _render_report(job, progress) -> (name, bytes)

- Idempotent: a finished job whose stored file still matches its checksum is returned as
  it is (the task may be delivered twice, ``acks_late`` hands back a dead worker's work).
- Each run counts an attempt, sets ``started_at``, and starts at ``start_progress``;
  ``progress(value)`` (passed to render) stores 0–100 for the status page as it goes.
- The file goes to the field's storage (private) under the field's ``upload_to``; a file
  of an earlier run, or one left at the same name by a run that died, is replaced.
- An exception records its text on the job and is raised again, so the Celery task
  retries. The job stays "bezig" meanwhile (its page keeps polling); the task base
  (``mgn.jobs.tasks.JobTask``) marks it "mislukt" once the retries are spent.
"""

import hashlib
import logging
from collections.abc import Callable
from typing import IO

from django.core.files.base import ContentFile, File
from django.db.models import F, Model
from django.utils import timezone

from .constants import ERROR_MAX_LENGTH, JobStatus

logger = logging.getLogger(__name__)

CHUNK = 1024 * 1024

Progress = Callable[[int], None]
Render = Callable[[Model, Progress], tuple[str, bytes | IO[bytes]]]


def _touched(model: type[Model], moment) -> dict:
    """The model's ``auto_now`` fields, which ``QuerySet.update`` would not set."""
    return {f.name: moment for f in model._meta.concrete_fields if getattr(f, "auto_now", False)}


def file_checksum(content: bytes | IO[bytes]) -> str:
    """SHA-256 of bytes, or of a binary file read from its start (left at its start)."""
    if isinstance(content, bytes | bytearray | memoryview):
        return hashlib.sha256(content).hexdigest()
    digest = hashlib.sha256()
    content.seek(0)
    while chunk := content.read(CHUNK):
        digest.update(chunk)
    content.seek(0)
    return digest.hexdigest()


def job_file_matches(job, *, verify: bool = True) -> bool:
    """The job's file is stored, and (``verify``) its bytes still have the job's checksum.
    Without ``verify`` only its presence is checked (for files too large to read again)."""
    if not job.file or not job.checksum:
        return False
    storage = job.file.storage
    if not storage.exists(job.file.name):
        return False
    if not verify:
        return True
    with storage.open(job.file.name, "rb") as handle:
        return file_checksum(handle) == job.checksum


def job_progress(job, value: int) -> None:
    """Store the job's progress (0–100) for its status page."""
    value = max(0, min(100, int(value)))
    job.progress = value
    model = type(job)
    model.objects.filter(pk=job.pk).update(progress=value, **_touched(model, timezone.now()))


def job_start(job, *, progress: int = 10) -> None:
    """Mark the job as being made: one more attempt, the error of a previous one cleared."""
    model = type(job)
    now = timezone.now()
    touched = _touched(model, now)
    model.objects.filter(pk=job.pk).update(
        status=JobStatus.BEZIG,
        progress=progress,
        attempts=F("attempts") + 1,
        error="",
        started_at=now,
        **touched,
    )
    job.refresh_from_db(fields=["status", "progress", "attempts", "error", "started_at", *touched])


def job_store(job, filename: str, content: bytes | IO[bytes]) -> None:
    """Store the content as the job's file (replacing an earlier one) and mark it finished."""
    model = type(job)
    checksum = file_checksum(content)
    storage = job.file.storage
    name = job.file.field.generate_filename(job, filename)
    if job.file and storage.exists(job.file.name):
        storage.delete(job.file.name)
    if storage.exists(name):  # a previous run got this far; same input, same bytes
        storage.delete(name)
    wrapped = File(content) if not isinstance(content, bytes) else ContentFile(content)
    job.file.name = storage.save(name, wrapped)
    now = timezone.now()
    job.checksum = checksum
    job.status, job.progress, job.error = JobStatus.KLAAR, 100, ""
    job.finished_at = now
    touched = _touched(model, now)
    for field, value in touched.items():
        setattr(job, field, value)
    job.save(
        update_fields=["file", "checksum", "status", "progress", "error", "finished_at", *touched]
    )


def job_run(job, *, render: Render, start_progress: int = 10, verify: bool = True):
    """Make the job's file with ``render(job, progress) -> (filename, bytes or file)`` unless
    it is finished already; returns the job. See the module docstring."""
    if job.status == JobStatus.KLAAR and job_file_matches(job, verify=verify):
        return job
    job_start(job, progress=start_progress)
    try:
        filename, content = render(job, lambda value: job_progress(job, value))
        try:
            job_store(job, filename, content)
        finally:
            if not isinstance(content, bytes):
                content.close()
    except Exception as exc:
        model = type(job)
        error = job_error_text(exc)
        model.objects.filter(pk=job.pk).update(error=error, **_touched(model, timezone.now()))
        job.error = error
        raise
    logger.info("%s %s made (%s)", type(job).__name__, job.pk, job.file.name)
    return job


def job_error_text(exc: BaseException) -> str:
    """The error as stored on the job (and shown, truncated, on its page)."""
    return f"{type(exc).__name__}: {exc}"[:ERROR_MAX_LENGTH]


def job_mark_failed(model: type[Model], pk, *, error: str) -> int:
    """The task gave up (retries spent): the job is "mislukt" with the error, unless it got
    finished meanwhile. Returns the number of jobs marked (0 or 1)."""
    return (
        model.objects.filter(pk=pk)
        .exclude(status=JobStatus.KLAAR)
        .update(
            status=JobStatus.MISLUKT,
            error=error[:ERROR_MAX_LENGTH],
            **_touched(model, timezone.now()),
        )
    )


def job_reset(job) -> None:
    """Put a failed job back in the queue (status "wachtrij", no progress, no error); the
    caller sends its task again after the commit."""
    model = type(job)
    touched = _touched(model, timezone.now())
    job.status, job.progress, job.error = JobStatus.WACHTRIJ, 0, ""
    for field, value in touched.items():
        setattr(job, field, value)
    job.save(update_fields=["status", "progress", "error", *touched])
