"""The coordinator's declarations in the browser (R-BK-1, R-BK-2): the list, marking a line
ready, a held-back conversation resolved by recording the insurance, the contracts and the
verdeelsleutel. Every page passes an axe-core check."""

from django.urls import reverse

import pytest

from bekostiging.constants import HeldBackReason
from bekostiging.models import Declaratieregel, TegengehoudenDeclaratie
from tests.bekostiging.factories import held_back
from tests.browser import assert_accessible, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_resolves_a_held_back_conversation_in_the_browser(
    page, live_server, bk_cast, password
):
    """Menu → Declaraties → mark a line ready → Tegengehouden → record the insurance → the
    line is there; contracts and verdeelsleutel open. An axe-core check on every page."""
    bk_cast.held_vg(insurer=bk_cast.insurer_two)
    _stranger, _no_contract, uninsured = held_back(bk_cast)
    held = TegengehoudenDeclaratie.objects.get(gesprek__verkennend_gesprek=uninsured)
    line = Declaratieregel.objects.get()
    login(page, live_server, bk_cast.coordinator.email, password)

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Declaraties").click()
    assert page.get_by_role("heading", name="Declaraties", level=1).is_visible()
    assert page.locator('[data-total="net"]').inner_text() == "€ 140,00"
    assert_accessible(page)
    page.get_by_label(f"{line.reference} kiezen").check()
    page.get_by_role("button", name="Gekozen regels klaarzetten voor de export").click()
    assert page.get_by_text("1 regel staat klaar voor de export.").is_visible()

    page.get_by_role("link", name="Tegengehouden gesprekken").click()
    assert page.get_by_text(str(HeldBackReason.NIET_VERZEKERD.label)).is_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"Verzekering vastleggen voor {uninsured.reference}").click()
    assert page.get_by_role("heading", name="Verzekering vastleggen", level=1).is_visible()
    assert_accessible(page)
    page.get_by_label("Zorgverzekeraar").select_option(str(bk_cast.insurer.pk))
    page.get_by_label("Polisnummer").fill("NIEUW-1")
    page.get_by_label("Verzekerd vanaf").fill(held.service_date.isoformat())
    page.get_by_role("button", name="Vastleggen en opnieuw controleren").click()
    assert page.get_by_text("is nu gedeclareerd").is_visible()
    assert Declaratieregel.objects.filter(gesprek__verkennend_gesprek=uninsured).exists()

    page.goto(f"{live_server.url}{reverse('bekostiging:contracten', args=[bk_cast.network.slug])}")
    assert_accessible(page)
    page.get_by_role("link", name="Contract toevoegen").click()
    assert_accessible(page)
    page.goto(
        f"{live_server.url}{reverse('bekostiging:verdeelsleutel', args=[bk_cast.network.slug])}"
    )
    page.get_by_label("Verzekeraar Twee").fill("39.99")
    page.get_by_role("button", name="Verdeelsleutel vastleggen").click()
    assert page.get_by_role("alert").filter(has_text="niet tot precies 100%").is_visible()
    assert_accessible(page)
    # R-NW-3/R-NW-4: the kassier per function and the regional amounts.
    page.goto(f"{live_server.url}{reverse('bekostiging:kassiers', args=[bk_cast.network.slug])}")
    assert page.get_by_role("heading", name="Regie, kassier en regionale bedragen").is_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}{reverse('bekostiging:regel_detail', args=[line.pk])}")
    assert page.get_by_text(line.bsn).is_visible()
    assert_accessible(page)
