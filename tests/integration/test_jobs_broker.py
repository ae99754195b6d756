"""The job row is the outbox, through real processes: a Redis server of the test's own,
switched off and on, and real Celery workers.

- Broker down while an advies is finalised, a report requested and an XLSX export made:
  every request succeeds (and the advies' access-log entry is written); once Redis and a
  worker are back, the worker's start-up sweep sends the jobs again and each is made
  exactly once.
- A worker killed as a whole (SIGKILL to its process group, main process and children)
  mid-render: its job's heartbeat stops, and a new worker's beat sweeper has it made
  again within the sweeper's limit, not after Redis' one-hour visibility timeout.
"""

import os
import re
import signal
import subprocess
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

import pytest

from bekostiging.models import Export
from mgn.audit.constants import Event
from mgn.audit.models import AccessLogEntry
from mgn.jobs.constants import JobStatus
from mgn.jobs.outbox import enqueue
from tests.bekostiging.test_exports import make_lines, xlsx_export_form
from tests.mgn.broker import RedisServer, broker_at, worker_command
from tests.mgn.jobs_testapp.models import Document
from tests.mgn.jobs_testapp.tasks import render_document
from tests.verkennend_gesprek.test_advies import draft, editor_post, held_vg
from tests.wachttijden.test_rapport import snapshot  # noqa: F401 (a fixture)
from verkennend_gesprek.models import AdviesBrief
from wachttijden.models import ReportJob

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# Short limits for the workers the tests start (production: 60 s, 15 s, 120 s, 60 s).
LIMITS = {
    "JOB_QUEUED_GRACE": "1",
    "JOB_HEARTBEAT_INTERVAL": "1",
    "JOB_HEARTBEAT_STALE": "3",
    "JOB_SWEEP_INTERVAL": "1",
}
TIMEOUT_SECONDS = 90


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "localhost"
    port = db.get("PORT") or 5432
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def redis_server(tmp_path):
    if not RedisServer.available():
        message = "redis-server is not installed (make services installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    server = RedisServer(tmp_path)
    yield server
    server.stop()


class Worker:
    """``celery worker`` in a process group of its own, logging to a file."""

    def __init__(self, broker_url: str, log: Path, *, pool: str = "solo", beat: bool = False):
        env = {
            **os.environ,
            **LIMITS,
            "DJANGO_SETTINGS_MODULE": "mgn.settings.test",
            "DATABASE_URL": _database_url(),
            "REDIS_URL": broker_url,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "PYTHONUNBUFFERED": "1",  # the log is read while the worker runs
        }
        command = worker_command(pool)
        if beat:
            command += ["--beat", "--schedule", str(log.with_suffix(".beat"))]
        self.log = log
        handle = log.open("wb")
        self.process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, to kill as a whole
        )

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill_group(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if not self.alive():
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)


