"""R-BK-4: insurer exports — the documented CSV layout (streamed by PostgreSQL COPY, the same
bytes as the Python fallback), XLSX by the Celery task, marking, the same bytes on every
download, downloads logged per person, and an insurer never getting another UZOVI's line."""

import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.urls import reverse

import openpyxl
import pytest

from bekostiging.constants import ExportFormat, RegelStatus, Soort
from bekostiging.models import Declaratieregel, Export, ExportRegel, reference_for
from bekostiging.services.declaraties import (
    declaraties_generate,
    regel_correct,
    regel_transition,
    regels_mark_ready,
)
from bekostiging.services.exports import (
    export_create,
    export_mark,
    export_render,
    write_xlsx,
)
from bekostiging.services.exports_csv import (
    BYTE_CHUNK,
    CSV_COLUMNS,
    CSV_HEADER,
    export_reference,
    stream_csv,
)
from bekostiging.services.gds import read_messages
from bekostiging.services.lumpsum import lumpsum_generate
from bekostiging.tasks import render_export
from mgn.audit.constants import Event
from mgn.audit.models import AccessLogEntry
from mgn.celery import app
from mgn.jobs.constants import JobStatus
from networks.models import Organisation
from networks.services.organisaties import organisation_grant
from tests.accounts.factories import UserFactory
from tests.networks.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

TODAY = date.today()
START = date(2025, 1, 1)
DOCS = Path(__file__).resolve().parents[2] / "docs" / "declaratie-export.md"


def real_lines(bk, n=1, *, insurer=None, status=RegelStatus.KLAAR):
    """n VG lines made the real way: a held conversation each, generated, then moved on to
    ``status`` (klaar or geexporteerd). Each has its own person."""
    for _i in range(n):
        bk.held_vg(insurer=insurer or bk.insurer)
    declaraties_generate(network=bk.network)
    new = list(Declaratieregel.objects.filter(status=RegelStatus.CONCEPT))
    regels_mark_ready(new)
    if status == RegelStatus.GEEXPORTEERD:
        Declaratieregel.objects.filter(pk__in=[r.pk for r in new]).update(status=status)
    return Declaratieregel.objects.filter(pk__in=[r.pk for r in new]).order_by("pk")


def xlsx_export_form(bk_cast) -> dict:
    """The insurer's export form: this network's ready lines since START as XLSX."""
    return {
        "verzekeraar": bk_cast.insurer.pk,
        "netwerk": bk_cast.network.slug,
        "van": START.isoformat(),
        "tot": TODAY.isoformat(),
        "status": ["klaar"],
        "formaat": "xlsx",
    }


def make_lines(bk, *, insurer=None, n=1, status=RegelStatus.KLAAR, **overrides):
    """n VG lines to ``insurer`` (default Verzekeraar Noord), copied from one generated
    line with another BSN each: quick in bulk and real in every column. Copies share the
    template's conversation, so they are saved as ``credited`` (one live line per
    conversation); the exports do not look at that flag."""
    insurer = insurer or bk.insurer
    template = real_lines(bk, 1, insurer=insurer, status=status).get()
    base = {
        f.attname: getattr(template, f.attname)
        for f in Declaratieregel._meta.concrete_fields
        if f.attname != "id"
    }
    Declaratieregel.objects.bulk_create(
        Declaratieregel(
            **{**base, "bsn": f"9999{i:05d}", "status": status, "credited": True, **overrides}
        )
        for i in range(n)
    )
    return Declaratieregel.objects.filter(insurer=insurer).order_by("pk")


def create(
    bk, fmt=ExportFormat.CSV, *, user=None, insurer=None, statuses=("klaar",), render=True, **kwargs
):
    """An export as the page makes it; XLSX and XML rendered at once (the task runs after
    the commit, which a test transaction never reaches) unless ``render=False``."""
    export = export_create(
        user=user or bk.insurer_user,
        network=kwargs.pop("network", bk.network),
        insurer=insurer or bk.insurer,
        period_start=kwargs.pop("period_start", START),
        period_end=kwargs.pop("period_end", TODAY),
        statuses=list(statuses),
        format=fmt,
    )
    if fmt != ExportFormat.CSV and render:
        export = export_render(export_id=export.pk)
    return export


def csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8")), delimiter=";"))


