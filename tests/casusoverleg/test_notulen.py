"""R-DOC-4: the minutes of a meeting are a PDF through mgn.jobs: the series, the date, the
attendees, each case on the agenda by its code with what the members agreed, and the
signals raised from those cases. Only the series' members ask for and download them."""

import io
from datetime import timedelta

from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

import pytest
from pypdf import PdfReader

from casusoverleg.constants import CasusStatus, SignaalCategorie
from casusoverleg.models import CasusOverleg, NotulenJob
from casusoverleg.services.casussen import uitkomst_record
from casusoverleg.services.notulen import notulen_data, notulen_render, notulen_render_pdf
from casusoverleg.services.overleggen import overleg_record
from casusoverleg.services.reeksen import lid_add, lid_remove
from casusoverleg.services.signalen import signaal_raise
from casusoverleg.tasks import render_notulen
from mgn.accounts.constants import Role
from mgn.jobs.constants import JobStatus
from tests.casusoverleg.conftest import person
from tests.casusoverleg.factories import register

pytestmark = pytest.mark.django_db

OPLOSSING = "Schuldhulp Noord en de POH-ggz starten samen binnen twee weken."
VOLGENDE_STAP = "Gezamenlijk gesprek met de persoon plannen."
SIGNAAL = "Geen gecombineerd aanbod van schuldhulp en behandeling in de regio."


def _pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


@pytest.fixture
def held(co):
    """The series' first meeting, held yesterday: one case with an outcome and a signal,
    attendance recorded; the open case went on to the next meeting."""
    casus = register(co.reeks, organisation=co.gemeente, user=co.sd_user, gemeente=co.gemeenten[0])
    starts_at = timezone.now().replace(second=0, microsecond=0) - timedelta(days=1)
    CasusOverleg.objects.filter(pk=co.overleg.pk).update(starts_at=starts_at)
    co.overleg.refresh_from_db()
    uitkomst_record(
        casus=casus,
        overleg=co.overleg,
        oplossing=OPLOSSING,
        volgende_stap=VOLGENDE_STAP,
        eigenaar=co.ggz,
        datum=timezone.localdate() + timedelta(days=14),
        recorded_by=co.sd_user,
    )
    signaal_raise(
        casus=casus,
        category=SignaalCategorie.ONTBREKEND_AANBOD,
        gemeenten=co.gemeenten,
        description=SIGNAAL,
        organisation=co.gemeente,
        raised_by=co.sd_user,
    )
    rows = list(co.overleg.aanwezigheid.order_by("pk"))
    overleg_record(
        overleg=co.overleg,
        attendance={row.pk: i != 1 for i, row in enumerate(rows)},
        held=True,
    )
    casus.refresh_from_db()
    assert casus.status == CasusStatus.BESPROKEN and casus.overleg_id != co.overleg.pk
    co.casus = casus
    return co


