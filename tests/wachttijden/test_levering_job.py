"""Large waiting lists off the request (R-WT-1): above WACHTLIJST_ASYNC_BYTES an upload is a
background job (``WachtlijstJob`` on ``mgn.jobs``) with progress, still all or nothing with
its line report on the job's page; the file is kept privately until processed and deleted
after; a task delivered twice applies the list once. Small uploads stay synchronous.
Binary garbage in an upload is never echoed into the report. (Celery is eager in tests.)"""

import re
from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

import pytest
from rest_framework.test import APIClient

from mgn.jobs.constants import JobStatus
from mgn.jobs.runner import JobTakenOver, job_claim
from tests.wachttijden.factories import WachtplekFactory, elfproef_bsns, pseudonym
from wachttijden import tasks
from wachttijden.models import WachtlijstJob, WachtlijstUpload, Wachtplek
from wachttijden.services import levering_wachtlijst, levering_wachtlijst_job

pytestmark = pytest.mark.django_db

HEADER = "bsn;aanmelddatum;intakedatum;urgentie;zorgvraagtype"
THRESHOLD = 300  # bytes: the lists below are larger, so they go to a job


def days_ago(n: int) -> str:
    return (timezone.localdate() - timedelta(days=n)).isoformat()


def csv_text(count: int, *, bad_line: int | None = None) -> str:
    rows = []
    for i, bsn in enumerate(elfproef_bsns(count), start=2):  # the header is line 1
        registered = "2099-01-01" if i == bad_line else days_ago(10 + i)
        rows.append(f"{bsn};{registered};;normaal;3")
    return "\n".join([HEADER, *rows]) + "\n"


def upload_url(aanbod) -> str:
    return reverse("wachttijden:levering_wachtlijst", args=[aanbod.pk])


@pytest.fixture
def large(settings):
    settings.WACHTLIJST_ASYNC_BYTES = THRESHOLD


@pytest.fixture
def post_file(client, wt_cast, django_capture_on_commit_callbacks):
    """The provider uploads a file on the page; the job's task runs after the commit."""
    client.force_login(wt_cast.provider_user)

    def post(content: bytes, name: str = "wachtlijst.csv"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                upload_url(wt_cast.aanbod),
                {"bestand": SimpleUploadedFile(name, content, content_type="text/csv")},
            )

    return post


def test_r_wt_1_a_large_upload_is_a_background_job_end_to_end(
    client, wt_cast, large, post_file, django_assert_max_num_queries
):
    WachtplekFactory(aanbod=wt_cast.aanbod, pseudonym=pseudonym("old"))
    content = csv_text(20).encode()
    assert len(content) > THRESHOLD

    response = post_file(content)

    job = WachtlijstJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "wachttijden:levering_job", args=[wt_cast.aanbod.pk, job.pk]
    )
    assert (job.status, job.progress, job.attempts) == (JobStatus.KLAAR, 100, 1)
    assert job.size == len(content) and len(job.checksum) == 64
    assert job.requested_by == wt_cast.provider_user
    # Applied: the list is replaced, as a small upload would.
    upload = job.upload
    assert (upload.accepted, upload.rows_total) == (True, 20)
    assert Wachtplek.objects.filter(aanbod=wt_cast.aanbod).count() == 20
    assert not Wachtplek.objects.filter(pseudonym=pseudonym("old")).exists()
    # The stored file is gone once processed.
    assert not job.file
    assert default_storage.listdir(f"wachttijden/wachtlijsten/{wt_cast.aanbod.pk}")[1] == []
    # The job's page shows the result.
    with django_assert_max_num_queries(12):
        page = client.get(response["Location"])
    html = page.content.decode()
    assert "Verwerkt: de wachtlijst is vervangen" in html
    assert page.context["shown"] == upload


