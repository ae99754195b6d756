"""R-PR-2: the platform beheerder sees no person data, the admin site included; and every
role's menu holds only pages the role can open."""

import re
from html import unescape

from django.apps import apps
from django.contrib import admin
from django.urls import reverse

import pytest

from mgn.accounts.constants import Role
from mgn.audit.admin import mask_identifier
from tests import test_authorization_matrix as authz
from verkennend_gesprek.models import Persoon

OUTSIDER, PROVIDER = authz.OUTSIDER, authz.PROVIDER
world = authz.world  # the authorization matrix's world, a fixture

# Models that hold a person's data: not in the admin for anyone.
PERSON_MODELS = [
    "verkennend_gesprek.persoon",
    "verkennend_gesprek.verkennendgesprek",
    "verkennend_gesprek.gesprek",
    "verkennend_gesprek.deelnemer",
    "verkennend_gesprek.advies",
    "verkennend_gesprek.afspraak",
    "verkennend_gesprek.adviesbrief",
    "bekostiging.declaratieregel",
    "bekostiging.verzekering",
    "bekostiging.tegengehoudendeclaratie",
    "bekostiging.exportregel",
    "wachttijden.wachtplek",
]
# A field with one of these names makes a model person data.
PERSON_FIELD_NAMES = {
    "bsn",
    "date_of_birth",
    "policy_number",
    "hulpvraag",
    "summary",
    "pseudonym",
    "persoon",
    "verkennend_gesprek",
    "gesprek",
}
# The access log's identifier is masked there; its own fields are about the access.
NOT_PERSON_DATA = {"audit.accesslogentry"}


def test_R_PR_2_no_person_data_model_is_in_the_admin():
    registered = {m._meta.label_lower for m in admin.site._registry}
    assert not registered & set(PERSON_MODELS)
    for model in admin.site._registry:
        names = {f.name for f in model._meta.fields}
        label = model._meta.label_lower
        if label not in NOT_PERSON_DATA:
            assert not names & PERSON_FIELD_NAMES, f"{label} holds person data"


@pytest.mark.parametrize("label", PERSON_MODELS)
def test_R_PR_2_the_beheerder_gets_404_on_every_person_data_admin_page(client, world, label):
    app_label, model_name = label.split(".")
    model = apps.get_model(app_label, model_name)
    pk = model.objects.values_list("pk", flat=True).first() or 1
    client.force_login(world.cast[Role.BEHEERDER])
    base = f"{reverse('admin:index')}{app_label}/{model_name}/"
    for url in (base, f"{base}{pk}/change/", f"{base}add/"):
        assert client.get(url).status_code == 404, url
    index = client.get(reverse("admin:index")).content.decode()
    assert f"/{app_label}/{model_name}/" not in index
    assert str(model._meta.verbose_name_plural).capitalize() not in index


def _links(html: str, prefix: str) -> set[str]:
    return {
        unescape(href).split("?")[0]
        for href in re.findall(r'href="([^"#]+)"', html)
        if href.startswith(prefix)
    }


def test_R_PR_2_no_admin_page_the_beheerder_opens_shows_a_bsn(client, world):
    """Crawl the admin from its index: every changelist and the change page of its first
    rows. No BSN, date of birth, policy number, name or hulpvraag of any person."""
    # Reads by a huisarts and a coordinator put the persons in the access log.
    client.force_login(world.cast[Role.HUISARTS])
    client.get(reverse("verkennend_gesprek:detail", args=[world.vg.pk]))
    client.force_login(world.cast[Role.NETWERKCOORDINATOR])
    client.get(reverse("verkennend_gesprek:list"))
    secrets = set()
    for persoon in Persoon.objects.all():
        secrets |= {persoon.bsn, persoon.policy_number, persoon.family_name}
    secrets.add(world.vg.hulpvraag[:30])
    admin_root = reverse("admin:index")
    client.force_login(world.cast[Role.BEHEERDER])
    seen, todo, opened = set(), [admin_root], 0
    while todo and opened < 200:
        url = todo.pop()
        if url in seen or url.endswith(("/logout/", "/delete/", "/history/", "/password/")):
            continue
        seen.add(url)
        response = client.get(url)
        opened += 1
        assert response.status_code in {200, 302, 403}, (url, response.status_code)
        if response.status_code != 200:
            continue
        html = response.content.decode()
        shown = [s for s in secrets if s and s in html]
        assert not shown, f"{url} shows {shown}"
        depth = url[len(admin_root) :].count("/")
        if depth < 3:  # the index, an app, a changelist: follow on to change pages
            todo.extend(sorted(_links(html, admin_root) - seen)[:40])
    assert opened > 10


def test_R_PR_2_the_access_log_admin_masks_the_person(client, world):
    client.force_login(world.cast[Role.HUISARTS])
    client.get(reverse("verkennend_gesprek:detail", args=[world.vg.pk]))
    bsn = world.vg.persoon.bsn
    client.force_login(world.cast[Role.BEHEERDER])
    url = reverse("admin:audit_accesslogentry_changelist")
    html = client.get(url, {"q": bsn}).content.decode()
    assert mask_identifier(bsn) == f"****{bsn[-3:]}"
    assert mask_identifier(bsn) in html
    # Only the search box and its links echo what the beheerder typed in.
    assert bsn not in html.replace(f'value="{bsn}"', "").replace(f"q={bsn}", "").replace(
        f"q%3D{bsn}", ""
    )


MENU_ACTORS = [*Role.values, OUTSIDER, PROVIDER]


@pytest.mark.parametrize("actor", MENU_ACTORS)
def test_R_PR_2_every_menu_link_opens_for_every_role(client, world, actor):
    """The menu derives from the views' own checks: no link ends in 403 or 404."""
    client.force_login(world.cast[actor])
    response = client.get(reverse("networks:network_list"))
    items = response.context["nav_items"]
    assert items
    for item in items:
        answer = client.get(item["url"])
        assert answer.status_code == 200, f"{actor}: {item['label']} {item['url']}"


def test_R_PR_2_the_beheerders_menu_has_no_coordinator_pages(client, world):
    client.force_login(world.cast[Role.BEHEERDER])
    labels = {i["label"] for i in client.get(reverse("home"), follow=True).context["nav_items"]}
    assert not labels & {"Planning", "Vervolg", "Wachttijden", "Begroting"}
    assert {"Toegangslog", "Beheer"} <= labels
