"""``job_run``: make a ``GeneratedFile`` job's file once, with progress and its SHA-256.

The render function does the work and returns ``(filename, content)``; the runner does the
bookkeeping every document shares::

    def report_render(*, report_id: int) -> ReportJob:
        job = ReportJob.objects.select_related("region").get(pk=report_id)
        return job_run(job, render=_render_report)  # _render_report(job, progress) -> (name, bytes)

- Idempotent: a finished job whose stored file still matches its checksum is returned as
  it is (the task may be delivered twice, ``acks_late`` hands back a dead worker's work,
  the sweeper sends a lost one again).
- Claimed atomically: a run starts only when one conditional UPDATE moves the job to
  "bezig" — from "wachtrij", from "klaar" (its file is gone or changed), or from "bezig"
  with a stale heartbeat (its worker died). A second message for a job that another
  worker is making finds nothing to claim and returns, so a file is never made twice at
  once. A failed job ("mislukt") is made again only after a person restarts it.
- Each run counts an attempt, sets ``started_at``, and starts at ``start_progress``;
  ``progress(value)`` (passed to render) stores 0–100 for the status page as it goes.
- Heartbeat: while the render runs, a thread touches ``heartbeat_at`` every
  ``JOB_HEARTBEAT_INTERVAL`` seconds (progress calls touch it too), so one long call
  (WeasyPrint) does not look dead; a job without a heartbeat for ``JOB_HEARTBEAT_STALE``
  seconds is one whose worker died, and the sweeper sends it again.
- The file goes to the field's storage (private) under the field's ``upload_to``; a file
  of an earlier run, or one left at the same name by a run that died, is replaced.
- An exception records its text on the job and is raised again, so the Celery task
  retries. The job goes back to "wachtrij" meanwhile (its page keeps polling, the retry
  claims it); the task base (``mgn.jobs.tasks.JobTask``) marks it "mislukt" once the
  retries are spent.
"""

import contextlib
import hashlib
import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import IO

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import close_old_connections, connection
from django.db.models import F, Model, Q
from django.utils import timezone

from .constants import ERROR_MAX_LENGTH, JobStatus

logger = logging.getLogger(__name__)

CHUNK = 1024 * 1024

Progress = Callable[[int], None]
Render = Callable[[Model, Progress], tuple[str, bytes | IO[bytes]]]


def _touched(model: type[Model], moment) -> dict:
    """The model's ``auto_now`` fields, which ``QuerySet.update`` would not set."""
    return {f.name: moment for f in model._meta.concrete_fields if getattr(f, "auto_now", False)}


def _is_bytes(content) -> bool:
    return isinstance(content, bytes | bytearray | memoryview)


def file_checksum(content: bytes | IO[bytes]) -> str:
    """SHA-256 of bytes, or of a binary file read from its start (left at its start)."""
    if _is_bytes(content):
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


def queued_grace() -> timedelta:
    return timedelta(seconds=settings.JOB_QUEUED_GRACE)


def heartbeat_stale() -> timedelta:
    return timedelta(seconds=settings.JOB_HEARTBEAT_STALE)


def stale_filter(now: datetime | None = None) -> Q:
    """Jobs nobody is seeing to: queued longer than the grace (their message was lost, or
    no worker took it), or being made without a heartbeat for too long (the worker died)."""
    now = now or timezone.now()
    return Q(status=JobStatus.WACHTRIJ, heartbeat_at__lt=now - queued_grace()) | Q(
        status=JobStatus.BEZIG, heartbeat_at__lt=now - heartbeat_stale()
    )


def job_is_stale(job, now: datetime | None = None) -> bool:
    """The job waits or is being made, but nothing has happened to it for too long."""
    now = now or timezone.now()
    if job.heartbeat_at is None:
        return False
    if job.status == JobStatus.WACHTRIJ:
        return job.heartbeat_at < now - queued_grace()
    if job.status == JobStatus.BEZIG:
        return job.heartbeat_at < now - heartbeat_stale()
    return False


