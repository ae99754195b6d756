"""Function IV's API: series, meetings and agendas read like the pages; cases read and
registered by the series' members only (R-DOC-1 … R-DOC-3), outcomes and closing by the
chair (R-DOC-4), signals raised by members and read by coordinators, policy partners and
members without any case text (R-DOC-5, R-PR-2). Others get 404."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest
from rest_framework.test import APIClient

from casusoverleg.constants import CasusStatus, SignaalCategorie
from casusoverleg.models import (
    Casus,
    CasusOverleg,
    CasusUitkomst,
    ReeksLid,
    Signaal,
    Verwerkingsafspraak,
)
from casusoverleg.services.signalen import signaal_raise
from mgn.accounts.models import ApiToken
from networks.constants import Domain
from tests.casusoverleg.factories import case_fields, make_reeks, register
from tests.networks.factories import ProfessionalFactory

pytestmark = pytest.mark.django_db

PHONE = "0612345678"  # caught by the identifier guard (and by its stub)
OUTCOME_TEXT = "Schuldhulp en behandeling starten samen, met één contactpersoon."


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def token_client(user) -> APIClient:
    _token, key = ApiToken.issue(user=user, name="Casussysteem")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def url(name, *args) -> str:
    return reverse(f"casusoverleg-{name}", args=args)


def _register(co, **fields):
    return register(
        co.reeks, organisation=co.praktijk, user=co.huisarts, gemeente=co.gemeenten[0], **fields
    )


def _start(overleg, *, minutes_ago=10):
    CasusOverleg.objects.filter(pk=overleg.pk).update(
        starts_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    overleg.refresh_from_db()
    return overleg


def registration(co, **fields) -> dict:
    body = case_fields()
    body.update(gemeente=co.gemeenten[0].cbs_code)
    body.update(fields)
    return body


def outcome(co, meeting, **fields) -> dict:
    body = {
        "overleg": meeting.pk,
        "oplossing": OUTCOME_TEXT,
        "volgende_stap": "Gezamenlijk intakegesprek plannen.",
        "eigenaar": str(co.gemeente.pk),
        "datum": (timezone.localdate() + timedelta(days=14)).isoformat(),
    }
    body.update(fields)
    return body


def case_texts(casus) -> list[str]:
    return [casus.situatie, casus.geprobeerd, casus.vraag]


# Series and meetings -----------------------------------------------------------------------
def test_R_DOC_1_the_series_through_the_api_with_members_and_coming_meetings(co):
    response = token_client(co.huisarts).get(url("reeks-list"))
    assert response.status_code == 200, response.content
    [reeks] = response.json()["results"]
    assert (reeks["id"], reeks["naam"], reeks["netwerk"]) == (co.reeks.pk, co.reeks.name, "noord")
    assert reeks["lid"] is True
    members = {m["naam"]: m for m in reeks["leden"]}
    assert set(members) == {"Hanna Huisarts", "Gijs Ggz", "Sanne Wijkteam"}
    assert members["Sanne Wijkteam"]["voorzitter"] is True
    assert members["Sanne Wijkteam"]["domein"] == "sd"  # a gemeente's own staff count as SD
    assert members["Hanna Huisarts"]["organisatie"]["naam"] == co.praktijk.name
    assert members["Hanna Huisarts"]["domein"] == "huisarts"
    coming = reeks["komende_overleggen"]
    assert [o["id"] for o in coming] == list(
        co.reeks.overleggen.order_by("starts_at").values_list("pk", flat=True)
    )
    assert {o["status"] for o in coming} == {"gepland"}
    # The coordinator manages the series without sitting in it.
    [managed] = api_for(co.coordinator).get(url("reeks-list")).json()["results"]
    assert managed["id"] == co.reeks.pk and managed["lid"] is False
    for user in (co.policy, co.stranger, co.outsider):
        assert api_for(user).get(url("reeks-list")).json()["results"] == []
    assert APIClient().get(url("reeks-list")).status_code == 401


def test_R_DOC_1_the_meetings_of_a_series_with_status_and_agenda_count(co):
    casus = _register(co)
    _register(co)
    response = api_for(co.coordinator).get(url("overleg-list", co.reeks.pk))
    assert response.status_code == 200, response.content
    rows = {row["id"]: row for row in response.json()["results"]}
    assert rows[casus.overleg_id]["aantal_casussen"] == 2
    assert rows[casus.overleg_id]["status"] == "gepland"
    assert sum(row["aantal_casussen"] for row in rows.values()) == 2
    assert {row["aantal_uitkomsten"] for row in rows.values()} == {0}
    assert api_for(co.stranger).get(url("overleg-list", co.reeks.pk)).status_code == 404
    assert api_for(co.policy).get(url("overleg-list", co.reeks.pk)).status_code == 404


def test_R_PR_2_members_read_the_agenda_and_managers_only_its_counts_through_the_api(co):
    casus = _register(co)
    member = api_for(co.ggz_user).get(url("overleg-detail", casus.overleg_id))
    assert member.status_code == 200, member.content
    body = member.json()
    assert body["aantal_casussen"] == 1
    [item] = body["agenda"]
    assert item["code"] == casus.code
    assert item["vraag"] == casus.vraag
    assert item["gemeente"] == {"cbs_code": co.gemeenten[0].cbs_code, "naam": "Assen"}
    assert item["levensdomeinen"] == ["geld", "wonen"]
    assert (item["reden"], item["leeftijdsgroep"], item["status"]) == (
        "niet-alleen",
        "27-44",
        "aangemeld",
    )
    manager = api_for(co.coordinator).get(url("overleg-detail", casus.overleg_id))
    assert manager.status_code == 200
    assert manager.json()["agenda"] is None
    assert manager.json()["aantal_casussen"] == 1
    text = manager.content.decode()
    assert casus.code not in text
    for secret in case_texts(casus):
        assert secret not in text
    for user in (co.policy, co.stranger, co.outsider):
        assert api_for(user).get(url("overleg-detail", casus.overleg_id)).status_code == 404


# Cases ---------------------------------------------------------------------------------------
def test_R_PR_2_only_members_read_cases_through_the_api(co):
    casus = _register(co)
    client = api_for(co.sd_user)
    listed = client.get(url("casus-list"))
    assert listed.status_code == 200, listed.content
    assert [c["code"] for c in listed.json()["results"]] == [casus.code]
    detail = client.get(url("casus-detail", casus.pk))
    assert detail.status_code == 200
    body = detail.json()
    assert (body["situatie"], body["geprobeerd"], body["vraag"]) == tuple(case_texts(casus))
    assert body["organisatie"]["naam"] == co.praktijk.name
    assert body["betrokkenheid"] == "meegedaan"
    assert body["uitkomsten"] == []
    for user in (co.coordinator, co.policy, co.stranger, co.outsider):
        client = api_for(user)
        assert client.get(url("casus-list")).json()["results"] == []
        response = client.get(url("casus-detail", casus.pk))
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
    assert APIClient().get(url("casus-detail", casus.pk)).status_code == 401


def test_R_DOC_2_a_member_registers_a_case_through_the_api_and_gets_its_code(co):
    client = token_client(co.huisarts)
    response = client.post(url("casus-create", co.reeks.pk), registration(co), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    casus = Casus.objects.get()
    assert body["code"] == casus.code and casus.code.startswith("CO-")
    assert body["id"] == casus.pk
    assert casus.organisation == co.praktijk  # the one organisation the user sits for
    assert casus.gemeente == co.gemeenten[0]
    assert casus.overleg == co.reeks.overleggen.order_by("starts_at").first()
    assert casus.registered_by == co.huisarts


def test_R_DOC_2_the_organisation_by_agb_or_id_must_be_one_the_user_sits_for(co):
    client = api_for(co.huisarts)
    for given in (co.insurer.pk, str(co.ggz.pk), "99999999", "abc"):
        refused = client.post(
            url("casus-create", co.reeks.pk), registration(co, organisatie=given), format="json"
        )
        assert refused.status_code == 400, (given, refused.content)
        assert "organisatie" in refused.json()["errors"]
    assert co.praktijk.agb_code
    for given in (co.praktijk.agb_code, co.praktijk.pk):
        response = client.post(
            url("casus-create", co.reeks.pk), registration(co, organisatie=given), format="json"
        )
        assert response.status_code == 201, response.content
    assert set(Casus.objects.values_list("organisation", flat=True)) == {co.praktijk.pk}


def test_R_DOC_2_who_sits_for_two_organisations_names_the_one_registering(co):
    # The huisarts also works for the ggz institution, as a professional of it.
    ReeksLid.objects.create(
        reeks=co.reeks,
        organisation=co.ggz,
        professional=ProfessionalFactory(organisation=co.ggz, user=co.huisarts),
        domain=Domain.GGZ,
        joined_on=timezone.localdate(),
    )
    client = api_for(co.huisarts)
    create = url("casus-create", co.reeks.pk)
    refused = client.post(create, registration(co), format="json")
    assert refused.status_code == 400
    assert "meer dan één organisatie" in refused.json()["errors"]["organisatie"][0]["message"]
    response = client.post(create, registration(co, organisatie=co.ggz.pk), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["organisatie"]["id"] == co.ggz.pk
    assert Casus.objects.get().organisation == co.ggz


def test_R_DOC_2_a_case_for_a_chosen_coming_meeting_through_the_api(co):
    second = co.reeks.overleggen.order_by("starts_at")[1]
    client = api_for(co.ggz_user)
    response = client.post(
        url("casus-create", co.reeks.pk), registration(co, overleg=second.pk), format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["overleg"] == second.pk
    past = _start(co.reeks.overleggen.order_by("starts_at")[2], minutes_ago=60 * 24 * 30)
    for overleg in (past.pk, 999_999):
        refused = client.post(
            url("casus-create", co.reeks.pk), registration(co, overleg=overleg), format="json"
        )
        assert refused.status_code == 400
        assert "komend overleg" in refused.json()["errors"]["overleg"][0]["message"]


def test_R_DOC_1_registering_is_refused_without_agreement_through_the_api(co):
    Verwerkingsafspraak.objects.all().delete()
    response = api_for(co.huisarts).post(
        url("casus-create", co.reeks.pk), registration(co), format="json"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    [error] = response.json()["errors"]["non_field_errors"]
    assert "nog geen verwerkingsafspraak (AVG)" in error["message"]
    assert "bewaartermijn" in error["message"]
    assert not Casus.objects.exists()


def test_R_DOC_3_registering_is_refused_without_consent_through_the_api(co):
    response = api_for(co.huisarts).post(
        url("casus-create", co.reeks.pk), registration(co, betrokkenheid="geen"), format="json"
    )
    assert response.status_code == 400
    [error] = response.json()["errors"]["betrokkenheid"]
    assert "toestemming" in error["message"] and "R-DOC-3" in error["message"]
    assert not Casus.objects.exists()


@pytest.mark.parametrize("field", ["situatie", "geprobeerd", "vraag"])
def test_R_DOC_2_an_identifier_in_a_case_text_is_refused_naming_field_and_kind_through_the_api(
    co, field
):
    text = f"Bel haar op {PHONE} voor het vervolg."
    response = api_for(co.huisarts).post(
        url("casus-create", co.reeks.pk), registration(co, **{field: text}), format="json"
    )
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert "telefoonnummer" in errors[field][0]["message"]
    assert PHONE not in response.content.decode()
    assert not Casus.objects.exists()


def test_R_DOC_2_a_gemeente_outside_the_network_or_unknown_is_refused_through_the_api(co):
    from tests.networks.factories import GemeenteFactory

    elsewhere = GemeenteFactory(region=co.stranger_org.partnerships.get().network.regions.first())
    client = api_for(co.huisarts)
    for code in (elsewhere.cbs_code, "GM9999"):
        response = client.post(
            url("casus-create", co.reeks.pk), registration(co, gemeente=code), format="json"
        )
        assert response.status_code == 400, response.content
        assert "gemeente" in response.json()["errors"]
    assert not Casus.objects.exists()


def test_R_DOC_1_only_members_register_a_case_through_the_api(co):
    create = url("casus-create", co.reeks.pk)
    # The coordinator sees the series but does not sit in it: 403; others do not see it.
    assert api_for(co.coordinator).post(create, registration(co), format="json").status_code == 403
    for user in (co.policy, co.stranger, co.outsider):
        assert api_for(user).post(create, registration(co), format="json").status_code == 404
    assert APIClient().post(create, registration(co), format="json").status_code == 401
    assert not Casus.objects.exists()


def test_R_DOC_1_a_network_without_the_function_shows_nothing_through_the_api(co):
    casus = _register(co)
    co.network.offers_casusoverleg = False
    co.network.save(update_fields=["offers_casusoverleg"])
    client = api_for(co.huisarts)
    assert client.get(url("reeks-list")).json()["results"] == []
    assert client.get(url("casus-list")).json()["results"] == []
    for path in (
        url("overleg-list", co.reeks.pk),
        url("overleg-detail", casus.overleg_id),
        url("casus-detail", casus.pk),
    ):
        assert client.get(path).status_code == 404
    response = client.post(url("casus-create", co.reeks.pk), registration(co), format="json")
    assert response.status_code == 404
    assert client.get(url("signaal-list"), {"network": "noord"}).status_code == 404


# Outcomes and closing (R-DOC-4) ----------------------------------------------------------------
def test_R_DOC_4_the_chair_records_the_outcome_through_the_api(co):
    casus = _register(co)
    overleg = _start(casus.overleg)
    chair = api_for(co.sd_user)
    response = chair.post(url("uitkomst-create", casus.pk), outcome(co, overleg), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["oplossing"] == OUTCOME_TEXT
    assert body["eigenaar"]["naam"] == co.gemeente.name
    assert body["overleg"] == overleg.pk
    # Corrected by the chair: the same outcome (200); the owner by its AGB code.
    co.ggz.refresh_from_db()
    again = chair.post(
        url("uitkomst-create", casus.pk),
        outcome(co, overleg, eigenaar=co.ggz.agb_code),
        format="json",
    )
    assert again.status_code == 200, again.content
    assert CasusUitkomst.objects.get().eigenaar == co.ggz
    casus.refresh_from_db()
    assert casus.status == CasusStatus.BESPROKEN
    detail = api_for(co.huisarts).get(url("casus-detail", casus.pk)).json()
    assert [u["volgende_stap"] for u in detail["uitkomsten"]] == [
        "Gezamenlijk intakegesprek plannen."
    ]
    # A member who is no chair may not; who does not see the case gets 404.
    member = api_for(co.huisarts).post(
        url("uitkomst-create", casus.pk), outcome(co, overleg), format="json"
    )
    assert member.status_code == 403
    for user in (co.coordinator, co.policy, co.stranger):
        posted = api_for(user).post(
            url("uitkomst-create", casus.pk), outcome(co, overleg), format="json"
        )
        assert posted.status_code == 404


def test_R_DOC_4_an_outcome_is_refused_before_the_meeting_or_with_an_identifier(co):
    casus = _register(co)
    chair = api_for(co.sd_user)
    early = chair.post(url("uitkomst-create", casus.pk), outcome(co, casus.overleg), format="json")
    assert early.status_code == 400
    assert "tijdens of na het overleg" in early.json()["errors"]["overleg"][0]["message"]
    overleg = _start(casus.overleg)
    guarded = chair.post(
        url("uitkomst-create", casus.pk),
        outcome(co, overleg, volgende_stap=f"Bellen met {PHONE}."),
        format="json",
    )
    assert guarded.status_code == 400
    assert "telefoonnummer" in guarded.json()["errors"]["volgende_stap"][0]["message"]
    assert PHONE not in guarded.content.decode()
    for eigenaar, field in (("12345678", "eigenaar"), ("x", "eigenaar")):
        refused = chair.post(
            url("uitkomst-create", casus.pk),
            outcome(co, overleg, eigenaar=eigenaar),
            format="json",
        )
        assert refused.status_code == 400 and field in refused.json()["errors"]
    outsider_org = co.stranger_org
    refused = chair.post(
        url("uitkomst-create", casus.pk),
        outcome(co, overleg, eigenaar=str(outsider_org.pk)),
        format="json",
    )
    assert "geen partner" in refused.json()["errors"]["eigenaar"][0]["message"]
    other_series_meeting = chair.post(
        url("uitkomst-create", casus.pk), outcome(co, overleg, overleg=999_999), format="json"
    )
    assert other_series_meeting.status_code == 400
    assert not CasusUitkomst.objects.exists()


def test_R_DOC_4_close_refused_without_outcome_through_the_api(co):
    casus = _register(co)
    chair = api_for(co.sd_user)
    refused = chair.post(url("casus-sluiten", casus.pk))
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/problem+json"
    [error] = refused.json()["errors"]["non_field_errors"]
    assert "zonder uitkomst kan niet worden gesloten" in error["message"]
    casus.refresh_from_db()
    assert casus.status == CasusStatus.AANGEMELD
    overleg = _start(casus.overleg)
    assert (
        chair.post(
            url("uitkomst-create", casus.pk), outcome(co, overleg), format="json"
        ).status_code
        == 201
    )
    assert api_for(co.huisarts).post(url("casus-sluiten", casus.pk)).status_code == 403
    assert api_for(co.coordinator).post(url("casus-sluiten", casus.pk)).status_code == 404
    closed = chair.post(url("casus-sluiten", casus.pk))
    assert closed.status_code == 200, closed.content
    assert closed.json()["status"] == "gesloten"
    assert closed.json()["gesloten_op"] is not None
    casus.refresh_from_db()
    assert casus.status == CasusStatus.GESLOTEN and casus.closed_by == co.sd_user


# Signals (R-DOC-5) ---------------------------------------------------------------------------
def test_R_DOC_5_a_member_raises_a_signal_through_the_api(co):
    casus = _register(co)
    client = api_for(co.huisarts)
    body = {
        "categorie": SignaalCategorie.ONTBREKEND_AANBOD,
        "gemeenten": [g.cbs_code for g in co.gemeenten],
        "toelichting": "Geen beschermd wonen voor jongeren met schulden.",
    }
    response = client.post(url("signaal-create", casus.pk), body, format="json")
    assert response.status_code == 201, response.content
    signaal = Signaal.objects.get()
    data = response.json()
    assert data["id"] == signaal.pk and data["casus_code"] == casus.code
    assert [g["cbs_code"] for g in data["gemeenten"]] == sorted(g.cbs_code for g in co.gemeenten)
    assert data["maand"] == timezone.localdate().strftime("%Y-%m")
    assert signaal.organisation == co.praktijk and signaal.raised_by == co.huisarts
    guarded = client.post(
        url("signaal-create", casus.pk),
        {**body, "toelichting": f"Zie {PHONE}."},
        format="json",
    )
    assert guarded.status_code == 400
    assert "telefoonnummer" in guarded.json()["errors"]["toelichting"][0]["message"]
    for bad, field in (
        ({"categorie": "anders"}, "categorie"),
        ({"gemeenten": []}, "gemeenten"),
        ({"gemeenten": ["GM9999"]}, "gemeenten"),
        ({"toelichting": "  "}, "toelichting"),
    ):
        refused = client.post(url("signaal-create", casus.pk), {**body, **bad}, format="json")
        assert refused.status_code == 400, (bad, refused.content)
        assert field in refused.json()["errors"], refused.json()
    for user in (co.coordinator, co.policy, co.stranger):
        posted = api_for(user).post(url("signaal-create", casus.pk), body, format="json")
        assert posted.status_code == 404
    assert Signaal.objects.count() == 1


def _signal(co, casus, **fields):
    values = {
        "category": SignaalCategorie.ONTBREKEND_AANBOD,
        "gemeenten": [co.gemeenten[0]],
        "description": "Geen beschermd wonen voor jongeren.",
    }
    values.update(fields)
    return signaal_raise(casus=casus, organisation=co.praktijk, raised_by=co.huisarts, **values)


def test_R_PR_2_policy_partner_sees_signals_never_case_texts_through_the_api(co):
    casus = _register(co)
    overleg = _start(casus.overleg)
    api_for(co.sd_user).post(url("uitkomst-create", casus.pk), outcome(co, overleg), format="json")
    signaal = _signal(co, casus)
    response = token_client(co.policy).get(url("signaal-list"), {"network": "noord"})
    assert response.status_code == 200, response.content
    [row] = response.json()["results"]
    assert row == {
        "id": signaal.pk,
        "netwerk": "noord",
        "categorie": "ontbrekend-aanbod",
        "gemeenten": [{"cbs_code": co.gemeenten[0].cbs_code, "naam": "Assen"}],
        "toelichting": "Geen beschermd wonen voor jongeren.",
        "maand": timezone.localdate().strftime("%Y-%m"),
        "casus_code": casus.code,
        "ontbrekend_aanbod": None,
    }
    text = response.content.decode()
    for secret in [*case_texts(casus), OUTCOME_TEXT]:
        assert secret not in text
    # The policy partner reads no case, meeting or series.
    client = api_for(co.policy)
    assert client.get(url("casus-detail", casus.pk)).status_code == 404
    assert client.get(url("casus-list")).json()["results"] == []
    assert client.get(url("overleg-detail", casus.overleg_id)).status_code == 404
    # Coordinators and members read the signals too; no one else.
    for user in (co.coordinator, co.huisarts, co.sd_user):
        listed = api_for(user).get(url("signaal-list")).json()["results"]
        assert [s["id"] for s in listed] == [signaal.pk]
    for user in (co.stranger, co.outsider):
        assert api_for(user).get(url("signaal-list")).json()["results"] == []
        assert api_for(user).get(url("signaal-list"), {"network": "noord"}).status_code == 404
    assert APIClient().get(url("signaal-list")).status_code == 401


def test_R_DOC_5_signals_per_period_through_the_api(co):
    casus = _register(co)
    old = _signal(co, casus, category=SignaalCategorie.WACHTTIJD)
    Signaal.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=70))
    new = _signal(co, casus)
    client = api_for(co.coordinator)
    today = timezone.localdate()

    def ids(**query):
        response = client.get(url("signaal-list"), query)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids() == [new.pk, old.pk]
    assert ids(van=(today - timedelta(days=30)).isoformat()) == [new.pk]
    assert ids(tot=(today - timedelta(days=30)).isoformat()) == [old.pk]
    assert ids(van=today.isoformat(), tot=today.isoformat(), network="noord") == [new.pk]
    for query, field in (
        ({"van": "gisteren"}, "van"),
        ({"tot": "2026-13-01"}, "tot"),
        ({"van": today.isoformat(), "tot": (today - timedelta(days=1)).isoformat()}, "tot"),
        ({"network": "no ord"}, "network"),
    ):
        response = client.get(url("signaal-list"), query)
        assert response.status_code == 400, query
        assert field in response.json()["errors"]


# Other networks --------------------------------------------------------------------------------
def test_R_PR_2_other_networks_ids_answer_404_through_the_api(co):
    casus = _register(co)
    signaal = _signal(co, casus)
    client = token_client(co.stranger)
    gets = [
        url("overleg-list", co.reeks.pk),
        url("overleg-detail", casus.overleg_id),
        url("casus-detail", casus.pk),
    ]
    for path in gets:
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["title"] == "Niet gevonden"
    posts = [
        (url("casus-create", co.reeks.pk), registration(co)),
        (url("uitkomst-create", casus.pk), outcome(co, casus.overleg)),
        (url("casus-sluiten", casus.pk), {}),
        (
            url("signaal-create", casus.pk),
            {"categorie": "wachttijd", "gemeenten": [], "toelichting": "x"},
        ),
    ]
    for path, body in posts:
        assert client.post(path, body, format="json").status_code == 404, path
    assert client.get(url("signaal-list"), {"network": signaal.network.slug}).status_code == 404
    assert Signaal.objects.count() == 1 and Casus.objects.count() == 1


# Bad input -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"reden": "misschien"}, "reden"),
        ({"reden": 3}, "reden"),
        ({"situatie": ["a"]}, "situatie"),
        ({"situatie": ""}, "situatie"),
        ({"situatie": "x" * 4001}, "situatie"),
        ({"levensdomeinen": "geld"}, "levensdomeinen"),
        ({"levensdomeinen": ["maan"]}, "levensdomeinen"),
        ({"levensdomeinen": []}, "levensdomeinen"),
        ({"vraag": {"a": 1}}, "vraag"),
        ({"leeftijdsgroep": "12-17"}, "leeftijdsgroep"),
        ({"gemeente": 106}, "gemeente"),
        ({"gemeente": None}, "gemeente"),
        ({"betrokkenheid": True}, "betrokkenheid"),
        ({"overleg": "volgende"}, "overleg"),
        ({"overleg": 0}, "overleg"),
        ({"overleg": 2**64}, "overleg"),
        ({"organisatie": {"agb": "1"}}, "organisatie"),
    ],
)
def test_R_DOC_2_bad_input_gets_a_clean_400_in_dutch(co, fields, field):
    response = api_for(co.huisarts).post(
        url("casus-create", co.reeks.pk), registration(co, **fields), format="json"
    )
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["title"] == "Ongeldige invoer"
    assert any(name.split(".")[0] == field for name in problem["errors"]), problem
    assert not Casus.objects.exists()


@pytest.mark.parametrize("body", [["reden"], "reden", 42])
def test_R_DOC_2_a_body_that_is_no_object_gets_400(co, body):
    response = api_for(co.huisarts).post(url("casus-create", co.reeks.pk), body, format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()["errors"]


def test_R_DOC_2_nul_bytes_huge_bodies_and_form_bodies_are_refused(co):
    casus = _register(co)
    client = api_for(co.huisarts)
    for path in (url("casus-create", co.reeks.pk), url("signaal-create", casus.pk)):
        raw = client.post(path, b'{"situatie": "a\x00b"}', content_type="application/json")
        assert raw.status_code == 400
        escaped = client.post(
            path, b'{"toelichting": "a\\u0000b", "situatie": "x"}', content_type="application/json"
        )
        assert escaped.status_code == 400
        assert "stuurteken" in escaped.json()["detail"]
        huge = b'{"situatie": "' + b"x" * (3 * 1024 * 1024) + b'"}'
        too_large = client.post(path, huge, content_type="application/json")
        assert too_large.status_code == 413
        assert too_large["Content-Type"] == "application/problem+json"
        form = client.post(path, {"situatie": "x"})
        assert form.status_code == 415
    assert Casus.objects.count() == 1 and not Signaal.objects.exists()


# Query counts ----------------------------------------------------------------------------------
def _queries(client, path, **query) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, query)
    assert response.status_code == 200, response.content
    return len(queries)


def _more_of_everything(co):
    """Another series with the same members, more cases with outcomes and signals."""
    make_reeks(co.network, [co.sd_prof, co.huisarts_prof, co.ggz_prof], name="Casusoverleg Oost")
    first = _start(co.reeks.overleggen.order_by("starts_at").first())
    for _n in range(3):
        casus = _register(co)
        api_for(co.sd_user).post(
            url("uitkomst-create", casus.pk), outcome(co, first), format="json"
        )
        _signal(co, casus, gemeenten=co.gemeenten)


def test_R_DOC_1_every_endpoint_has_a_constant_query_count(co, django_assert_max_num_queries):
    casus = _register(co)
    _signal(co, casus)
    member, coordinator, policy = api_for(co.sd_user), api_for(co.coordinator), api_for(co.policy)
    paths = {
        "reeksen": (member, url("reeks-list")),
        "overleggen": (coordinator, url("overleg-list", co.reeks.pk)),
        "overleg": (member, url("overleg-detail", casus.overleg_id)),
        "overleg-beheer": (coordinator, url("overleg-detail", casus.overleg_id)),
        "casussen": (member, url("casus-list")),
        "casus": (member, url("casus-detail", casus.pk)),
        "signalen": (policy, url("signaal-list")),
    }
    for client, path in paths.values():
        client.get(path)  # the user's roles are read once per user object
    before = {name: _queries(client, path) for name, (client, path) in paths.items()}
    _more_of_everything(co)
    after = {name: _queries(client, path) for name, (client, path) in paths.items()}
    assert after == before
    with django_assert_max_num_queries(before["signalen"]):
        rows = policy.get(url("signaal-list")).json()["results"]
    assert len(rows) == 4
    assert max(before.values()) <= 6, before
