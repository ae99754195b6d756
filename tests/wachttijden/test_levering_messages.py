"""The provider's messages count in Dutch: "1 regel verwerkt", "2 regels verwerkt"."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from tests.wachttijden.factories import BSN_A, BSN_B
from tests.wachttijden.test_levering_views import OPGAVE_HEADER, csv_file, days_ago, upload_url


@pytest.fixture
def provider(client, wt_cast):
    client.force_login(wt_cast.provider_user)
    return client


def test_one_uploaded_row_is_one_regel(provider, wt_cast):
    response = provider.post(
        upload_url(wt_cast.aanbod),
        {"bestand": csv_file(f"{BSN_A};{days_ago(30)};;hoog;3")},
        follow=True,
    )
    page = response.content.decode()
    assert "De wachtlijst is vervangen: 1 regel verwerkt." in page
    assert "1 regels" not in page


def test_two_uploaded_rows_are_two_regels(provider, wt_cast):
    rows = (f"{BSN_A};{days_ago(30)};;hoog;3", f"{BSN_B};{days_ago(40)};;normaal;4")
    response = provider.post(upload_url(wt_cast.aanbod), {"bestand": csv_file(*rows)}, follow=True)
    assert "De wachtlijst is vervangen: 2 regels verwerkt." in response.content.decode()


def test_one_imported_figure_is_one_regel(provider, wt_cast):
    month = timezone.localdate().replace(day=1) - timedelta(days=1)
    bestand = csv_file(
        f"{wt_cast.provider.agb_code},Hoofdvestiging,{month:%Y-%m},depressie,5,9",
        header=OPGAVE_HEADER,
        name="wachttijden.csv",
    )
    response = provider.post(
        reverse("wachttijden:opgave_import"), {"bestand": bestand}, follow=True
    )
    assert "1 regel ingelezen: 1 nieuw, 0 bijgewerkt." in response.content.decode()
