"""In the browser: a coordinator opens the network's indicator board, makes its PDF
and downloads it; the programme user compares two networks side by side and filters by
region. Every page passes an axe-core check.

On a branch without providers the fake ones are registered (indicator_fakes); the
assertions look at the structure (sections, the indicator table, both networks), not at
figures, so they hold with the real providers as well."""

import re

from django.conf import settings
from django.urls import reverse

import pytest

from mgn import indicators
from mgn.accounts.constants import Role
from tests.browser import assert_accessible, login
from tests.networks import indicator_fakes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def providers(settings):
    """The registered providers, or the fakes where none are registered."""
    indicators.providers.cache_clear()
    if not settings.INDICATOR_PROVIDERS:
        settings.INDICATOR_PROVIDERS = indicator_fakes.PATHS
    yield
    indicators.providers.cache_clear()


def _logout(page):
    page.get_by_role("button", name="Uitloggen").click()


def test_the_board_its_pdf_and_the_programme_view(
    live_server, network, other_network, cast, password, providers, page
):
    base = live_server.url
    assert settings.INDICATOR_PROVIDERS

    # 1. The coordinator opens the board from the menu.
    login(page, live_server, cast[Role.NETWERKCOORDINATOR].email, password)
    page.wait_for_url(f"{base}/**")
    page.get_by_role("link", name="Indicatorbord").first.click()
    page.get_by_role("heading", level=1, name="Indicatorborden").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="MGN Noord").click()
    page.get_by_role("heading", level=1, name="Indicatorbord van MGN Noord").wait_for()
    sections = page.locator(".bord-section")
    assert sections.count() >= 1
    table = page.locator("table.bord-table").first
    headers = table.locator("thead th").all_inner_texts()
    assert headers[0] == "Indicator" and "Doel" in headers and "Definitie" in headers
    assert len(headers) == 1 + 4 + 2  # the indicator, four quarters, target, definition
    assert table.locator("tbody tr").count() >= 1
    assert_accessible(page)

    # 2. The PDF: made (eagerly, in the test) and downloaded.
    page.get_by_role("button", name="PDF maken").click()
    page.get_by_role("heading", level=1, name="Indicatorbord als PDF").wait_for()
    link = page.get_by_role("link", name=re.compile("PDF downloaden"))
    link.wait_for()
    assert_accessible(page)
    response = page.request.get(base + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    with page.expect_download() as download_info:
        link.click()
    assert download_info.value.suggested_filename.startswith("indicatorbord-noord-")
    _logout(page)

    # 3. The programme user compares the two networks, then filters on zuid's region.
    login(page, live_server, cast[Role.PROGRAMMA].email, password)
    page.wait_for_url(f"{base}/**")
    page.get_by_role("link", name="Programma").first.click()
    page.get_by_role("heading", level=1, name="Indicatoren per netwerk").wait_for()
    rows = page.locator("#programma tbody tr")
    assert page.locator("#programma tbody tr[data-network='noord']").count() == 1
    assert page.locator("#programma tbody tr[data-network='zuid']").count() == 1
    assert rows.count() == 2
    assert_accessible(page)
    region = other_network.regions.get()
    page.get_by_label("IZA-regio").select_option(label=region.name)
    page.get_by_role("button", name="Toon").click()
    page.wait_for_url(re.compile(rf"regio={region.code}"))
    assert page.locator("#programma tbody tr[data-network='zuid']").count() == 1
    assert page.locator("#programma tbody tr[data-network='noord']").count() == 0
    assert_accessible(page)
    assert page.url.startswith(f"{base}{reverse('networks:programma')}")
