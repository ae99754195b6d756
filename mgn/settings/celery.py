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
# A job whose worker died is not left waiting for it: the job sweeper (below) sends it
# again once its heartbeat is stale. A broker that does not answer is given up on after
# 2 s, so a request that sends a task never hangs on it (mgn.jobs.outbox).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 60 * 60,
    "socket_connect_timeout": 2,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# Sending a task: one quick retry, then mgn.jobs.outbox.enqueue logs the failure and the
# job row (the outbox) waits for the sweeper; the request that asked still succeeds.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# A worker keeps trying to reach the broker at start and after losing it.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Generated-file jobs (mgn.jobs): the row is the outbox. A job still "in de wachtrij"
# JOB_QUEUED_GRACE seconds after it was queued, or "bezig" with no heartbeat for
# JOB_HEARTBEAT_STALE seconds, is sent again by the sweeper (every JOB_SWEEP_INTERVAL
# seconds and when a worker starts). A running job touches its heartbeat every
# JOB_HEARTBEAT_INTERVAL seconds, also during one long WeasyPrint call. After
# JOB_MAX_ATTEMPTS runs the sweeper marks a job failed instead (a document that kills
# its worker every time).
JOB_QUEUED_GRACE = env.integer("JOB_QUEUED_GRACE", 60)
JOB_HEARTBEAT_INTERVAL = env.integer("JOB_HEARTBEAT_INTERVAL", 15)
JOB_HEARTBEAT_STALE = env.integer("JOB_HEARTBEAT_STALE", 120)
JOB_SWEEP_INTERVAL = env.integer("JOB_SWEEP_INTERVAL", 60)
JOB_MAX_ATTEMPTS = env.integer("JOB_MAX_ATTEMPTS", 8)
# Sweeps of tasks without a job row, run by the same sweeper: each a dotted path to a
# function ``(*, now) -> int`` (how many tasks it sent again) that finds the rows whose
# task was lost, by their own markers, and sends it again (mgn.jobs.outbox.app_sweeps).
JOB_SWEEPS = [
    # The planners' announcement of a new request and the invitations of a conversation.
    "verkennend_gesprek.services.notificaties.mail_sweep",
    # The invitations of a transfer table's meeting (R-TR-5).
    "transfer.services.overleg.mail_sweep",
    # The invitations of a casusoverleg meeting (R-DOC-1).
    "casusoverleg.services.overleggen.mail_sweep",
]
CELERY_TIMEZONE = "Europe/Amsterdam"
# Tasks outside an installed app's tasks.py: the job sweeper.
CELERY_IMPORTS = ("mgn.jobs.tasks",)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]

# PDFs on their own queue (DESIGN.md, WeasyPrint): a slow render never holds up mail or
# overviews, and the pdf worker can be sized and recycled on its own.
CELERY_TASK_ROUTES = {
    "verkennend_gesprek.tasks.render_letter": {"queue": "pdf"},
    "wachttijden.tasks.render_report": {"queue": "pdf"},
    "transfer.tasks.render_verslag": {"queue": "pdf"},
    "casusoverleg.tasks.render_notulen": {"queue": "pdf"},
    "networks.tasks.render_bordrapport": {"queue": "pdf"},
}

CELERY_BEAT_SCHEDULE = {
    # Jobs whose message was lost (broker down when queued) or whose worker died.
    "jobs-sweep": {
        "task": "mgn.jobs.tasks.sweep_jobs",
        "schedule": JOB_SWEEP_INTERVAL,
    },
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
    # R-TR-5: each transfer table keeps its next meetings planned from its frequency.
    "transfer-meetings-nightly": {
        "task": "transfer.tasks.generate_meetings",
        "schedule": crontab(hour=3, minute=15),
    },
    # R-DOC-1: each casusoverleg series keeps its next meetings planned; R-DOC-4: open cases
    # of a meeting left as planned return on the next agenda.
    "casusoverleg-meetings-nightly": {
        "task": "casusoverleg.tasks.generate_meetings",
        "schedule": crontab(hour=3, minute=25),
    },
    # Closed cases are removed after the AVG agreement's retention term; signals stay.
    "casusoverleg-retention-nightly": {
        "task": "casusoverleg.tasks.purge_closed_cases",
        "schedule": crontab(hour=3, minute=45),
    },
    # Every network's indicator board of the previous quarter as a PDF, once per network
    # and quarter (idempotent: the rows made already are left alone).
    # Issue 15: the programme view's stored figures (every network, the last complete
    # quarter again, and the choosable quarters still without figures), after the
    # overviews and declarations of the night.
    "networks-indicatorstanden-nightly": {
        "task": "networks.tasks.compute_indicator_standen",
        "schedule": crontab(hour=4, minute=40),
    },
    "networks-indicatorbord-quarterly": {
        "task": "networks.tasks.make_quarterly_reports",
        "schedule": crontab(hour=5, minute=10),
    },
    # R-PR-1: seal each closed day of the access log (a hash chain). The five-year purge
    # is not here: the runtime role may not delete (`manage.py access_log_maintain`).
    "audit-seal": {
        "task": "mgn.audit.tasks.seal_access_log",
        "schedule": crontab(minute=20),
    },
}