def job_progress(job, value: int) -> None:
    """Store the job's progress (0–100) for its status page; it is a heartbeat too."""
    value = max(0, min(100, int(value)))
    job.progress = value
    model = type(job)
    now = timezone.now()
    model.objects.filter(pk=job.pk).update(progress=value, heartbeat_at=now, **_touched(model, now))


def job_claim(job, *, progress: int = 10) -> bool:
    """Mark the job as being made, if nobody else is: one conditional UPDATE from
    "wachtrij", "klaar" or a stale "bezig" (see the module docstring). On success one more
    attempt is counted, the error of a previous one cleared, and True returned."""
    model = type(job)
    now = timezone.now()
    touched = _touched(model, now)
    # "klaar" only when the caller saw it so (its file is gone or changed): a job that got
    # finished since this message loaded it is not made again.
    statuses = [JobStatus.WACHTRIJ, *([JobStatus.KLAAR] if job.status == JobStatus.KLAAR else [])]
    claimable = Q(status__in=statuses) | Q(
        status=JobStatus.BEZIG, heartbeat_at__lt=now - heartbeat_stale()
    )
    claimed = (
        model.objects.filter(claimable, pk=job.pk).update(
            status=JobStatus.BEZIG,
            progress=progress,
            attempts=F("attempts") + 1,
            error="",
            started_at=now,
            heartbeat_at=now,
            **touched,
        )
        == 1
    )
    job.refresh_from_db(
        fields=["status", "progress", "attempts", "error", "started_at", "heartbeat_at", *touched]
    )
    return claimed


def _beat(model: type[Model], pk, started_at: datetime) -> int:
    """Touch the heartbeat of this run (its claim: status "bezig" and its start time)."""
    return model.objects.filter(pk=pk, status=JobStatus.BEZIG, started_at=started_at).update(
        heartbeat_at=timezone.now()
    )


@contextlib.contextmanager
def job_heartbeat(job, *, interval: float | None = None):
    """Keep the job's heartbeat fresh from a thread while the block runs. The thread
    touches the database only after the first interval (short renders never do) and
    closes its own connection when it ends."""
    interval = settings.JOB_HEARTBEAT_INTERVAL if interval is None else interval
    stop = threading.Event()
    model, pk, started_at = type(job), job.pk, job.started_at

    def beat() -> None:
        try:
            while not stop.wait(interval):
                try:
                    _beat(model, pk, started_at)
                except Exception:  # a missed beat is not worth failing the render for
                    logger.warning("Heartbeat of %s %s failed", model.__name__, pk, exc_info=True)
                    close_old_connections()
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"heartbeat-{model.__name__}-{pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=interval + 5)


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
    wrapped = ContentFile(bytes(content)) if _is_bytes(content) else File(content)
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
    if not job_claim(job, progress=start_progress):
        logger.info(
            "%s %s not claimed (%s): being made elsewhere, failed, or finished",
            type(job).__name__,
            job.pk,
            job.status,
        )
        return job
    try:
        with job_heartbeat(job):
            filename, content = render(job, lambda value: job_progress(job, value))
            try:
                job_store(job, filename, content)
            finally:
                if not _is_bytes(content):
                    content.close()
    except BaseException as exc:
        # Back in the queue with the error: the task's retry claims it again (a worker
        # that is shut down mid-render hands it back the same way).
        model = type(job)
        now = timezone.now()
        error = job_error_text(exc)
        model.objects.filter(pk=job.pk, status=JobStatus.BEZIG).update(
            status=JobStatus.WACHTRIJ, error=error, heartbeat_at=now, **_touched(model, now)
        )
        job.status, job.error, job.heartbeat_at = JobStatus.WACHTRIJ, error, now
        raise
    logger.info("%s %s made (%s)", type(job).__name__, job.pk, job.file.name)
    return job


# Jobs that consume an uploaded file ---------------------------------------------------
# The same row, claim, heartbeat, progress, retries and sweeper, the other way round: the
# job's ``file`` is its input (an upload stored privately when the job is asked for), and
# the result is the process's own rows. A model says so with ``consumes_input = True``.
Process = Callable[[Model, Progress], None]


class JobTakenOver(RuntimeError):
    """Another run claimed the job while this one worked (its heartbeat went stale): this
    run's result is rolled back, so the input is applied once."""


