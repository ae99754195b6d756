"""The advice letter (R-VG-6): rendered by the Celery task (eager in tests), its text read
back from the PDF, the same bytes when made again, failure and restart, and the private
download that is logged as PRINT (R-PR-1)."""

import hashlib
import io

from django.core import mail
from django.core.files.storage import default_storage
from django.urls import reverse

import pytest
from pypdf import PdfReader

from mgn.audit.constants import Event
from mgn.audit.models import AccessLogEntry
from mgn.jobs.constants import JobStatus
from verkennend_gesprek import tasks
from verkennend_gesprek.models import AdviesBrief
from verkennend_gesprek.services import brief as brief_services
from verkennend_gesprek.services.advies import advies_finalise
from verkennend_gesprek.services.brief import brief_render, brief_restart

from .test_advies import AFSPRAKEN, draft, held_vg


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def stored(brief: AdviesBrief) -> bytes:
    with default_storage.open(brief.file.name, "rb") as handle:
        return handle.read()


def url(name, vg):
    return reverse(f"verkennend_gesprek:{name}", args=[vg.pk])


@pytest.fixture
def vg(vg_cast):
    return held_vg(vg_cast)


@pytest.fixture
def finalise(vg_cast, vg, django_capture_on_commit_callbacks):
    """Make the advies definitive; the letter task runs (eagerly) after the commit."""

    def run(*, execute: bool = True) -> AdviesBrief:
        advies = draft(vg_cast, vg)
        with django_capture_on_commit_callbacks(execute=execute):
            advies_finalise(advies=advies, user=vg_cast.ggz.user)
        return AdviesBrief.objects.get(advies=advies)

    return run


def test_r_vg_6_the_letter_names_the_person_the_agreements_and_the_huisarts(vg_cast, vg, finalise):
    brief = finalise()
    assert brief.status == JobStatus.KLAAR
    assert brief.progress == 100
    assert brief.attempts == 1
    assert brief.finished_at is not None
    content = stored(brief)
    assert content.startswith(b"%PDF")
    text = " ".join(pdf_text(content).split())
    assert "Sanne Visser" in text
    assert "999996708" in text
    assert "1 maart 1990" in text
    assert vg_cast.huisarts.name in text
    assert vg_cast.practice.name in text
    for afspraak in AFSPRAKEN:
        assert afspraak["who"] in text
    assert "Intakegesprek schuldhulp" in text
    assert "Sociale basis" in text and "Behandeling POH-ggz" in text
    assert "Sociaal wijkteam Noorddorp, 0900-1234567" in text
    assert vg.reference in text
    assert vg_cast.network.name in text
    assert "Pagina 1 van" in text


def test_the_letter_file_is_private_and_its_checksum_matches(finalise, settings):
    brief = finalise()
    path = default_storage.path(brief.file.name)
    assert path.startswith(str(settings.MEDIA_ROOT))
    assert not path.startswith(str(settings.STATIC_ROOT))
    assert hashlib.sha256(stored(brief)).hexdigest() == brief.checksum


def test_regenerating_the_letter_gives_the_same_checksum(
    finalise, django_capture_on_commit_callbacks
):
    brief = finalise()
    first_checksum, first_bytes = brief.checksum, stored(brief)
    with django_capture_on_commit_callbacks(execute=True):
        brief_restart(brief=brief)
    brief.refresh_from_db()
    assert brief.status == JobStatus.KLAAR
    assert brief.attempts == 2
    assert brief.checksum == first_checksum
    assert stored(brief) == first_bytes


def test_rendering_a_ready_letter_again_does_nothing(finalise, monkeypatch):
    brief = finalise()
    monkeypatch.setattr(brief_services, "render_pdf", pytest.fail)
    tasks.render_letter.delay(brief.pk)
    brief.refresh_from_db()
    assert brief.attempts == 1


def test_the_huisarts_is_told_once_without_medical_content(vg_cast, vg, finalise, settings):
    brief = finalise()
    assert brief.notified_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [vg_cast.huisarts.email]
    assert "Er staat een adviesbrief klaar" in message.subject
    assert f"{settings.SITE_URL}{url('brief', vg)}" in message.body
    for secret in ("Sanne", "Visser", "999996708", "schulden", "slaap", "Kanaalzijde"):
        assert secret not in message.body
        assert secret not in message.subject
    tasks.render_letter.delay(brief.pk)
    brief_render(brief_id=brief.pk)
    assert len(mail.outbox) == 1


def test_a_failing_render_ends_mislukt_after_retries_and_restart_renders_it(
    finalise, monkeypatch, django_capture_on_commit_callbacks
):
    brief = finalise(execute=False)

    def broken(template, context):
        raise RuntimeError("Pango is weg")

    monkeypatch.setattr(brief_services, "render_pdf", broken)
    result = tasks.render_letter.delay(brief.pk)  # eager: the retries run at once
    assert result.state == "FAILURE"
    brief.refresh_from_db()
    assert brief.status == JobStatus.MISLUKT
    assert brief.attempts == 4  # the first try and three retries
    assert "Pango is weg" in brief.error
    assert not brief.file

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        brief_restart(brief=brief)
    brief.refresh_from_db()
    assert brief.status == JobStatus.KLAAR
    assert brief.error == ""
    assert stored(brief).startswith(b"%PDF")


# --- Pages --------------------------------------------------------------------------


