"""The insurers' API: their own lines only (R-BK-4), cursor pages, the access log (R-PR-1),
and verdicts per line or per return message, all or nothing (R-BK-5)."""

from django.urls import reverse

import pytest
from rest_framework.test import APIClient

from bekostiging.constants import RegelStatus, Soort
from bekostiging.models import Declaratieregel, Retourbericht, reference_for
from bekostiging.services.declaraties import (
    declaraties_generate,
    regel_correct,
    regel_judge,
    regel_transition,
    regels_mark_ready,
)
from bekostiging.services.lumpsum import lumpsum_generate
from mgn.accounts.models import ApiToken
from mgn.audit.constants import Event
from mgn.audit.models import AccessLogEntry
from networks.services.netwerken import network_grant
from networks.services.organisaties import organisation_grant

pytestmark = pytest.mark.django_db

LIST_URL = reverse("declaratie-list")
RETOUR_URL = reverse("declaratie-retour")


def verdict_url(reference: str) -> str:
    return reverse("declaratie-verdict", args=[reference])


def token_client(user, name="Declaratiesysteem") -> APIClient:
    _token, key = ApiToken.issue(user=user, name=name)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def make_lines(bk, *insurers, exported=True):
    """One held conversation per insurer given; the new lines sent (geëxporteerd)."""
    for insurer in insurers:
        bk.held_vg(insurer=insurer)
    declaraties_generate(network=bk.network)
    lines = list(Declaratieregel.objects.filter(status=RegelStatus.CONCEPT).order_by("pk"))
    if exported:
        regels_mark_ready(lines)
        for line in lines:
            line.refresh_from_db()
            regel_transition(line, RegelStatus.GEEXPORTEERD)
    return lines


def lumpsum_ready(bk, year=2025):
    """The year's lumpsum terms, offered for declaration (klaar): an insurer sees them."""
    lumpsum_generate(network=bk.network, year=year)
    regels_mark_ready(list(Declaratieregel.objects.filter(status=RegelStatus.CONCEPT)))


def references(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["referentie"] for row in response.json()["results"]]


# Lines -------------------------------------------------------------------------------
def test_r_bk_4_api_never_gives_another_uzovis_line(bk_cast):
    own, theirs = make_lines(bk_cast, bk_cast.insurer, bk_cast.insurer_two)
    lumpsum_ready(bk_cast)
    noord = token_client(bk_cast.insurer_user)
    twee = token_client(bk_cast.insurer_two_user)
    zuid = token_client(bk_cast.other_insurer_user)

    seen_noord = references(noord.get(LIST_URL, {"page_size": 500}))
    seen_twee = references(twee.get(LIST_URL, {"page_size": 500}))
    assert own.reference in seen_noord and theirs.reference not in seen_noord
    assert theirs.reference in seen_twee and own.reference not in seen_twee
    for client, insurer, seen in (
        (noord, bk_cast.insurer, seen_noord),
        (twee, bk_cast.insurer_two, seen_twee),
    ):
        expected = Declaratieregel.objects.filter(insurer=insurer).order_by("pk")
        assert seen == [line.reference for line in expected]
        assert {row["uzovi"] for row in client.get(LIST_URL).json()["results"]} == {insurer.uzovi}
    # The insurer of network zuid gets nothing of noord: an empty list, 404 per line.
    assert references(zuid.get(LIST_URL)) == []
    assert (
        zuid.post(verdict_url(own.reference), {"geaccepteerd": True}, format="json").status_code
        == 404
    )
    # Naming another insurer's UZOVI does not help.
    assert noord.get(LIST_URL, {"uzovi": bk_cast.insurer_two.uzovi}).status_code == 404
    refused = noord.post(verdict_url(theirs.reference), {"geaccepteerd": True}, format="json")
    unknown = noord.post(
        verdict_url(reference_for(theirs.pk + 1000)), {"geaccepteerd": True}, format="json"
    )
    assert refused.status_code == unknown.status_code == 404
    assert refused.json() == unknown.json()
    assert refused["Content-Type"] == "application/problem+json"
    theirs.refresh_from_db()
    assert theirs.status == RegelStatus.GEEXPORTEERD


