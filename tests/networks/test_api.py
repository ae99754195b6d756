from pathlib import Path

from django.core.management import call_command
from django.urls import reverse

import pytest

from mgn.accounts.constants import Role
from tests.networks.factories import NetworkFactory, PartnershipFactory

ROOT = Path(__file__).resolve().parents[2]


def test_the_network_list_holds_only_the_callers_networks(client, cast, other_network):
    client.force_login(cast[Role.HUISARTS])
    body = client.get(reverse("network-list")).json()
    assert [n["slug"] for n in body["results"]] == ["noord"]
    client.force_login(cast["outsider"])
    body = client.get(reverse("network-list")).json()
    assert [n["slug"] for n in body["results"]] == ["zuid"]


def test_a_network_detail_lists_partners_with_ring_and_roles(client, coordinator, network):
    client.force_login(coordinator)
    body = client.get(reverse("network-detail", args=["noord"])).json()
    partners = {p["organisation_name"]: p for p in body["partnerships"]}
    assert partners["Woonstichting Noord"]["ring"] == "buiten"
    assert partners["Woonstichting Noord"]["roles"] == ["R"]
    assert body["regievoerder"] == network.regievoerder_id


def test_an_unknown_or_foreign_network_is_404_in_the_common_error_format(client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("network-detail", args=["noord"]))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 404 and body["title"] == "Niet gevonden"
    assert set(body) == {"type", "title", "status", "detail", "errors"}


def test_an_anonymous_call_is_401_in_the_common_error_format(client, network):
    response = client.get(reverse("organisation-list"))
    assert response.status_code == 401
    assert response.json()["title"] == "Niet ingelogd"


def test_writes_are_not_allowed_on_read_endpoints(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("network-list"), {}, content_type="application/json")
    assert response.status_code == 405
    assert response.json()["status"] == 405


def test_validation_errors_are_mapped_field_by_field():
    from django.core.exceptions import ValidationError

    from rest_framework.test import APIRequestFactory

    from mgn.api.errors import exception_handler

    request = APIRequestFactory().get("/")
    response = exception_handler(
        ValidationError({"agb_code": ["Een AGB-code bestaat uit 8 cijfers."]}), {"request": request}
    )
    assert response.status_code == 400
    assert response.data["errors"] == {
        "agb_code": [{"code": "invalid", "message": "Een AGB-code bestaat uit 8 cijfers."}]
    }


def test_the_committed_openapi_schema_matches_the_code(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(generated))
    committed = (ROOT / "docs" / "openapi.yaml").read_text()
    assert generated.read_text() == committed, "Run `make schema` and commit docs/openapi.yaml"


def test_the_api_docs_are_served_offline(client):
    html = client.get(reverse("api-docs")).content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()


@pytest.mark.parametrize("extra_networks", [0, 12])
def test_api_list_query_count_does_not_grow_with_data(
    client, coordinator, django_assert_num_queries, extra_networks
):
    """The session, the user, and the page's rows with their count (and the regions)."""
    from networks.services.netwerken import network_grant

    for _ in range(extra_networks):
        net = NetworkFactory(complete=True)
        PartnershipFactory(network=net)
        network_grant(network=net, user=coordinator)
    client.force_login(coordinator)
    with django_assert_num_queries(3):
        assert client.get(reverse("network-list")).status_code == 200
    with django_assert_num_queries(3):
        assert client.get(reverse("organisation-list")).status_code == 200
