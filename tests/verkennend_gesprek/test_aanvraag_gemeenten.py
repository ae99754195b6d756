"""Which gemeenten a network serves is decided once (``networks.selectors.netwerken
.gemeenten_served``): the web form offers exactly those, and the API and the service accept
exactly those."""

from django.urls import reverse

import pytest

from networks.selectors.netwerken import gemeenten_served
from tests.networks.factories import GemeenteFactory, RegionFactory

from .test_api import body, post, token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def unlisted(vg_cast):
    """The network lists no gemeenten: it serves every gemeente of its regions."""
    vg_cast.network.gemeenten.clear()
    region = vg_cast.network.regions.first()
    return {
        "inside": GemeenteFactory(name="Binnendorp", region=region),
        "outside": GemeenteFactory(name="Buitendorp", region=RegionFactory()),
    }


@pytest.fixture
def his(vg_cast):
    return token_client(vg_cast.huisarts.user)


def form_gemeenten(client, vg_cast) -> set[str]:
    client.force_login(vg_cast.huisarts.user)
    form = client.get(reverse("verkennend_gesprek:request")).context["form"]
    return {g.cbs_code for g in form.fields["gemeente"].queryset}


def test_the_form_offers_exactly_the_gemeenten_the_network_serves(client, vg_cast, unlisted):
    served = {g.cbs_code for g in gemeenten_served([vg_cast.network.pk])}
    assert unlisted["inside"].cbs_code in served
    assert unlisted["outside"].cbs_code not in served
    assert form_gemeenten(client, vg_cast) == served


def test_the_api_refuses_a_gemeente_the_form_does_not_offer(vg_cast, unlisted, his):
    outside = body(vg_cast, persoon={"gemeente": unlisted["outside"].cbs_code})
    response = post(his, outside, key="outside")
    assert response.status_code == 400, response.json()
    assert "gemeente" in str(response.json())
    inside = body(vg_cast, persoon={"gemeente": unlisted["inside"].cbs_code})
    assert post(his, inside, key="inside").status_code == 201


def test_a_listed_gemeente_limits_the_area_for_form_and_api_alike(client, vg_cast, his):
    region_neighbour = GemeenteFactory(name="Naastdorp", region=vg_cast.network.regions.first())
    assert form_gemeenten(client, vg_cast) == {vg_cast.gemeente.cbs_code}
    response = post(his, body(vg_cast, persoon={"gemeente": region_neighbour.cbs_code}))
    assert response.status_code == 400