def test_r_bk_4_the_list_gives_the_csv_fields_and_the_lines_state(bk_cast):
    (line,) = make_lines(bk_cast, bk_cast.insurer)
    credit, new = regel_correct(line)
    regels_mark_ready([new])
    rows = {
        r["referentie"]: r
        for r in token_client(bk_cast.insurer_user).get(LIST_URL).json()["results"]
    }
    assert rows[line.reference] == {
        "referentie": line.reference,
        "netwerk": bk_cast.network.slug,
        "uzovi": bk_cast.insurer.uzovi,
        "agb_declarant": bk_cast.provider.agb_code,
        "soort": "vg",
        "functie": "vg",
        "bsn": line.bsn,
        "polisnummer": line.policy_number,
        "geboortedatum": line.date_of_birth.isoformat(),
        "prestatiecode": line.prestatiecode,
        "datum": line.service_date.isoformat(),
        "einddatum_periode": line.period_end.isoformat(),
        "tarief": "150.00",
        "bedrag": "150.00",
        "creditreferentie": None,
        "vervangt_referentie": None,
        "gecrediteerd": True,
        "status": "geexporteerd",
        "reden_afwijzing": "",
        "status_gewijzigd": rows[line.reference]["status_gewijzigd"],
    }
    assert rows[credit.reference]["bedrag"] == "-150.00"
    assert rows[credit.reference]["creditreferentie"] == line.reference
    assert rows[credit.reference]["status"] == "klaar"
    assert rows[new.reference]["vervangt_referentie"] == line.reference


def test_r_bk_4_the_list_filters_period_status_and_soort(bk_cast):
    recent, older = make_lines(bk_cast, bk_cast.insurer, exported=False)[0], None
    bk_cast.held_vg(days_ago=40)
    declaraties_generate(network=bk_cast.network)
    older = Declaratieregel.objects.exclude(pk=recent.pk).get(soort=Soort.VG)
    regels_mark_ready([older])
    older.refresh_from_db()
    regel_transition(older, RegelStatus.GEEXPORTEERD)
    lumpsum_generate(network=bk_cast.network, year=2025)
    lumpsums = list(Declaratieregel.objects.filter(soort=Soort.LUMPSUM))
    regels_mark_ready(lumpsums)
    for term in lumpsums:
        term.refresh_from_db()
        regel_transition(term, RegelStatus.GEEXPORTEERD)
    client = token_client(bk_cast.insurer_user)

    period = {"van": older.service_date.isoformat(), "tot": older.service_date.isoformat()}
    assert references(client.get(LIST_URL, period)) == [older.reference]
    vg = references(client.get(LIST_URL, {"soort": "vg"}))
    assert vg == [older.reference]  # recent is still a concept
    lumpsum = references(
        client.get(LIST_URL, {"soort": "lumpsum", "van": "2025-01-01", "tot": "2025-03-31"})
    )
    assert len(lumpsum) == 3
    assert references(client.get(LIST_URL, {"status": "klaar"})) == []  # recent: concept
    regels_mark_ready([recent])
    assert references(client.get(LIST_URL, {"status": "klaar"})) == [recent.reference]
    assert references(client.get(LIST_URL, {"soort": "vg"})) == [recent.reference, older.reference]
    assert references(client.get(LIST_URL, {"netwerk": "zuid"})) == []
    bad = client.get(LIST_URL, {"status": "betaald", "van": "gisteren"})
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"status", "van"}
    backwards = client.get(LIST_URL, {"van": "2025-02-01", "tot": "2025-01-01"})
    assert backwards.status_code == 400 and "tot" in backwards.json()["errors"]


