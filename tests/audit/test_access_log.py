from datetime import timedelta

from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

import pytest

from mgn.accounts.constants import Role
from mgn.audit.constants import Action, Event, IdentifierType, Outcome
from mgn.audit.models import AccessLogEntry
from mgn.audit.services import PersonRef, log_access, purge_expired_entries
from tests.networks.factories import ProfessionalFactory

BSN = "999996708"  # RvIG test BSN (R-PR-3)


@pytest.fixture
def entry(cast):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10")
    request.user = cast[Role.GGZ_PROFESSIONAL]
    return log_access(request, event=Event.READ, subject=PersonRef(IdentifierType.BSN, BSN))


def test_r_pr_1_an_entry_records_every_nen_7513_field(cast, network):
    user = cast[Role.GGZ_PROFESSIONAL]
    ProfessionalFactory(user=user, organisation=network.regievoerder, name=user.full_name)
    request = RequestFactory().get("/personen/1/", REMOTE_ADDR="192.0.2.10")
    request.user = user
    entry = log_access(
        request,
        event=Event.PRINT,
        subject=PersonRef(IdentifierType.BSN, BSN),
        obj=network,
        detail="adviesbrief",
    )
    entry.refresh_from_db()
    assert entry.event == Event.PRINT and entry.action == Action.READ
    assert entry.outcome == Outcome.SUCCESS
    assert entry.occurred_at is not None
    assert entry.user_identifier == user.email and entry.user_name == user.full_name
    assert entry.user_roles == Role.GGZ_PROFESSIONAL
    assert entry.user_organisation == network.regievoerder.name
    assert entry.access_point == "192.0.2.10"
    assert (entry.person_identifier_type, entry.person_identifier) == ("bsn", BSN)
    assert (entry.object_type, entry.object_id) == ("networks.Network", str(network.pk))
    assert entry.source_system == "MGN Coördinatie"


def test_r_pr_1_an_api_call_records_the_system_on_whose_behalf(cast):
    from mgn.accounts.models import ApiToken

    token, _ = ApiToken.issue(user=cast[Role.HUISARTS], name="HIS Praktijk Noord")
    request = RequestFactory().get("/")
    request.user, request.auth = cast[Role.HUISARTS], token
    entry = log_access(request, event=Event.CREATE, subject=PersonRef(IdentifierType.BSN, BSN))
    assert entry.on_behalf_of == "API-sleutel HIS Praktijk Noord"
    assert entry.action == Action.CREATE


def test_r_pr_1_the_database_refuses_to_update_an_entry(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).update(user_identifier="iemand-anders")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_accesslogentry SET person_identifier = 'x' WHERE id = %s", [entry.pk]
        )
    entry.refresh_from_db()
    assert entry.person_identifier == BSN


def test_r_pr_1_the_database_refuses_to_delete_an_entry(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk)._raw_delete("default")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_accesslogentry")
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_r_pr_1_python_refuses_to_change_or_delete_an_entry(entry):
    entry.detail = "gewijzigd"
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()


def test_r_pr_1_entries_are_kept_five_years_and_purged_after(entry):
    # Within retention the purge removes nothing (and the trigger would refuse it).
    assert purge_expired_entries() == 0
    # The suite's connection is the owner role (the one that migrates and purges): only it
    # can back-date an entry, with the trigger off for this transaction, as a DBA would.
    # The runtime role cannot (tests/audit/test_access_log_roles.py).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE audit_accesslogentry DISABLE TRIGGER audit_accesslogentry_append_only"
        )
        cursor.execute(
            "UPDATE audit_accesslogentry SET occurred_at = %s WHERE id = %s",
            [timezone.now() - timedelta(days=5 * 365 + 10), entry.pk],
        )
        cursor.execute(
            "ALTER TABLE audit_accesslogentry ENABLE TRIGGER audit_accesslogentry_append_only"
        )
    young = log_access(None, event=Event.READ, user=entry.user, subject=PersonRef("bsn", BSN))
    assert purge_expired_entries() == 1
    assert list(AccessLogEntry.objects.values_list("pk", flat=True)) == [young.pk]


def test_r_pr_1_the_per_person_view_shows_who_saw_the_data_by_period(client, cast, entry):
    beheerder = cast[Role.BEHEERDER]
    client.force_login(beheerder)
    today = timezone.localdate()
    response = client.get(
        reverse("audit:person_log"),
        {
            "identifier": BSN,
            "start": (today - timedelta(days=7)).isoformat(),
            "end": today.isoformat(),
        },
    )
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1
    assert cast[Role.GGZ_PROFESSIONAL].email in response.content.decode()
    # An earlier period shows nothing.
    response = client.get(
        reverse("audit:person_log"),
        {
            "identifier": BSN,
            "start": "2020-01-01",
            "end": "2020-12-31",
        },
    )
    assert response.context["page"].paginator.count == 0


