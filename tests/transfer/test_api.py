"""Function II's API: the team's systems read a meeting's picture and proposals (counts only,
R-TR-1); the holding provider's system answers per entry (R-TR-3) and confirms the warm
handover (R-TR-2). Same access as the pages: others get 404."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest
from rest_framework.test import APIClient

from mgn.accounts.constants import Role
from mgn.accounts.models import ApiToken
from mgn.audit.constants import Event, IdentifierType
from mgn.audit.models import AccessLogEntry
from tests.accounts.factories import UserFactory
from tests.networks.factories import OrganisationFactory, PartnershipFactory
from tests.transfer.factories import make_tafel, seat
from tests.wachttijden.factories import WachtplekFactory
from transfer.constants import Antwoord, GuestRole, MemberKind, VoorstelStatus
from transfer.models import Transfervoorstel, Uitkomst
from transfer.selectors.werklijst import group_entries
from wachttijden.constants import EntryStatus

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def token_client(user) -> APIClient:
    _token, key = ApiToken.issue(user=user, name="EPD Noord")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def vraagbeeld_url(overleg) -> str:
    return reverse("transfer-vraagbeeld", args=[overleg.pk])


def voorstellen_url(overleg) -> str:
    return reverse("transfer-voorstel-list", args=[overleg.pk])


def werklijst_url(voorstel) -> str:
    return reverse("transfer-werklijst-detail", args=[voorstel.pk])


def uitkomsten_url(voorstel) -> str:
    return reverse("transfer-uitkomst-create", args=[voorstel.pk])


def overdracht_url(uitkomst_pk) -> str:
    return reverse("transfer-overdracht", args=[uitkomst_pk])


def assert_no_person(s, text: str) -> None:
    """R-TR-1: no BSN or pseudonym of the scene in an answer."""
    for secret in (*s.bsns, *s.pseudonyms):
        assert secret not in text


def guest_of(s):
    insurer = OrganisationFactory(zorgverzekeraar=True)
    PartnershipFactory(network=s.cast.network, organisation=insurer)
    guest = UserFactory(roles=[Role.ZORGVERZEKERAAR])
    seat(s.tafel, insurer, user=guest, kind=MemberKind.GAST, guest_role=GuestRole.ZORGBEMIDDELING)
    return guest


# The team's reads ---------------------------------------------------------------------------
def test_R_TR_1_the_picture_through_the_api_is_counts_only(scene):
    s = scene
    response = token_client(s.coordinator).get(vraagbeeld_url(s.overleg))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["overleg"] == s.overleg.pk
    assert body["totaal"] == {"personen": 7, "wachtplekken": 7}
    numbers = [zvt.number for zvt in s.zvt]
    assert {row["zorgvraagtype"]: row["personen"] for row in body["per_zorgvraagtype"]} == {
        numbers[0]: 5,
        numbers[1]: 2,
    }
    cells = [c for c in body["cellen"] if c["aanbod"] == s.a.pk]
    assert sum(c["personen"] for c in cells) == 7
    assert {c["wachttijdband"] for c in cells} == {"10-14"}
    assert {c["gemeente"] for c in cells} == {s.cast.gemeenten[0].cbs_code}
    offers = {o["aanbod"]: o for o in body["aanbod"]}
    assert offers[s.b.pk]["vrije_plekken_totaal"] == 3
    assert offers[s.b.pk]["zorgvraagtypen"] == [numbers[0]]
    assert offers[s.b.pk]["verwachte_wachttijd_weken"] == 3.0
    assert offers[s.a.pk]["aanbieder_naam"] == s.cast.provider.name
    assert [z["nummer"] for z in body["zorgvraagtypen"]] == numbers
    assert [b["code"] for b in body["wachttijdbanden"]] == ["tot-4", "4-10", "10-14", "boven-14"]
    assert_no_person(s, response.content.decode())


def test_R_TR_1_the_proposals_through_the_api_with_their_recorded_figures(accepted):
    s = accepted
    response = api_for(s.coordinator).get(voorstellen_url(s.overleg))
    assert response.status_code == 200, response.content
    [voorstel] = response.json()
    assert voorstel["id"] == s.voorstel.pk
    assert (voorstel["van_aanbod"], voorstel["naar_aanbod"]) == (s.a.pk, s.b.pk)
    assert (voorstel["van_aanbod_naam"], voorstel["naar_aanbod_naam"]) == (s.a.name, s.b.name)
    assert voorstel["zorgvraagtype"] == s.zvt[0].number
    assert voorstel["gemeente"] is None
    assert (voorstel["personen"], voorstel["ruimte"]) == (3, 3)
    assert (voorstel["wachttijd_van_weken"], voorstel["wachttijd_naar_weken"]) == (12.0, 3.0)
    assert voorstel["weken_bespaard"] == 27.0
    assert (voorstel["status"], voorstel["soort"], voorstel["code"]) == (
        VoorstelStatus.AANVAARD,
        "groep",
        "",
    )
    assert_no_person(s, response.content.decode())


def test_R_TR_5_members_and_guests_read_the_meeting_others_get_404(scene, outsider):
    s = scene
    guest = guest_of(s)
    for user in (guest, s.coordinator):
        client = api_for(user)
        assert client.get(vraagbeeld_url(s.overleg)).status_code == 200
        assert client.get(voorstellen_url(s.overleg)).status_code == 200
        listed = client.get(reverse("transfer-overleg-list")).json()["results"]
        assert s.overleg.pk in {o["id"] for o in listed}
    client = api_for(outsider)
    for url in (vraagbeeld_url(s.overleg), voorstellen_url(s.overleg)):
        response = client.get(url)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["title"] == "Niet gevonden"
    assert client.get(reverse("transfer-overleg-list")).json()["results"] == []
    assert APIClient().get(vraagbeeld_url(s.overleg)).status_code == 401


# The holding provider's worklists -------------------------------------------------------------
def test_R_TR_3_the_worklist_through_the_api_by_client_reference_logged_per_entry(accepted):
    s = accepted
    client = token_client(s.provider_user)
    listed = client.get(reverse("transfer-werklijst-list"))
    assert listed.status_code == 200, listed.content
    [item] = listed.json()["results"]
    assert item["id"] == s.voorstel.pk
    assert item["aantallen"] == {
        "aanvaard": 0,
        "afgewezen": 0,
        "geen_antwoord": 0,
        "overgedragen": 0,
    }
    assert not AccessLogEntry.objects.exists()  # counts only

    response = client.get(werklijst_url(s.voorstel))
    assert response.status_code == 200, response.content
    regels = response.json()["regels"]
    assert [r["clientreferentie"] for r in regels] == [f"K-{n:03d}" for n in range(1, 6)]
    assert {r["antwoord"] for r in regels} == {""}
    assert {r["wachtplek"] for r in regels} == set(
        group_entries(s.voorstel).values_list("pk", flat=True)
    )
    assert_no_person(s, response.content.decode() + listed.content.decode())
    reads = AccessLogEntry.objects.filter(event=Event.READ)
    assert sorted(reads.values_list("person_identifier", flat=True)) == sorted(s.pseudonyms[:5])
    assert set(reads.values_list("person_identifier_type", flat=True)) == {IdentifierType.PSEUDONYM}
    assert {e.on_behalf_of for e in reads} == {"API-sleutel EPD Noord"}


def test_R_TR_3_only_the_holding_provider_opens_the_worklist(accepted, outsider):
    s = accepted
    entry = group_entries(s.voorstel).first()
    s_client = api_for(s.provider_user)
    answered = s_client.post(
        uitkomsten_url(s.voorstel), {"wachtplek": entry.pk, "antwoord": "aanvaard"}, format="json"
    )
    assert answered.status_code == 201, answered.content
    uitkomst_pk = answered.json()["uitkomst"]
    guest = guest_of(s)
    # The receiving provider, a guest of the table, the coordinator, another network.
    for user in (s.receiver, guest, s.coordinator, outsider):
        client = api_for(user)
        assert client.get(reverse("transfer-werklijst-list")).json()["results"] == []
        assert client.get(werklijst_url(s.voorstel)).status_code == 404
        posted = client.post(
            uitkomsten_url(s.voorstel),
            {"wachtplek": entry.pk, "antwoord": "afgewezen"},
            format="json",
        )
        assert posted.status_code == 404
        assert client.post(overdracht_url(uitkomst_pk)).status_code == 404
    anonymous = APIClient()
    assert anonymous.get(werklijst_url(s.voorstel)).status_code == 401
    assert anonymous.post(overdracht_url(uitkomst_pk)).status_code == 401
    assert Uitkomst.objects.get().antwoord == Antwoord.AANVAARD
    assert not AccessLogEntry.objects.filter(event__in=[Event.READ, Event.TRANSFER]).exists()


def test_R_TR_3_a_declined_person_stays_through_the_api(accepted):
    s = accepted
    client = api_for(s.provider_user)
    response = client.post(
        uitkomsten_url(s.voorstel),
        {"clientreferentie": "K-001", "antwoord": "afgewezen"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["clientreferentie"] == "K-001"
    assert body["antwoord"] == Antwoord.AFGEWEZEN
    assert body["kan_overdragen"] is False
    entry = group_entries(s.voorstel).get(client_reference="K-001")
    assert entry.status == EntryStatus.AANMELDING  # still on the preferred list
    refused = client.post(overdracht_url(body["uitkomst"]))
    assert refused.status_code == 400
    assert "aanvaard" in refused.json()["errors"]["non_field_errors"][0]["message"]
    regels = client.get(werklijst_url(s.voorstel)).json()["regels"]
    assert regels[0]["clientreferentie"] == "K-001"
    assert regels[0]["antwoord"] == Antwoord.AFGEWEZEN
    assert len(regels) == 5  # the person stays in the group
    assert not AccessLogEntry.objects.filter(event=Event.TRANSFER).exists()
    # Asked again: the answer changes in place (200, not a new record).
    again = client.post(
        uitkomsten_url(s.voorstel),
        {"wachtplek": entry.pk, "antwoord": "geen_antwoord"},
        format="json",
    )
    assert again.status_code == 200
    assert Uitkomst.objects.get().antwoord == Antwoord.GEEN_ANTWOORD


def test_R_TR_2_a_handover_through_the_api_is_logged_once_per_provider(accepted):
    s = accepted
    client = token_client(s.provider_user)
    response = client.post(
        uitkomsten_url(s.voorstel), {"bsn": s.bsns[0], "antwoord": "aanvaard"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["clientreferentie"] == "K-001" and body["kan_overdragen"] is True
    assert_no_person(s, response.content.decode())
    search = AccessLogEntry.objects.get(event=Event.SEARCH)
    assert search.person_identifier == s.pseudonyms[0]

    handed = client.post(overdracht_url(body["uitkomst"]))
    assert handed.status_code == 200, handed.content
    assert handed.json()["overgedragen_op"] is not None
    assert handed.json()["kan_overdragen"] is False
    assert_no_person(s, handed.content.decode())
    transfers = AccessLogEntry.objects.filter(event=Event.TRANSFER)
    assert transfers.count() == 2
    assert {t.user_organisation for t in transfers} == {
        str(s.cast.provider),
        str(s.cast.other_provider),
    }
    assert {t.person_identifier for t in transfers} == {s.pseudonyms[0]}

    second = client.post(overdracht_url(body["uitkomst"]))
    assert second.status_code == 400
    assert "al overgedragen" in second.json()["errors"]["non_field_errors"][0]["message"]
    assert AccessLogEntry.objects.filter(event=Event.TRANSFER).count() == 2
    listed = client.get(reverse("transfer-werklijst-list")).json()["results"]
    assert listed[0]["aantallen"]["overgedragen"] == 1
    assert_no_person(s, str(listed))


def test_R_TR_3_no_more_acceptances_than_the_room_through_the_api(accepted):
    s = accepted
    client = api_for(s.provider_user)
    for n in range(1, 4):
        response = client.post(
            uitkomsten_url(s.voorstel),
            {"clientreferentie": f"K-{n:03d}", "antwoord": "aanvaard"},
            format="json",
        )
        assert response.status_code == 201
    refused = client.post(
        uitkomsten_url(s.voorstel),
        {"clientreferentie": "K-004", "antwoord": "aanvaard"},
        format="json",
    )
    assert refused.status_code == 400
    assert "al 3 personen aanvaard" in refused.json()["errors"]["antwoord"][0]["message"]
    assert Uitkomst.objects.count() == 3


def test_R_TR_3_a_bsn_outside_the_group_is_refused_searched_and_not_echoed(accepted):
    s = accepted
    client = api_for(s.provider_user)
    for bsn, message in ((s.bsns[6], "staat niet wachtend"), ("123456789", "elfproef")):
        response = client.post(
            uitkomsten_url(s.voorstel), {"bsn": bsn, "antwoord": "aanvaard"}, format="json"
        )
        assert response.status_code == 400
        assert message in response.json()["errors"]["bsn"][0]["message"]
        assert bsn not in response.content.decode()
    assert_no_person(s, response.content.decode())
    # The type-2 person was searched (logged), the invalid number never reached a search.
    assert AccessLogEntry.objects.filter(event=Event.SEARCH).count() == 1
    assert not Uitkomst.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"wachtplek": "abc", "antwoord": "aanvaard"}, "wachtplek"),
        ({"wachtplek": [1], "antwoord": "aanvaard"}, "wachtplek"),
        ({"clientreferentie": {"a": 1}, "antwoord": "aanvaard"}, "clientreferentie"),
        ({"clientreferentie": "K-001\u0000", "antwoord": "aanvaard"}, None),
        ({"clientreferentie": "K" * 41, "antwoord": "aanvaard"}, "clientreferentie"),
        ({"clientreferentie": "K-999", "antwoord": "aanvaard"}, "clientreferentie"),
        ({"clientreferentie": "K-006", "antwoord": "aanvaard"}, "clientreferentie"),
        ({"clientreferentie": "K-001", "antwoord": "misschien"}, "antwoord"),
        ({"clientreferentie": "K-001", "antwoord": ""}, "antwoord"),
        ({"clientreferentie": "K-001"}, "antwoord"),
        ({"antwoord": "aanvaard"}, "non_field_errors"),
        ({"wachtplek": 1, "clientreferentie": "K-001", "antwoord": "aanvaard"}, "non_field_errors"),
        (["K-001"], "non_field_errors"),
        ("K-001", "non_field_errors"),
    ],
)
def test_R_TR_3_bad_input_gets_a_clean_400_in_dutch(accepted, body, field):
    s = accepted
    response = api_for(s.provider_user).post(uitkomsten_url(s.voorstel), body, format="json")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["title"] == "Ongeldige invoer"
    if field is not None:
        assert field in problem["errors"], problem
    assert not Uitkomst.objects.exists()


def test_R_TR_3_a_wachtplek_outside_the_group_nul_bytes_and_huge_bodies_are_refused(accepted):
    s = accepted
    client = api_for(s.provider_user)
    outside = WachtplekFactory(aanbod=s.a, client_reference="K-999")  # waits 2 weeks only
    response = client.post(
        uitkomsten_url(s.voorstel), {"wachtplek": outside.pk, "antwoord": "aanvaard"}, format="json"
    )
    assert response.status_code == 400
    assert "hoort niet" in response.json()["errors"]["wachtplek"][0]["message"]
    url = uitkomsten_url(s.voorstel)
    raw = client.post(
        url,
        b'{"clientreferentie": "K-001\x00", "antwoord": "aanvaard"}',
        content_type="application/json",
    )
    assert raw.status_code == 400
    escaped = client.post(
        url,
        b'{"clientreferentie": "K-001\\u0000", "antwoord": "aanvaard"}',
        content_type="application/json",
    )
    assert escaped.status_code == 400
    assert "stuurteken" in escaped.json()["detail"]
    huge = b'{"clientreferentie": "' + b"K" * (3 * 1024 * 1024) + b'", "antwoord": "aanvaard"}'
    too_large = client.post(url, huge, content_type="application/json")
    assert too_large.status_code == 413
    assert too_large["Content-Type"] == "application/problem+json"
    not_json = client.post(url, {"clientreferentie": "K-001", "antwoord": "aanvaard"})
    assert not_json.status_code == 415  # a form body: the API reads JSON only
    assert client.post(overdracht_url(999_999)).status_code == 404
    assert not Uitkomst.objects.exists()


# Query counts ------------------------------------------------------------------------------
def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


def _more_of_everything(s):
    """Another table with meetings, another accepted proposal, more entries in the group."""
    make_tafel(s.cast.network, name="Transfertafel Zuid")
    overleg = s.tafel.overleggen.order_by("starts_at").last()
    Transfervoorstel.objects.create(
        overleg=overleg,
        from_aanbod=s.a,
        to_aanbod=s.b,
        zorgvraagtype=s.zvt[1],
        min_waiting_weeks=4,
        persons=1,
        room=2,
        weeks=4,
        wait_from_weeks=12,
        wait_to_weeks=3,
        picture_on=timezone.localdate(),
        status=VoorstelStatus.AANVAARD,
    )
    for n in range(4):
        WachtplekFactory(
            aanbod=s.a,
            registered_on=timezone.localdate() - timedelta(weeks=12),
            zorgvraagtype=s.zvt[0],
            client_reference=f"L-{n}",
        )


def test_R_TR_3_the_list_endpoints_have_a_constant_query_count(accepted):
    s = accepted
    team, provider = api_for(s.coordinator), api_for(s.provider_user)
    urls = {
        "overleggen": (team, reverse("transfer-overleg-list")),
        "vraagbeeld": (team, vraagbeeld_url(s.overleg)),
        "voorstellen": (team, voorstellen_url(s.overleg)),
        "werklijsten": (provider, reverse("transfer-werklijst-list")),
        "werklijst": (provider, werklijst_url(s.voorstel)),
    }
    for client, url in urls.values():
        client.get(url)  # the user's roles are read once per user object
    before = {name: _queries(client, url) for name, (client, url) in urls.items()}
    _more_of_everything(s)
    after = {name: _queries(client, url) for name, (client, url) in urls.items()}
    assert after == before
    assert before["werklijsten"] <= 2 and before["werklijst"] <= 5
    assert len(provider.get(werklijst_url(s.voorstel)).json()["regels"]) == 9
    assert provider.get(reverse("transfer-werklijst-list")).json()["count"] == 2
