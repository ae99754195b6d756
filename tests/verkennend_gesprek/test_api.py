"""The API for huisartsinformatiesystemen: request (R-VG-1/2), idempotency, scoping, access log."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

import pytest
from rest_framework.test import APIClient

from mgn.accounts.constants import Role
from mgn.accounts.models import ApiToken
from mgn.audit.constants import Event
from mgn.audit.models import AccessLogEntry
from mgn.jobs.constants import JobStatus
from networks.constants import Discipline
from networks.services.netwerken import network_grant
from networks.services.organisaties import organisation_grant
from tests.accounts.factories import UserFactory
from tests.networks.factories import OrganisationFactory, PartnershipFactory, ProfessionalFactory
from verkennend_gesprek.constants import Status
from verkennend_gesprek.models import AdviesBrief, VerkennendGesprek

from .factories import PersoonFactory, VerkennendGesprekFactory

LIST_URL = reverse("verkennend-gesprek-list")
BSN = "999996708"  # RvIG test BSN (R-PR-3)


def detail_url(vg) -> str:
    return reverse("verkennend-gesprek-detail", args=[vg.pk])


def token_client(user, name="HIS Praktijk Noord") -> APIClient:
    _token, key = ApiToken.issue(user=user, name=name)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def body(vg_cast, **overrides) -> dict:
    persoon = {
        "bsn": BSN,
        "given_name": "Sanne",
        "family_name_prefix": "de",
        "family_name": "Visser",
        "date_of_birth": "1990-03-01",
        "gemeente": vg_cast.gemeente.cbs_code,
        "address": "Dorpsstraat 1, Noorddorp",
        "phone": "0612345678",
        "email": "sanne@example.nl",
        "insurer_uzovi": vg_cast.insurer.uzovi,
        "policy_number": "POL1234567",
    }
    persoon.update(overrides.pop("persoon", {}))
    data = {
        "network": vg_cast.network.slug,
        "huisarts_agb": vg_cast.huisarts.agb_code,
        "persoon": persoon,
        "hulpvraag": "Ik slaap slecht door geldzorgen en weet niet waar ik moet beginnen.",
        "psychische_klachten": True,
        "life_domains": ["geld", "wonen"],
        "expertise": ["schulden"],
        "naaste_komt": True,
        "urgency": "regulier",
        "consent": True,
    }
    data.update(overrides)
    return data


def post(client, data, key="his-0001"):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(LIST_URL, data, format="json", **headers)


@pytest.fixture
def his(vg_cast):
    """The practice's HIS, calling with the huisarts's own API token."""
    return token_client(vg_cast.huisarts.user)


def test_r_vg_1_a_huisarts_requests_over_the_api_and_gets_201(his, vg_cast):
    response = post(his, body(vg_cast))
    assert response.status_code == 201, response.json()
    data = response.json()
    vg = VerkennendGesprek.objects.get()
    assert data["id"] == vg.pk and data["reference"] == vg.reference
    assert response["Location"].endswith(detail_url(vg))
    assert data["status"] == Status.AANGEVRAAGD
    assert data["network"] == "noord"
    assert data["practice"]["name"] == "Praktijk Noord"
    assert data["huisarts_agb"] == "01123456"
    assert data["persoon"]["bsn"] == BSN
    assert data["persoon"]["gemeente"]["cbs_code"] == vg_cast.gemeente.cbs_code
    assert data["life_domains"] == ["geld", "wonen"] and data["expertise"] == ["schulden"]
    assert data["gesprekken"] == [] and data["advies"] is None and data["letter"] is None
    assert vg.requested_by == vg_cast.huisarts.user and vg.idempotency_key == "his-0001"
    assert vg.persoon.insurer == vg_cast.insurer and vg.naaste_komt


def test_a_retry_with_the_same_idempotency_key_returns_the_request_with_200(his, vg_cast):
    first = post(his, body(vg_cast), key="retry-me")
    second = post(his, body(vg_cast), key="retry-me")
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["id"] == first.json()["id"]
    assert VerkennendGesprek.objects.count() == 1


def test_another_key_makes_another_request(his, vg_cast):
    assert post(his, body(vg_cast), key="a").status_code == 201
    other = body(vg_cast, persoon={"bsn": "999911120"})
    assert post(his, other, key="b").status_code == 201
    assert VerkennendGesprek.objects.count() == 2


def test_another_key_for_a_person_with_an_open_request_is_409(his, vg_cast):
    """One open request per person: the answer says only that, and whom to contact."""
    assert post(his, body(vg_cast), key="a").status_code == 201
    response = post(his, body(vg_cast), key="b")
    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == 409
    assert "al een aanvraag" in problem["detail"] and "netwerkcoördinator" in problem["detail"]
    assert vg_cast.practice.name not in problem["detail"]
    assert VerkennendGesprek.objects.count() == 1


def test_an_overlong_idempotency_key_is_400(his, vg_cast):
    response = post(his, body(vg_cast), key="x" * 81)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["errors"]


def test_a_bad_bsn_is_400_on_the_bsn_field(his, vg_cast):
    response = post(his, body(vg_cast, persoon={"bsn": "123456789"}))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert errors["persoon.bsn"][0]["code"] == "invalid_bsn"
    assert "elfproef" in errors["persoon.bsn"][0]["message"]
    assert not VerkennendGesprek.objects.exists()


def test_r_vg_2_a_person_under_18_is_400_on_the_date_of_birth(his, vg_cast):
    seventeen = timezone.localdate() - timedelta(days=17 * 365)
    response = post(his, body(vg_cast, persoon={"date_of_birth": seventeen.isoformat()}))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == ["persoon.date_of_birth"]
    assert "volwassenen" in errors["persoon.date_of_birth"][0]["message"]


def test_r_vg_2_the_service_rules_come_back_field_by_field(his, vg_cast):
    response = post(
        his,
        body(vg_cast, life_domains=[], consent=False, psychische_klachten=False),
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"life_domains", "psychische_klachten"} <= set(errors)


def test_format_errors_name_the_field(his, vg_cast):
    response = post(
        his,
        body(
            vg_cast,
            network="bestaat-niet",
            huisarts_agb="123",
            life_domains=["onbekend"],
            persoon={"gemeente": "GM0000", "insurer_uzovi": "0000", "date_of_birth": "01-02"},
        ),
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {
        "network",
        "huisarts_agb",
        "life_domains.0",
        "persoon.gemeente",
        "persoon.insurer_uzovi",
        "persoon.date_of_birth",
    } <= set(errors), errors
    assert "GM0000" in errors["persoon.gemeente"][0]["message"]


def test_a_network_without_the_verkennend_gesprek_is_400_on_the_network(his, vg_cast):
    vg_cast.network.offers_verkennend_gesprek = False
    vg_cast.network.save()
    response = post(his, body(vg_cast))
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["network"]


def test_a_gemeente_outside_the_network_is_400_on_the_gemeente(his, vg_cast):
    from tests.networks.factories import GemeenteFactory

    elsewhere = GemeenteFactory(name="Zuiddorp")
    response = post(his, body(vg_cast, persoon={"gemeente": elsewhere.cbs_code}))
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["persoon.gemeente"]


def test_r_vg_1_a_token_of_another_practice_cannot_request_for_this_huisarts(vg_cast):
    other_practice = OrganisationFactory(name="Praktijk Oost", huisartsenpraktijk=True)
    PartnershipFactory(network=vg_cast.network, organisation=other_practice)
    colleague = UserFactory(email="oost@noord.test", roles=[Role.HUISARTS])
    network_grant(network=vg_cast.network, user=colleague)
    ProfessionalFactory(
        organisation=other_practice,
        user=colleague,
        discipline=Discipline.HUISARTS,
        agb_code="01999999",
    )
    response = post(token_client(colleague), body(vg_cast))  # names the Noord huisarts's AGB
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["huisarts_agb"]
    assert not VerkennendGesprek.objects.exists()


def test_r_vg_1_a_system_acting_for_another_practice_cannot_request_here(vg_cast):
    other_practice = OrganisationFactory(name="Praktijk West", huisartsenpraktijk=True)
    system = UserFactory(email="his-west@noord.test")
    network_grant(network=vg_cast.network, user=system)
    organisation_grant(organisation=other_practice, user=system)
    response = post(token_client(system), body(vg_cast))
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["huisarts_agb"]


def test_r_vg_1_a_system_acting_for_the_practice_requests_for_its_huisarts(vg_cast):
    system = UserFactory(email="his@praktijk-noord.test")
    network_grant(network=vg_cast.network, user=system)
    organisation_grant(organisation=vg_cast.practice, user=system)
    client = token_client(system, name="HIS Praktijk Noord (systeem)")
    response = post(client, body(vg_cast))
    assert response.status_code == 201, response.json()
    vg = VerkennendGesprek.objects.get()
    assert vg.requested_by == system and vg.huisarts == vg_cast.huisarts
    assert client.get(LIST_URL).json()["results"][0]["id"] == vg.pk


@pytest.mark.parametrize(
    "role", [Role.GGZ_PROFESSIONAL, Role.NETWERKCOORDINATOR, Role.BEHEERDER, "outsider"]
)
def test_r_vg_1_who_is_no_huisarts_and_acts_for_no_practice_gets_403(vg_cast, role):
    response = post(token_client(vg_cast.users[role]), body(vg_cast))
    assert response.status_code == 403
    assert response.json()["title"] == "Geen toegang"


def test_an_anonymous_call_is_401(vg_cast):
    assert APIClient().post(LIST_URL, body(vg_cast), format="json").status_code == 401
    assert APIClient().get(LIST_URL).status_code == 401


def test_the_list_is_scoped_to_what_the_caller_may_see(vg_cast, vg_factory, outsider):
    mine = vg_factory(Status.AANGEVRAAGD)
    planned = vg_factory(Status.GEPLAND)
    huisarts = token_client(vg_cast.huisarts.user).get(LIST_URL).json()
    assert [row["id"] for row in huisarts["results"]] == [planned.pk, mine.pk]  # newest first
    assert "bsn" not in huisarts["results"][0]["persoon"]
    assert "hulpvraag" not in huisarts["results"][0]
    assert token_client(outsider).get(LIST_URL).json()["results"] == []
    ggz = token_client(vg_cast.users[Role.GGZ_PROFESSIONAL]).get(LIST_URL).json()
    assert [row["id"] for row in ggz["results"]] == [planned.pk]  # takes part in it only
    insurer = token_client(vg_cast.users[Role.ZORGVERZEKERAAR]).get(LIST_URL).json()
    assert insurer["results"] == []


def test_the_list_filters_on_status(vg_cast, vg_factory):
    vg_factory(Status.AANGEVRAAGD)
    planned = vg_factory(Status.GEPLAND)
    client = token_client(vg_cast.huisarts.user)
    rows = client.get(LIST_URL, {"status": "gepland"}).json()["results"]
    assert [row["id"] for row in rows] == [planned.pk]
    assert client.get(LIST_URL, {"status": "onzin"}).status_code == 400


def test_a_list_row_shows_conversations_advies_and_letter(vg_cast, vg_factory):
    vg = vg_factory(Status.ADVIES)
    advies = vg.adviezen.get()
    AdviesBrief.objects.create(advies=advies, status=JobStatus.KLAAR, progress=100)
    row = token_client(vg_cast.huisarts.user).get(LIST_URL).json()["results"][0]
    gesprek = row["gesprekken"][0]
    assert gesprek["held"] is True and gesprek["mode"] == "locatie"
    assert sorted(p["role"] for p in gesprek["participants"]) == ["ggz", "sd"]
    assert row["advies"]["status"] == "definitief" and row["advies"]["version"] == 1
    assert row["letter"]["status"] == "klaar"
    assert row["letter"]["download_url"].endswith(
        reverse("verkennend_gesprek:brief_download", args=[vg.pk])
    )


def test_a_letter_in_the_making_has_no_download_url(vg_cast, vg_factory):
    vg = vg_factory(Status.ADVIES)
    AdviesBrief.objects.create(advies=vg.adviezen.get())
    row = token_client(vg_cast.huisarts.user).get(detail_url(vg)).json()
    assert row["letter"] == {"status": "wachtrij", "download_url": None}


def test_retrieve_shows_the_bsn_and_hulpvraag(vg_cast, vg_factory):
    vg = vg_factory()
    data = token_client(vg_cast.huisarts.user).get(detail_url(vg)).json()
    assert data["persoon"]["bsn"] == vg.persoon.bsn
    assert data["hulpvraag"] == vg.hulpvraag


def test_retrieve_is_404_for_an_outsider_and_a_bystander(vg_cast, vg_factory, outsider):
    vg = vg_factory()
    for user in (outsider, vg_cast.users[Role.SD_PROFESSIONAL]):  # sd takes no part yet
        response = token_client(user).get(detail_url(vg))
        assert response.status_code == 404
        assert response.json()["title"] == "Niet gevonden"
    assert not AccessLogEntry.objects.filter(event=Event.READ).exists()


def test_r_pr_1_create_list_and_retrieve_are_in_the_access_log(his, vg_cast, vg_factory):
    other = vg_factory()
    response = post(his, body(vg_cast))
    created = AccessLogEntry.objects.get(event=Event.CREATE)
    assert (created.person_identifier_type, created.person_identifier) == ("bsn", BSN)
    assert created.object_id == str(response.json()["id"])
    assert created.on_behalf_of == "API-sleutel HIS Praktijk Noord"
    assert created.user == vg_cast.huisarts.user

    post(his, body(vg_cast))  # the replay shows the request again: a read
    assert AccessLogEntry.objects.filter(event=Event.READ).count() == 1

    his.get(LIST_URL)
    listed = AccessLogEntry.objects.filter(event=Event.READ, detail__contains="lijst")
    assert sorted(e.person_identifier for e in listed) == sorted([BSN, other.persoon.bsn])

    his.get(detail_url(other))
    read = AccessLogEntry.objects.get(event=Event.READ, object_id=str(other.pk), detail="API")
    assert read.person_identifier == other.persoon.bsn


def test_an_empty_list_writes_no_log_entries(vg_cast):
    token_client(vg_cast.huisarts.user).get(LIST_URL)
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize("rows", [1, 8])
def test_the_list_query_count_does_not_grow_with_data(vg_cast, rows, django_assert_max_num_queries):
    persoon = PersoonFactory(
        network=vg_cast.network, gemeente=vg_cast.gemeente, insurer=vg_cast.insurer
    )
    for _ in range(rows):
        VerkennendGesprekFactory(
            network=vg_cast.network, persoon=persoon, huisarts=vg_cast.huisarts
        )
    client = token_client(vg_cast.huisarts.user)
    # token and its last use, the selector's permission lookups, the rows, their
    # conversations, participants and adviezen, the actor's roles and organisations, one
    # INSERT into the access log: the same for 1 row as for 8.
    with django_assert_max_num_queries(13):
        response = client.get(LIST_URL)
    assert len(response.json()["results"]) == rows


def test_the_list_pages_with_a_cursor(vg_cast):
    persoon = PersoonFactory(
        network=vg_cast.network, gemeente=vg_cast.gemeente, insurer=vg_cast.insurer
    )
    made = [
        VerkennendGesprekFactory(
            network=vg_cast.network, persoon=persoon, huisarts=vg_cast.huisarts
        )
        for _ in range(3)
    ]
    client = token_client(vg_cast.huisarts.user)
    first = client.get(LIST_URL, {"page_size": 2}).json()
    assert [r["id"] for r in first["results"]] == [made[2].pk, made[1].pk]
    second = client.get(first["next"]).json()
    assert [r["id"] for r in second["results"]] == [made[0].pk]
    assert second["next"] is None


def test_a_request_body_must_be_json(his, vg_cast):
    response = his.post(LIST_URL, {"network": "noord"})  # multipart
    assert response.status_code == 415


def test_the_date_of_birth_on_the_day_of_the_18th_birthday_is_accepted(his, vg_cast):
    today = timezone.localdate()
    try:
        born = today.replace(year=today.year - 18)
    except ValueError:  # 29 February
        born = date(today.year - 18, 2, 28)
    response = post(his, body(vg_cast, persoon={"date_of_birth": born.isoformat()}))
    assert response.status_code == 201, response.json()
