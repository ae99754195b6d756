from django.urls import reverse

import pytest

from mgn.accounts.constants import Role
from networks.services.netwerken import network_grant
from networks.services.organisaties import organisation_grant
from tests.networks.factories import (
    NetworkFactory,
    OrganisationFactory,
    PartnershipFactory,
    ProfessionalFactory,
)


def _grow(coordinator, network, n):
    """Add n networks visible to the coordinator and n partners to `network`."""
    for _ in range(n):
        network_grant(network=NetworkFactory(complete=True), user=coordinator)
        PartnershipFactory(network=network, organisation=OrganisationFactory())
        ProfessionalFactory(organisation=network.regievoerder)


# Queries of each page, the same whatever the number of networks, partners and professionals:
# the session, the user, the menu's roles and acting kinds (one query), then the page's own.
PAGE_QUERIES = {
    "network_list": 4,  # the rows with their count, regions and partner counts
    "network_detail": 11,  # + the transformation plan's aandachtspunten (R-NW-6)
    "organisation_list": 5,
    "organisation_detail": 6,
}


@pytest.mark.parametrize("size", [0, 15])
@pytest.mark.parametrize("page", sorted(PAGE_QUERIES))
def test_page_query_counts_do_not_grow_with_data(
    client, coordinator, network, size, page, django_assert_num_queries
):
    _grow(coordinator, network, size)
    client.force_login(coordinator)
    args = {
        "network_list": [],
        "network_detail": [network.slug],
        "organisation_list": [],
        "organisation_detail": [network.regievoerder_id],
    }[page]
    url = reverse(f"networks:{page}", args=args)
    with django_assert_num_queries(PAGE_QUERIES[page]):
        assert client.get(url).status_code == 200, url


def test_r_nw_1_the_network_page_warns_when_a_domain_is_missing(client, cast):
    network = NetworkFactory(name="MGN Onvolledig", slug="onvolledig")
    network_grant(network=network, user=cast[Role.NETWERKCOORDINATOR])
    client.force_login(cast[Role.NETWERKCOORDINATOR])
    html = client.get(reverse("networks:network_detail", args=["onvolledig"])).content.decode()
    assert "geen uitvoerder uit het sociaal domein" in html
    assert "geen regionale huisartsenorganisatie" in html


def test_r_nw_2_the_network_page_shows_the_role_matrix_by_ring(client, coordinator, network):
    client.force_login(coordinator)
    response = client.get(reverse("networks:network_detail", args=[network.slug]))
    html = response.content.decode()
    assert "Binnenring" in html and "Buitenring" in html
    assert "Woonstichting Noord" in html
    assert response.context["matrix"].warnings == []
    assert "Aandachtspunten" not in html


def test_the_organisation_list_filters_by_kind_and_name(client, coordinator, network):
    client.force_login(coordinator)
    response = client.get(reverse("networks:organisation_list"), {"soort": "zorgverzekeraar"})
    names = [o.name for o in response.context["page"]]
    assert names == ["Verzekeraar Noord"]
    response = client.get(reverse("networks:organisation_list"), {"q": "woon"})
    assert [o.name for o in response.context["page"]] == ["Woonstichting Noord"]


def test_an_insurer_granted_directly_sees_its_organisation_without_a_network(client, db):
    from tests.accounts.factories import UserFactory

    insurer = OrganisationFactory(zorgverzekeraar=True, name="Losse Verzekeraar")
    user = UserFactory(roles=[Role.ZORGVERZEKERAAR])
    organisation_grant(organisation=insurer, user=user)
    client.force_login(user)
    assert client.get(reverse("networks:organisation_detail", args=[insurer.pk])).status_code == 200
    assert client.get(reverse("networks:network_list")).context["page"].paginator.count == 0


def test_navigation_follows_the_role(client, cast):
    client.force_login(cast[Role.HUISARTS])
    labels = [i["label"] for i in client.get(reverse("networks:network_list")).context["nav_items"]]
    assert "Toegangslog" not in labels and "Netwerken" in labels
    client.force_login(cast[Role.BEHEERDER])
    labels = [i["label"] for i in client.get(reverse("networks:network_list")).context["nav_items"]]
    assert "Toegangslog" in labels and "Beheer" in labels


def test_only_the_most_specific_navigation_item_is_current(client, coordinator):
    client.force_login(coordinator)
    items = client.get(reverse("networks:organisation_list")).context["nav_items"]
    assert [i["label"] for i in items if i["active"]] == ["Organisaties"]


def test_the_network_page_links_to_the_verkennend_gesprek_indicators(client, coordinator, network):
    client.force_login(coordinator)
    html = client.get(reverse("networks:network_detail", args=[network.slug])).content.decode()
    assert reverse("verkennend_gesprek:indicatoren", args=[network.slug]) in html
