"""A provider delivers a waiting list in the browser (R-WT-1): a file with an error is
refused with a report naming the line and the column, the fixed file is accepted. Then
free intake places (R-WT-5) and the monthly figures page. Every page passes axe-core."""

import importlib
import re
from datetime import timedelta

from django.apps import apps
from django.utils import timezone

import pytest

from tests.browser import assert_accessible, login
from wachttijden.models import IntakeSlots, WachtlijstUpload, Wachtplek

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADER = "bsn;aanmelddatum;intakedatum;urgentie;zorgvraagtype;woongemeente"


@pytest.fixture
def reference_data():
    """The zorgvraagtypen seeded by migration 0002: an earlier transactional test may have
    flushed them (pytest-django empties every table after one)."""
    migration = importlib.import_module("wachttijden.migrations.0002_reference_data")
    migration.forward(apps, None)


def test_a_provider_fixes_a_refused_waiting_list(
    page, live_server, wt_cast, password, tmp_path, reference_data
):
    today = timezone.localdate()
    registered = (today - timedelta(days=45)).isoformat()
    intake = (today - timedelta(days=10)).isoformat()
    future = (today + timedelta(days=10)).isoformat()
    rows = [f"999996708;{registered};;hoog;3;", f"999911120;{future};;normaal;4;"]
    bad = tmp_path / "wachtlijst.csv"
    bad.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")

    login(page, live_server, wt_cast.provider_user.email, password)
    page.goto(f"{live_server.url}/wachttijden/aanbieder/")
    assert page.get_by_role("heading", name="Uw aanbod en wachtlijsten").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"Wachtlijst uploaden voor {wt_cast.aanbod.name}").click()
    page.wait_for_url(re.compile(r".*/aanbod/\d+/wachtlijst/$"))
    assert_accessible(page)

    # 1. A row registered in the future: refused, the report names line 3 and the column.
    page.get_by_label("CSV-bestand").set_input_files(str(bad))
    page.get_by_role("button", name="Uploaden").click()
    page.wait_for_url(re.compile(r".*levering=\d+.*"))
    assert page.get_by_role("heading", name="Niet verwerkt: er is niets veranderd").is_visible()
    report = page.get_by_role("table", name=re.compile("Fouten per regel"))
    row = report.get_by_role("row").filter(has_text="aanmelddatum")
    assert row.get_by_role("rowheader").inner_text().strip() == "3"
    assert "toekomst" in row.inner_text()
    assert not Wachtplek.objects.exists()
    assert_accessible(page)

    # 2. Fixed: accepted, with the summary.
    fixed = tmp_path / "wachtlijst-verbeterd.csv"
    rows[1] = f"999911120;{registered};{intake};normaal;4;"
    fixed.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    page.get_by_label("CSV-bestand").set_input_files(str(fixed))
    page.get_by_role("button", name="Uploaden").click()
    page.wait_for_url(re.compile(r".*levering=\d+.*"))
    assert page.get_by_role("heading", name="Verwerkt: de wachtlijst is vervangen").is_visible()
    assert page.get_by_text("De wachtlijst is vervangen: 2 regels verwerkt.").is_visible()
    assert Wachtplek.objects.filter(aanbod=wt_cast.aanbod).count() == 2
    assert list(WachtlijstUpload.objects.order_by("pk").values_list("accepted", flat=True)) == [
        False,
        True,
    ]
    assert "999996708" not in page.content()
    assert_accessible(page)

    # 3. Free intake places for the coming weeks.
    page.goto(f"{live_server.url}/wachttijden/aanbod/{wt_cast.aanbod.pk}/intakeplekken/")
    assert_accessible(page)
    page.locator("input.lev-slot").nth(0).fill("2")
    page.locator("input.lev-slot").nth(1).fill("-1")
    page.get_by_role("button", name="Publiceren").click()
    assert page.get_by_role("alert").is_visible()
    assert not IntakeSlots.objects.exists()
    assert_accessible(page)
    page.locator("input.lev-slot").nth(1).fill("4")
    page.get_by_role("button", name="Publiceren").click()
    assert page.get_by_text("De vrije intakeplekken zijn gepubliceerd.").is_visible()
    assert sorted(IntakeSlots.objects.values_list("available", flat=True)) == [2, 4]

    # 4. The monthly figures page, on a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/wachttijden/opgaven/")
    assert page.get_by_label("CSV-bestand").is_visible()
    assert_accessible(page)


def test_a_large_waiting_list_is_processed_in_the_background(
    page, live_server, wt_cast, password, tmp_path, reference_data, settings
):
    """Above WACHTLIJST_ASYNC_BYTES the upload becomes a job; its page shows the result
    (Celery is eager here, so the job is done by the time the page loads)."""
    settings.WACHTLIJST_ASYNC_BYTES = 100
    registered = (timezone.localdate() - timedelta(days=45)).isoformat()
    rows = [f"999996708;{registered};;hoog;3;", f"999911120;{registered};;normaal;4;"]
    big = tmp_path / "groot.csv"
    big.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")

    login(page, live_server, wt_cast.provider_user.email, password)
    page.goto(f"{live_server.url}/wachttijden/aanbod/{wt_cast.aanbod.pk}/wachtlijst/")
    page.get_by_label("CSV-bestand").set_input_files(str(big))
    page.get_by_role("button", name="Uploaden").click()
    page.wait_for_url(re.compile(r".*/wachtlijst/verwerking/\d+/$"))
    assert page.get_by_role("heading", name="Wachtlijst verwerken").is_visible()
    assert page.get_by_role("heading", name="Verwerkt: de wachtlijst is vervangen").is_visible()
    assert Wachtplek.objects.filter(aanbod=wt_cast.aanbod).count() == 2
    assert "999996708" not in page.content()
    assert_accessible(page)