def wait_for(condition, worker: Worker, *, timeout: float = TIMEOUT_SECONDS) -> float:
    """Seconds until ``condition()`` held; fails with the worker's log otherwise."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():
            return time.monotonic() - started
        if not worker.alive():
            pytest.fail(f"the worker stopped:\n{worker.text()[-4000:]}")
        time.sleep(0.25)
    pytest.fail(f"not done in {timeout} s; worker log:\n{worker.text()[-4000:]}")


def made_lines(log: str, model: str, pk: int) -> int:
    return len(re.findall(rf"\b{model} {pk} made\b", log))


def test_jobs_asked_for_with_the_broker_down_are_made_once_when_it_is_back(
    client,
    vg_cast,
    snapshot,  # noqa: F811
    bk_cast,
    redis_server,
    tmp_path,
):
    make_lines(bk_cast, n=2)  # first: its factory persons take the BSN the request reuses
    vg = held_vg(vg_cast)
    draft(vg_cast, vg)
    redis_server.start()
    redis_server.stop()  # the broker is switched off

    with broker_at(redis_server.url):
        client.force_login(vg_cast.ggz.user)
        finalised = client.post(
            reverse("verkennend_gesprek:advies_finalise", args=[vg.pk]), editor_post()
        )
        client.force_login(snapshot.coordinator)
        reported = client.post(
            reverse("wachttijden:rapport_create") + f"?regio={snapshot.region.code}",
            {"peildatum": timezone.localdate().isoformat()},
        )
        client.force_login(bk_cast.insurer_user)
        exported = client.post(
            reverse("bekostiging:export_create"),
            xlsx_export_form(bk_cast),
        )

    # Every request succeeded and left its job queued; the advies is definitief and logged.
    brief = AdviesBrief.objects.get(advies__verkennend_gesprek=vg)
    report = ReportJob.objects.get()
    export = Export.objects.get()
    assert finalised.status_code == 302
    assert finalised["Location"] == reverse("verkennend_gesprek:brief", args=[vg.pk])
    assert reported.status_code == 302
    assert reported["Location"] == reverse("wachttijden:rapport", args=[report.pk])
    assert exported.status_code == 302 and exported["Location"].endswith(f"/{export.pk}/")
    assert AccessLogEntry.objects.filter(event=Event.UPDATE, detail="advies definitief").exists()
    jobs = [brief, report, export]
    assert [job.status for job in jobs] == [JobStatus.WACHTRIJ] * 3

    # The broker is back, and a worker: its start-up sweep sends the jobs again.
    time.sleep(float(LIMITS["JOB_QUEUED_GRACE"]) + 0.1)
    redis_server.start()
    worker = Worker(redis_server.url, tmp_path / "worker.log")
    try:

        def all_finished() -> bool:
            for job in jobs:
                job.refresh_from_db()
            return all(job.status in (JobStatus.KLAAR, JobStatus.MISLUKT) for job in jobs)

        wait_for(all_finished, worker)
        time.sleep(2)  # duplicates, if any, would run now
    finally:
        worker.stop()
    log = worker.text()

    for job in jobs:
        job.refresh_from_db()
        assert job.status == JobStatus.KLAAR, (job, job.error, log[-4000:])
        assert job.attempts == 1, job  # made exactly once
        assert (Path(settings.MEDIA_ROOT) / job.file.name).exists()
        assert made_lines(log, type(job).__name__, job.pk) == 1, log[-4000:]
    assert "sent again" in log  # by the sweeper, not by chance


def test_a_worker_killed_as_a_whole_leaves_its_job_stuck_only_until_the_sweeper(
    redis_server, tmp_path
):
    redis_server.start()
    document = Document.objects.create(title="traag 6")
    with broker_at(redis_server.url):
        assert enqueue(render_document, document.pk)

    first = Worker(redis_server.url, tmp_path / "first.log", pool="prefork")
    try:
        wait_for(lambda: Document.objects.get(pk=document.pk).status == JobStatus.BEZIG, first)
        # One long call, no progress: the heartbeat keeps the job alive past the limit.
        time.sleep(float(LIMITS["JOB_HEARTBEAT_STALE"]) + 0.5)
        document.refresh_from_db()
        assert document.status == JobStatus.BEZIG and document.attempts == 1
        assert timezone.now() - document.heartbeat_at < timezone.timedelta(seconds=2.5)
        first.kill_group()  # main process and its pool child, no chance to clean up
    finally:
        first.stop()
    document.refresh_from_db()
    assert document.status == JobStatus.BEZIG  # stuck, as a killed worker leaves it

    killed = time.monotonic()
    second = Worker(redis_server.url, tmp_path / "second.log", beat=True)
    try:
        wait_for(lambda: Document.objects.get(pk=document.pk).status == JobStatus.KLAAR, second)
        took = time.monotonic() - killed
    finally:
        second.stop()
    log = second.text()
    document.refresh_from_db()
    assert document.attempts == 2  # the killed run and the one the sweeper started
    assert made_lines(log, "Document", document.pk) == 1
    # Heartbeat limit + sweep interval + the 6 s render + worker start-up, with room.
    assert took < 45, log[-4000:]
    assert (Path(settings.MEDIA_ROOT) / document.file.name).read_bytes() == b"traag 6"