def test_R_DOC_4_the_minutes_are_a_pdf_with_the_case_code_and_the_outcome(
    client, held, django_capture_on_commit_callbacks
):
    co = held
    client.force_login(co.huisarts)
    url = reverse("casusoverleg:notulen", args=[co.overleg.pk])
    assert "Er zijn nog geen notulen" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302 and response["Location"] == url
    job = NotulenJob.objects.get()  # eager: made at once
    assert (job.status, job.overleg, job.requested_by) == (
        JobStatus.KLAAR,
        co.overleg,
        co.huisarts,
    )
    assert "Notulen downloaden" in client.get(url).content.decode()
    download = client.get(reverse("casusoverleg:notulen_download", args=[co.overleg.pk, job.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "private, no-store"
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF")
    with default_storage.open(job.file.name, "rb") as handle:
        assert handle.read() == content
    text = _pdf_text(content)
    assert co.reeks.name in text
    assert co.casus.code in text  # the case, although carried on to the next meeting
    assert OPLOSSING in text and VOLGENDE_STAP in text
    assert co.ggz.name in text  # who takes the case
    assert "Hanna Huisarts" in text and "Sanne Wijkteam (voorzitter)" in text
    assert "afwezig" in text and "aanwezig" in text
    assert "27 tot 45 jaar" in text and co.gemeenten[0].name in text
    assert "Wie kan schuldhulp en behandeling samen oppakken?" in text  # the question
    assert SIGNAAL in text and "Aanbod ontbreekt" in text
    # The situation's free text is not part of the minutes: only what was asked and agreed.
    assert "de woning dreigt verloren te gaan" not in text
    # The same records give the same bytes.
    assert notulen_render_pdf(notulen_data(co.overleg)) == content


def test_R_DOC_4_the_minutes_of_the_next_meeting_list_the_carried_case_without_outcome(held):
    co = held
    data = notulen_data(co.casus.overleg)
    assert [row.casus for row in data.casussen] == [co.casus]
    assert data.casussen[0].uitkomst is None
    text = _pdf_text(notulen_render_pdf(data))
    assert co.casus.code in text and "geen uitkomst vastgelegd" in text


def test_R_DOC_4_R_PR_2_only_members_of_the_series_get_the_minutes(client, held):
    co = held
    job = NotulenJob.objects.create(overleg=co.overleg, requested_by=co.huisarts)
    notulen_render(notulen_id=job.pk)
    page = reverse("casusoverleg:notulen", args=[co.overleg.pk])
    download = reverse("casusoverleg:notulen_download", args=[co.overleg.pk, job.pk])
    for member in (co.huisarts, co.ggz_user, co.sd_user):
        client.force_login(member)
        assert client.get(page).status_code == 200
        assert client.get(download).status_code == 200
    # The coordinator manages the series but reads no case; the policy partner, another
    # network's member and an outsider: 404, and nothing is asked for.
    for user in (co.coordinator, co.policy, co.stranger, co.outsider):
        client.force_login(user)
        assert client.get(page).status_code == 404
        assert client.post(page).status_code == 404
        assert client.get(download).status_code == 404
    assert NotulenJob.objects.count() == 1
    client.logout()
    assert client.get(page).status_code == 302
    # A network that stops offering function IV shows no minutes.
    co.network.offers_casusoverleg = False
    co.network.save(update_fields=["offers_casusoverleg"])
    client.force_login(co.huisarts)
    assert client.get(page).status_code == 404
    assert client.get(download).status_code == 404


def test_R_DOC_4_a_member_who_left_no_longer_gets_the_minutes(client, held):
    co = held
    lid = co.reeks.leden.get(user=co.huisarts)
    # Another huisarts joins first (R-DOC-1), then the first one leaves.
    _other, other_prof = person(
        co.praktijk,
        role=Role.HUISARTS,
        discipline="huisarts",
        email="tweede@linde.test",
        name="Tweede Huisarts",
    )
    lid_add(reeks=co.reeks, professional=other_prof)
    lid_remove(lid=lid, left_on=timezone.localdate() - timedelta(days=1))
    client.force_login(co.huisarts)
    assert client.get(reverse("casusoverleg:notulen", args=[co.overleg.pk])).status_code == 404


def test_R_DOC_4_the_render_task_is_idempotent(held):
    co = held
    job = NotulenJob.objects.create(overleg=co.overleg, requested_by=co.sd_user)
    render_notulen(job.pk)
    job.refresh_from_db()
    first = (job.status, job.attempts, job.file.name, job.checksum)
    assert job.status == JobStatus.KLAAR and job.checksum
    render_notulen(job.pk)  # delivered twice: nothing is made again
    job.refresh_from_db()
    assert (job.status, job.attempts, job.file.name, job.checksum) == first
    # A second job for the same records makes the same bytes.
    again = NotulenJob.objects.create(overleg=co.overleg, requested_by=co.sd_user)
    render_notulen(again.pk)
    again.refresh_from_db()
    assert again.checksum == job.checksum


def test_R_DOC_4_the_status_page_takes_a_constant_number_of_queries(
    client, held, django_assert_max_num_queries
):
    co = held
    NotulenJob.objects.create(overleg=co.overleg, requested_by=co.sd_user)
    client.force_login(co.sd_user)
    url = reverse("casusoverleg:notulen", args=[co.overleg.pk])
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    for _i in range(3):
        NotulenJob.objects.create(overleg=co.overleg, requested_by=co.sd_user)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
