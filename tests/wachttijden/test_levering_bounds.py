"""Bounds on delivered waiting lists (docs/input-limits.md): a NUL byte, another control
character or a bidi control in a cell, and a registration date before 2000, are each a
problem on their own line — from the upload page, the API's CSV and JSON alike — never a
500, and nothing changes. The value is never repeated in the report."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

import pytest
from rest_framework.test import APIClient

from tests.wachttijden.factories import BSN_A, BSN_B
from wachttijden.models import WachtlijstUpload, Wachtplek
from wachttijden.services import levering_wachtlijst

HEADER = "bsn;aanmelddatum;intakedatum;urgentie;zorgvraagtype;woongemeente"


def days_ago(n: int) -> str:
    return (timezone.localdate() - timedelta(days=n)).isoformat()


def bad_rows() -> list[str]:
    return [
        f"{BSN_A};{days_ago(30)};;hoog;3;",  # line 2: fine
        f"{BSN_B};{days_ago(30)};;hoog\x00;3;",  # line 3: NUL in urgentie
        f"{BSN_A[:-1]}0;0001-01-01;;normaal;3;",  # line 4: the year 1 (and a bad BSN)
        f";{days_ago(20)};;normaal;3;GM\u202e3630",  # line 5: bidi override, no person
        f"{BSN_B};{days_ago(9)};;normaal;\x1b3;",  # line 6: ESC in zorgvraagtype
        f"{BSN_B};1999-12-31;;normaal;3;",  # line 7: before 2000
    ]


@pytest.fixture
def api(wt_cast):
    client = APIClient()
    client.force_authenticate(wt_cast.provider_user)
    return client


def assert_refused_and_unchanged(upload: WachtlijstUpload):
    assert not upload.accepted
    assert not Wachtplek.objects.exists()
    for error in upload.errors:
        assert "\x00" not in error["reason"] and "\u202e" not in error["reason"]
        assert "\x00" not in error["field"]


def test_the_service_reports_each_bad_cell_on_its_line(wt_cast):
    text = "\n".join([HEADER, *bad_rows()]) + "\n"
    upload = levering_wachtlijst.wachtlijst_upload(
        aanbod=wt_cast.aanbod, user=wt_cast.provider_user, rows=text
    )
    assert_refused_and_unchanged(upload)
    by_place = {(e["line"], e["field"]): e["reason"] for e in upload.errors}
    assert "stuurteken" in by_place[(3, "urgentie")]
    assert "vóór 01-01-2000" in by_place[(4, "aanmelddatum")]
    assert "stuurteken" in by_place[(5, "woongemeente")]
    assert "stuurteken" in by_place[(6, "zorgvraagtype")]
    assert "vóór 01-01-2000" in by_place[(7, "aanmelddatum")]
    assert all(line != 2 for line, _field in by_place)


def test_the_upload_page_shows_the_problems_instead_of_a_500(client, wt_cast):
    client.force_login(wt_cast.provider_user)
    text = "\n".join([HEADER, *bad_rows()]) + "\n"
    response = client.post(
        reverse("wachttijden:levering_wachtlijst", args=[wt_cast.aanbod.pk]),
        {"bestand": SimpleUploadedFile("lijst\x00.csv", text.encode(), content_type="text/csv")},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Niet verwerkt: er is niets veranderd" in page
    assert "stuurteken" in page and "01-01-2000" in page
    upload = WachtlijstUpload.objects.get()
    assert_refused_and_unchanged(upload)
    assert upload.filename == "lijst.csv"


def test_the_api_answers_400_for_a_csv_body_with_a_nul(api, wt_cast):
    body = "\n".join([HEADER, *bad_rows()]) + "\n"
    response = api.post(
        reverse("aanbod-wachtlijst", args=[wt_cast.aanbod.pk]),
        data=body.encode(),
        content_type="text/csv",
    )
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert errors["line[3].urgentie"][0]["code"] == "invalid"
    assert "stuurteken" in errors["line[3].urgentie"][0]["message"]
    assert "01-01-2000" in errors["line[4].aanmelddatum"][0]["message"]
    assert "line[5].woongemeente" in errors
    assert_refused_and_unchanged(WachtlijstUpload.objects.get())


def test_the_api_answers_400_for_json_rows_with_a_bidi_override_or_the_year_1(api, wt_cast):
    rows = [
        {"bsn": BSN_A, "aanmelddatum": days_ago(10), "urgentie": "hoog\u202e", "zorgvraagtype": 1},
        {"bsn": BSN_B, "aanmelddatum": "0001-01-01", "urgentie": "hoog", "zorgvraagtype": 1},
        {"bsn": BSN_A, "aanmelddatum": days_ago(10), "urgentie": "hoog", "zorgvraagtype": 1},
    ]
    response = api.post(
        reverse("aanbod-wachtlijst", args=[wt_cast.aanbod.pk]), {"rows": rows}, format="json"
    )
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert errors["rows[0].urgentie"][0]["message"]
    assert "01-01-2000" in errors["rows[1].aanmelddatum"][0]["message"]
    assert_refused_and_unchanged(WachtlijstUpload.objects.get())


def test_a_nul_in_a_json_body_is_refused_before_the_import(api, wt_cast):
    rows = [{"bsn": BSN_A, "aanmelddatum": days_ago(10), "urgentie": "hoog\u0000"}]
    response = api.post(
        reverse("aanbod-wachtlijst", args=[wt_cast.aanbod.pk]), {"rows": rows}, format="json"
    )
    assert response.status_code == 400  # mgn.api.parsers: no control character in JSON
    assert response["Content-Type"].startswith("application/problem+json")
    assert not WachtlijstUpload.objects.exists()


def test_an_unknown_json_field_with_a_bidi_override_is_named_by_position(api, wt_cast):
    rows = [
        {
            "bsn": BSN_A,
            "aanmelddatum": days_ago(10),
            "urgentie": "hoog",
            "zorgvraagtype": 1,
            "x\u202e": "1",
        }
    ]
    response = api.post(
        reverse("aanbod-wachtlijst", args=[wt_cast.aanbod.pk]), {"rows": rows}, format="json"
    )
    assert response.status_code == 400, response.content
    keys = list(response.json()["errors"])
    assert keys == ["rows[0].kolom 5"]
    assert_refused_and_unchanged(WachtlijstUpload.objects.get())