def test_a_large_upload_keeps_its_file_privately_until_processed(
    client, wt_cast, large, django_capture_on_commit_callbacks
):
    """Before the task runs: the file is stored under the private media root (not under
    STATIC or any served path) and the job's page polls its progress."""
    client.force_login(wt_cast.provider_user)
    content = csv_text(20).encode()
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            upload_url(wt_cast.aanbod),
            {"bestand": SimpleUploadedFile("w.csv", content, content_type="text/csv")},
        )
    job = WachtlijstJob.objects.get()
    assert job.status == JobStatus.WACHTRIJ
    assert default_storage.exists(job.file.name)
    with default_storage.open(job.file.name, "rb") as handle:
        assert handle.read() == content
    assert "wachtlijst.csv" not in job.file.name and "w.csv" not in job.file.name
    html = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' in html and "In de wachtrij" in html
    # Polled after it finished: the page is loaded again with the result.
    tasks.process_wachtlijst(job.pk)
    polled = client.get(response["Location"], HTTP_HX_REQUEST="true")
    assert polled["HX-Refresh"] == "true"
    assert not default_storage.exists(job.file.name)


def test_r_wt_1_a_bad_line_in_a_large_file_changes_nothing_and_is_reported_on_the_job_page(
    client, wt_cast, large, post_file
):
    WachtplekFactory(aanbod=wt_cast.aanbod, pseudonym=pseudonym("old"))
    response = post_file(csv_text(30, bad_line=17).encode())

    job = WachtlijstJob.objects.get()
    assert job.status == JobStatus.KLAAR  # processed; the list was refused
    assert job.upload.accepted is False
    assert job.upload.errors == [
        {"line": 17, "field": "aanmelddatum", "reason": "Deze datum ligt in de toekomst."}
    ]
    assert list(Wachtplek.objects.values_list("pseudonym", flat=True)) == [pseudonym("old")]
    html = re.sub(r"\s+", " ", client.get(response["Location"]).content.decode())
    assert "Niet verwerkt: er is niets veranderd" in html
    assert "Deze datum ligt in de toekomst." in html
    assert not job.file


def test_a_small_upload_stays_synchronous(wt_cast, post_file, settings):
    settings.WACHTLIJST_ASYNC_BYTES = 1024 * 1024
    response = post_file(csv_text(5).encode())
    assert not WachtlijstJob.objects.exists()
    upload = WachtlijstUpload.objects.get()
    assert response["Location"].endswith(f"?levering={upload.pk}#resultaat")
    assert upload.accepted


def test_r_wt_1_a_job_run_again_applies_the_list_once(wt_cast, large, post_file):
    post_file(csv_text(20).encode())
    job = WachtlijstJob.objects.get()
    first = set(Wachtplek.objects.values_list("pk", flat=True))

    # A duplicate message, a redelivery, a retry: nothing is applied again.
    tasks.process_wachtlijst(job.pk)
    levering_wachtlijst_job.wachtlijst_job_process(job_id=job.pk)

    assert WachtlijstUpload.objects.count() == 1
    assert set(Wachtplek.objects.values_list("pk", flat=True)) == first
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.KLAAR, 1)


def test_a_run_that_was_taken_over_rolls_back_its_list(
    wt_cast, large, django_capture_on_commit_callbacks, settings
):
    """Run A claimed the job and went quiet; the sweeper gave it to run B. When A finishes
    after all, its finishing UPDATE finds B's claim and A's whole transaction rolls back."""
    job = levering_wachtlijst_job.wachtlijst_job_request(
        aanbod=wt_cast.aanbod,
        user=wt_cast.provider_user,
        content=csv_text(10).encode(),
        filename="w.csv",
    )
    assert job_claim(job)  # run A
    WachtlijstJob.objects.filter(pk=job.pk).update(started_at=timezone.now() + timedelta(1))
    with pytest.raises(JobTakenOver):
        levering_wachtlijst_job._process(job, lambda value: None)
    assert not WachtlijstUpload.objects.exists()
    assert not Wachtplek.objects.exists()


def test_a_job_that_fails_for_good_deletes_its_file(wt_cast, large):
    job = levering_wachtlijst_job.wachtlijst_job_request(
        aanbod=wt_cast.aanbod, user=wt_cast.provider_user, content=csv_text(10).encode()
    )
    name = job.file.name
    tasks.process_wachtlijst.on_failure(RuntimeError("kapot"), "t", (), {"job_id": job.pk}, None)
    job.refresh_from_db()
    assert job.status == JobStatus.MISLUKT
    assert not job.file and not default_storage.exists(name)


