"""``enqueue``: send a Celery task without ever failing the request that asks for it.

The job row is the outbox. A service writes its row (a letter, a report, an export) in its
transaction and sends the task after the commit with ``enqueue_on_commit``. When the
broker is unreachable the send is logged and dropped, never raised: the row is committed
and the request answers as usual; the sweeper (``mgn.jobs.tasks.sweep_jobs``, every minute
from beat and once when a worker starts) sends the task again once the broker is back.

Tasks without a job row (mail, overviews) use the same helper so a broker outage never
turns a saved change into an error page; what they would have done is logged. An app whose
task leaves a mark on its own rows (a mail's "sent at") registers a sweep of those rows in
``JOB_SWEEPS``, and the sweeper runs it too (``app_sweeps``): the core names no app.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kombu.exceptions import KombuError, OperationalError
from redis.exceptions import RedisError

from .constants import JobStatus, RestartOutcome
from .runner import _touched, job_is_stale, job_mark_failed, job_reset, stale_filter

logger = logging.getLogger(__name__)

# What a send raises when the broker is unreachable or refuses the message: kombu's own
# errors (connection, encoding), the Redis client's, and socket (OS) errors.
BROKER_ERRORS = (OperationalError, KombuError, RedisError, OSError)


def enqueue(task, *args, **kwargs) -> bool:
    """Send ``task(*args, **kwargs)``; True when the broker took it. A broker error is
    logged as a warning and False returned. In eager mode (no broker) the task runs here,
    as ``delay`` does, and its own errors are the task's business (``RetryingTask``)."""
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except BROKER_ERRORS as exc:
        logger.warning(
            "Broker unreachable: %s%r not sent (%s: %s); the sweeper sends job and mail tasks again",
            task.name,
            args,
            type(exc).__name__,
            exc,
        )
        return False
    return True


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """``enqueue`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))


# The sweeper -------------------------------------------------------------------------------
def job_tasks() -> list:
    """Every generated-file task (``JobTask`` with its ``job_model``) the worker knows, with
    its model: the task declaration is the registration."""
    from django.apps import apps
    from django.utils.module_loading import autodiscover_modules

    from celery import current_app

    # Every app's tasks module, as a worker has them (Celery's own import_default_modules
    # would set Django up again inside a worker, and with it the logging).
    autodiscover_modules("tasks")
    found = []
    for task in list(current_app.tasks.values()):
        label = getattr(task, "job_model", "")
        if label:
            found.append((task, apps.get_model(label)))
    return sorted(found, key=lambda pair: pair[0].name)


def _job_kwargs(task, pk) -> dict:
    return {getattr(task, "job_arg", "job_id"): pk}


def job_resend(task, model, pk, *, now=None) -> bool:
    """Send a stale job's task again, once: one conditional UPDATE puts the job back in
    the queue with a fresh grace (so a second sweeper, or the next sweep, leaves it
    alone) and only the sweeper that made it sends. A job that stopped without a word
    ``JOB_MAX_ATTEMPTS`` times is marked failed instead. True when sent (or tried to)."""
    now = now or timezone.now()
    job = model.objects.filter(stale_filter(now), pk=pk).only("status", "attempts").first()
    if job is None:
        return False
    if job.status == JobStatus.BEZIG and job.attempts >= settings.JOB_MAX_ATTEMPTS:
        job_mark_failed(
            model,
            pk,
            error=(
                f"Het maken is {job.attempts} keer afgebroken zonder foutmelding "
                "(de verwerker stopte); maak het opnieuw of neem contact op met de beheerder."
            ),
        )
        logger.error("%s %s given up after %d attempts", model.__name__, pk, job.attempts)
        return False
    requeued = model.objects.filter(stale_filter(now), pk=pk).update(
        status=JobStatus.WACHTRIJ, heartbeat_at=now, **_touched(model, now)
    )
    if not requeued:
        return False
    logger.warning(
        "%s %s was %s without a sign of life: sent again", model.__name__, pk, job.status
    )
    enqueue(task, **_job_kwargs(task, pk))
    return True


def jobs_sweep(*, now=None, limit: int = 500) -> int:
    """Send every stale job of every generated-file model again (``job_resend``); returns
    how many were sent. At most ``limit`` per model per sweep, oldest first."""
    now = now or timezone.now()
    sent = 0
    for task, model in job_tasks():
        stale = model.objects.filter(stale_filter(now)).order_by("heartbeat_at")
        for pk in stale.values_list("pk", flat=True)[:limit]:
            sent += job_resend(task, model, pk, now=now)
    return sent


def app_sweeps(*, now=None) -> int:
    """Run every sweep named in ``JOB_SWEEPS`` (a dotted path to ``(*, now) -> int``, how
    many tasks it sent again); returns the sum. One that raises is logged and the others
    still run: the next sweep tries it again."""
    from django.utils.module_loading import import_string

    now = now or timezone.now()
    sent = 0
    for path in settings.JOB_SWEEPS:
        try:
            sent += import_string(path)(now=now)
        except Exception:
            logger.exception("Sweep %s failed", path)
    return sent


# "Opnieuw maken" ---------------------------------------------------------------------------
@transaction.atomic
def job_restart(job, *, task) -> RestartOutcome:
    """A person asks to make the job again. A failed or finished job, and one that is
    stale (queued or being made but without a sign of life), goes back in the queue and
    its task is sent after the commit. A job that is waiting or being made as it should
    is left alone, and the answer says which."""
    job = type(job).objects.select_for_update().get(pk=job.pk)
    if job.status == JobStatus.WACHTRIJ and not job_is_stale(job):
        return RestartOutcome.QUEUED
    if job.status == JobStatus.BEZIG and not job_is_stale(job):
        return RestartOutcome.BUSY
    job_reset(job)
    enqueue_on_commit(task, **_job_kwargs(task, job.pk))
    return RestartOutcome.RESTARTED
