"""mgn.jobs: the job row is the outbox. A broker that is unreachable when a job is asked
for never fails the request (the row is committed, the send is logged); the sweeper sends
stale jobs again; a run claims its job atomically, so a duplicate message never makes a
file twice; "Opnieuw maken" says what it did. The broker here is real: this process's
Celery app pointed at a port where nothing listens (tests/mgn/broker.py)."""

import logging
import time
from datetime import timedelta

from django.contrib.messages import get_messages
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

import pytest

from bekostiging.constants import ExportFormat
from bekostiging.models import Export
from mgn.audit.constants import Event
from mgn.audit.models import AccessLogEntry
from mgn.jobs.constants import JobStatus, RestartOutcome
from mgn.jobs.outbox import enqueue, job_restart, job_tasks, jobs_sweep
from mgn.jobs.runner import job_claim, job_is_stale, job_run
from mgn.jobs.tasks import sweep_jobs
from tests.bekostiging.test_exports import make_lines, xlsx_export_form
from tests.mgn.broker import broker_at, unreachable_broker_url
from tests.mgn.jobs_testapp.models import Document
from tests.mgn.jobs_testapp.tasks import render_document
from tests.verkennend_gesprek.test_advies import draft, editor_post, held_vg
from tests.wachttijden.test_rapport import snapshot  # noqa: F401 (a fixture)
from verkennend_gesprek.constants import AdviesStatus
from verkennend_gesprek.models import AdviesBrief
from verkennend_gesprek.services.advies import advies_finalise
from wachttijden.models import ReportJob

pytestmark = pytest.mark.django_db


def ago(**delta):
    return timezone.now() - timedelta(**delta)


@pytest.fixture
def broker_down():
    with broker_at(unreachable_broker_url()):
        yield


@pytest.fixture
def cleanup():
    """Files the test's jobs made are removed afterwards."""
    made = []
    yield made
    for job in made:
        job.refresh_from_db()
        if job.file:
            default_storage.delete(job.file.name)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# Sending never fails the request ----------------------------------------------------------
def test_a_send_to_an_unreachable_broker_is_logged_not_raised(broker_down, caplog):
    document = Document.objects.create(title="stuk")
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="mgn.jobs.outbox"):
        assert enqueue(render_document, document.pk) is False
    assert time.monotonic() - started < 5  # a request does not hang on a dead broker
    assert "Broker unreachable" in caplog.text and "render_document" in caplog.text
    document.refresh_from_db()
    assert document.status == JobStatus.WACHTRIJ


def test_finalising_an_advies_with_the_broker_down_succeeds_and_is_logged(
    client, vg_cast, broker_down, django_capture_on_commit_callbacks
):
    vg = held_vg(vg_cast)
    draft(vg_cast, vg)
    client.force_login(vg_cast.ggz.user)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("verkennend_gesprek:advies_finalise", args=[vg.pk]), editor_post()
        )
    assert len(callbacks) == 1  # the send ran, and failed quietly
    assert response.status_code == 302
    assert response["Location"] == reverse("verkennend_gesprek:brief", args=[vg.pk])
    advies = vg.adviezen.get()
    assert advies.status == AdviesStatus.DEFINITIEF
    assert AdviesBrief.objects.get(advies=advies).status == JobStatus.WACHTRIJ
    entry = AccessLogEntry.objects.get(event=Event.UPDATE, detail="advies definitief")
    assert entry.object_id == str(advies.pk)


def test_requesting_a_report_with_the_broker_down_succeeds(
    client,
    snapshot,  # noqa: F811
    broker_down,
    django_capture_on_commit_callbacks,
):
    client.force_login(snapshot.coordinator)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("wachttijden:rapport_create") + f"?regio={snapshot.region.code}",
            {"peildatum": timezone.localdate().isoformat()},
        )
    job = ReportJob.objects.get()
    assert len(callbacks) == 1
    assert response.status_code == 302
    assert response["Location"] == reverse("wachttijden:rapport", args=[job.pk])
    assert job.status == JobStatus.WACHTRIJ
    page = client.get(response["Location"])
    assert page.status_code == 200 and "In de wachtrij" in page.content.decode()