def test_the_status_page_polls_while_the_letter_is_made(client, vg_cast, vg, finalise):
    brief = finalise(execute=False)
    client.force_login(vg_cast.huisarts.user)
    html = client.get(url("brief", vg)).content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert "In de wachtrij" in html
    assert AccessLogEntry.objects.filter(event=Event.READ, object_id=str(brief.pk)).exists()

    AdviesBrief.objects.filter(pk=brief.pk).update(status=JobStatus.BEZIG, progress=40)
    before = AccessLogEntry.objects.count()
    fragment = client.get(url("brief", vg), HTTP_HX_REQUEST="true").content.decode()
    assert 'value="40"' in fragment and "every 2s" in fragment
    assert "Sanne" not in fragment
    assert AccessLogEntry.objects.count() == before  # the poll shows no person data


def test_the_status_page_offers_the_download_when_ready(client, vg_cast, vg, finalise):
    finalise()
    client.force_login(vg_cast.huisarts.user)
    fragment = client.get(url("brief", vg), HTTP_HX_REQUEST="true").content.decode()
    assert "every 2s" not in fragment  # polling stops
    assert url("brief_download", vg) in fragment


def test_a_failed_letter_offers_opnieuw_maken_to_the_participants_only(
    client, vg_cast, vg, finalise
):
    brief = finalise(execute=False)
    AdviesBrief.objects.filter(pk=brief.pk).update(
        status=JobStatus.MISLUKT, attempts=4, error="RuntimeError: kapot"
    )
    client.force_login(vg_cast.ggz.user)
    html = client.get(url("brief", vg)).content.decode()
    assert "Het maken van de adviesbrief is mislukt" in html
    assert url("brief_restart", vg) in html and "Opnieuw maken" in html
    client.force_login(vg_cast.huisarts.user)
    assert url("brief_restart", vg) not in client.get(url("brief", vg)).content.decode()
    assert client.post(url("brief_restart", vg)).status_code == 403


def test_restart_from_the_page(client, vg_cast, vg, finalise, django_capture_on_commit_callbacks):
    brief = finalise(execute=False)
    AdviesBrief.objects.filter(pk=brief.pk).update(status=JobStatus.MISLUKT, attempts=4)
    client.force_login(vg_cast.sd.user)
    assert client.get(url("brief_restart", vg)).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("brief_restart", vg))
    assert response.status_code == 302
    brief.refresh_from_db()
    assert brief.status == JobStatus.KLAAR


def test_without_a_definitive_advies_the_letter_page_says_so(client, vg_cast, vg):
    client.force_login(vg_cast.huisarts.user)
    response = client.get(url("brief", vg))
    assert response.status_code == 200
    assert "Er is nog geen definitief advies." in response.content.decode()
    assert client.get(url("brief_download", vg)).status_code == 404


def test_download_streams_the_pdf_and_logs_print(client, vg_cast, vg, finalise):
    brief = finalise()
    client.force_login(vg_cast.huisarts.user)
    response = client.get(url("brief_download", vg))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == f'attachment; filename="adviesbrief-{vg.reference}.pdf"'
    )
    assert vg.reference == f"VG-{vg.pk:06d}"
    assert b"".join(response.streaming_content) == stored(brief)
    entry = AccessLogEntry.objects.get(event=Event.PRINT, user=vg_cast.huisarts.user)
    assert entry.person_identifier == "999996708"
    assert entry.object_id == str(brief.pk)
    assert entry.user == vg_cast.huisarts.user


def test_download_is_404_for_an_outsider(client, cast, vg, finalise):
    finalise()
    client.force_login(cast["outsider"])
    assert client.get(url("brief_download", vg)).status_code == 404
    assert client.get(url("brief", vg)).status_code == 404
    assert not AccessLogEntry.objects.filter(event=Event.PRINT, user=cast["outsider"]).exists()


def test_R_PR_1_rendering_the_letter_is_logged_with_the_requesting_user(vg_cast, vg, finalise):
    """The letter holds the BSN: the task's render is a print, by whom asked for it."""
    brief = finalise()
    assert brief.requested_by == vg_cast.ggz.user
    entry = AccessLogEntry.objects.get(event=Event.PRINT)
    assert entry.user == vg_cast.ggz.user
    assert entry.access_point == "taak"
    assert (entry.person_identifier_type, entry.person_identifier) == ("bsn", "999996708")
    assert entry.object_id == str(brief.pk) and "adviesbrief" in entry.detail


def test_download_waits_until_the_letter_is_ready(client, vg_cast, vg, finalise):
    finalise(execute=False)
    client.force_login(vg_cast.huisarts.user)
    assert client.get(url("brief_download", vg)).status_code == 404


def test_a_ready_letter_whose_file_is_gone_is_made_again(finalise):
    brief = finalise()
    checksum = brief.checksum
    default_storage.delete(brief.file.name)
    brief_render(brief_id=brief.pk)
    brief.refresh_from_db()
    assert (brief.status, brief.attempts, brief.checksum) == (JobStatus.KLAAR, 2, checksum)
    assert default_storage.exists(brief.file.name)


def test_the_letter_task_retries_three_times_with_backoff_and_acks_late():
    task = tasks.render_letter
    assert task.acks_late is True
    assert task.max_retries == 3
    assert task.autoretry_for == (Exception,)
    assert task.retry_backoff
