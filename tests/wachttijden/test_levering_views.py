"""The provider's pages: their offers, uploading a waiting list (R-WT-1), free intake places
(R-WT-5) and monthly figures (R-WT-8). Providers only (others 403), their own offers only
(others 404), the uploaded file never on disk, constant queries per page."""

import os
import re
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from tests.wachttijden.factories import BSN_A, BSN_B, AanbodFactory, elfproef_bsns
from wachttijden.models import IntakeSlots, WachtlijstUpload, Wachtplek, WachttijdOpgave
from wachttijden.services import levering_intakeplekken, levering_wachtlijst

HEADER = "bsn;aanmelddatum;intakedatum;urgentie;zorgvraagtype"


def days_ago(n: int) -> str:
    return (timezone.localdate() - timedelta(days=n)).isoformat()


def csv_file(*rows: str, header: str = HEADER, name: str = "wachtlijst.csv"):
    text = "\n".join([header, *rows]) + "\n"
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def upload_url(aanbod) -> str:
    return reverse("wachttijden:levering_wachtlijst", args=[aanbod.pk])


@pytest.fixture
def provider(client, wt_cast):
    client.force_login(wt_cast.provider_user)
    return client


# Who may open the pages ---------------------------------------------------------------
@pytest.mark.parametrize(
    "name",
    [
        "wachttijden:provider",
        "wachttijden:opgave_import",
        "wachttijden:levering_wachtlijst",
        "wachttijden:slots",
    ],
)
def test_only_providers_open_the_delivery_pages(client, wt_cast, name):
    kwargs = (
        {}
        if name in {"wachttijden:provider", "wachttijden:opgave_import"}
        else {"pk": wt_cast.aanbod.pk}
    )
    url = reverse(name, kwargs=kwargs)
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(wt_cast.coordinator)
    assert client.get(url).status_code == 403
    client.force_login(wt_cast.provider_user)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", ["wachttijden:levering_wachtlijst", "wachttijden:slots"])
def test_another_providers_offer_is_not_found(provider, wt_cast, name):
    url = reverse(name, args=[wt_cast.other_aanbod.pk])
    assert provider.get(url).status_code == 404
    assert provider.post(url, {}).status_code == 404