def test_an_xlsx_export_with_the_broker_down_succeeds(
    client, bk_cast, broker_down, django_capture_on_commit_callbacks
):
    make_lines(bk_cast, n=2)
    client.force_login(bk_cast.insurer_user)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("bekostiging:export_create"),
            xlsx_export_form(bk_cast),
        )
    export = Export.objects.get()
    assert len(callbacks) == 1
    assert response.status_code == 302 and response["Location"].endswith(f"/{export.pk}/")
    assert (export.format, export.status) == (ExportFormat.XLSX, JobStatus.WACHTRIJ)
    assert export.line_count >= 2


# The sweeper ------------------------------------------------------------------------------
def test_every_generated_file_model_is_swept():
    found = {task.name: model._meta.label for task, model in job_tasks()}
    assert found == {
        "bekostiging.tasks.render_export": "bekostiging.Export",
        "casusoverleg.tasks.render_notulen": "casusoverleg.NotulenJob",
        "networks.tasks.render_bordrapport": "networks.BordRapport",
        "tests.mgn.jobs_testapp.tasks.render_document": "jobs_testapp.Document",
        "transfer.tasks.render_verslag": "transfer.VerslagJob",
        "verkennend_gesprek.tasks.render_letter": "verkennend_gesprek.AdviesBrief",
        "wachttijden.tasks.render_report": "wachttijden.ReportJob",
        "wachttijden.tasks.process_wachtlijst": "wachttijden.WachtlijstJob",
    }


def test_a_job_queued_past_the_grace_is_sent_again_and_made_once(settings, cleanup):
    lost = Document.objects.create(title="verloren", heartbeat_at=ago(seconds=61))
    fresh = Document.objects.create(title="vers")
    cleanup += [lost, fresh]
    assert job_is_stale(lost) and not job_is_stale(fresh)

    assert jobs_sweep() == 1  # eager: the task runs at once, as a worker would
    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert (lost.status, lost.attempts) == (JobStatus.KLAAR, 1)
    assert (fresh.status, fresh.attempts) == (JobStatus.WACHTRIJ, 0)
    assert jobs_sweep() == 0  # idempotent: nothing is stale any more


def test_a_job_being_made_without_a_heartbeat_is_sent_again(cleanup):
    dead = Document.objects.create(
        title="dood", status=JobStatus.BEZIG, attempts=1, heartbeat_at=ago(minutes=3)
    )
    alive = Document.objects.create(
        title="levend", status=JobStatus.BEZIG, attempts=1, heartbeat_at=ago(seconds=30)
    )
    cleanup += [dead, alive]
    assert sweep_jobs.delay().get() == 1
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert (dead.status, dead.attempts) == (JobStatus.KLAAR, 2)
    assert (alive.status, alive.attempts) == (JobStatus.BEZIG, 1)


def test_with_the_broker_still_down_the_sweeper_keeps_the_job_and_tries_later(broker_down):
    lost = Document.objects.create(title="verloren", heartbeat_at=ago(minutes=5))
    assert jobs_sweep() == 1  # tried; the send failed quietly
    lost.refresh_from_db()
    assert lost.status == JobStatus.WACHTRIJ
    assert not job_is_stale(lost)  # its grace starts again
    assert jobs_sweep() == 0
    assert jobs_sweep(now=timezone.now() + timedelta(seconds=61)) == 1


def test_a_job_that_keeps_killing_its_worker_is_given_up(settings):
    settings.JOB_MAX_ATTEMPTS = 3
    doomed = Document.objects.create(
        title="gif", status=JobStatus.BEZIG, attempts=3, heartbeat_at=ago(minutes=3)
    )
    assert jobs_sweep() == 0
    doomed.refresh_from_db()
    assert doomed.status == JobStatus.MISLUKT
    assert "3 keer afgebroken" in doomed.error


