"""The sociale kaart (R-WT-7) on a phone: the kaart, a filter, an offer, the missing-offer
list and the provider's forms neither scroll sideways nor fail axe-core."""

from decimal import Decimal

from django.urls import reverse

import pytest

from tests.browser import assert_accessible, login
from tests.wachttijden.factories import EIGHT, offer
from wachttijden.constants import AanbodDomain, Category
from wachttijden.services import aanbod as services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

KAART = reverse("wachttijden:sociale_kaart")
MISSING = reverse("wachttijden:missing")
CREATE = reverse("wachttijden:aanbod_create")


def detail_url(aanbod):
    return reverse("wachttijden:aanbod_detail", args=[aanbod.pk])


def edit_url(aanbod):
    return reverse("wachttijden:aanbod_edit", args=[aanbod.pk])


def test_the_kaart_pages_work_on_a_phone(live_server, wt_cast, password, browser):
    for category in EIGHT:
        offer(
            wt_cast,
            name=f"Een aanbod met een lange naam voor {str(Category(category).label).lower()}",
            category=category,
            domain=AanbodDomain.SD,
            contact="aanmelden@een-heel-lange-domeinnaam-voor-een-aanbieder.example.nl",
            declared_wait_weeks=Decimal("3"),
            served=wt_cast.gemeenten,
        )
    services.ontbrekend_create(
        user=wt_cast.coordinator,
        network=wt_cast.network,
        category=Category.WONEN,
        description="Geen beschermd wonen voor jongeren in de regio",
    )
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        login(page, live_server, wt_cast.coordinator.email, password)
        page.wait_for_url(f"{live_server.url}/**")
        for url in (
            KAART,
            f"{KAART}?categorie=wonen&laagdrempelig=on",
            detail_url(wt_cast.aanbod),
            MISSING,
        ):
            page.goto(f"{live_server.url}{url}")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 391, f"{url} scrolls sideways on a phone ({width}px)"
            assert_accessible(page)
        page.get_by_role("button", name="Uitloggen").click()
        login(page, live_server, wt_cast.provider_user.email, password)
        page.wait_for_url(f"{live_server.url}/**")
        for url in (CREATE, edit_url(wt_cast.aanbod)):
            page.goto(f"{live_server.url}{url}")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 391, f"{url} scrolls sideways on a phone ({width}px)"
            assert_accessible(page)
    finally:
        context.close()
