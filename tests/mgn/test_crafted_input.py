"""Crafted input gets a 4xx, never a 500: control characters (NUL above all) in the path,
the query string, form fields and JSON, JSON nested 50,000 deep and bodies over the limit,
on every route of the authorization matrix. API errors are always problem+json."""

import io
import json
from urllib.parse import urlencode

from django.test import RequestFactory
from django.urls import reverse

import pytest
from rest_framework import exceptions

from mgn import views
from mgn.accounts.constants import Role
from mgn.accounts.models import ApiToken
from mgn.api.parsers import MAX_JSON_DEPTH, CappedJSONParser, JSONParser, json_loads
from tests import test_authorization_matrix as matrix

world = matrix.world  # the matrix's world: every route has something to open

PROBLEM = "application/problem+json"
DEEP_JSON = "[" * 50_000 + "]" * 50_000
NUL_JSON = json.dumps({"\u0000sleutel": "waarde\u0000", "gemeente": "\u0000", "network": "\x00"})


def _actor(route):
    """Who gets furthest into the route: someone allowed, else the provider, else anyone."""
    if route.public:
        return None
    if route.allowed:
        return sorted(route.allowed)[0]
    if route.provider_status is not None:
        return matrix.PROVIDER
    return Role.NETWERKCOORDINATOR


def _is_api(url: str) -> bool:
    return url.startswith("/api/")


def _assert_refused(response, url, expected=400):
    assert response.status_code == expected, f"{url}: {response.status_code}"
    if _is_api(url):
        assert response["Content-Type"] == PROBLEM, url
        assert response.json()["status"] == expected
    else:
        assert response["Content-Type"].startswith("text/html"), url
        assert "Foutcode 400" in response.content.decode()


@pytest.mark.parametrize("name", sorted(matrix.ROUTES))
def test_crafted_input_on_every_route_is_a_4xx(client, world, name):
    route = matrix.ROUTES[name]
    url = reverse(name, kwargs=route.kwargs(world))
    query = urlencode(route.query(world)) if route.query is not None else ""
    actor = _actor(route)
    if actor is not None:
        client.force_login(world.cast[actor])
    method = route.method.upper()

    # NUL (or another control character) in a query value or key, or in the path.
    for crafted in ("gemeente=%00", "q=a%00b", "regio=%01", "%00=1", "pagina=%1b"):
        target = f"{url}?{query}&{crafted}" if query else f"{url}?{crafted}"
        _assert_refused(client.generic(method, target), url)
    for crafted in (url.rstrip("/") + "%00/", url + "%00", url.rstrip("/") + "/%7f", url + "%0a"):
        _assert_refused(client.generic(method, crafted), crafted)

    target = f"{url}?{query}" if query else url
    # NUL in a form field (the pages' forms, and the API's form parser); a GET has no form.
    form = urlencode({"naam": "x\x00", "q": "\x00", "regio": "noord\x00"})
    response = client.generic(
        method, target, form, content_type="application/x-www-form-urlencoded"
    )
    if method == "GET":
        assert response.status_code < 500
    else:
        _assert_refused(response, url)

    # JSON nested 50,000 deep and JSON with NUL in its strings: refused where the body is
    # read, ignored where it is not, never a crash.
    for body in (DEEP_JSON, NUL_JSON):
        response = client.generic(method, target, body, content_type="application/json")
        assert response.status_code < 500, f"{name}: {response.status_code}"
        if _is_api(url) and response.status_code >= 400:
            assert response["Content-Type"] == PROBLEM


def token_client(client, user):
    _token, key = ApiToken.issue(user=user, name="Systeem")
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {key}"
    return client


def test_the_examples_from_the_field_are_refused_with_a_400(client, cast, wt_cast):
    client.force_login(cast[Role.NETWERKCOORDINATOR])
    for url in (
        "/wachttijden/dashboard/?regio=%00",
        "/netwerken/organisaties/?q=%00",
        "/wachttijden/centrale-wachtlijst/?regio=%00",
        "/wachttijden/dashboard/csv/?regio=%00",
    ):
        _assert_refused(client.get(url), url)
    for url in ("/api/v1/networks/%00/", "/api/v1/networks/?gemeente=%00"):
        _assert_refused(client.get(url), url)


def test_the_refusal_is_the_same_with_debug_on(client, cast, settings):
    # With DEBUG Django would answer a raised BadRequest with its technical HTML page;
    # the guard answers through handler400 itself, so the API stays problem+json.
    settings.DEBUG = True
    client.force_login(cast[Role.NETWERKCOORDINATOR])
    api = client.get("/api/v1/networks/%00/")
    assert api.status_code == 400 and api["Content-Type"].startswith(PROBLEM)
    page = client.get("/netwerken/organisaties/?q=%00")
    assert page.status_code == 400 and "onzichtbaar stuurteken" in page.content.decode()


