"""The board's quarterly PDF: on demand from the board through mgn.jobs,
and by the beat task once per network and quarter."""

from datetime import date

from django.core.files.storage import default_storage
from django.urls import reverse

import pytest
from pypdf import PdfReader

from mgn.accounts.constants import Role
from mgn.jobs.constants import JobStatus
from networks.models import BordRapport
from networks.selectors.bord import last_complete_quarter
from networks.services.bord import quarterly_reports_make
from networks.tasks import make_quarterly_reports
from tests.networks.indicator_fakes import count

pytestmark = pytest.mark.django_db


def test_the_coordinator_makes_the_pdf_and_downloads_it(
    client,
    network,
    cast,
    fake_providers,
    django_capture_on_commit_callbacks,
):
    period = last_complete_quarter()
    fake_providers[("noord", period.key, "fake.aanvragen")] = count(42)
    client.force_login(cast[Role.NETWERKCOORDINATOR])
    url = reverse("networks:bord_pdf", args=[network.slug]) + f"?periode={period.key}"
    assert "nog geen PDF" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("networks:bord_pdf", args=[network.slug]), {"periode": period.key}
        )
    assert response.status_code == 302 and response["Location"] == url
    job = BordRapport.objects.get()  # eager: made at once
    assert (job.status, job.network, job.period) == (JobStatus.KLAAR, network, period.key)
    assert "PDF downloaden" in client.get(url).content.decode()
    download = client.get(reverse("networks:bord_pdf_download", args=[network.slug, job.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF")
    text = "".join(
        page.extract_text() for page in PdfReader(default_storage.open(job.file.name)).pages
    )
    assert "Indicatorbord MGN Noord" in text and "Aanvragen (test)" in text and "42" in text
    # Asked again: the same row, made again.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("networks:bord_pdf", args=[network.slug]), {"periode": period.key})
    assert BordRapport.objects.get().pk == job.pk


def test_others_cannot_make_or_download_the_pdf(client, network, cast, fake_providers):
    job = BordRapport.objects.create(network=network, period="2026-K1", status=JobStatus.KLAAR)
    for who in (Role.HUISARTS, "outsider", Role.PROGRAMMA):
        client.force_login(cast[who])
        assert client.post(reverse("networks:bord_pdf", args=[network.slug])).status_code == 404
        download = reverse("networks:bord_pdf_download", args=[network.slug, job.pk])
        assert client.get(download).status_code == 404
    assert BordRapport.objects.count() == 1


def test_a_report_of_another_network_is_not_downloaded_through_this_one(
    client,
    network,
    other_network,
    cast,
    fake_providers,
):
    job = BordRapport.objects.create(network=other_network, period="2026-K1", status="klaar")
    client.force_login(cast[Role.NETWERKCOORDINATOR])
    url = reverse("networks:bord_pdf_download", args=[network.slug, job.pk])
    assert client.get(url).status_code == 404


def test_the_beat_task_makes_the_previous_quarter_once_per_network(
    network,
    other_network,
    fake_providers,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        assert quarterly_reports_make(today=date(2026, 11, 5)) == 2
    rows = BordRapport.objects.order_by("network__name")
    assert [(r.network.slug, r.period, r.status) for r in rows] == [
        ("noord", "2026-K3", JobStatus.KLAAR),
        ("zuid", "2026-K3", JobStatus.KLAAR),
    ]
    files = {r.pk: r.file.name for r in rows}
    with django_capture_on_commit_callbacks(execute=True):
        assert quarterly_reports_make(today=date(2026, 12, 31)) == 0
    assert {r.pk: r.file.name for r in BordRapport.objects.all()} == files
    with django_capture_on_commit_callbacks(execute=True):
        assert quarterly_reports_make(today=date(2027, 1, 2)) == 2
    assert set(BordRapport.objects.values_list("period", flat=True)) == {"2026-K3", "2026-K4"}


def test_the_beat_task_is_scheduled_and_the_pdf_goes_to_the_pdf_queue(settings, network):
    entry = next(
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "networks.tasks.make_quarterly_reports"
    )
    assert entry["schedule"] is not None
    assert settings.CELERY_TASK_ROUTES["networks.tasks.render_bordrapport"] == {"queue": "pdf"}
    assert make_quarterly_reports.name == "networks.tasks.make_quarterly_reports"
