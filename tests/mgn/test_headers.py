"""Response headers: a Content-Security-Policy without inline script, a Permissions-Policy,
and Cache-Control: no-store on everything a signed-in user or an API client receives."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from mgn.accounts.constants import Role
from mgn.accounts.models import ApiToken
from tests.verkennend_gesprek.cast import make_vg
from verkennend_gesprek.constants import Status


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def _assert_no_store(response):
    cache_control = {v.strip() for v in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control, response["Cache-Control"]


def test_a_person_page_sends_csp_permissions_policy_and_no_store(client, vg_cast):
    vg = make_vg(vg_cast, Status.ADVIES)
    client.force_login(vg_cast.huisarts.user)
    response = client.get(reverse("verkennend_gesprek:detail", args=[vg.pk]))
    assert response.status_code == 200
    assert vg.persoon.family_name in response.content.decode()  # a page with person data

    csp = _directives(response)
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert csp["default-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]

    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy

    _assert_no_store(response)


def test_every_answer_to_a_signed_in_user_is_no_store(client, cast, vg_cast):
    vg = make_vg(vg_cast, Status.ADVIES)
    client.force_login(cast[Role.NETWERKCOORDINATOR])
    for url in (
        reverse("verkennend_gesprek:list"),
        reverse("verkennend-gesprek-detail", args=[vg.pk]),
        reverse("networks:network_list"),
        "/netwerken/bestaat-niet/",  # errors too
    ):
        _assert_no_store(client.get(url))


def test_an_api_token_client_gets_no_store(client, cast):
    _token, key = ApiToken.issue(user=cast[Role.HUISARTS], name="HIS")
    response = client.get(reverse("network-list"), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    _assert_no_store(response)
    assert "Content-Security-Policy" in response
    assert "Permissions-Policy" in response


def test_the_login_page_has_the_policy_too(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert _directives(response)["script-src"] == ["'self'"]
    assert "camera=()" in response["Permissions-Policy"]


def test_the_api_docs_load_their_script_from_a_url(client, db):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.DOTALL)
    assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts)
    csp = _directives(response)
    assert csp["script-src"] == ["'self'"]  # only styles are relaxed on the docs pages
    assert "'unsafe-inline'" in csp["style-src"]
    init = client.get(reverse("api-docs") + "?script=")
    assert init.status_code == 200
    assert init["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in init.content.decode()

    redoc = client.get(reverse("api-redoc")).content.decode()
    assert "<script>" not in redoc
    assert "fonts.googleapis.com" not in redoc


TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates"] + [
    path
    for app in ("networks", "wachttijden", "verkennend_gesprek", "bekostiging", "mgn")
    for path in (Path(settings.BASE_DIR) / app).glob("**/templates")
]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)


def test_no_template_holds_inline_script_or_style():
    """The policy allows no inline script or style; PDF templates are rendered by WeasyPrint
    on the server and never served as a page, so they may keep their <style>."""
    templates = [
        path
        for directory in TEMPLATE_DIRS
        for path in directory.glob("**/*.html")
        if "pdf" not in path.relative_to(directory).parts
    ]
    assert len(templates) > 50
    offending = [
        f"{path}: {pattern.pattern}"
        for path in templates
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, STYLE)
        if pattern.search(path.read_text())
        and path.name != "redoc.html"  # the API docs page: relaxed styles (settings.security)
    ]
    assert not offending, offending
    assert 'name="htmx-config"' in (TEMPLATE_DIRS[0] / "base.html").read_text()
