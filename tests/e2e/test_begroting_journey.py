"""Gemeente funding and the budget in the browser (R-BK-3): an agreement recorded, a budget
line added and changed, the chart and the figures per funder. Every page passes an
axe-core check."""

import re

from django.urls import reverse

import pytest

from bekostiging.services.declaraties import declaraties_generate
from tests.bekostiging.factories import afspraak, at, held_vg_on
from tests.browser import assert_accessible, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

YEAR = 2025


def test_a_coordinator_records_an_agreement_and_a_budget_line_in_the_browser(
    page, live_server, bk_cast, password
):
    held_vg_on(bk_cast.vg_cast, at(YEAR, 3, 3), insurer=bk_cast.insurer)
    declaraties_generate(network=bk_cast.network)
    login(page, live_server, bk_cast.coordinator.email, password)

    page.goto(f"{live_server.url}{reverse('bekostiging:gemeenten')}?jaar={YEAR}")
    assert page.get_by_role("heading", name=f"Gemeentelijke financiering {YEAR}").is_visible()
    assert "zonder afspraak" in page.get_by_role("alert").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Afspraak toevoegen voor MGN Noord").click()
    assert_accessible(page)
    page.get_by_label("Gemeente").select_option(label="Noorddorp")
    page.get_by_label("Jaar").fill(str(YEAR))
    page.get_by_label("Afgesproken aantal verkennende gesprekken").fill("4")
    page.get_by_label("Tarief sd-professional per gesprek (€)").fill("90,00")
    page.get_by_label("Financieringsbron").select_option(label="SPUK-IZA")
    page.get_by_role("button", name="Afspraak vastleggen").click()
    table = page.get_by_role("table", name=f"Afspraken met gemeenten in {YEAR}, MGN Noord")
    assert "€ 90,00" in table.inner_text() and "3" in table.inner_text()
    assert_accessible(page)

    page.goto(
        f"{live_server.url}{reverse('bekostiging:begroting', args=[bk_cast.network.slug])}?jaar={YEAR}"
    )
    page.get_by_role("link", name="Begrotingspost toevoegen").click()
    assert_accessible(page)
    page.get_by_label("Functie").select_option(
        label="Deelname sociaal domein aan verkennend gesprek"
    )
    page.get_by_label("Financier").select_option(label="Gemeente Noord")
    page.get_by_label("Begroot bedrag (€)").fill("360,00")
    page.get_by_role("button", name="Begrotingspost vastleggen").click()
    chart = page.get_by_role(
        "img",
        name=re.compile(
            "Deelname sociaal domein aan verkennend gesprek: begroot € 360,00, gerealiseerd € 90,00"
        ),
    )
    assert chart.count() == 1
    assert "25,0%" in page.get_by_role("table", name=re.compile("per financier")).inner_text()
    assert_accessible(page)

    # The amount can be changed from the overview.
    page.get_by_role("link", name=re.compile("wijzigen.*Gemeente Noord")).click()
    assert_accessible(page)
    page.get_by_label("Begroot bedrag (€)").fill("180,00")
    page.get_by_role("button", name="Bedrag vastleggen").click()
    assert "50,0%" in page.get_by_role("table", name=re.compile("per financier")).inner_text()


def test_R_BK_3_the_gemeente_decides_on_its_over_run_in_the_browser(
    page, live_server, bk_cast, password
):
    afspraak(bk_cast.network, bk_cast.vg_cast.gemeente, YEAR, agreed=1, rate="100.00")
    for day in (3, 4):
        held_vg_on(bk_cast.vg_cast, at(YEAR, 3, day))
    login(page, live_server, bk_cast.gemeente_user.email, password)

    page.goto(f"{live_server.url}{reverse('bekostiging:gemeenten')}?jaar={YEAR}")
    table = page.get_by_role("table", name=f"Afspraken met gemeenten in {YEAR}, MGN Noord")
    assert "1 (€ 100,00) ter beslissing door de gemeente" in table.inner_text()
    page.get_by_text("Beslissen").click()
    assert_accessible(page)
    page.get_by_label("Toelichting").fill("Akkoord na overleg")
    page.get_by_role("button", name="Accepteren").click()
    assert "geaccepteerd" in page.get_by_role("status").first.inner_text()
    table = page.get_by_role("table", name=f"Afspraken met gemeenten in {YEAR}, MGN Noord")
    assert "Geaccepteerd (1)" in table.inner_text()
    assert "€ 200,00" in table.inner_text()
    assert_accessible(page)
