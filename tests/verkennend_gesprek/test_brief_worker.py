"""The advice letter through a real Celery worker on Redis: the message crosses the broker,
a separate process renders the PDF into the shared private storage, and the test database
shows the letter ready. Everything else tests tasks eagerly; this proves the wiring."""

import hashlib
import os
import re
import subprocess
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

import pytest

from mgn.celery import app
from mgn.jobs.constants import JobStatus
from tests.mgn.broker import worker_command
from verkennend_gesprek.constants import AdviesStatus
from verkennend_gesprek.models import AdviesBrief
from verkennend_gesprek.tasks import render_letter

from .test_advies import draft, held_vg

REDIS_URL = os.environ.get("MGN_WORKER_TEST_REDIS_URL", "redis://localhost:6379/9")
TIMEOUT_SECONDS = 60
SUCCEEDED = re.compile(r"render_letter\[[0-9a-f-]+\] succeeded")


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "localhost"
    port = db.get("PORT") or 5432
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"


def _redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        message = f"Redis is not reachable at {REDIS_URL} (make services starts it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return client


def _start_worker(log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mgn.settings.test",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS_URL,
        # mgn/settings/test.py runs tasks in-process unless told otherwise.
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }
    command = worker_command()
    handle = log.open("wb")
    return subprocess.Popen(
        command, cwd=settings.BASE_DIR, env=env, stdout=handle, stderr=subprocess.STDOUT
    )


def _stop(worker: subprocess.Popen) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=10)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait(timeout=5)


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_the_letter_from_the_redis_queue(vg_cast, tmp_path):
    broker = _redis()
    broker.flushdb()  # a database of its own: no stale messages from an earlier run

    # Committed data the worker can read. The letter row is made here rather than by
    # advies_finalise, whose on-commit hook would render it eagerly in this process.
    vg = held_vg(vg_cast)
    advies = draft(vg_cast, vg)
    type(advies).objects.filter(pk=advies.pk).update(
        status=AdviesStatus.DEFINITIEF, finalised_at=timezone.now(), finalised_by=vg_cast.ggz.user
    )
    brief = AdviesBrief.objects.create(advies=advies)

    log = tmp_path / "worker.log"
    worker = _start_worker(log)
    saved = (app.conf.task_always_eager, app.conf.broker_url)
    try:
        app.conf.task_always_eager, app.conf.broker_url = False, REDIS_URL
        try:
            with app.connection_for_write(REDIS_URL) as broker_connection:
                render_letter.apply_async(args=[brief.pk], connection=broker_connection)
        finally:
            app.conf.task_always_eager, app.conf.broker_url = saved

        deadline = time.monotonic() + TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            brief.refresh_from_db()
            # Done when the letter is ready and announced, and the worker has logged the
            # task's end (it sets notified_at a moment before it logs).
            done = brief.status == JobStatus.KLAAR and brief.notified_at is not None
            if (done and SUCCEEDED.search(log.read_text())) or brief.status == JobStatus.MISLUKT:
                break
            try:  # wait a moment for the worker, which is also how a dead one shows up
                worker.wait(timeout=0.25)
            except subprocess.TimeoutExpired:
                continue
            pytest.fail(f"the worker stopped:\n{log.read_text()[-3000:]}")
    finally:
        _stop(worker)

    assert brief.status == JobStatus.KLAAR, log.read_text()[-3000:]
    assert brief.progress == 100
    assert brief.attempts == 1
    path = Path(settings.MEDIA_ROOT) / brief.file.name
    content = path.read_bytes()
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == brief.checksum
    assert brief.notified_at is not None  # the worker told the huisarts
    # The worker, not this process, ran it (its start-up banner also names the task).
    assert SUCCEEDED.search(log.read_text())
