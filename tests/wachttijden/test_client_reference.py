"""The provider's own client reference (issue 13, part 4): an optional column of the
waiting-list upload, stored on the entry, shown only to the provider that holds it."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest
from rest_framework.test import APIClient

from tests.transfer.factories import make_tafel, seat
from tests.wachttijden.factories import BSN_A, BSN_B
from wachttijden.models import Wachtplek
from wachttijden.services import levering_wachtlijst

pytestmark = pytest.mark.django_db

REFERENCE = "DOSSIER-4711"


def days_ago(n: int) -> str:
    return (timezone.localdate() - timedelta(days=n)).isoformat()


def _upload(wt_cast, reference=REFERENCE, bsn=BSN_A):
    text = (
        "bsn;aanmelddatum;urgentie;zorgvraagtype;clientreferentie\n"
        f"{bsn};{days_ago(30)};normaal;3;{reference}\n"
    )
    return levering_wachtlijst.wachtlijst_upload(
        aanbod=wt_cast.aanbod, user=wt_cast.provider_user, rows=text
    )


def test_the_client_reference_is_uploaded_and_kept(wt_cast):
    upload = _upload(wt_cast)
    assert upload.accepted, upload.errors
    assert Wachtplek.objects.get(aanbod=wt_cast.aanbod).client_reference == REFERENCE


def test_the_client_reference_comes_through_the_api_rows_too(wt_cast):
    api = APIClient()
    api.force_authenticate(wt_cast.provider_user)
    rows = [
        {
            "bsn": BSN_B,
            "aanmelddatum": days_ago(20),
            "urgentie": "hoog",
            "zorgvraagtype": 4,
            "clientreferentie": "K-12",
        }
    ]
    response = api.post(
        reverse("aanbod-wachtlijst", args=[wt_cast.aanbod.pk]), {"rows": rows}, format="json"
    )
    assert response.status_code == 201, response.content
    assert Wachtplek.objects.get(aanbod=wt_cast.aanbod).client_reference == "K-12"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("x" * 41, "Hoogstens 40 tekens"),
        (f"cl-{BSN_A}", "geen BSN"),
    ],
)
def test_a_bad_client_reference_refuses_the_file(wt_cast, value, reason):
    upload = _upload(wt_cast, reference=value)
    assert not upload.accepted
    assert [e["field"] for e in upload.errors] == ["clientreferentie"]
    assert reason in upload.errors[0]["reason"]
    assert BSN_A not in str(upload.errors)
    assert not Wachtplek.objects.exists()


def test_a_control_character_in_the_client_reference_is_refused(wt_cast):
    upload = levering_wachtlijst.wachtlijst_upload(
        aanbod=wt_cast.aanbod,
        user=wt_cast.provider_user,
        rows=[
            {
                "bsn": BSN_A,
                "aanmelddatum": days_ago(3),
                "urgentie": "normaal",
                "zorgvraagtype": 3,
                "clientreferentie": "A\x00B",
            }
        ],
        source="api",
    )
    assert not upload.accepted
    assert upload.errors[0]["field"] == "clientreferentie"


def test_the_client_reference_is_invisible_to_the_central_list_and_other_parties(client, wt_cast):
    assert _upload(wt_cast).accepted
    tafel = make_tafel(wt_cast.network)
    seat(tafel, wt_cast.other_provider, user=wt_cast.other_provider_user)
    pages = {
        wt_cast.coordinator: [
            f"{reverse('wachttijden:centrale_wachtlijst')}?regio={wt_cast.region.code}",
            f"{reverse('wachttijden:dashboard')}?regio={wt_cast.region.code}",
            reverse("transfer:tafel_detail", args=[tafel.pk]),
            reverse("transfer:steekproef_list", args=[tafel.pk]),
        ],
        wt_cast.other_provider_user: [
            f"{reverse('wachttijden:centrale_wachtlijst')}?regio={wt_cast.region.code}",
            reverse("wachttijden:provider"),
            reverse("transfer:tafel_detail", args=[tafel.pk]),
            reverse("transfer:mijn_steekproeven"),
        ],
    }
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 403, 404), url
            assert REFERENCE not in response.content.decode(), url