def test_the_worker_sweeps_when_it_starts(cleanup):
    from mgn.celery import sweep_jobs_at_start

    lost = Document.objects.create(title="verloren", heartbeat_at=ago(minutes=2))
    cleanup.append(lost)
    sweep_jobs_at_start()
    lost.refresh_from_db()
    assert lost.status == JobStatus.KLAAR


def test_the_sweeper_is_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["jobs-sweep"]
    assert entry["task"] == "mgn.jobs.tasks.sweep_jobs"
    assert entry["schedule"] == settings.JOB_SWEEP_INTERVAL == 60


# One run at a time ------------------------------------------------------------------------
class Counting:
    def __init__(self):
        self.calls = 0

    def __call__(self, job, progress):
        self.calls += 1
        return "stuk.txt", b"stuk"


def test_a_second_message_for_a_job_being_made_does_nothing():
    document = Document.objects.create(title="stuk")
    assert job_claim(document)  # the first worker has it
    render = Counting()
    job_run(Document.objects.get(pk=document.pk), render=render)  # the duplicate message
    document.refresh_from_db()
    assert render.calls == 0
    assert (document.status, document.attempts) == (JobStatus.BEZIG, 1)


def test_a_job_whose_worker_died_is_claimed_by_the_next_message(cleanup):
    document = Document.objects.create(
        title="stuk", status=JobStatus.BEZIG, attempts=1, heartbeat_at=ago(minutes=3)
    )
    cleanup.append(document)
    render = Counting()
    job_run(document, render=render)
    document.refresh_from_db()
    assert render.calls == 1
    assert (document.status, document.attempts) == (JobStatus.KLAAR, 2)


def test_a_failed_job_is_not_made_by_a_stray_message():
    document = Document.objects.create(title="stuk", status=JobStatus.MISLUKT, attempts=4)
    render = Counting()
    job_run(document, render=render)
    assert render.calls == 0
    assert Document.objects.get(pk=document.pk).status == JobStatus.MISLUKT


def test_two_claims_of_one_job_give_it_once():
    document = Document.objects.create(title="stuk")
    first, second = Document.objects.get(pk=document.pk), Document.objects.get(pk=document.pk)
    assert [job_claim(first), job_claim(second)] == [True, False]


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_stays_fresh_during_one_long_render(settings):
    settings.JOB_HEARTBEAT_INTERVAL = 0.2
    document = Document.objects.create(title="lang")
    beats = []

    def slow(job, progress):
        claimed_at = Document.objects.get(pk=job.pk).heartbeat_at
        time.sleep(1.0)  # one long call, no progress reported
        beats.append(Document.objects.get(pk=job.pk).heartbeat_at - claimed_at)
        return "lang.txt", b"lang"

    try:
        job_run(document, render=slow)
        assert beats[0] >= timedelta(seconds=0.5)  # touched by the thread meanwhile
        document.refresh_from_db()
        assert document.status == JobStatus.KLAAR
    finally:
        document.refresh_from_db()
        if document.file:
            default_storage.delete(document.file.name)


# "Opnieuw maken" --------------------------------------------------------------------------
def test_restart_leaves_a_job_that_waits_or_is_made_as_it_should_alone():
    queued = Document.objects.create(title="wacht")
    busy = Document.objects.create(title="bezig", status=JobStatus.BEZIG, attempts=1)
    assert job_restart(queued, task=render_document) == RestartOutcome.QUEUED
    assert job_restart(busy, task=render_document) == RestartOutcome.BUSY
    queued.refresh_from_db()
    busy.refresh_from_db()
    assert (queued.status, queued.attempts) == (JobStatus.WACHTRIJ, 0)
    assert (busy.status, busy.attempts) == (JobStatus.BEZIG, 1)