def test_r_wt_1_the_api_answers_202_with_a_status_url_for_a_large_list(
    wt_cast, large, django_capture_on_commit_callbacks
):
    api = APIClient()
    api.force_authenticate(wt_cast.provider_user)
    url = reverse("aanbod-wachtlijst", args=[wt_cast.aanbod.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(url, data=csv_text(20).encode(), content_type="text/csv")
    assert response.status_code == 202, response.content
    body = response.json()
    job = WachtlijstJob.objects.get()
    assert body["job"] == job.pk
    assert response["Location"] == body["status_url"]
    status = api.get(body["status_url"])
    assert status.status_code == 200
    assert status.json() | {"status_url": None} == {
        "job": job.pk,
        "status": "klaar",
        "progress": 100,
        "status_url": None,
        "upload": job.upload_id,
        "accepted": True,
        "rows": 20,
        "errors": {},
    }
    # JSON rows too, and a refusal says which row, as a direct upload does.
    rows = [
        {"bsn": bsn, "aanmelddatum": days_ago(5), "urgentie": "hoog", "zorgvraagtype": 3}
        for bsn in elfproef_bsns(8)
    ]
    rows[3]["urgentie"] = "heel hoog"
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(url, data={"rows": rows}, format="json")
    assert response.status_code == 202
    refused = api.get(response.json()["status_url"]).json()
    assert refused["accepted"] is False
    assert list(refused["errors"]) == ["rows[3].urgentie"]
    assert refused["errors"]["rows[3].urgentie"][0]["code"] == "invalid"
    # Another provider's caller does not see the job.
    other = APIClient()
    other.force_authenticate(wt_cast.coordinator)
    assert other.get(body["status_url"]).status_code == 404


GARBAGE = bytes(range(0x80, 0x100)) + b"\x00\x01\x02\xff\xfe" + "\ue000\u200b".encode()


@pytest.mark.parametrize("size", ["small", "large"])
def test_binary_garbage_is_never_echoed_into_the_report(client, wt_cast, post_file, settings, size):
    settings.WACHTLIJST_ASYNC_BYTES = 1024 * 1024 if size == "small" else THRESHOLD
    bsn = elfproef_bsns(1)[0]
    printable_junk = "\ue000\u200bx"  # valid UTF-8, but private-use and zero-width
    content = (
        b"bsn;aanmelddatum;urgentie;zorgvraagtype;"
        + GARBAGE
        + b"\n"
        + f"{bsn};{days_ago(3)};{printable_junk};3;x\n".encode()
        + GARBAGE * 5
        + b"\n"
    )
    response = post_file(content, name="rommel\u200b.csv")
    upload = WachtlijstUpload.objects.get()
    assert not upload.accepted
    reasons = " ".join(f"{e['field']} {e['reason']}" for e in upload.errors)
    for junk in ("\ufffd", "\ue000", "\u200b", "\x00", "\x01"):
        assert junk not in reasons
    assert "kolom 5" in reasons  # the garbage column is named by its position
    html = client.get(response["Location"]).content.decode()
    assert not re.search("[\ufffd\ue000\u200b\x00-\x08]", html)
    assert "\u200b" not in upload.filename


def test_a_readable_unknown_value_is_still_quoted_and_unreadable_is_not():
    from wachttijden.services.levering_table import shown

    assert shown("dringend") == "'dringend'"
    assert shown("\ue000abc") == "(onleesbare waarde)"
    assert shown("a\ufffdb") == "(onleesbare waarde)"
    assert levering_wachtlijst.safe_filename("lijst\u200b.csv") == "lijst.csv"


def test_an_unreadable_cell_reads_onleesbare_waarde(wt_cast):
    bsn = elfproef_bsns(1)[0]
    content = f"{HEADER}\n{bsn};{days_ago(3)};;\ue000\u200b;3\n".encode()
    upload = levering_wachtlijst.wachtlijst_upload(
        aanbod=wt_cast.aanbod, user=wt_cast.provider_user, rows=content
    )
    (error,) = upload.errors
    assert error["field"] == "urgentie"
    assert "(onleesbare waarde)" in error["reason"]
    assert "\ue000" not in error["reason"]