def test_an_upload_needs_the_csrf_token(wt_cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(wt_cast.provider_user)
    response = client.post(
        upload_url(wt_cast.aanbod), {"bestand": csv_file(f"{BSN_A};{days_ago(5)};;hoog;3")}
    )
    assert response.status_code == 403
    assert not WachtlijstUpload.objects.exists()


# Provider home ------------------------------------------------------------------------
def test_the_provider_home_lists_own_offers_with_the_last_accepted_upload(provider, wt_cast):
    levering_wachtlijst.wachtlijst_upload(
        aanbod=wt_cast.aanbod,
        user=wt_cast.provider_user,
        rows=f"{HEADER}\n{BSN_A};{days_ago(5)};;hoog;3\n",
    )
    levering_wachtlijst.wachtlijst_upload(  # refused: does not count as the last upload
        aanbod=wt_cast.aanbod, user=wt_cast.provider_user, rows=f"{HEADER}\nx;;;;\n"
    )
    page = provider.get(reverse("wachttijden:provider")).content.decode()
    assert wt_cast.aanbod.name in page
    assert wt_cast.other_aanbod.name not in page
    assert timezone.localdate().strftime("%Y") in page
    assert reverse("wachttijden:levering_wachtlijst", args=[wt_cast.aanbod.pk]) in page
    assert reverse("wachttijden:slots", args=[wt_cast.aanbod.pk]) in page


@pytest.mark.parametrize("extra", [2, 30])
def test_the_provider_home_queries_do_not_grow_with_offers(
    provider, wt_cast, extra, django_assert_max_num_queries
):
    for _ in range(extra):
        aanbod = AanbodFactory(provider=wt_cast.provider, region=wt_cast.region)
        WachtlijstUpload.objects.create(
            aanbod=aanbod,
            provider=wt_cast.provider,
            uploaded_by=wt_cast.provider_user,
            accepted=True,
            rows_total=4,
        )
    with django_assert_max_num_queries(8):
        response = provider.get(reverse("wachttijden:provider"), {"pagina": 2})
    assert response.status_code == 200


# Waiting list upload (R-WT-1) ---------------------------------------------------------
def test_r_wt_1_a_provider_uploads_a_list_and_sees_the_summary(provider, wt_cast):
    response = provider.post(
        upload_url(wt_cast.aanbod),
        {
            "bestand": csv_file(
                f"{BSN_A};{days_ago(30)};;hoog;3", f"{BSN_B};{days_ago(40)};{days_ago(3)};normaal;4"
            )
        },
    )
    upload = WachtlijstUpload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{upload_url(wt_cast.aanbod)}?levering={upload.pk}#resultaat"
    assert upload.accepted and upload.filename == "wachtlijst.csv"
    assert Wachtplek.objects.filter(aanbod=wt_cast.aanbod).count() == 2

    page = provider.get(upload_url(wt_cast.aanbod), {"levering": upload.pk}).content.decode()
    assert "Verwerkt: de wachtlijst is vervangen" in page
    assert "Aangemeld, wacht op intake" in page
    assert BSN_A not in page


def test_r_wt_1_a_bad_file_shows_each_bad_row_and_changes_nothing(provider, wt_cast):
    provider.post(
        upload_url(wt_cast.aanbod), {"bestand": csv_file(f"{BSN_A};{days_ago(30)};;hoog;3")}
    )
    response = provider.post(
        upload_url(wt_cast.aanbod),
        {
            "bestand": csv_file(
                f"{BSN_B};{days_ago(30)};;hoog;3",
                f"123456789;{days_ago(30)};;hoog;3",
                f"{BSN_A};31-02-2025;;hoog;3",
            )
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Niet verwerkt: er is niets veranderd" in page
    assert "2 fouten in 2 regels" in page
    assert "<code>bsn</code>" in page and "<code>aanmelddatum</code>" in page
    assert '<th scope="row" class="num">3' in page and '<th scope="row" class="num">4' in page
    assert "123456789" not in page
    assert Wachtplek.objects.get().upload.accepted


@pytest.mark.parametrize("bad_rows", [3, 120])
def test_the_error_report_paginates_with_constant_queries(
    provider, wt_cast, bad_rows, django_assert_max_num_queries
):
    upload = levering_wachtlijst.wachtlijst_upload(
        aanbod=wt_cast.aanbod,
        user=wt_cast.provider_user,
        rows=f"{HEADER}\n" + "x;;;hoog;3\n" * bad_rows,
    )
    with django_assert_max_num_queries(8):
        response = provider.get(upload_url(wt_cast.aanbod), {"levering": upload.pk, "pagina": 2})
    page = response.content.decode()
    assert response.status_code == 200
    assert ("Pagina 2 van" in page) == (bad_rows * 2 > 50)


def test_another_offers_upload_is_not_shown(provider, wt_cast):
    other = levering_wachtlijst.wachtlijst_upload(
        aanbod=wt_cast.other_aanbod, user=wt_cast.other_provider_user, rows=f"{HEADER}\nx;;;;\n"
    )
    page = provider.get(upload_url(wt_cast.aanbod), {"levering": other.pk}).content.decode()
    assert "Niet verwerkt" not in page


def test_r_wt_1_the_uploaded_file_is_never_written_to_disk(provider, wt_cast, settings, tmp_path):
    # Django would write any upload above 10 bytes to a temporary file in tmp_path.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    rows = [f"{bsn};{days_ago(30)};;hoog;3" for bsn in elfproef_bsns(500)]
    response = provider.post(upload_url(wt_cast.aanbod), {"bestand": csv_file(*rows)})
    assert response.status_code == 302
    assert WachtlijstUpload.objects.get().rows_total == 500
    assert os.listdir(tmp_path) == []


def test_a_file_above_the_limit_is_refused_before_reading_it(provider, wt_cast, monkeypatch):
    monkeypatch.setattr(levering_wachtlijst, "MAX_UPLOAD_BYTES", 200)
    rows = [f"{bsn};{days_ago(30)};;hoog;3" for bsn in elfproef_bsns(50)]
    response = provider.post(upload_url(wt_cast.aanbod), {"bestand": csv_file(*rows)})
    assert response.status_code == 200
    assert "groter dan" in response.content.decode()
    assert not WachtlijstUpload.objects.exists()


def test_a_post_without_a_file_asks_for_one(provider, wt_cast):
    response = provider.post(upload_url(wt_cast.aanbod), {})
    assert "Kies een CSV-bestand." in response.content.decode()
    assert not WachtlijstUpload.objects.exists()


# Intake slots (R-WT-5) ----------------------------------------------------------------
def test_r_wt_5_a_provider_publishes_slots_for_twelve_weeks(provider, wt_cast):
    url = reverse("wachttijden:slots", args=[wt_cast.aanbod.pk])
    weeks = levering_intakeplekken.slot_weeks()
    IntakeSlots.objects.create(aanbod=wt_cast.aanbod, week_start=weeks[1], available=7)
    page = provider.get(url).content.decode()
    assert page.count('type="number"') == 12
    assert 'value="7"' in page

    data = {f"week_{weeks[0].isoformat()}": "3", f"week_{weeks[2].isoformat()}": "0"}
    response = provider.post(url, data)
    assert response.status_code == 302
    assert dict(IntakeSlots.objects.values_list("week_start", "available")) == {
        weeks[0]: 3,
        weeks[2]: 0,
    }  # week 1 left empty: withdrawn


def test_r_wt_5_a_negative_number_is_refused_on_its_week(provider, wt_cast):
    url = reverse("wachttijden:slots", args=[wt_cast.aanbod.pk])
    week = levering_intakeplekken.slot_weeks()[3]
    response = provider.post(url, {f"week_{week.isoformat()}": "-2"})
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_week_{week.isoformat()}_error"' in page
    assert 'aria-invalid="true"' in page
    assert not IntakeSlots.objects.exists()


def test_R_TR_1_an_sd_offer_publishes_free_places_for_the_gemeenten_it_serves(provider, wt_cast):
    """The same page and service as intake places; an SD offer's says "vrije plekken" and
    names the gemeenten whose residents they are for."""
    sd = AanbodFactory(provider=wt_cast.provider, region=wt_cast.region, sd=True, name="Wijkteam")
    sd.gemeenten_served.set(wt_cast.gemeenten[:2])
    url = reverse("wachttijden:slots", args=[sd.pk])
    page = provider.get(url).content.decode()
    assert "<h1>Vrije plekken</h1>" in page
    text = re.sub(r"<[^>]+>", " ", page.split("<h1>", 1)[1].split("lev-api-note", 1)[0])
    assert "intakeplek" not in text.lower()  # the words on the page, not its URLs
    assert "Noordgemeente 0, Noordgemeente 1" in page
    assert "bedient nog geen gemeenten" not in page

    week = levering_intakeplekken.slot_weeks()[1]
    response = provider.post(url, {f"week_{week.isoformat()}": "4"}, follow=True)
    assert "De vrije plekken zijn gepubliceerd." in response.content.decode()
    assert list(IntakeSlots.objects.values_list("aanbod", "week_start", "available")) == [
        (sd.pk, week, 4)
    ]
    home = provider.get(reverse("wachttijden:provider")).content.decode()
    assert f'{url}">Vrije plekken<span class="visually-hidden"> van Wijkteam' in home


def test_R_TR_1_an_sd_offer_without_gemeenten_is_told_its_places_go_unused(provider, wt_cast):
    sd = AanbodFactory(provider=wt_cast.provider, region=wt_cast.region, sd=True)
    page = provider.get(reverse("wachttijden:slots", args=[sd.pk])).content.decode()
    assert "Dit aanbod bedient nog geen gemeenten." in page
    ggz = provider.get(reverse("wachttijden:slots", args=[wt_cast.aanbod.pk])).content.decode()
    assert "<h1>Vrije intakeplekken</h1>" in ggz
    assert "bedient nog geen gemeenten" not in ggz


# Monthly figures (R-WT-8) -------------------------------------------------------------
OPGAVE_HEADER = "aanbieder_agb,vestiging,maand,hoofddiagnosegroep,aanmeldingswachttijd_weken,behandelingswachttijd_weken"


def test_r_wt_8_a_provider_imports_monthly_figures(provider, wt_cast):
    url = reverse("wachttijden:opgave_import")
    month = timezone.localdate().replace(day=1) - timedelta(days=1)
    agb = wt_cast.provider.agb_code
    bestand = csv_file(
        f"{agb},Hoofdvestiging,{month:%Y-%m},depressie,5,9",
        f"{agb},Hoofdvestiging,{month:%Y-%m},,3,6",
        header=OPGAVE_HEADER,
        name="wachttijden.csv",
    )
    response = provider.post(url, {"bestand": bestand}, follow=True)
    page = response.content.decode()
    assert "2 regels ingelezen: 2 nieuw, 0 bijgewerkt." in page
    assert "Basis-ggz (niet gesplitst)" in page
    assert WachttijdOpgave.objects.count() == 2


def test_r_wt_8_a_bad_figures_file_is_reported_and_changes_nothing(provider, wt_cast):
    url = reverse("wachttijden:opgave_import")
    bestand = csv_file(
        f"{wt_cast.other_provider.agb_code},Hoofdvestiging,2025-10,,5,9",
        header=OPGAVE_HEADER,
        name="wachttijden.csv",
    )
    page = provider.post(url, {"bestand": bestand}).content.decode()
    assert "Niet ingelezen: er is niets veranderd" in page
    assert "<code>aanbieder_agb</code>" in page
    assert not WachttijdOpgave.objects.exists()


@pytest.mark.parametrize("count", [2, 40])
def test_the_figures_list_queries_do_not_grow(
    provider, wt_cast, count, django_assert_max_num_queries
):
    for n in range(count):
        WachttijdOpgave.objects.create(
            provider=wt_cast.provider,
            region=wt_cast.region,
            location=f"Vestiging {n}",
            month=date(2025, 1 + n % 10, 1),
            aanmeld_weeks=4,
            behandel_weeks=8,
        )
    with django_assert_max_num_queries(7):
        response = provider.get(reverse("wachttijden:opgave_import"), {"pagina": 2})
    assert response.status_code == 200


def test_the_menu_shows_mijn_aanbod_only_to_providers(client, wt_cast):
    from django.urls import reverse

    client.force_login(wt_cast.provider_user)
    labels = [
        i["label"] for i in client.get(reverse("wachttijden:sociale_kaart")).context["nav_items"]
    ]
    assert "Mijn aanbod" in labels
    client.force_login(wt_cast.coordinator)
    labels = [
        i["label"] for i in client.get(reverse("wachttijden:sociale_kaart")).context["nav_items"]
    ]
    assert "Mijn aanbod" not in labels
