"""Celery settings; imported by base.py. Each setting says why it is what it is."""

from celery.schedules import crontab

from . import env

REDIS_URL = env.string("REDIS_URL", "")

# Without Redis the newcomer's embedded setup runs every task in-process.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None  # state lives on our own models, never in the result backend
CELERY_TASK_IGNORE_RESULT = True
# Acknowledge after the work is done, so a worker that dies mid-task hands it back.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# One message at a time per process: tasks are long (PDFs, overviews), fair dispatch matters.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# WeasyPrint and big exports grow memory; recycle processes before they bloat.
CELERY_WORKER_MAX_TASKS_PER_CHILD = 50
# A task that runs away is stopped; soft limit first so it can record its failure.
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_TASK_TIME_LIMIT = 30 * 60
# Redis redelivers unacknowledged messages after this; longer than any task's time limit.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_TIMEZONE = "Europe/Amsterdam"
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]

# PDFs on their own queue (DESIGN.md, WeasyPrint): a slow render never holds up mail or
# overviews, and the pdf worker can be sized and recycled on its own.
CELERY_TASK_ROUTES = {
    "verkennend_gesprek.tasks.render_letter": {"queue": "pdf"},
    "wachttijden.tasks.render_report": {"queue": "pdf"},
}

CELERY_BEAT_SCHEDULE = {
    # R-WT-1…6: the regional waiting-time overview, per region, into snapshot tables.
    "wachttijden-overview-nightly": {
        "task": "wachttijden.tasks.compute_all_overviews",
        "schedule": crontab(hour=2, minute=30),
    },
    # R-BK-1/R-BK-2: declaration lines from held conversations and the lumpsum terms.
    "bekostiging-declaraties-nightly": {
        "task": "bekostiging.tasks.generate_all_declarations",
        "schedule": crontab(hour=4, minute=0),
    },
    # R-PR-1: seal each closed day of the access log (a hash chain). The five-year purge
    # is not here: the runtime role may not delete (`manage.py access_log_maintain`).
    "audit-seal": {
        "task": "mgn.audit.tasks.seal_access_log",
        "schedule": crontab(minute=20),
    },
}
