"""R-NW-5 and R-NW-7 in the browser: a coordinator adds a leidend principe and sees which
national principle is still open; uploads the samenwerkingsovereenkomst on the contracting
page, which names what is still needed — axe on each page."""

import pytest

from tests.browser import assert_accessible, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_coordinator_adds_a_principle_and_uploads_a_document(
    page, live_server, coordinator, network, password, tmp_path
):
    login(page, live_server, coordinator.email, password)
    page.goto(f"{live_server.url}/netwerken/noord/principes/")
    assert page.get_by_text("Nog niet uitgewerkt").is_visible()
    assert_accessible(page)
    page.get_by_label("Titel").fill("Samen beslissen")
    page.get_by_label("Uitwerking in dit netwerk").fill("De persoon en naasten beslissen mee.")
    page.get_by_label("De persoon voert zelf de regie over het eigen proces").check()
    page.get_by_label("Gedeelde verantwoordelijkheid").check()
    page.get_by_role("button", name="Principe toevoegen").click()
    page.wait_for_url(f"{live_server.url}/netwerken/noord/principes/")
    assert page.get_by_role("heading", name="Samen beslissen").is_visible()
    assert page.locator("#principes-open li").count() == 3
    assert_accessible(page)

    page.goto(f"{live_server.url}/bekostiging/noord/contractering/")
    assert page.locator("#nog-nodig").is_visible()
    assert_accessible(page)
    document = tmp_path / "sok.pdf"
    document.write_bytes(PDF)
    page.get_by_label("Document", exact=True).select_option("samenwerkingsovereenkomst")
    page.get_by_label("Bestand (PDF, ten hoogste 10 MB)").set_input_files(str(document))
    page.get_by_role("button", name="Versie toevoegen").click()
    page.wait_for_url("**/bekostiging/noord/contractering/**")
    assert page.get_by_text("Versie 1 van samenwerkingsovereenkomst is toegevoegd").is_visible()
    assert page.get_by_text(
        "Samenwerkingsovereenkomst (versie 1): nog te bevestigen door"
    ).is_visible()
    assert_accessible(page)