def job_consumed(job) -> None:
    """Mark the job finished, **inside the transaction that applies its input**: one
    conditional UPDATE on this run's claim (status "bezig", its ``started_at``). If another
    run took the job over meanwhile, it raises ``JobTakenOver`` and the caller's transaction
    rolls back, so an input is applied once however often its task is delivered."""
    model = type(job)
    now = timezone.now()
    touched = _touched(model, now)
    done = model.objects.filter(
        pk=job.pk, status=JobStatus.BEZIG, started_at=job.started_at
    ).update(
        status=JobStatus.KLAAR,
        progress=100,
        error="",
        finished_at=now,
        heartbeat_at=now,
        **touched,
    )
    if done != 1:
        raise JobTakenOver(f"{model.__name__} {job.pk} was taken over by another run")
    job.status, job.progress, job.error, job.finished_at = JobStatus.KLAAR, 100, "", now


def job_input_delete(job) -> None:
    """Delete the job's input file from storage and clear the field (idempotent)."""
    if job.file:
        name = job.file.name
        with contextlib.suppress(FileNotFoundError):
            job.file.storage.delete(name)
        type(job).objects.filter(pk=job.pk).update(file="")
        job.file.name = ""


def job_consume(job, *, process: Process, start_progress: int = 5):
    """Apply the job's input file with ``process(job, progress)`` once; returns the job.

    ``process`` reads ``job.file`` and must call ``job_consumed(job)`` in the transaction
    that applies it (so applying and finishing commit together, or neither). A finished
    job returns at once (a duplicate message, a retry after the commit); the claim, the
    heartbeat and the error bookkeeping are ``job_run``'s. After the process the input is
    deleted; a job that fails for good deletes it too (``job_mark_failed``)."""
    if job.status == JobStatus.KLAAR:
        job_input_delete(job)
        return job
    if not job_claim(job, progress=start_progress):
        logger.info("%s %s not claimed (%s)", type(job).__name__, job.pk, job.status)
        return job
    try:
        with job_heartbeat(job):
            process(job, lambda value: job_progress(job, value))
    except BaseException as exc:
        model = type(job)
        now = timezone.now()
        error = job_error_text(exc)
        model.objects.filter(pk=job.pk, status=JobStatus.BEZIG, started_at=job.started_at).update(
            status=JobStatus.WACHTRIJ, error=error, heartbeat_at=now, **_touched(model, now)
        )
        job.status, job.error, job.heartbeat_at = JobStatus.WACHTRIJ, error, now
        raise
    job_input_delete(job)
    logger.info("%s %s applied", type(job).__name__, job.pk)
    return job


def job_error_text(exc: BaseException) -> str:
    """The error as stored on the job (and shown, truncated, on its page)."""
    return f"{type(exc).__name__}: {exc}"[:ERROR_MAX_LENGTH]


def job_mark_failed(model: type[Model], pk, *, error: str) -> int:
    """The task gave up (retries spent): the job is "mislukt" with the error, unless it got
    finished meanwhile. Returns the number of jobs marked (0 or 1). A job that consumes an
    input file (``consumes_input``) has that file deleted: it is not kept for a retry."""
    marked = (
        model.objects.filter(pk=pk)
        .exclude(status=JobStatus.KLAAR)
        .update(
            status=JobStatus.MISLUKT,
            error=error[:ERROR_MAX_LENGTH],
            **_touched(model, timezone.now()),
        )
    )
    if marked and getattr(model, "consumes_input", False):
        job = model.objects.filter(pk=pk).first()
        if job is not None:
            job_input_delete(job)
    return marked


def job_reset(job) -> None:
    """Put a job back in the queue (status "wachtrij", no progress, no error, its grace
    starting now); the caller sends its task again after the commit."""
    model = type(job)
    now = timezone.now()
    touched = _touched(model, now)
    job.status, job.progress, job.error, job.heartbeat_at = JobStatus.WACHTRIJ, 0, "", now
    for field, value in touched.items():
        setattr(job, field, value)
    job.save(update_fields=["status", "progress", "error", "heartbeat_at", *touched])
