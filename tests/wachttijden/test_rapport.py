"""The waiting-time report: a ReportJob rendered by the Celery task (eager
in tests) into a private PDF with a SHA-256, the same bytes when made again, progress
polled on its page, and only for the coordinators of its region."""

import hashlib
import io
import re
from datetime import timedelta
from unittest import mock

from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

import pytest
from pypdf import PdfReader

from mgn.jobs.constants import JobStatus
from mgn.pdf import render_pdf
from tests.wachttijden.factories import IntakeSlotsFactory, WachtplekFactory, monday, pseudonym
from wachttijden import tasks
from wachttijden.constants import Urgency
from wachttijden.models import ReportJob
from wachttijden.services import overzicht, rapport

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def pdf_text(content: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", " ", text)


def stored(job: ReportJob) -> bytes:
    with default_storage.open(job.file.name, "rb") as handle:
        return handle.read()


@pytest.fixture
def snapshot(wt_cast):
    for i in range(4):
        WachtplekFactory(
            aanbod=wt_cast.aanbod if i % 2 else wt_cast.other_aanbod,
            pseudonym=pseudonym(f"r{i % 3}"),
            gemeente=wt_cast.gemeenten[i % 2],
            registered_on=TODAY - timedelta(days=15 * i + 3),
            urgency=Urgency.HOOG if i == 0 else Urgency.NORMAAL,
        )
    WachtplekFactory(
        aanbod=wt_cast.aanbod,
        pseudonym=pseudonym("behandeld"),
        registered_on=TODAY - timedelta(days=70),
        intake=True,
        behandeling=True,
    )
    IntakeSlotsFactory(aanbod=wt_cast.aanbod, week_start=monday(TODAY), available=4)
    overzicht.overview_compute(region=wt_cast.region, snapshot_date=TODAY - timedelta(days=7))
    overzicht.overview_compute(region=wt_cast.region, snapshot_date=TODAY)
    return wt_cast


def create_url(region) -> str:
    return reverse("wachttijden:rapport_create") + f"?regio={region.code}"


@pytest.fixture
def request_report(client, snapshot, django_capture_on_commit_callbacks):
    """The coordinator asks for the report on the dashboard; the task runs after commit."""

    def run(**filters) -> ReportJob:
        client.force_login(snapshot.coordinator)
        data = {"peildatum": TODAY.isoformat(), **filters}
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(create_url(snapshot.region), data)
        job = ReportJob.objects.latest("pk")
        assert response.status_code == 302
        assert response["Location"] == reverse("wachttijden:rapport", args=[job.pk])
        job.refresh_from_db()
        return job

    return run


def test_the_report_is_rendered_stored_privately_with_its_checksum(request_report, snapshot):
    job = request_report()
    assert job.status == JobStatus.KLAAR
    assert job.progress == 100
    assert job.snapshot_date == TODAY
    assert job.requested_by == snapshot.coordinator
    content = stored(job)
    assert content.startswith(b"%PDF")
    assert job.checksum == hashlib.sha256(content).hexdigest()
    assert job.file.name.startswith(f"wachttijden/rapporten/{snapshot.region.pk}/")
    text = pdf_text(content)
    assert snapshot.region.name in text
    assert "Wachttijden en aanbod" in text
    assert "Treeknorm" in text
    assert snapshot.aanbod.name in text


def test_the_report_keeps_the_filter(request_report, snapshot):
    gemeente = snapshot.gemeenten[1]
    job = request_report(gemeente=gemeente.pk)
    assert job.filters == {"gemeente": gemeente.pk}
    assert f"Gemeente {gemeente.name}" in pdf_text(stored(job))


def test_rendering_again_is_idempotent_and_deterministic(request_report):
    job = request_report()
    first = stored(job)
    # The task delivered twice: the ready report is left alone.
    with mock.patch.object(rapport, "render_report_pdf") as render:
        tasks.render_report.delay(job.pk)
        render.assert_not_called()
    # The file lost: made again, with the very same bytes (no "now" in the content).
    default_storage.delete(job.file.name)
    job = rapport.report_render(report_id=job.pk)
    assert stored(job) == first
    assert job.checksum == hashlib.sha256(first).hexdigest()


def test_the_pdf_has_the_charts_of_the_page(snapshot):
    job = ReportJob.objects.create(
        region=snapshot.region, snapshot_date=TODAY, requested_by=snapshot.coordinator
    )
    data = rapport.report_data(job)
    html = render_pdf(rapport.TEMPLATE, {"report": data, "data": data.data}).html
    assert html.count("<svg") >= 4
    assert 'class="wt-chart__norm"' in html
    # Each chart carries its own pattern for WeasyPrint: the trend and the two wait charts.
    assert re.search(r'<pattern id="chart-hatch-1"', html)
    assert 'id="wt-hatch-zvt"' in html and 'id="wt-hatch-aanbieder"' in html
    assert "<script" not in html


def test_the_status_page_polls_while_the_report_is_made(client, snapshot):
    job = ReportJob.objects.create(
        region=snapshot.region,
        snapshot_date=TODAY,
        requested_by=snapshot.coordinator,
        status=JobStatus.BEZIG,
        progress=40,
    )
    client.force_login(snapshot.coordinator)
    response = client.get(reverse("wachttijden:rapport", args=[job.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'hx-trigger="every 2s"' in html and 'value="40"' in html
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.KLAAR, progress=100)
    response = client.get(
        reverse("wachttijden:rapport", args=[job.pk]), headers={"HX-Request": "true"}
    )
    assert response.templates[0].name == "wachttijden/rapport/_status.html"
    assert "hx-trigger" not in response.content.decode()
    assert "Rapport downloaden" in response.content.decode()


def test_the_download_is_private(client, request_report, snapshot, cast, outsider):
    job = request_report()
    download = reverse("wachttijden:rapport_download", args=[job.pk])
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == stored(job)

    status = reverse("wachttijden:rapport", args=[job.pk])
    client.force_login(outsider)  # a coordinator, of another region
    assert client.get(status).status_code == 404
    assert client.get(download).status_code == 404
    client.force_login(cast["huisarts"])
    assert client.get(status).status_code == 403
    assert client.get(download).status_code == 403


def test_a_report_not_ready_cannot_be_downloaded(client, snapshot):
    job = ReportJob.objects.create(
        region=snapshot.region, snapshot_date=TODAY, requested_by=snapshot.coordinator
    )
    client.force_login(snapshot.coordinator)
    assert client.get(reverse("wachttijden:rapport_download", args=[job.pk])).status_code == 404


def test_report_create_is_post_only_and_needs_a_snapshot(client, wt_cast):
    client.force_login(wt_cast.coordinator)
    assert client.get(create_url(wt_cast.region)).status_code == 405
    response = client.post(create_url(wt_cast.region))
    assert response.status_code == 302  # back to the dashboard: nothing to report yet
    assert not ReportJob.objects.exists()


def test_report_create_refuses_two_filters(client, snapshot):
    client.force_login(snapshot.coordinator)
    zvt_free = {"gemeente": snapshot.gemeenten[0].pk, "zorgvraagtype": 1}
    response = client.post(create_url(snapshot.region), zvt_free)
    assert response.status_code == 302
    assert not ReportJob.objects.exists()


def test_a_failing_render_is_recorded_and_can_be_asked_again(
    client, snapshot, django_capture_on_commit_callbacks
):
    client.force_login(snapshot.coordinator)
    with (
        mock.patch.object(rapport, "render_report_pdf", side_effect=RuntimeError("geen font")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(create_url(snapshot.region), {"peildatum": TODAY.isoformat()})
    job = ReportJob.objects.get()
    assert job.status == JobStatus.MISLUKT
    assert "geen font" in job.error
    html = client.get(reverse("wachttijden:rapport", args=[job.pk])).content.decode()
    assert "Het maken van het rapport is mislukt" in html
    assert "Opnieuw proberen" in html