def test_r_pr_1_reading_the_log_is_itself_logged(client, cast, entry):
    client.force_login(cast[Role.BEHEERDER])
    today = timezone.localdate().isoformat()
    client.get(reverse("audit:person_log"), {"identifier": BSN, "start": today, "end": today})
    reading = AccessLogEntry.objects.filter(event=Event.LOG_READ).get()
    assert reading.user_identifier == cast[Role.BEHEERDER].email
    assert reading.person_identifier == BSN
    client.get(reverse("admin:audit_accesslogentry_changelist"))
    assert AccessLogEntry.objects.filter(event=Event.LOG_READ).count() == 2


def test_the_log_admin_is_read_only(client, cast, entry):
    client.force_login(cast[Role.BEHEERDER])
    change_url = reverse("admin:audit_accesslogentry_change", args=[entry.pk])
    response = client.post(change_url, {"detail": "gewijzigd"})
    assert response.status_code == 403
    assert client.get(reverse("admin:audit_accesslogentry_add")).status_code == 403
    assert (
        client.post(reverse("admin:audit_accesslogentry_delete", args=[entry.pk])).status_code
        == 403
    )
    entry.refresh_from_db()
    assert entry.detail == ""


def test_the_per_person_view_rejects_an_inverted_period(client, cast):
    client.force_login(cast[Role.BEHEERDER])
    response = client.get(
        reverse("audit:person_log"), {"identifier": BSN, "start": "2026-02-01", "end": "2026-01-01"}
    )
    assert response.context["form"].errors["end"]
    assert not AccessLogEntry.objects.exists()


def test_r_pr_1_the_per_person_view_pages_with_the_total_in_one_query(client, cast):
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10")
    request.user = cast[Role.GGZ_PROFESSIONAL]
    for _ in range(55):
        log_access(request, event=Event.READ, subject=PersonRef(IdentifierType.BSN, BSN))
    client.force_login(cast[Role.BEHEERDER])
    today = timezone.localdate().isoformat()
    query = {"identifier": BSN, "start": today, "end": today}
    with CaptureQueriesContext(db) as captured:
        response = client.get(reverse("audit:person_log"), {**query, "pagina": 2})
    page = response.context["page"]
    assert (page.number, page.paginator.count, len(page.object_list)) == (2, 55, 5)
    log_queries = [q["sql"] for q in captured if 'FROM "audit_accesslogentry"' in q["sql"]]
    assert len(log_queries) == 1 and "OVER ()" in log_queries[0]
    # A page past the end shows the last one.
    page = client.get(reverse("audit:person_log"), {**query, "pagina": 9}).context["page"]
    assert (page.number, page.paginator.count) == (2, 56)  # the first lookup is logged too


def test_r_pr_1_the_per_person_view_counts_up_to_a_cap(client, cast, monkeypatch):
    """Past COUNT_CAP entries beyond the page the total is a lower bound ("meer dan"),
    still in one query, and a later page moves the bound on."""
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    from mgn.audit import selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 20)
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10")
    request.user = cast[Role.GGZ_PROFESSIONAL]
    for _ in range(55):
        log_access(request, event=Event.READ, subject=PersonRef(IdentifierType.BSN, BSN))
    newest_first = list(
        AccessLogEntry.objects.filter(person_identifier=BSN)
        .order_by("-occurred_at", "-id")
        .values_list("pk", flat=True)
    )
    today = timezone.localdate()
    page = selectors.entries_page_for_person(
        identifier=BSN, start=today, end=today, number=1, per_page=10
    )
    assert (page.paginator.count, page.paginator.count_capped) == (20, True)
    assert [e.pk for e in page.object_list] == newest_first[:10]
    page = selectors.entries_page_for_person(
        identifier=BSN, start=today, end=today, number=4, per_page=10
    )
    assert (page.paginator.count, page.paginator.count_capped) == (50, True)
    assert [e.pk for e in page.object_list] == newest_first[30:40]
    # Within the cap of the page the count is exact again.
    page = selectors.entries_page_for_person(
        identifier=BSN, start=today, end=today, number=5, per_page=10
    )
    assert (page.paginator.count, page.paginator.count_capped) == (55, False)
    assert [e.pk for e in page.object_list] == newest_first[40:50]

    client.force_login(cast[Role.BEHEERDER])
    query = {"identifier": BSN, "start": today.isoformat(), "end": today.isoformat()}
    with CaptureQueriesContext(db) as captured:
        response = client.get(reverse("audit:person_log"), query)
    log_queries = [q["sql"] for q in captured if 'FROM "audit_accesslogentry"' in q["sql"]]
    assert len(log_queries) == 1 and "OVER ()" in log_queries[0]
    html = response.content.decode()
    # 50 a page: the count reaches past the page (55 > 50), and a second page is known.
    assert "meer dan 50 registraties" in html
    assert "Pagina 1 van ten minste 2" in html and 'rel="next"' in html
    assert response.context["page"].paginator.count_capped


