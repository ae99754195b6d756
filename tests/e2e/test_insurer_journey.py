"""The insurer in the browser (R-BK-4): log in, filter the period and states, make a CSV
export, download it and check that the file adds up to the totals the page showed — only
the insurer's own lines. Every page passes an axe-core check."""

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

import pytest

from bekostiging.constants import RegelStatus
from bekostiging.models import Declaratieregel
from bekostiging.services.declaraties import (
    declaraties_generate,
    regel_correct,
    regel_transition,
    regels_mark_ready,
)
from tests.browser import assert_accessible, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def build_lines(bk):
    """Recent lines to Verzekeraar Noord (one corrected: a credit and a new line), older
    ones outside the period asked for, and lines to the other insurer."""
    for days_ago in (1, 2, 3):
        bk.held_vg(insurer=bk.insurer, days_ago=days_ago)
    for days_ago in (40, 45):
        bk.held_vg(insurer=bk.insurer, days_ago=days_ago)
    bk.held_vg(insurer=bk.insurer_two, days_ago=1)
    declaraties_generate(network=bk.network)
    regels_mark_ready(list(Declaratieregel.objects.all()))
    first = Declaratieregel.objects.filter(insurer=bk.insurer).order_by("-service_date").first()
    regel_transition(first, RegelStatus.GEEXPORTEERD)
    regel_correct(first)  # a credit (klaar) and a new line (concept: not shown)


def total(page, name: str) -> str:
    return page.locator(f'[data-total="{name}"] data').get_attribute("value")


def test_the_insurer_filters_the_period_and_downloads_the_csv(page, live_server, bk_cast, password):
    build_lines(bk_cast)
    today = timezone.localdate()
    start = today - timedelta(days=10)
    login(page, live_server, bk_cast.insurer_user.email, password)

    # 1. The insurer's page, reached from the navigation.
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Declaraties downloaden").first.click()
    assert page.get_by_role("heading", name=f"Declaraties aan {bk_cast.insurer.name}").is_visible()
    assert_accessible(page)

    # 2. Filter: the last ten days, ready and exported lines.
    page.get_by_label("Periode vanaf").fill(start.isoformat())
    page.get_by_label("Periode tot en met").fill(today.isoformat())
    page.get_by_label("Geëxporteerd").check()
    page.get_by_role("button", name="Filter toepassen").click()
    page.wait_for_url(re.compile(rf".*van={start.isoformat()}.*"))
    assert_accessible(page)
    count = int(total(page, "count"))
    net = Decimal(total(page, "net"))
    debit, credit = Decimal(total(page, "debit")), Decimal(total(page, "credit"))
    # Three recent debits (one credited) and the credit; the old lines are outside.
    assert count == 4
    assert (debit, credit, net) == (Decimal("450.00"), Decimal("-150.00"), Decimal("300.00"))

    # 3. Make the CSV export of exactly this selection.
    page.get_by_label("CSV").check()
    page.get_by_role("button", name="Export maken").click()
    page.wait_for_url(re.compile(r".*/bekostiging/verzekeraar/export/\d+/$"))
    assert page.get_by_role("heading", name=re.compile(r"Export \d+")).is_visible()
    assert_accessible(page)

    # 4. Download it; the file adds up to what the page showed.
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Export downloaden")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    rows = list(
        csv.DictReader(io.StringIO(download.path().read_text(encoding="utf-8")), delimiter=";")
    )
    assert len(rows) == count
    assert sum(Decimal(r["bedrag"]) for r in rows) == net
    assert sum(Decimal(r["bedrag"]) for r in rows if not r["creditreferentie"]) == debit
    assert {r["uzovi"] for r in rows} == {bk_cast.insurer.uzovi}
    assert all(start.isoformat() <= r["datum"] <= today.isoformat() for r in rows)

    # 5. Processed: the ready lines become exported.
    page.get_by_role("button", name="Markeer als verwerkt").click()
    assert page.get_by_text("Export gemarkeerd als verwerkt").is_visible()
    assert_accessible(page)
    assert not Declaratieregel.objects.filter(
        insurer=bk_cast.insurer, status=RegelStatus.KLAAR, service_date__gte=start
    ).exists()

    # 6. The return upload page.
    page.get_by_role("link", name=re.compile("Declaraties aan")).first.click()
    page.get_by_role("link", name="Retourbericht uploaden").click()
    assert page.get_by_role("heading", name="Retourbericht uploaden", level=1).is_visible()
    assert_accessible(page)
