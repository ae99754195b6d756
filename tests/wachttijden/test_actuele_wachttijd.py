"""R-WT-3's prospective behandelingswachttijd beside the aanmeldingswachttijd, per location
× hoofddiagnosegroep, wherever the overview is shown: the dashboard, the PDF report and the
API; and the dashboard's "samen" and urgency rows as the overview computes them."""

import io
import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest
from pypdf import PdfReader
from rest_framework.test import APIClient

from mgn.pdf import render_pdf
from tests.wachttijden.factories import (
    ReportJobFactory,
    WachtplekFactory,
    WachttijdOpgaveFactory,
    pseudonym,
)
from wachttijden.constants import Urgency
from wachttijden.models import Hoofddiagnosegroep
from wachttijden.services import overzicht, rapport

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def overview(wt_cast):
    """One location with two hoofddiagnosegroepen in this month's figures (aanmeld 5 and 6
    weeks, behandel 9 and 13 weeks), and anna on two lists with different urgencies."""
    hdg_a, hdg_b = Hoofddiagnosegroep.objects.order_by("order")[:2]
    for hdg, aanmeld, behandel in ((hdg_a, 5, 9), (hdg_b, 6, 13)):
        WachttijdOpgaveFactory(
            provider=wt_cast.provider,
            region=wt_cast.region,
            location=wt_cast.aanbod.location_name,
            hoofddiagnosegroep=hdg,
            aanmeld_weeks=aanmeld,
            behandel_weeks=behandel,
        )
    WachtplekFactory(
        aanbod=wt_cast.aanbod,
        pseudonym=pseudonym("anna"),
        urgency=Urgency.NORMAAL,
        registered_on=TODAY - timedelta(days=90),
    )
    WachtplekFactory(
        aanbod=wt_cast.other_aanbod,
        pseudonym=pseudonym("anna"),
        urgency=Urgency.CRISIS,
        registered_on=TODAY - timedelta(days=5),
    )
    WachtplekFactory(aanbod=wt_cast.aanbod, pseudonym=pseudonym("bram"), urgency=Urgency.HOOG)
    overzicht.overview_compute(region=wt_cast.region, snapshot_date=TODAY)
    wt_cast.hdg = (hdg_a, hdg_b)
    return wt_cast


def dashboard_url(region) -> str:
    return f"{reverse('wachttijden:dashboard')}?regio={region.code}"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_R_WT_3_the_dashboard_shows_both_prospective_waits_per_location(client, overview):
    client.force_login(overview.coordinator)
    response = client.get(dashboard_url(overview.region))
    data = response.context["data"]
    by_group = {f.sublabel: f for f in data.locations if f.prospective_behandel_weeks}
    a, b = (by_group[h.name] for h in overview.hdg)
    assert (a.prospective_weeks, a.prospective_behandel_weeks) == (5.0, 9.0)
    assert (b.prospective_weeks, b.prospective_behandel_weeks) == (6.0, 13.0)
    assert data.headline.prospective_behandel_weeks == 9.0  # the soonest of the region
    text = text_of(response.content.decode())
    assert "Actuele behandelingswachttijd" in text
    assert "Actueel (vooruit)" in text


def test_R_WT_3_the_report_shows_the_prospective_behandelingswachttijd(overview):
    job = ReportJobFactory(
        region=overview.region, snapshot_date=TODAY, requested_by=overview.coordinator
    )
    data = rapport.report_data(job)
    pdf = render_pdf(rapport.TEMPLATE, {"report": data, "data": data.data})
    text = re.sub(
        r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.pdf)).pages)
    )
    assert "Actueel behandeling" in text
    assert "13,0" in text  # the second group's behandel weeks, in the location table


def test_R_WT_3_the_api_gives_both_prospective_waits_per_location(overview, cast, outsider):
    api = APIClient()
    api.force_authenticate(overview.coordinator)
    url = reverse("wachttijden-vestigingen") + f"?regio={overview.region.code}"
    response = api.get(url)
    assert response.status_code == 200, response.content
    rows = {r["hoofddiagnosegroep"]: r for r in response.json()["results"]}
    a, b = (rows[h.code] for h in overview.hdg)
    assert (a["prospective_aanmeld_weeks"], a["prospective_behandel_weeks"]) == (5.0, 9.0)
    assert (b["prospective_aanmeld_weeks"], b["prospective_behandel_weeks"]) == (6.0, 13.0)
    assert b["prospective_behandel_source"] == "opgave"
    assert b["location"] == overview.aanbod.location_name
    assert b["provider_name"] == overview.provider.name
    # Only a coordinator of the region: others 403, another region's coordinator 404.
    api.force_authenticate(cast["huisarts"])
    assert api.get(url).status_code == 403
    api.force_authenticate(outsider)
    assert api.get(url).status_code == 404


def test_the_api_of_locations_has_a_constant_query_count(overview, django_assert_max_num_queries):
    api = APIClient()
    api.force_authenticate(overview.coordinator)
    url = reverse("wachttijden-vestigingen") + f"?regio={overview.region.code}"
    with django_assert_max_num_queries(8):
        assert api.get(url).status_code == 200


def test_r_wt_1_the_dashboards_urgency_rows_add_up_to_its_persons(client, overview):
    client.force_login(overview.coordinator)
    data = client.get(dashboard_url(overview.region)).context["data"]
    assert data.headline.persons == 2
    assert sum(f.persons for f in data.urgencies) == 2
    persons = {f.key: f.persons for f in data.urgencies}
    assert persons == {Urgency.CRISIS: 1, Urgency.HOOG: 1, Urgency.NORMAAL: 0}
    assert sum(f.wachtplekken for f in data.urgencies) == data.headline.wachtplekken == 3
