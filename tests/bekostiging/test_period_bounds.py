"""Bounds on bekostiging's dates (docs/input-limits.md): contract, insurance, export and
filter periods lie between 01-01-2000 and ten years ahead, in forms and the API."""

from django.urls import reverse

import pytest

from bekostiging.forms.contracten import ContractForm
from bekostiging.forms.declaraties import VerzekeringForm
from bekostiging.models import Export

from .test_api import LIST_URL, token_client
from .test_exports import xlsx_export_form

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = [("0001-01-01", "vóór 01-01-2000"), ("2999-12-31", "controleer het jaar")]


@pytest.mark.parametrize(("day", "message"), OUT_OF_RANGE)
def test_the_contract_form_refuses_an_implausible_period(bk_cast, day, message):
    form = ContractForm({"starts_on": day, "ends_on": day}, network=bk_cast.network)
    assert not form.is_valid()
    assert message in form.errors["starts_on"][0]
    assert message in form.errors["ends_on"][0]


@pytest.mark.parametrize(("day", "message"), OUT_OF_RANGE)
def test_the_insurance_form_refuses_an_implausible_period(bk_cast, day, message):
    form = VerzekeringForm({"starts_on": day, "ends_on": day}, persoon=None)
    assert not form.is_valid()
    assert message in form.errors["starts_on"][0]
    assert message in form.errors["ends_on"][0]


@pytest.mark.parametrize(("day", "message"), OUT_OF_RANGE)
def test_an_export_of_an_implausible_period_is_refused_and_not_made(client, bk_cast, day, message):
    client.force_login(bk_cast.insurer_user)
    response = client.post(
        reverse("bekostiging:export_create"), {**xlsx_export_form(bk_cast), "van": day}, follow=True
    )
    shown = [str(m) for m in response.context["messages"]]
    assert any("De export is niet gemaakt: Periode vanaf:" in m and message in m for m in shown)
    assert not Export.objects.exists()


@pytest.mark.parametrize(("day", "message"), OUT_OF_RANGE)
def test_the_api_filter_refuses_an_implausible_date_with_a_400(bk_cast, day, message):
    response = token_client(bk_cast.insurer_user).get(LIST_URL, {"van": day})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert message in response.json()["errors"]["van"][0]["message"]