def test_r_bk_4_a_user_acting_for_two_insurers_names_one(bk_cast):
    own, theirs = make_lines(bk_cast, bk_cast.insurer, bk_cast.insurer_two)
    organisation_grant(organisation=bk_cast.insurer_two, user=bk_cast.insurer_user)
    client = token_client(bk_cast.insurer_user)
    response = client.get(LIST_URL)
    assert response.status_code == 400
    assert "uzovi" in response.json()["errors"]
    assert references(client.get(LIST_URL, {"uzovi": bk_cast.insurer_two.uzovi})) == [
        theirs.reference
    ]
    assert references(client.get(LIST_URL, {"uzovi": bk_cast.insurer.uzovi})) == [own.reference]
    # A verdict names its line, so no UZOVI is needed there.
    answer = client.post(verdict_url(theirs.reference), {"geaccepteerd": True}, format="json")
    assert answer.status_code == 200 and answer.json()["uzovi"] == bk_cast.insurer_two.uzovi


def test_the_list_pages_with_a_stable_cursor(bk_cast):
    made = make_lines(bk_cast, *[bk_cast.insurer] * 5)
    client = token_client(bk_cast.insurer_user)
    first = client.get(LIST_URL, {"page_size": 2}).json()
    assert "count" not in first
    seen = [row["referentie"] for row in first["results"]]
    # A line added while the system pages does not shift what it has not read yet.
    added = make_lines(bk_cast, bk_cast.insurer)
    url = first["next"]
    while url:
        page = client.get(url).json()
        seen += [row["referentie"] for row in page["results"]]
        url = page["next"]
    assert seen == [line.reference for line in made + added]
    assert len(set(seen)) == len(seen)


@pytest.mark.parametrize("persons", [1, 6])
def test_the_list_query_count_does_not_grow_with_data(
    bk_cast, persons, django_assert_max_num_queries
):
    make_lines(bk_cast, *[bk_cast.insurer] * persons)
    lumpsum_ready(bk_cast)
    client = token_client(bk_cast.insurer_user)
    # token and its last use, the insurers the user acts for, the page (the networks the
    # user sees are a subquery), the actor's roles and organisations, one INSERT into the
    # access log — 7, plus two content-type lookups the first time in a process: the same
    # for 1 person as for 6.
    with django_assert_max_num_queries(9):
        response = client.get(LIST_URL)
    assert len(response.json()["results"]) == persons + 12


def test_r_pr_1_every_page_read_is_logged_per_person(bk_cast):
    one, two = make_lines(bk_cast, bk_cast.insurer, bk_cast.insurer)
    lumpsum_ready(bk_cast)
    client = token_client(bk_cast.insurer_user, name="Declaratiesysteem Noord")
    client.get(LIST_URL, {"page_size": 1})
    entries = AccessLogEntry.objects.filter(event=Event.READ)
    assert list(entries.values_list("person_identifier", "object_id")) == [(one.bsn, str(one.pk))]
    client.get(LIST_URL, {"page_size": 500})
    entry = entries.order_by("-pk").first()
    assert entries.count() == 3  # the lumpsum terms concern no person
    assert entry.user == bk_cast.insurer_user
    assert entry.object_type == "bekostiging.Declaratieregel"
    assert entry.on_behalf_of == "API-sleutel Declaratiesysteem Noord"
    assert entry.detail == "API: declaraties"
    assert {e.person_identifier for e in entries} == {one.bsn, two.bsn}


def test_only_insurers_use_the_declaration_api(bk_cast):
    (line,) = make_lines(bk_cast, bk_cast.insurer)
    for user in (bk_cast.coordinator, bk_cast.provider_user, bk_cast.gemeente_user):
        client = token_client(user)
        assert client.get(LIST_URL).status_code == 403
        assert (
            client.post(
                verdict_url(line.reference), {"geaccepteerd": True}, format="json"
            ).status_code
            == 403
        )
        assert client.post(RETOUR_URL, {"regels": []}, format="json").status_code == 403
    anonymous = APIClient()
    assert anonymous.get(LIST_URL).status_code == 401
    assert anonymous.post(RETOUR_URL, {}, format="json").status_code == 401
    line.refresh_from_db()
    assert line.status == RegelStatus.GEEXPORTEERD