def test_a_crafted_json_body_is_a_problem_not_a_crash(client, wt_cast):
    """The provider's intake places (DRF's JSON parser before) and waiting list (the
    capped parser) refuse NUL and deep nesting with problem details."""
    client.force_login(wt_cast.provider_user)
    slots = reverse("aanbod-intakeplekken", kwargs={"pk": wt_cast.aanbod.pk})
    wachtlijst = reverse("aanbod-wachtlijst", kwargs={"pk": wt_cast.aanbod.pk})
    for method, url in (("PUT", slots), ("POST", wachtlijst)):
        for body in (DEEP_JSON, NUL_JSON, '{"rijen": [{"bsn": "1\\u0000"}]}'):
            response = client.generic(method, url, body, content_type="application/json")
            assert response.status_code == 400, (url, body[:20], response.status_code)
            assert response["Content-Type"] == PROBLEM
            assert "Ongeldige JSON" in response.json()["detail"]


def test_an_api_url_that_does_not_match_is_a_problem_404(client, cast, vg_cast):
    token_client(client, cast[Role.HUISARTS])
    for url in (
        "/api/v1/verkennende-gesprekken/abc/",
        "/api/v1/verkennende-gesprekken/1.5/",
        "/api/v1/bestaat-niet/",
        "/api/v1/aanbod/x/wachtlijst/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == PROBLEM
        assert response.json() == {
            "type": "https://mgn.example/problems/404",
            "title": "Niet gevonden",
            "status": 404,
            "detail": "Niet gevonden.",
            "errors": {},
        }


def test_a_page_that_does_not_exist_is_still_the_html_404(client, cast):
    client.force_login(cast[Role.HUISARTS])
    response = client.get("/netwerken/bestaat/niet/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "Foutcode 404" in response.content.decode()


def test_a_10_mb_body_to_the_api_is_a_problem_413(client, cast, wt_cast):
    ten_mb = "x" * (10 * 1024 * 1024)
    client.force_login(wt_cast.provider_user)
    slots = reverse("aanbod-intakeplekken", kwargs={"pk": wt_cast.aanbod.pk})
    response = client.put(slots, json.dumps({"weken": ten_mb}), content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == PROBLEM
    assert response.json()["detail"] == "Het verzoek is groter dan 2 MB."
    # Over Django's own limit (DATA_UPLOAD_MAX_MEMORY_SIZE) a form body never reaches DRF.
    response = client.post(
        reverse("network-list"),
        urlencode({"naam": ten_mb}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert response["Content-Type"] == PROBLEM
    assert response.json()["title"] == "Verzoek te groot"


def test_a_10_mb_form_to_a_page_is_the_html_400(client, cast):
    client.force_login(cast[Role.HUISARTS])
    response = client.post(
        reverse("verkennend_gesprek:request"),
        urlencode({"naam": "x" * (10 * 1024 * 1024)}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "Foutcode 400" in response.content.decode()


def test_a_nul_in_a_multipart_form_is_refused(client, cast):
    client.force_login(cast[Role.HUISARTS])
    response = client.post(reverse("verkennend_gesprek:request"), {"reden": "hulp\x00"})
    _assert_refused(response, reverse("verkennend_gesprek:request"))


def test_tab_and_newlines_in_a_form_are_ordinary_text(client, cast):
    client.force_login(cast[Role.HUISARTS])
    response = client.get(reverse("networks:organisation_list"), {"q": "a\tb\r\nc"})
    assert response.status_code == 200


def test_the_api_answers_403_and_500_from_django_as_problems():
    request = RequestFactory().get("/api/v1/networks/")
    response = views.server_error(request)
    assert response.status_code == 500
    assert response["Content-Type"] == PROBLEM
    assert json.loads(response.content)["title"] == "Serverfout"
    response = views.permission_denied(request, exceptions.PermissionDenied())
    assert response.status_code == 403
    assert json.loads(response.content)["title"] == "Geen toegang"


def test_json_loads_refuses_control_characters_and_deep_nesting():
    with pytest.raises(exceptions.ParseError, match="stuurteken"):
        json_loads('{"persoon": {"gemeente": "\\u0000"}}')
    with pytest.raises(exceptions.ParseError, match="stuurteken"):
        json_loads('{"a\\u001f": 1}')
    with pytest.raises(exceptions.ParseError, match="stuurteken"):
        json_loads('["\\\\\\u0000"]')  # an escaped backslash, then NUL
    with pytest.raises(exceptions.ParseError, match="genest"):
        json_loads(DEEP_JSON)
    with pytest.raises(exceptions.ParseError, match="genest"):
        json_loads('{"a": ' * (MAX_JSON_DEPTH + 1) + "1" + "}" * (MAX_JSON_DEPTH + 1))
    with pytest.raises(exceptions.ParseError, match="NaN"):
        json_loads("[NaN]")


def test_json_loads_keeps_ordinary_text():
    # An escaped backslash followed by the letters u0000, tab and newline escapes, brackets
    # inside strings and nesting up to the limit are all ordinary JSON.
    assert json_loads('["\\\\u0000", "a\\tb\\nc", "[[[[{{{{"]') == [
        "\\u0000",
        "a\tb\nc",
        "[[[[{{{{",
    ]
    nested = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert json_loads(nested) is not None


def test_every_json_parser_uses_the_guard():
    for parser in (JSONParser(), CappedJSONParser()):
        with pytest.raises(exceptions.ParseError):
            parser.parse(io.BytesIO(DEEP_JSON.encode()))
        with pytest.raises(exceptions.ParseError):
            parser.parse(io.BytesIO(NUL_JSON.encode()))
        assert parser.parse(io.BytesIO(b'{"a": [1]}')) == {"a": [1]}
