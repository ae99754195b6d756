"""The Celery application; tasks are found in every installed app's ``tasks.py`` (and
``mgn.jobs.tasks``, through ``CELERY_IMPORTS``). A worker that has started sweeps the
generated-file jobs once, so what waited while no worker or broker was there is sent
again at once rather than at the next beat."""

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mgn.settings.base")

app = Celery("mgn")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def sweep_jobs_at_start(sender=None, **kwargs) -> None:
    from mgn.jobs.outbox import enqueue
    from mgn.jobs.tasks import sweep_jobs

    enqueue(sweep_jobs)
