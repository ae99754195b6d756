"""mgn.jobs: the runner makes a job's file once (checksum, private storage, progress), a
failed render is recorded and retried, and the task base marks the job failed at the end."""

import hashlib
import io

from django.core.files.storage import default_storage
from django.template.loader import render_to_string

import pytest

from mgn.jobs.constants import JobStatus
from mgn.jobs.runner import job_file_matches, job_mark_failed, job_reset, job_run
from tests.mgn.jobs_testapp.models import Document
from tests.mgn.jobs_testapp.tasks import render_document

pytestmark = pytest.mark.django_db


class Renderer:
    """Counts its calls and records the progress the job had while it ran."""

    def __init__(self, content=b"inhoud", fail=None):
        self.calls = 0
        self.content = content
        self.fail = fail
        self.seen = []

    def __call__(self, job, progress):
        self.calls += 1
        self.seen.append(Document.objects.get(pk=job.pk).progress)
        progress(60)
        self.seen.append(Document.objects.get(pk=job.pk).progress)
        if self.fail:
            raise self.fail
        content = self.content
        return "stuk.txt", content() if callable(content) else content


@pytest.fixture
def document():
    doc = Document.objects.create(title="stuk")
    yield doc
    doc.refresh_from_db()
    if doc.file:
        default_storage.delete(doc.file.name)


def test_a_job_is_made_with_its_checksum_in_private_storage(document):
    render = Renderer()
    job_run(document, render=render)

    document.refresh_from_db()
    assert document.status == JobStatus.KLAAR and document.is_finished
    assert document.progress == 100
    assert document.attempts == 1
    assert document.error == ""
    assert document.started_at is not None and document.finished_at is not None
    assert document.file.name.startswith("jobs-test/stuk")
    assert document.checksum == hashlib.sha256(b"inhoud").hexdigest()
    with default_storage.open(document.file.name, "rb") as handle:
        assert handle.read() == b"inhoud"
    assert job_file_matches(document)


def test_progress_is_stored_while_the_job_is_made(document):
    render = Renderer()
    job_run(document, render=render, start_progress=5)
    assert render.seen == [5, 60]


def test_a_finished_job_is_not_made_again(document):
    render = Renderer()
    job_run(document, render=render)
    job_run(Document.objects.get(pk=document.pk), render=render)
    assert render.calls == 1
    assert Document.objects.get(pk=document.pk).attempts == 1


def test_a_finished_job_whose_file_changed_is_made_again(document):
    render = Renderer()
    job_run(document, render=render)
    with default_storage.open(document.file.name, "wb") as handle:
        handle.write(b"anders")
    again = Document.objects.get(pk=document.pk)
    assert not job_file_matches(again)
    assert job_file_matches(again, verify=False)  # present, not read
    job_run(again, render=render)
    assert render.calls == 2
    again.refresh_from_db()
    assert again.attempts == 2
    with default_storage.open(again.file.name, "rb") as handle:
        assert handle.read() == b"inhoud"


def test_a_bytearray_is_stored(document):
    job_run(document, render=Renderer(content=bytearray(b"rij")))
    document.refresh_from_db()
    assert document.checksum == hashlib.sha256(b"rij").hexdigest()


def test_a_file_object_is_stored_and_closed(document):
    handle = io.BytesIO(b"groot bestand")
    job_run(document, render=Renderer(content=handle))
    document.refresh_from_db()
    assert handle.closed
    assert document.checksum == hashlib.sha256(b"groot bestand").hexdigest()


def test_a_failing_render_records_its_error_and_raises_for_the_retry(document):
    with pytest.raises(RuntimeError):
        job_run(document, render=Renderer(fail=RuntimeError("geen papier")))
    document.refresh_from_db()
    # Back in the queue for the task's retry (it claims the job again); its base marks the end.
    assert document.status == JobStatus.WACHTRIJ
    assert document.error == "RuntimeError: geen papier"
    assert document.attempts == 1
    assert not document.file


def test_mark_failed_leaves_a_finished_job_alone(document):
    other = Document.objects.create(title="ander")
    job_run(document, render=Renderer())
    assert job_mark_failed(Document, document.pk, error="laat") == 0
    assert job_mark_failed(Document, other.pk, error="x" * 3000) == 1
    other.refresh_from_db()
    assert other.is_failed and len(other.error) == 2000
    assert Document.objects.get(pk=document.pk).is_finished


def test_a_reset_job_waits_again_and_is_made_again(document):
    render = Renderer()
    job_run(document, render=render)
    job_reset(document)
    document.refresh_from_db()
    assert document.status == JobStatus.WACHTRIJ and document.is_active
    job_run(document, render=render)
    assert render.calls == 2


def test_the_task_makes_the_job(document):
    render_document.delay(document.pk)
    document.refresh_from_db()
    assert document.is_finished
    with default_storage.open(document.file.name, "rb") as handle:
        assert handle.read() == b"stuk"


def test_the_task_marks_the_job_failed_when_its_retries_are_spent():
    broken = Document.objects.create(title="kapot")
    render_document.delay(document_id=broken.pk)
    broken.refresh_from_db()
    assert broken.status == JobStatus.MISLUKT
    assert broken.error == "RuntimeError: de renderer faalt"
    assert broken.attempts == 4  # the first try and three retries


# The status partial ------------------------------------------------------------------------
def _status(job, **context):
    return render_to_string("jobs/status.html", {"job": job, **context})


def test_the_status_polls_while_the_job_waits():
    job = Document(title="x", status=JobStatus.WACHTRIJ, progress=30)
    html = _status(job, polling=True, poll_url="/status/", status_id="rapport-status")
    assert 'id="rapport-status"' in html
    assert 'role="status"' in html and 'aria-live="polite"' in html
    assert 'hx-get="/status/"' in html and 'hx-trigger="every 2s"' in html
    assert 'id="rapport-status-progress"' in html and 'value="30"' in html
    assert "In de wachtrij" in html
    html = _status(job, polling=True, status_id="report-status", progress_id="report-progress")
    assert 'id="report-progress"' in html and 'for="report-progress"' in html


def test_the_status_of_a_finished_job_offers_its_download_and_stops_polling():
    job = Document(title="x", status=JobStatus.KLAAR, progress=100, checksum="ab" * 32)
    html = _status(
        job,
        polling=False,
        poll_url="/status/",
        download_url="/download/",
        download_text="Rapport downloaden",
        file_kind="PDF",
    )
    assert "hx-trigger" not in html
    assert '<a class="btn" href="/download/">Rapport downloaden' in html
    assert "(PDF)" in html and "ab" * 32 in html


def test_the_status_of_a_failed_job_says_so_with_its_attempts():
    job = Document(title="x", status=JobStatus.MISLUKT, attempts=4, error="Fout: kapot")
    html = _status(job, what="het rapport")
    assert "Het maken van het rapport is mislukt</strong> na 4 pogingen." in html
    assert "Fout: kapot" in html


def test_the_status_before_the_job_exists():
    assert "Wordt voorbereid" in _status(None)
