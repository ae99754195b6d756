"""What the OpenAPI schema promises about errors, and the answers that keep those promises."""

from django.urls import reverse

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from mgn.accounts.models import ApiToken

BODY_METHODS = {"post", "put", "patch"}


@pytest.fixture(scope="module")
def operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (method.upper(), path, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]


def test_every_error_is_documented_as_problem_json_and_every_success_as_json(operations):
    assert operations
    for method, path, operation in operations:
        for code, response in operation["responses"].items():
            media_types = set(response.get("content", {}))
            if int(code) >= 400:
                assert media_types == {"application/problem+json"}, (method, path, code)
                schema = response["content"]["application/problem+json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Problem"}, (method, path, code)
            else:
                assert media_types <= {"application/json"}, (method, path, code)


def test_every_operation_documents_the_errors_it_can_answer(operations):
    for method, path, operation in operations:
        codes = set(operation["responses"])
        assert {"400", "401", "429"} <= codes, (method, path)
        assert "Retry-After" in operation["responses"]["429"]["headers"]
        if method.lower() in BODY_METHODS:
            assert {"400", "403", "413", "415"} <= codes, (method, path)
        if "{" in path:
            assert "404" in codes, (method, path)


def test_only_the_verdict_on_one_line_and_a_new_request_document_a_conflict(operations):
    """The verdict on a line in the wrong state; a request for a person with an open one."""
    conflicts = [(method, path) for method, path, op in operations if "409" in op["responses"]]
    assert sorted(conflicts) == [
        ("POST", "/api/v1/declaraties/{reference}/oordeel/"),
        ("POST", "/api/v1/verkennende-gesprekken/"),
    ]


def test_an_offer_without_website_answers_null(wt_cast):
    wt_cast.aanbod.website = ""
    wt_cast.aanbod.save(update_fields=["website"])
    wt_cast.other_aanbod.website = "https://anders.example.nl"
    wt_cast.other_aanbod.save(update_fields=["website"])
    _token, key = ApiToken.issue(user=wt_cast.coordinator, name="test")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    body = client.get(reverse("aanbod-list")).json()
    websites = {row["id"]: row["website"] for row in body["results"]}
    assert websites == {
        wt_cast.aanbod.pk: None,
        wt_cast.other_aanbod.pk: "https://anders.example.nl",
    }


@pytest.mark.parametrize(
    "path", ["/api/v1/aanbod/0.5/", "/api/v1/aanbod/x/wachtlijst/", "/api/v1/bestaat-niet/"]
)
def test_an_unknown_api_url_answers_404_as_problem_details(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "https://mgn.example/problems/404",
        "title": "Niet gevonden",
        "status": 404,
        "detail": "Niet gevonden.",
        "errors": {},
    }


def test_an_unknown_page_outside_the_api_stays_the_html_page(client, db):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
