import pytest

from tests.browser import assert_accessible, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_logs_in_and_reads_the_network_page(
    page, live_server, coordinator, network, password
):
    page.goto(f"{live_server.url}/netwerken/")
    assert "/account/inloggen/" in page.url
    assert page.locator("html").get_attribute("lang") == "nl"
    assert_accessible(page)

    # A wrong password first: a clear Dutch error, and still accessible.
    login(page, live_server, coordinator.email, "niet-het-wachtwoord")
    assert page.get_by_text("Onjuist e-mailadres of wachtwoord").is_visible()
    assert_accessible(page)

    login(page, live_server, coordinator.email, password)
    page.wait_for_url(f"{live_server.url}/netwerken/")
    assert page.get_by_role("link", name="MGN Noord").is_visible()
    assert page.get_by_role("link", name="MGN Zuid").count() == 0
    assert_accessible(page)

    page.get_by_role("link", name="MGN Noord").click()
    page.wait_for_url(f"{live_server.url}/netwerken/noord/")
    assert page.get_by_role("heading", name="MGN Noord", level=1).is_visible()
    assert page.get_by_role("table").first.is_visible()
    assert page.get_by_text("Woonstichting Noord").is_visible()
    assert_accessible(page)

    # The skip link is the first thing a keyboard user reaches, and it leads to the content.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"


def test_the_network_page_is_usable_on_a_phone(
    browser, live_server, coordinator, network, password
):
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    page = context.new_page()
    login(page, live_server, coordinator.email, password)
    page.goto(f"{live_server.url}/netwerken/noord/")
    assert page.get_by_role("heading", name="MGN Noord", level=1).is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"page scrolls sideways on a phone ({width}px)"
    assert_accessible(page)
    context.close()
