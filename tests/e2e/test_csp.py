"""The Content-Security-Policy holds in the browser: the pages and the API documentation
work under it, and an inline script is blocked (and reported, which every browser test
checks through tests/browser.py)."""

import pytest

from tests.browser import CSP_VIOLATIONS, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_inline_script_is_blocked_and_reported(page, live_server, coordinator, password):
    login(page, live_server, coordinator.email, password)
    page.wait_for_url(f"{live_server.url}/netwerken/")
    with pytest.raises(Exception):  # noqa: B017, PT011  (Playwright's own error type)
        page.add_script_tag(content="window.injected = true;")
    assert page.evaluate("window.injected === undefined")
    page.wait_for_timeout(200)
    assert any("inline script" in text for text in CSP_VIOLATIONS)
    CSP_VIOLATIONS.clear()  # expected here; every other test must have none


def test_the_api_documentation_works_under_the_policy(page, live_server, db):
    page.goto(f"{live_server.url}/api/docs/")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "MGN Coördinatie API" in page.locator(".swagger-ui .info .title").inner_text()
    assert not CSP_VIOLATIONS
    page.goto(f"{live_server.url}/api/redoc/")
    page.get_by_role("heading", name="MGN Coördinatie API").first.wait_for()
    page.wait_for_timeout(200)
    # Redoc's bundle always shows Redocly's logo from their CDN; the policy keeps it out
    # (no request leaves for a third party), and that is the only thing it blocks.
    assert all("cdn.redoc.ly" in text for text in CSP_VIOLATIONS), CSP_VIOLATIONS
    CSP_VIOLATIONS.clear()
