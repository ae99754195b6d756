"""R-WT-7: only a ggz treatment offer must name its zorgvraagtypen; the demo's wachtverzachter
(a low-threshold ggz offer) and SD offers save without one, through the provider's form."""

from django.urls import reverse

import pytest

from mgn.accounts.models import User
from networks import demo as networks_demo
from wachttijden import demo
from wachttijden.constants import AanbodDomain, Category
from wachttijden.forms.aanbod import AanbodForm, regions_for_providers
from wachttijden.models import Aanbod
from wachttijden.models.aanbod import zorgvraagtype_required


def _post_body(aanbod: Aanbod, **overrides) -> dict:
    """The edit form's POST body as the browser sends it unchanged (its current values)."""
    form = AanbodForm(
        instance=aanbod,
        providers=[aanbod.provider],
        regions=regions_for_providers([aanbod.provider]),
    )
    body = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                body[name] = "on"
        elif isinstance(value, list | tuple):
            body[name] = [getattr(v, "pk", v) for v in value]
        elif value is not None:
            body[name] = getattr(value, "pk", value)
    body.update(overrides)
    return body


@pytest.fixture
def demo_provider(client, db):
    networks_demo.seed_demo()
    demo.seed_demo()
    client.force_login(User.objects.get(email=demo.PROVIDER_LOGIN[0]))
    return client


def test_r_wt_7_the_demo_wachtverzachter_saves_without_a_zorgvraagtype(demo_provider):
    offer = Aanbod.objects.get(name="Wachtverzachter: lotgenotengroep online")
    assert offer.domain == AanbodDomain.GGZ and offer.category == Category.WACHTVERZACHTER
    assert not offer.zorgvraagtypes.exists()
    url = reverse("wachttijden:aanbod_edit", args=[offer.pk])
    body = _post_body(offer, contact="wachtverzachter@ggzveenland.example, 0599-000 250")
    response = demo_provider.post(url, body)
    assert response.status_code == 302, response.context["form"].errors
    offer.refresh_from_db()
    assert offer.contact == "wachtverzachter@ggzveenland.example, 0599-000 250"
    assert not offer.zorgvraagtypes.exists()


def test_r_wt_7_a_ggz_treatment_offer_still_needs_a_zorgvraagtype(demo_provider):
    offer = Aanbod.objects.get(name="Specialistische ggz volwassenen")
    url = reverse("wachttijden:aanbod_edit", args=[offer.pk])
    response = demo_provider.post(url, _post_body(offer, zorgvraagtypes=[]))
    assert response.status_code == 200
    assert response.context["form"].errors["zorgvraagtypes"] == [
        "Kies bij ggz-behandeling minstens één zorgvraagtype."
    ]
    assert offer.zorgvraagtypes.count() == 7


@pytest.mark.parametrize(
    ("domain", "category", "required"),
    [
        (AanbodDomain.GGZ, Category.GGZ_BEHANDELING, True),
        (AanbodDomain.GGZ, Category.WACHTVERZACHTER, False),
        (AanbodDomain.GGZ, Category.EHEALTH, False),
        (AanbodDomain.GGZ, Category.STEUNPUNT, False),
        (AanbodDomain.SD, Category.STEUNPUNT, False),
        (AanbodDomain.SD, Category.SOCIAAL_WERK, False),
        (AanbodDomain.HUISARTS, Category.OVERIG, False),
    ],
)
def test_r_wt_7_only_ggz_treatment_requires_a_zorgvraagtype(domain, category, required):
    assert zorgvraagtype_required(domain, category) is required