# Verdict per line --------------------------------------------------------------------
def test_r_bk_5_a_verdict_per_line_and_a_retry_changes_nothing(bk_cast):
    accept, reject = make_lines(bk_cast, bk_cast.insurer, bk_cast.insurer)
    client = token_client(bk_cast.insurer_user)

    response = client.post(verdict_url(accept.reference), {"geaccepteerd": True}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "geaccepteerd"
    response = client.post(
        verdict_url(reject.reference.lower()),
        {"geaccepteerd": False, "reden": "Geen verwijzing"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["reden_afwijzing"]) == ("afgewezen", "Geen verwijzing")
    reject.refresh_from_db()
    changed_at = reject.status_changed_at
    assert Retourbericht.objects.count() == 2

    again = client.post(
        verdict_url(reject.reference),
        {"geaccepteerd": False, "reden": "Geen verwijzing"},
        format="json",
    )
    assert again.status_code == 200 and again.json() == body
    reject.refresh_from_db()
    assert reject.status_changed_at == changed_at
    assert Retourbericht.objects.count() == 2  # the retry stored nothing

    bericht = Retourbericht.objects.get(reference=f"API-{accept.reference}")
    assert (bericht.accepted, bericht.uploaded_by) == (1, bk_cast.insurer_user)
    # The changes are logged per person; the retry's answer as a read.
    logged = AccessLogEntry.objects.filter(user=bk_cast.insurer_user).order_by("pk")
    assert [(e.event, e.object_id) for e in logged] == [
        (Event.UPDATE, str(accept.pk)),
        (Event.UPDATE, str(reject.pk)),
        (Event.READ, str(reject.pk)),
    ]


def test_r_bk_5_a_verdict_that_cannot_be_given_is_refused_in_dutch(bk_cast):
    accepted, sent = make_lines(bk_cast, bk_cast.insurer, bk_cast.insurer)
    (ready,) = make_lines(bk_cast, bk_cast.insurer, exported=False)
    regels_mark_ready([ready])
    regel_judge(accepted, accepted=True)
    client = token_client(bk_cast.insurer_user)

    other = client.post(
        verdict_url(accepted.reference), {"geaccepteerd": False, "reden": "x"}, format="json"
    )
    assert other.status_code == 409
    assert other["Content-Type"] == "application/problem+json"
    assert other.json()["detail"] == "De regel is al geaccepteerd; een ander oordeel kan niet meer."
    early = client.post(verdict_url(ready.reference), {"geaccepteerd": True}, format="json")
    assert early.status_code == 409 and "nog niet aan u verzonden" in early.json()["detail"]
    no_reason = client.post(verdict_url(sent.reference), {"geaccepteerd": False}, format="json")
    assert no_reason.status_code == 400
    assert no_reason.json()["errors"]["reden"][0]["message"] == "Geef de reden van afwijzing."
    missing = client.post(verdict_url(sent.reference), {}, format="json")
    assert missing.status_code == 400 and "geaccepteerd" in missing.json()["errors"]
    assert (
        client.post(verdict_url("rubbish"), {"geaccepteerd": True}, format="json").status_code
        == 404
    )
    sent.refresh_from_db()
    ready.refresh_from_db()
    assert (sent.status, ready.status) == (RegelStatus.GEEXPORTEERD, RegelStatus.KLAAR)


# Return messages ---------------------------------------------------------------------
def test_r_bk_5_a_return_message_is_all_or_nothing_with_a_report_per_line(bk_cast):
    one, two, three = make_lines(bk_cast, *[bk_cast.insurer] * 3)
    (theirs,) = make_lines(bk_cast, bk_cast.insurer_two)
    client = token_client(bk_cast.insurer_user)
    message = {
        "referentie": "RET-2025-0001",
        "regels": [
            {"referentie": one.reference, "geaccepteerd": True},
            {"referentie": theirs.reference, "geaccepteerd": True},
            {"referentie": two.reference, "geaccepteerd": False, "reden": ""},
            {"referentie": three.reference, "geaccepteerd": False, "reden": "Dubbel"},
        ],
    }
    refused = client.post(RETOUR_URL, message, format="json")
    assert refused.status_code == 400
    problem = refused.json()
    assert problem["detail"] == "Niet verwerkt: 2 fouten; er is niets veranderd."
    assert problem["errors"] == {
        "regels[1].referentie": [
            {
                "code": "unknown",
                "message": "Onbekende referentie: geen declaratieregel aan u met deze referentie.",
            }
        ],
        "regels[2].reden": [{"code": "no_reason", "message": "Geef de reden van afwijzing."}],
    }
    assert not Declaratieregel.objects.exclude(status=RegelStatus.GEEXPORTEERD).exists()
    assert not Retourbericht.objects.exists()

    message["regels"] = [message["regels"][0], message["regels"][3]]
    message["regels"].append({"referentie": two.reference, "geaccepteerd": False, "reden": "Polis"})
    done = client.post(RETOUR_URL, message, format="json")
    assert done.status_code == 200, done.content
    report = done.json()
    bericht = Retourbericht.objects.get()
    assert report["id"] == bericht.pk
    assert (report["referentie"], report["netwerk"], report["uzovi"]) == (
        "RET-2025-0001",
        bk_cast.network.slug,
        bk_cast.insurer.uzovi,
    )
    assert (report["geaccepteerd"], report["afgewezen"]) == (1, 2)
    assert report["regels"][0] == {
        "regel": 1,
        "referentie": one.reference,
        "oordeel": "geaccepteerd",
        "reden": "",
        "gewijzigd": True,
    }
    assert [r["oordeel"] for r in report["regels"]] == ["geaccepteerd", "afgewezen", "afgewezen"]
    for line, state in ((one, "geaccepteerd"), (two, "afgewezen"), (three, "afgewezen")):
        line.refresh_from_db()
        assert line.status == state
    assert AccessLogEntry.objects.filter(event=Event.UPDATE).count() == 3

    # The insurer's system sends the same message again (a time-out, say): nothing changes.
    again = client.post(RETOUR_URL, message, format="json")
    assert again.status_code == 200 and again.json() == report
    assert Retourbericht.objects.count() == 1
    assert AccessLogEntry.objects.filter(event=Event.UPDATE).count() == 3


def test_r_bk_5_a_return_message_names_its_network_and_insurer_when_ambiguous(
    bk_cast, other_network
):
    (line,) = make_lines(bk_cast, bk_cast.insurer)
    user = bk_cast.insurer_user
    network_grant(network=other_network, user=user)
    client = token_client(user)
    message = {"regels": [{"referentie": line.reference, "geaccepteerd": True}]}
    ambiguous = client.post(RETOUR_URL, message, format="json")
    assert ambiguous.status_code == 400 and "netwerk" in ambiguous.json()["errors"]
    elsewhere = client.post(f"{RETOUR_URL}?netwerk=zuid", message, format="json")
    assert elsewhere.status_code == 400
    assert elsewhere.json()["errors"]["regels[0].referentie"][0]["code"] == "unknown"
    assert (
        client.post(f"{RETOUR_URL}?netwerk=bestaat-niet", message, format="json").status_code == 404
    )
    done = client.post(f"{RETOUR_URL}?netwerk={bk_cast.network.slug}", message, format="json")
    assert done.status_code == 200 and done.json()["geaccepteerd"] == 1


def test_a_return_message_must_be_json_or_xml(bk_cast):
    client = token_client(bk_cast.insurer_user)
    assert client.post(RETOUR_URL, "a;b", content_type="text/csv").status_code == 415
    broken = client.post(RETOUR_URL, '{"regels": [', content_type="application/json")
    assert broken.status_code == 400
    empty = client.post(RETOUR_URL, {"regels": []}, format="json")
    assert empty.status_code == 400
    assert list(empty.json()["errors"]) == ["regels.non_field_errors"]


def message_574(uzovi: str, reference: str, lines: list[tuple[str, str, str]]) -> bytes:
    """A return message in our 574 layout (bekostiging/schemas/gds574-mgn.xsd)."""
    regels = "".join(
        f"<Regel><Referentie>{ref}</Referentie><Oordeel>{oordeel}</Oordeel>"
        + (f"<Reden>{reden}</Reden>" if reden else "")
        + "</Regel>"
        for ref, oordeel, reden in lines
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Retourbericht xmlns="urn:mgn-coordinatie:gds574:1"><Voorloop>'
        "<Berichtcode>574</Berichtcode><Berichtversie>MGN-1</Berichtversie>"
        f"<Berichtreferentie>{reference}</Berichtreferentie><AfzenderUzovi>{uzovi}</AfzenderUzovi>"
        f"<Aanmaakdatum>2025-06-01</Aanmaakdatum></Voorloop>{regels}</Retourbericht>"
    ).encode()


def test_r_bk_5_a_574_return_message_in_xml(bk_cast):
    one, two = make_lines(bk_cast, bk_cast.insurer, bk_cast.insurer)
    (theirs,) = make_lines(bk_cast, bk_cast.insurer_two)
    client = token_client(bk_cast.insurer_user)
    uzovi = bk_cast.insurer.uzovi

    bad = message_574(
        uzovi,
        "RET-XML-1",
        [(one.reference, "toegekend", ""), (theirs.reference, "toegekend", "")],
    )
    refused = client.post(RETOUR_URL, bad, content_type="application/xml")
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["regel[2].referentie"]
    one.refresh_from_db()
    assert one.status == RegelStatus.GEEXPORTEERD

    good = message_574(
        uzovi,
        "RET-XML-1",
        [(one.reference, "toegekend", ""), (two.reference, "afgewezen", "Niet verzekerd")],
    )
    done = client.post(RETOUR_URL, good, content_type="application/xml; charset=utf-8")
    assert done.status_code == 200, done.content
    assert (done.json()["referentie"], done.json()["afgewezen"]) == ("RET-XML-1", 1)
    two.refresh_from_db()
    assert (two.status, two.rejection_reason) == (RegelStatus.AFGEWEZEN, "Niet verzekerd")
    again = client.post(RETOUR_URL, good, content_type="text/xml")
    assert again.status_code == 200 and again.json()["id"] == done.json()["id"]

    # A message sent by another insurer, or not XML of our layout, changes nothing.
    other = message_574(
        bk_cast.insurer_two.uzovi, "RET-XML-2", [(theirs.reference, "toegekend", "")]
    )
    assert client.post(RETOUR_URL, other, content_type="application/xml").status_code == 400
    broken = client.post(RETOUR_URL, b"<Retourbericht>", content_type="application/xml")
    assert broken.status_code == 400 and broken.json()["errors"]
    theirs.refresh_from_db()
    assert theirs.status == RegelStatus.GEEXPORTEERD


def test_R_BK_4_an_insurer_never_sees_a_concept_line_through_the_api(bk_cast):
    """R-PR-2: a concept line is the declarant's draft: not in the list, not to be asked
    for by status, and a verdict on it is 404 like a line that does not exist."""
    (offered,) = make_lines(bk_cast, bk_cast.insurer)
    (concept,) = make_lines(bk_cast, bk_cast.insurer, exported=False)
    lumpsum_generate(network=bk_cast.network, year=2025)  # concept terms
    client = token_client(bk_cast.insurer_user)
    assert references(client.get(LIST_URL, {"page_size": 500})) == [offered.reference]
    assert client.get(LIST_URL, {"status": "concept"}).status_code == 400
    assert references(client.get(LIST_URL, {"status": "klaar"})) == []
    refused = client.post(verdict_url(concept.reference), {"geaccepteerd": True}, format="json")
    unknown = client.post(
        verdict_url(reference_for(concept.pk + 1000)), {"geaccepteerd": True}, format="json"
    )
    assert refused.status_code == unknown.status_code == 404
    assert refused.json() == unknown.json()
    # No person of a concept line reaches the access log.
    assert set(
        AccessLogEntry.objects.filter(event=Event.READ).values_list("object_id", flat=True)
    ) == {str(offered.pk)}
    # Once offered, the system sees it.
    regels_mark_ready([concept])
    assert concept.reference in references(client.get(LIST_URL, {"status": "klaar"}))