@pytest.mark.parametrize(
    ("status", "heartbeat"),
    [
        (JobStatus.WACHTRIJ, timedelta(minutes=2)),
        (JobStatus.BEZIG, timedelta(minutes=3)),
        (JobStatus.MISLUKT, timedelta(0)),
    ],
    ids=["stale-queued", "stale-busy", "failed"],
)
def test_restart_sends_a_stale_or_failed_job_again(
    status, heartbeat, cleanup, django_capture_on_commit_callbacks
):
    job = Document.objects.create(
        title="stuk", status=status, heartbeat_at=timezone.now() - heartbeat
    )
    cleanup.append(job)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert job_restart(job, task=render_document) == RestartOutcome.RESTARTED
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.KLAAR


@pytest.fixture
def letter(vg_cast, django_capture_on_commit_callbacks):
    """A definitive advies whose letter is queued (its task not run)."""
    vg = held_vg(vg_cast)
    with django_capture_on_commit_callbacks(execute=False):
        advies_finalise(advies=draft(vg_cast, vg), user=vg_cast.ggz.user)
    return vg, AdviesBrief.objects.get(advies__verkennend_gesprek=vg)


def test_restarting_a_queued_letter_says_nothing_was_started(client, vg_cast, letter):
    vg, brief = letter
    client.force_login(vg_cast.sd.user)
    response = client.post(reverse("verkennend_gesprek:brief_restart", args=[vg.pk]))
    assert response.status_code == 302
    assert messages_of(response) == [
        "De adviesbrief staat al in de wachtrij en wordt gemaakt zodra er ruimte is. Er is "
        "niets opnieuw gestart."
    ]
    brief.refresh_from_db()
    assert brief.status == JobStatus.WACHTRIJ
    assert not AccessLogEntry.objects.filter(detail="adviesbrief opnieuw").exists()


def test_restarting_a_letter_being_made_says_so(client, vg_cast, letter):
    vg, brief = letter
    AdviesBrief.objects.filter(pk=brief.pk).update(status=JobStatus.BEZIG)
    client.force_login(vg_cast.sd.user)
    response = client.post(reverse("verkennend_gesprek:brief_restart", args=[vg.pk]))
    assert messages_of(response) == [
        "De adviesbrief wordt op dit moment gemaakt. Er is niets opnieuw gestart."
    ]


def test_a_stale_letter_offers_a_restart_that_makes_it(
    client, vg_cast, letter, django_capture_on_commit_callbacks
):
    vg, brief = letter
    AdviesBrief.objects.filter(pk=brief.pk).update(heartbeat_at=ago(minutes=5))
    client.force_login(vg_cast.sd.user)
    page = client.get(reverse("verkennend_gesprek:brief", args=[vg.pk])).content.decode()
    assert "Dit duurt langer dan verwacht" in page
    assert reverse("verkennend_gesprek:brief_restart", args=[vg.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("verkennend_gesprek:brief_restart", args=[vg.pk]))
    assert messages_of(response) == ["De adviesbrief wordt opnieuw gemaakt."]
    brief.refresh_from_db()
    assert brief.status == JobStatus.KLAAR
    assert AccessLogEntry.objects.filter(detail="adviesbrief opnieuw").count() == 1


def test_the_status_of_a_stale_job_says_it_takes_longer():
    stale = Document(title="x", status=JobStatus.WACHTRIJ, heartbeat_at=ago(minutes=2))
    fresh = Document(title="x", status=JobStatus.WACHTRIJ)
    html = render_to_string("jobs/status.html", {"job": stale, "polling": True})
    assert "Dit duurt langer dan verwacht" in html and "vanzelf opnieuw" in html
    assert "Dit duurt meestal enkele seconden" not in html
    html = render_to_string("jobs/status.html", {"job": fresh, "polling": True})
    assert "Dit duurt langer dan verwacht" not in html


def test_a_message_that_loaded_the_job_before_it_was_finished_leaves_it_alone(cleanup):
    document = Document.objects.create(title="stuk")
    cleanup.append(document)
    late = Document.objects.get(pk=document.pk)  # a duplicate message loads it, waiting
    job_run(document, render=Counting())  # the first message makes it
    render = Counting()
    job_run(late, render=render)
    assert render.calls == 0
    assert Document.objects.get(pk=document.pk).attempts == 1
