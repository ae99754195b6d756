"""The providers' delivery API: a waiting list as CSV or JSON, all or nothing (R-WT-1), and
free intake places per week (R-WT-5); only for the offer's own provider."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest
from rest_framework.test import APIClient

from mgn.accounts.models import ApiToken
from tests.accounts.factories import UserFactory
from tests.wachttijden.factories import BSN_A, BSN_B, AanbodFactory
from wachttijden.models import IntakeSlots, WachtlijstUpload, Wachtplek
from wachttijden.services import levering_intakeplekken, levering_wachtlijst

CSV_HEADER = "bsn;pseudoniem;aanmelddatum;intakedatum;urgentie;zorgvraagtype"


def wachtlijst_url(aanbod) -> str:
    return reverse("aanbod-wachtlijst", args=[aanbod.pk])


def slots_url(aanbod) -> str:
    return reverse("aanbod-intakeplekken", args=[aanbod.pk])


def days_ago(n: int) -> str:
    return (timezone.localdate() - timedelta(days=n)).isoformat()


@pytest.fixture
def api(wt_cast):
    client = APIClient()
    client.force_authenticate(wt_cast.provider_user)
    return client


def test_r_wt_1_a_csv_body_replaces_the_list(wt_cast):
    _token, key = ApiToken.issue(user=wt_cast.provider_user, name="EPD Noord")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    body = (
        f"\ufeff{CSV_HEADER}\r\n{BSN_A};;{days_ago(40)};;hoog;3\r\n"
        f"{BSN_B};;{days_ago(60)};{days_ago(20)};normaal;4\r\n"
    )
    response = client.post(
        wachtlijst_url(wt_cast.aanbod), data=body.encode(), content_type="text/csv; charset=utf-8"
    )

    assert response.status_code == 201, response.content
    upload = WachtlijstUpload.objects.get()
    assert response.json() == {
        "upload": upload.pk,
        "rows": 2,
        "persons": 2,
        "waiting": 2,
        "by_status": {"aanmelding": 1, "intake": 1},
    }
    assert upload.source == "csv" and upload.accepted
    assert Wachtplek.objects.filter(aanbod=wt_cast.aanbod).count() == 2
    assert BSN_A not in response.content.decode()


def test_r_wt_1_json_rows_replace_the_list(wt_cast, api):
    rows = [
        {"bsn": BSN_A, "aanmelddatum": days_ago(10), "urgentie": "crisis", "zorgvraagtype": 1},
        {
            "pseudoniem": "ab" * 32,
            "aanmelddatum": days_ago(9),
            "urgentie": "hoog",
            "zorgvraagtype": 2,
        },
    ]
    response = api.post(wachtlijst_url(wt_cast.aanbod), {"rows": rows}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["rows"] == 2
    assert WachtlijstUpload.objects.get().source == "api"


def test_r_wt_1_a_json_list_may_be_larger_than_djangos_form_limit(wt_cast, api, settings):
    # 50,000 rows are about 10 MB; Django refuses request.body above this setting.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    rows = [
        {
            "pseudoniem": f"{n:064x}",
            "aanmelddatum": days_ago(9),
            "urgentie": "hoog",
            "zorgvraagtype": 2,
        }
        for n in range(50)
    ]
    response = api.post(wachtlijst_url(wt_cast.aanbod), {"rows": rows}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["rows"] == 50
    broken = api.post(
        wachtlijst_url(wt_cast.aanbod), data='{"rows": [', content_type="application/json"
    )
    assert broken.status_code == 400


def test_r_wt_1_a_refused_json_list_names_each_row_and_changes_nothing(wt_cast, api):
    good = [{"bsn": BSN_A, "aanmelddatum": days_ago(10), "urgentie": "hoog", "zorgvraagtype": 1}]
    assert (
        api.post(wachtlijst_url(wt_cast.aanbod), {"rows": good}, format="json").status_code == 201
    )
    rows = [
        {"bsn": BSN_B, "aanmelddatum": days_ago(10), "urgentie": "hoog", "zorgvraagtype": 1},
        {"bsn": "123456789", "aanmelddatum": days_ago(10), "urgentie": "hoog", "zorgvraagtype": 1},
        {"bsn": BSN_A, "aanmelddatum": days_ago(-5), "urgentie": "spoed", "zorgvraagtype": 1},
        "geen rij",
    ]
    response = api.post(wachtlijst_url(wt_cast.aanbod), {"rows": rows}, format="json")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400
    assert "4 fouten in 3 regels" in problem["detail"]
    assert set(problem["errors"]) == {
        "rows[1].bsn",
        "rows[2].aanmelddatum",
        "rows[2].urgentie",
        "rows[3]",
    }
    assert problem["errors"]["rows[1].bsn"][0]["code"] == "invalid"
    assert "elfproef" in problem["errors"]["rows[1].bsn"][0]["message"]
    assert "123456789" not in response.content.decode()
    assert Wachtplek.objects.get().upload.accepted  # the earlier list still stands


def test_r_wt_1_a_refused_csv_names_the_file_lines(wt_cast, api):
    body = f"{CSV_HEADER}\n{BSN_A};;{days_ago(10)};;hoog;3\n{BSN_A};;{days_ago(9)};;hoog;3\n;x;;;hoog;3\n"
    response = api.post(wachtlijst_url(wt_cast.aanbod), data=body, content_type="text/csv")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {
        "line[3].bsn",
        "line[4].pseudoniem",
        "line[4].aanmelddatum",
    }
    upload = WachtlijstUpload.objects.get()
    assert not upload.accepted and upload.source == "csv"
    assert not Wachtplek.objects.exists()


def test_a_body_that_is_no_list_is_refused(wt_cast, api):
    url = wachtlijst_url(wt_cast.aanbod)
    assert api.post(url, {"rijen": []}, format="json").status_code == 400
    assert (
        api.post(url, data="a=b", content_type="application/x-www-form-urlencoded").status_code
        == 415
    )
    assert not WachtlijstUpload.objects.exists()


def test_a_file_too_large_is_refused(wt_cast, api, monkeypatch):
    monkeypatch.setattr(levering_wachtlijst, "MAX_UPLOAD_BYTES", 100)
    body = f"{CSV_HEADER}\n" + f"{BSN_A};;{days_ago(10)};;hoog;3\n" * 10
    response = api.post(wachtlijst_url(wt_cast.aanbod), data=body, content_type="text/csv")
    assert response.status_code == 413
    rows = [{"bsn": BSN_A, "aanmelddatum": days_ago(10), "urgentie": "hoog"}] * 5
    response = api.post(wachtlijst_url(wt_cast.aanbod), {"rows": rows}, format="json")
    assert response.status_code == 413
    assert not WachtlijstUpload.objects.exists()


def test_only_the_offers_provider_may_deliver(wt_cast, cast):
    url = wachtlijst_url(wt_cast.other_aanbod)
    body = {"rows": [{"bsn": BSN_A, "aanmelddatum": days_ago(1), "urgentie": "hoog"}]}
    assert APIClient().post(url, body, format="json").status_code == 401
    for user in (wt_cast.provider_user, wt_cast.coordinator, UserFactory()):
        client = APIClient()
        client.force_authenticate(user)
        assert client.post(url, body, format="json").status_code == 404
        assert client.get(url).status_code == 404
        assert client.put(slots_url(wt_cast.other_aanbod), [], format="json").status_code == 404
    assert not WachtlijstUpload.objects.exists()


def test_the_deliveries_are_listed_without_content(wt_cast, api):
    api.post(
        wachtlijst_url(wt_cast.aanbod),
        {"rows": [{"bsn": BSN_A, "aanmelddatum": days_ago(1), "urgentie": "x"}]},
        format="json",
    )
    response = api.get(wachtlijst_url(wt_cast.aanbod))
    assert response.status_code == 200
    (item,) = response.json()["results"]
    assert item["accepted"] is False and item["source"] == "api"
    assert set(item) == {"id", "uploaded_at", "source", "filename", "accepted", "rows_total"}


def test_r_wt_5_intake_slots_are_put_and_read(wt_cast, api):
    monday = levering_intakeplekken.slot_weeks()[0]
    url = slots_url(wt_cast.aanbod)
    IntakeSlots.objects.create(
        aanbod=wt_cast.aanbod, week_start=monday + timedelta(weeks=5), available=9
    )
    body = [
        {"week_start": monday.isoformat(), "available": 3},
        {"week_start": (monday + timedelta(weeks=1)).isoformat(), "available": 0},
    ]
    response = api.put(url, body, format="json")

    assert response.status_code == 200, response.content
    assert response.json() == body  # week 5 was not in the list: withdrawn
    assert api.get(url).json() == body


def test_R_TR_1_a_gemeentes_sd_offer_puts_its_free_places(wt_cast, api):
    """An SD offer's free places go through the same endpoint as ggz intake places."""
    sd = AanbodFactory(provider=wt_cast.provider, region=wt_cast.region, sd=True)
    sd.gemeenten_served.set(wt_cast.gemeenten[:1])
    monday = levering_intakeplekken.slot_weeks()[0]
    body = [{"week_start": (monday + timedelta(weeks=2)).isoformat(), "available": 6}]
    response = api.put(slots_url(sd), body, format="json")
    assert response.status_code == 200, response.content
    assert list(IntakeSlots.objects.values_list("aanbod", "available")) == [(sd.pk, 6)]


def test_r_wt_5_a_bad_week_is_named_by_its_position(wt_cast, api):
    monday = levering_intakeplekken.slot_weeks()[0]
    url = slots_url(wt_cast.aanbod)
    body = [
        {"week_start": monday.isoformat(), "available": 3},
        {"week_start": (monday + timedelta(days=1)).isoformat(), "available": 1},
        {"week_start": monday.isoformat(), "available": -1},
    ]
    response = api.put(url, body, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"2.available"}

    body[2] = {"week_start": monday.isoformat(), "available": 2}
    duplicate = api.put(url, body, format="json")
    assert set(duplicate.json()["errors"]) == {"2.week_start"}

    not_monday = api.put(url, body[:2], format="json")
    assert not_monday.status_code == 400
    assert set(not_monday.json()["errors"]) == {"1.week_start"}
    assert not IntakeSlots.objects.exists()