def test_the_per_person_view_shows_an_exact_count_below_the_cap(client, cast, entry):
    client.force_login(cast[Role.BEHEERDER])
    today = timezone.localdate().isoformat()
    response = client.get(
        reverse("audit:person_log"), {"identifier": BSN, "start": today, "end": today}
    )
    html = response.content.decode()
    assert "1 registratie" in html and "meer dan" not in html
    assert response.context["page"].paginator.count_capped is False


def test_r_pr_1_identifiers_logged_in_one_statement_are_the_entries_of_log_access_many(
    cast, network
):
    from mgn.audit.services import log_access_identifiers, log_access_many

    user = cast[Role.GGZ_PROFESSIONAL]
    ProfessionalFactory(user=user, organisation=network.regievoerder, name=user.full_name)
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10")
    request.user = user
    bsns = [BSN, "999990019", "999990020"]
    fields = [
        f.name for f in AccessLogEntry._meta.concrete_fields if f.name not in ("id", "occurred_at")
    ]

    def written(call) -> list[tuple]:
        last = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
        call()
        return sorted(AccessLogEntry.objects.filter(id__gt=last).values_list(*fields), key=repr)

    # One record all of them were in (an export) …
    together = written(
        lambda: log_access_identifiers(
            request,
            event=Event.EXPORT,
            identifier_type=IdentifierType.BSN,
            identifiers=bsns,
            obj=network,
            detail="export",
        )
    )
    assert together == written(
        lambda: log_access_many(
            request,
            event=Event.EXPORT,
            subjects=[PersonRef(IdentifierType.BSN, b) for b in bsns],
            obj=network,
            detail="export",
        )
    )
    assert len(together) == 3
    # … or each in a record of its own.
    each = written(
        lambda: log_access_identifiers(
            request,
            event=Event.UPDATE,
            identifier_type=IdentifierType.BSN,
            identifiers=bsns,
            object_type="networks.Network",
            object_ids=[network.pk, network.pk + 1, network.pk + 2],
        )
    )
    pairs = [(e[fields.index("person_identifier")], e[fields.index("object_id")]) for e in each]
    assert sorted(pairs) == sorted((b, str(network.pk + i)) for i, b in enumerate(bsns))
    assert {e[fields.index("user")] for e in each} == {user.pk}
    assert {e[fields.index("action")] for e in each} == {Action.UPDATE}


def test_r_pr_1_the_person_log_finds_a_bsn_under_its_region_pseudonyms(cast, monkeypatch):
    """A BSN is also looked up under the person's pseudonym of every region (the waiting
    lists and transfer handovers log those): the entries of all of them merge newest first,
    counted and paged as one list; another person's entries stay out."""
    from mgn.audit import selectors
    from networks.models import Region
    from wachttijden.services.pseudonym import pseudonymise

    monkeypatch.setattr(selectors, "COUNT_CAP", 6)
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10")
    request.user = cast[Role.GGZ_PROFESSIONAL]
    codes = list(Region.objects.values_list("code", flat=True))
    assert len(codes) >= 2
    names = [BSN, *(pseudonymise(BSN, region_code=code) for code in codes[:2])]
    for n in range(12):
        log_access(
            request,
            event=Event.READ,
            subject=PersonRef(IdentifierType.PSEUDONYM, names[n % 3]),
        )
    log_access(request, event=Event.READ, subject=PersonRef(IdentifierType.BSN, "999911120"))
    newest_first = list(
        AccessLogEntry.objects.filter(person_identifier__in=names)
        .order_by("-occurred_at", "-id")
        .values_list("pk", flat=True)
    )
    assert len(selectors.person_identifiers(BSN)) == 1 + len(codes)
    today = timezone.localdate()
    pages = [
        selectors.entries_page_for_person(
            identifier=BSN, start=today, end=today, number=n, per_page=4
        )
        for n in (1, 2, 3)
    ]
    assert [e.pk for p in pages for e in p.object_list] == newest_first
    assert (pages[0].paginator.count, pages[0].paginator.count_capped) == (6, True)
    assert (pages[2].paginator.count, pages[2].paginator.count_capped) == (12, False)
    # A pseudonym given as such finds only its own entries.
    one = selectors.entries_page_for_person(identifier=names[1], start=today, end=today, number=1)
    assert one.paginator.count == 4
