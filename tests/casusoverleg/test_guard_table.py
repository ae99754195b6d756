"""The identifier guard's table (tests/mgn/test_identifier_guard.py: BLOCK and PASS) run
through the registration of a case, in the web form and in the API (R-DOC-1: a case is
discussed anonymously). Every blocking text is refused with the kind named and nothing
saved; every passing text registers a case. Each table is walked in one test (the cast is
built once), and every example that went wrong is listed."""

from django.urls import reverse

import pytest
from rest_framework.test import APIClient

from casusoverleg.models import Casus
from mgn.identifier_guard import IdentifierKind
from tests.casusoverleg.test_api import registration
from tests.casusoverleg.test_pages import form_data
from tests.mgn.test_identifier_guard import BLOCK, PASS

pytestmark = pytest.mark.django_db


def test_the_tables_hold_at_least_40_examples_each():
    assert len(BLOCK) >= 40 and len(PASS) >= 40


def _form_post(client, co, text):
    return client.post(
        reverse("casusoverleg:casus_register", args=[co.reeks.pk]), form_data(co, situatie=text)
    )


def test_R_DOC_1_the_registration_form_blocks_every_identifier_of_the_table(client, co):
    client.force_login(co.sd_user)
    wrong = []
    for text, kind in BLOCK:
        response = _form_post(client, co, text)
        errors = response.context["form"].errors.get("situatie", []) if response.context else []
        message = " ".join(errors)
        if response.status_code != 200 or str(IdentifierKind(kind).label) not in message:
            wrong.append((text, response.status_code, message))
    assert wrong == []
    assert not Casus.objects.exists()


def test_R_DOC_1_the_registration_form_passes_every_ordinary_text_of_the_table(client, co):
    client.force_login(co.sd_user)
    wrong = []
    for text in PASS:
        response = _form_post(client, co, text)
        if response.status_code != 302:
            errors = response.context["form"].errors if response.context else {}
            wrong.append((text, response.status_code, dict(errors)))
    assert wrong == []
    assert Casus.objects.count() == len(PASS)
    assert set(Casus.objects.values_list("situatie", flat=True)) == {t.strip() for t in PASS}


def _api_post(co, text):
    client = APIClient()
    client.force_authenticate(co.huisarts)
    return client.post(
        reverse("casusoverleg-casus-create", args=[co.reeks.pk]),
        registration(co, situatie=text),
        format="json",
    )


def test_R_DOC_1_the_api_blocks_every_identifier_of_the_table(co):
    wrong = []
    for text, kind in BLOCK:
        response = _api_post(co, text)
        body = response.json()
        messages = [e["message"] for e in body.get("errors", {}).get("situatie", [])]
        message = " ".join(messages)
        if response.status_code != 400 or str(IdentifierKind(kind).label) not in message:
            wrong.append((text, response.status_code, body))
        elif any(part in response.content.decode() for part in _identifier_parts(text, kind)):
            wrong.append((text, "echoed", body))
    assert wrong == []
    assert not Casus.objects.exists()


def test_R_DOC_1_the_api_passes_every_ordinary_text_of_the_table(co):
    wrong = []
    for text in PASS:
        response = _api_post(co, text)
        if response.status_code != 201:
            wrong.append((text, response.status_code, response.json()))
    assert wrong == []
    assert Casus.objects.count() == len(PASS)


def _identifier_parts(text, kind):
    """The identifier found in ``text`` as the guard saw it (never to be sent back)."""
    from mgn.identifier_guard import find_identifiers

    return [text[hit.start : hit.end] for hit in find_identifiers(text) if hit.kind == kind]
