"""The advies editor's sticky save bar never covers the field being filled in: a field the
browser scrolls to (on focus, or from the error summary) stays above the bar. Axe on the page."""

import pytest

from mgn.accounts.constants import Role
from tests.browser import assert_accessible, login
from tests.verkennend_gesprek.test_advies import held_vg

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# A laptop window: the editor is longer than the screen, so the bar sits over the form.
VIEWPORT = {"width": 1280, "height": 620}


def _boxes(page, selector):
    field = page.locator(selector).bounding_box()
    bar = page.locator(".vg-advies-actions").bounding_box()
    return field, bar


def _not_covered(field, bar, viewport_height):
    """The field is fully in the viewport and ends above the bar's top edge."""
    return field["y"] >= 0 and field["y"] + field["height"] <= min(bar["y"], viewport_height)


@pytest.fixture
def editor(browser, live_server, vg_cast, password):
    vg = held_vg(vg_cast)
    context = browser.new_context(locale="nl-NL", viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(15_000)
    login(page, live_server, vg_cast.users[Role.GGZ_PROFESSIONAL].email, password)
    page.goto(f"{live_server.url}/verkennend-gesprek/{vg.pk}/advies/")
    yield page
    context.close()


def test_the_sticky_bar_does_not_cover_the_first_field_when_it_gets_focus(editor):
    page = editor
    bar = page.locator(".vg-advies-actions")
    assert bar.evaluate("el => getComputedStyle(el).position") == "sticky"
    # From the top of the page (the field just below the fold) and from the bottom (the
    # field above the viewport), focusing the first field brings it into view above the bar.
    for start in ("0", "document.body.scrollHeight"):
        page.locator("#id_summary").blur()  # focusing a focused field scrolls nothing
        page.evaluate(f"window.scrollTo(0, {start})")
        page.locator("#id_summary").focus()
        field, bar_box = _boxes(page, "#id_summary")
        assert _not_covered(field, bar_box, VIEWPORT["height"]), (start, field, bar_box)
    assert_accessible(page)


def test_the_sticky_bar_does_not_cover_a_field_scrolled_to_from_below(editor):
    page = editor
    page.evaluate("window.scrollTo(0, 0)")
    # Tab order brings later fields into view from above: each stays above the bar.
    for selector in ("#id_overbrugging", "#id_regie", "#id_contact_point"):
        page.locator(selector).focus()
        field, bar_box = _boxes(page, selector)
        assert _not_covered(field, bar_box, VIEWPORT["height"]), (selector, field, bar_box)