def xlsx_rows(data: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
    return list(sheet.iter_rows(values_only=True))


def download(client, export) -> bytes:
    response = client.get(reverse("bekostiging:export_download", args=[export.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- Layout ----------------------------------------------------------------------------------


def test_r_bk_4_csv_header_is_exactly_the_documented_layout(bk_cast):
    real_lines(bk_cast, 1)
    data = b"".join(stream_csv(create(bk_cast)))
    header = data.decode().split("\n", 1)[0]
    assert header.split(";") == [h for h, _d in CSV_COLUMNS]
    # The columns, in its order, come first.
    assert CSV_HEADER[:11] == [
        "referentie",
        "uzovi",
        "agb_declarant",
        "bsn",
        "polisnummer",
        "geboortedatum",
        "prestatiecode",
        "datum",
        "tarief",
        "bedrag",
        "creditreferentie",
    ]
    # docs/declaratie-export.md documents every column, in the same order.
    documented = re.findall(r"^\| \d+ \| `([a-z_]+)` \|", DOCS.read_text(), flags=re.MULTILINE)
    assert documented == CSV_HEADER


def test_r_bk_4_csv_values_are_formatted_as_documented(bk_cast):
    regel = real_lines(bk_cast, 1).get()
    regel_transition(regel, RegelStatus.GEEXPORTEERD)
    credit, _new = regel_correct(regel)
    export = create(bk_cast, statuses=["klaar", "geexporteerd"])
    rows = {r["referentie"]: r for r in csv_rows(b"".join(stream_csv(export)))}
    debit_row, credit_row = rows[regel.reference], rows[credit.reference]
    assert debit_row == {
        "referentie": regel.reference,
        "uzovi": bk_cast.insurer.uzovi,
        "agb_declarant": bk_cast.provider.agb_code or "",
        "bsn": regel.bsn,
        "polisnummer": regel.policy_number,
        "geboortedatum": regel.date_of_birth.isoformat(),
        "prestatiecode": "MGN-VG-GGZ",
        "datum": regel.service_date.isoformat(),
        "tarief": "150.00",
        "bedrag": "150.00",
        "creditreferentie": "",
        "functie": "vg",
        "einde_periode": regel.period_end.isoformat(),
    }
    assert credit_row["bedrag"] == "-150.00"
    assert credit_row["creditreferentie"] == regel.reference


def test_r_bk_4_csv_of_postgresql_and_of_python_are_the_same_bytes(bk_cast):
    make_lines(bk_cast, n=5)
    make_lines(bk_cast, n=2, policy_number="=HYPERLINK(1);x", prestatiecode='a"b', bsn="")
    make_lines(bk_cast, n=1, policy_number="-2+3", prestatiecode="@SUM\nx", tariff=Decimal("0"))
    lumpsum_generate(network=bk_cast.network, year=TODAY.year)
    Declaratieregel.objects.filter(status=RegelStatus.CONCEPT).update(status=RegelStatus.KLAAR)
    export = create(
        bk_cast, period_start=date(TODAY.year, 1, 1), period_end=date(TODAY.year, 12, 31)
    )
    assert export.line_count > 12  # VG lines and lumpsum terms
    by_copy = b"".join(stream_csv(export, use_copy=True))
    by_python = b"".join(stream_csv(export, use_copy=False))
    assert by_copy == by_python
    # Another DateStyle on the connection changes nothing.
    with connection.cursor() as cursor:
        cursor.execute("SET datestyle TO 'SQL, DMY'")
    assert b"".join(stream_csv(export, use_copy=True)) == by_copy
    with connection.cursor() as cursor:
        cursor.execute("SET datestyle TO 'ISO, MDY'")
    rows = csv_rows(by_copy)
    guarded = [r for r in rows if r["polisnummer"].startswith("'")]
    assert {r["polisnummer"] for r in guarded} == {"'=HYPERLINK(1);x", "'-2+3"}
    assert {r["prestatiecode"] for r in guarded} == {'a"b', "'@SUM\nx"}
    lumpsum = [r for r in rows if r["functie"] == "wachttijden"]
    assert lumpsum and all(r["bsn"] == "" and r["geboortedatum"] == "" for r in lumpsum)
    assert all(re.fullmatch(r"-?\d+\.\d\d", r["bedrag"]) for r in rows)


def test_csv_streams_in_bounded_chunks(bk_cast):
    make_lines(bk_cast, n=2500)
    export = create(bk_cast)
    for use_copy in (True, False):
        chunks = list(stream_csv(export, use_copy=use_copy))
        assert len(chunks) > 2
        assert max(len(c) for c in chunks) < BYTE_CHUNK + 1000
        assert b"".join(chunks).count(b"\n") == export.line_count + 1


# --- R-BK-4: own UZOVI only ----------------------------------------------------------------


def test_r_bk_4_insurer_never_receives_another_uzovis_line_in_any_format(bk_cast, client):
    own = list(real_lines(bk_cast, 2, insurer=bk_cast.insurer))
    other = list(real_lines(bk_cast, 2, insurer=bk_cast.insurer_two))
    lumpsum_generate(network=bk_cast.network, year=TODAY.year)
    Declaratieregel.objects.filter(status=RegelStatus.CONCEPT).update(status=RegelStatus.KLAAR)
    own_refs = set(
        Declaratieregel.objects.filter(insurer=bk_cast.insurer).values_list("pk", flat=True)
    )
    other_refs = {r.reference for r in other}
    client.force_login(bk_cast.insurer_user)
    period = {"period_start": START, "period_end": date(TODAY.year, 12, 31)}

    data = download(client, create(bk_cast, **period))
    rows = csv_rows(data)
    assert {r["uzovi"] for r in rows} == {bk_cast.insurer.uzovi}
    assert not other_refs & {r["referentie"] for r in rows}
    assert {reference_for(pk) for pk in own_refs} == {r["referentie"] for r in rows}

    xlsx = xlsx_rows(download(client, create(bk_cast, ExportFormat.XLSX, **period)))
    assert {row[1] for row in xlsx[1:]} == {bk_cast.insurer.uzovi}
    assert not other_refs & {row[0] for row in xlsx[1:]}

    messages = read_messages(download(client, create(bk_cast, ExportFormat.XML, **period)))
    text = b"".join(messages.values()).decode()
    assert {r.reference for r in own} <= set(re.findall(r"<Referentie>(MGN\d+)<", text))
    assert not other_refs & set(re.findall(r"MGN\d+", text))
    assert set(re.findall(r"<OntvangerUzovi>(\d+)<", text)) == {bk_cast.insurer.uzovi}
    assert set(re.findall(r"<Uzovi>(\d+)<", text)) == {bk_cast.insurer.uzovi}


def test_r_bk_4_no_export_for_an_insurer_the_user_does_not_act_for(bk_cast):
    real_lines(bk_cast, 1, insurer=bk_cast.insurer)
    with pytest.raises(Http404):
        create(bk_cast, user=bk_cast.insurer_two_user, insurer=bk_cast.insurer)
    with pytest.raises(Http404):
        create(bk_cast, user=bk_cast.other_insurer_user, insurer=bk_cast.insurer)
    # Another network's insurer, asking for noord: no lines, never noord's.
    export = create(bk_cast, user=bk_cast.other_insurer_user, insurer=bk_cast.other_insurer)
    assert export.line_count == 0


def test_r_bk_4_insurer_of_another_uzovi_or_network_gets_404(bk_cast, client):
    real_lines(bk_cast, 1)
    export = create(bk_cast)
    for user in (bk_cast.insurer_two_user, bk_cast.other_insurer_user):
        client.force_login(user)
        for name in ("bekostiging:export_detail", "bekostiging:export_download"):
            assert client.get(reverse(name, args=[export.pk])).status_code == 404
        assert client.post(reverse("bekostiging:export_mark", args=[export.pk])).status_code == 404
        page = reverse("bekostiging:insurer")
        assert client.get(page, {"verzekeraar": bk_cast.insurer.pk}).status_code == 404
        assert (
            client.get(
                reverse("bekostiging:retour_upload"), {"verzekeraar": bk_cast.insurer.pk}
            ).status_code
            == 404
        )
    client.force_login(bk_cast.other_insurer_user)
    assert client.get(page, {"netwerk": bk_cast.network.slug}).status_code == 404
    client.force_login(bk_cast.insurer_user)
    assert client.get(page, {"netwerk": "bestaat-niet"}).status_code == 404
    assert client.get(page, {"verzekeraar": "x"}).status_code == 404
    client.force_login(bk_cast.coordinator)
    assert client.get(page).status_code == 403


# --- Selection, marking, same bytes ---------------------------------------------------------


def test_r_bk_4_export_holds_the_period_and_states_asked_for(bk_cast):
    lines = list(make_lines(bk_cast, n=4))
    old, exported, concept = lines[1], lines[2], lines[3]
    Declaratieregel.objects.filter(pk=old.pk).update(service_date=date(2024, 12, 31))
    Declaratieregel.objects.filter(pk=exported.pk).update(status=RegelStatus.GEEXPORTEERD)
    Declaratieregel.objects.filter(pk=concept.pk).update(status=RegelStatus.CONCEPT)
    export = create(bk_cast)
    chosen = set(ExportRegel.objects.filter(export=export).values_list("regel_id", flat=True))
    assert chosen == set(
        Declaratieregel.objects.filter(
            insurer=bk_cast.insurer, status=RegelStatus.KLAAR, service_date__gte=START
        ).values_list("pk", flat=True)
    )
    assert export.line_count == len(chosen) == 2
    assert export.total_amount == Decimal("300.00")
    assert export.status == JobStatus.KLAAR  # CSV: nothing to make
    both = create(bk_cast, statuses=["klaar", "geexporteerd"])
    assert both.line_count == 3
    with pytest.raises(ValidationError):
        create(bk_cast, statuses=["concept"])  # drafts are not the insurer's
    with pytest.raises(ValidationError):
        create(bk_cast, period_start=TODAY, period_end=TODAY - timedelta(days=1))


def test_r_bk_4_marking_moves_the_exports_klaar_lines_to_geexporteerd(bk_cast, client):
    lines = list(make_lines(bk_cast, n=3))
    export = create(bk_cast)
    later = real_lines(bk_cast, 1).get()  # klaar, but not in the export
    client.force_login(bk_cast.insurer_user)
    response = client.post(reverse("bekostiging:export_mark", args=[export.pk]))
    assert response.status_code == 302
    statuses = dict(Declaratieregel.objects.values_list("pk", "status"))
    assert all(statuses[r.pk] == RegelStatus.GEEXPORTEERD for r in lines)
    assert statuses[later.pk] == RegelStatus.KLAAR
    export.refresh_from_db()
    first = export.marked_at
    assert first is not None and export.marked_by == bk_cast.insurer_user
    # Again: nothing moves, the first mark stays.
    assert export_mark(export=export, user=bk_cast.insurer_two_user) == 0
    export.refresh_from_db()
    assert export.marked_at == first and export.marked_by == bk_cast.insurer_user


def test_r_bk_4_same_bytes_on_every_download(bk_cast, client):
    make_lines(bk_cast, n=4)
    regel = Declaratieregel.objects.filter(insurer=bk_cast.insurer).first()
    client.force_login(bk_cast.insurer_user)
    for fmt in (ExportFormat.CSV, ExportFormat.XLSX, ExportFormat.XML):
        export = create(bk_cast, fmt, statuses=["klaar", "geexporteerd"])
        first = download(client, export)
        # Marking changes the lines' state, not the file.
        export_mark(export=export, user=bk_cast.insurer_user)
        assert download(client, export) == first
        if fmt != ExportFormat.CSV:
            export.refresh_from_db()
            assert export.checksum and len(export.checksum) == 64
            # Made again from scratch (the stored file lost): the same bytes.
            Export.objects.filter(pk=export.pk).update(status=JobStatus.WACHTRIJ)
            export.file.delete(save=False)
            export_render(export_id=export.pk)
            assert download(client, export) == first
    assert regel.pk


def test_r_bk_4_xlsx_made_by_the_task_has_the_csv_columns(
    bk_cast, client, django_capture_on_commit_callbacks
):
    lines = list(make_lines(bk_cast, n=3, policy_number="=1+1"))
    client.force_login(bk_cast.insurer_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("bekostiging:export_create"),
            xlsx_export_form(bk_cast),
        )
    export = Export.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{export.pk}/")
    export.refresh_from_db()
    assert (export.status, export.progress) == (JobStatus.KLAAR, 100)
    page = client.get(response["Location"])
    assert "Export downloaden" in page.content.decode()
    rows = xlsx_rows(download(client, export))
    assert list(rows[0]) == CSV_HEADER
    assert len(rows) == len(lines) + 1
    first = rows[1]
    assert first[0] == lines[0].reference
    assert first[9] == 150 and isinstance(first[9], (int, float))
    assert first[7].date() == lines[0].service_date
    assert {row[4] for row in rows[2:]} == {"'=1+1"}  # never a formula


def test_r_bk_4_export_task_failure_is_shown(bk_cast):
    real_lines(bk_cast, 1)
    export = create(bk_cast, ExportFormat.XLSX, render=False)
    render_export.on_failure(RuntimeError("boom"), "task-id", (export.pk,), {}, None)
    export.refresh_from_db()
    assert export.status == JobStatus.MISLUKT and "boom" in export.error


# --- R-PR-1 ---------------------------------------------------------------------------------


def test_r_bk_4_download_is_logged_as_an_export_per_person(bk_cast, client):
    lines = list(real_lines(bk_cast, 3))
    lumpsum_generate(network=bk_cast.network, year=TODAY.year)
    export = create(bk_cast, statuses=["klaar", "geexporteerd"])
    client.force_login(bk_cast.insurer_user)
    download(client, export)
    entries = AccessLogEntry.objects.filter(event=Event.EXPORT, user__isnull=False)
    assert sorted(entries.values_list("person_identifier", flat=True)) == sorted(
        r.bsn for r in lines
    )
    assert {e.user_id for e in entries} == {bk_cast.insurer_user.pk}
    assert all(export_reference(export) in e.detail for e in entries)
    assert set(entries.values_list("object_type", "object_id")) == {
        ("bekostiging.Export", str(export.pk))
    }


def test_insurer_page_logs_the_persons_it_shows(bk_cast, client):
    lines = list(real_lines(bk_cast, 2))
    client.force_login(bk_cast.insurer_user)
    response = client.get(reverse("bekostiging:insurer"))
    assert response.status_code == 200
    assert sorted(
        AccessLogEntry.objects.filter(event=Event.READ, user__isnull=False).values_list(
            "person_identifier", flat=True
        )
    ) == sorted(r.bsn for r in lines)
    page = response.content.decode()
    assert lines[0].reference in page
    assert lines[0].bsn not in page  # masked on screen
    assert f"•••••{lines[0].bsn[-4:]}" in page


# --- The insurer's page ----------------------------------------------------------------------


def test_insurer_page_totals_count_debits_credits_and_net(bk_cast, client):
    lines = list(real_lines(bk_cast, 3))
    regel_transition(lines[0], RegelStatus.GEEXPORTEERD)
    regel_correct(lines[0])  # a credit (klaar) and a new line (concept)
    client.force_login(bk_cast.insurer_user)
    response = client.get(
        reverse("bekostiging:insurer"),
        {"van": START.isoformat(), "tot": TODAY.isoformat(), "status": ["klaar", "geexporteerd"]},
    )
    totals = response.context["totals"]
    assert totals == {
        "count": 4,
        "debit": Decimal("450.00"),
        "credit": Decimal("-150.00"),
        "net": Decimal("300.00"),
    }
    page = response.content.decode()
    assert '<data value="300.00">' in page and '<data value="4">' in page


def test_insurer_page_queries_do_not_grow_with_the_lines(
    bk_cast, client, django_assert_max_num_queries
):
    client.force_login(bk_cast.insurer_user)
    url = reverse("bekostiging:insurer")
    make_lines(bk_cast, n=3)
    create(bk_cast)
    with django_assert_max_num_queries(20) as small:
        assert client.get(url).status_code == 200
    make_lines(bk_cast, n=60)
    create(bk_cast)
    create(bk_cast)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["rows"]) == 50  # one page


def test_export_detail_polls_while_the_file_is_made(bk_cast, client):
    real_lines(bk_cast, 1)
    export = create(bk_cast, ExportFormat.XLSX, render=False)  # the task: after the commit
    client.force_login(bk_cast.insurer_user)
    url = reverse("bekostiging:export_detail", args=[export.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page and "Voortgang" in page
    partial = client.get(url, headers={"HX-Request": "true"})
    assert partial.templates[0].name == "bekostiging/_export_status.html"
    assert client.get(reverse("bekostiging:export_download", args=[export.pk])).status_code == 404
    # Not ready: marking is refused, nothing moves.
    client.post(reverse("bekostiging:export_mark", args=[export.pk]))
    assert not Declaratieregel.objects.filter(status=RegelStatus.GEEXPORTEERD).exists()
    export_render(export_id=export.pk)
    assert "hx-trigger" not in client.get(url).content.decode()


def test_export_create_refuses_an_invalid_filter(bk_cast, client):
    client.force_login(bk_cast.insurer_user)
    response = client.post(reverse("bekostiging:export_create"), {"formaat": "csv"})
    assert response.status_code == 302
    assert not Export.objects.exists()
    assert client.get(reverse("bekostiging:export_create")).status_code == 405


def test_r_bk_4_xml_export_needs_person_bound_lines(bk_cast):
    lumpsum_generate(network=bk_cast.network, year=TODAY.year)
    Declaratieregel.objects.update(status=RegelStatus.KLAAR)
    assert not Declaratieregel.objects.filter(soort=Soort.VG).exists()
    with pytest.raises(ValidationError, match="persoonsgebonden"):
        create(bk_cast, ExportFormat.XML, period_end=date(TODAY.year, 12, 31))
    assert create(bk_cast, period_end=date(TODAY.year, 12, 31)).line_count == 12


def test_export_task_runs_on_the_default_queue():

    assert render_export.name == "bekostiging.tasks.render_export"
    route = app.amqp.router.route({}, render_export.name)
    assert route["queue"].name == app.conf.task_default_queue  # never the pdf queue


def test_a_user_acting_for_two_insurers_chooses_one(bk_cast, client):
    own = real_lines(bk_cast, 1, insurer=bk_cast.insurer).get()
    two = real_lines(bk_cast, 1, insurer=bk_cast.insurer_two).get()
    organisation_grant(organisation=bk_cast.insurer_two, user=bk_cast.insurer_user)
    client.force_login(bk_cast.insurer_user)
    url = reverse("bekostiging:insurer")
    page = client.get(url, {"verzekeraar": bk_cast.insurer_two.pk})
    assert page.context["several_insurers"] is True
    content = page.content.decode()
    assert 'name="verzekeraar"' in content and two.reference in content
    assert own.reference not in content


def test_an_insurer_in_no_visible_network_gets_an_empty_page(bk_cast, client):
    lonely = OrganisationFactory(name="Verzekeraar Nergens", zorgverzekeraar=True)
    user = UserFactory(email="nergens@verzekeraar.test", roles=["zorgverzekeraar"])
    organisation_grant(organisation=lonely, user=user)
    client.force_login(user)
    response = client.get(reverse("bekostiging:insurer"))
    assert response.status_code == 200
    assert "neemt nog aan geen netwerk deel" in response.content.decode()
    assert client.get(reverse("bekostiging:retour_upload")).status_code == 200


def test_r_bk_4_a_later_change_of_an_organisations_code_changes_no_export(bk_cast, client):
    """The UZOVI and AGB are copied into the line when it is made: the export stays the
    declaration as sent, whatever is edited afterwards."""
    real_lines(bk_cast, 2)
    export = create(bk_cast)
    before = b"".join(stream_csv(export))
    python = b"".join(stream_csv(export, use_copy=False))
    Organisation.objects.filter(pk=bk_cast.provider.pk).update(agb_code="99999999")
    Organisation.objects.filter(pk=bk_cast.insurer.pk).update(uzovi="9999")
    assert b"".join(stream_csv(export)) == before == python
    assert b"99999999" not in before
    assert bk_cast.insurer.uzovi.encode() in before


def _clocks_a_day_later(monkeypatch) -> None:
    """Every clock the XLSX writer could read runs a day ahead: openpyxl's
    ``datetime.now`` (the workbook's created and modified times) and ``time.time``
    (zipfile's entry dates)."""
    import datetime as real_datetime
    import time
    import types

    ahead = real_datetime.timedelta(days=1)

    class Later(real_datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return real_datetime.datetime.now(tz) + ahead

    shim = types.SimpleNamespace(**{**vars(real_datetime), "datetime": Later})
    monkeypatch.setattr("openpyxl.packaging.core.datetime", shim)
    monkeypatch.setattr("openpyxl.writer.excel.datetime", shim)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + ahead.total_seconds())


def test_r_bk_4_an_xlsx_made_again_later_is_the_same_file(bk_cast, monkeypatch):
    """openpyxl stamps the save time into docProps/core.xml unless told otherwise."""
    make_lines(bk_cast, n=2)
    export = create(bk_cast, ExportFormat.XLSX, statuses=["klaar"], render=False)
    first, second = io.BytesIO(), io.BytesIO()
    write_xlsx(export, first)
    with monkeypatch.context() as later:
        _clocks_a_day_later(later)
        write_xlsx(export, second)
    assert first.getvalue() == second.getvalue()


def test_the_declarations_csv_has_the_applications_one_csv_format():
    """The dashboard CSV (wachttijden) and every other export use mgn.exports' defaults;
    the declarations' writer and its COPY path take the same delimiter and line end."""
    from bekostiging.services import exports_csv
    from mgn import exports as mgn_exports

    assert (exports_csv.DELIMITER, exports_csv.LINE_END) == (";", "\n")
    assert (exports_csv.DELIMITER, exports_csv.LINE_END) == (
        mgn_exports.DELIMITER,
        mgn_exports.LINE_END,
    )
    assert "DELIMITER ';'" in exports_csv.COPY_SQL
