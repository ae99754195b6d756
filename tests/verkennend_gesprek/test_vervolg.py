"""Follow-up (R-VG-7): the coordinators' list flags conversations whose trajectory has not
started within 4 weeks, and the record form stores when it started."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest
from stdnum.nl import bsn as stdnum_bsn

from mgn.accounts.constants import Role
from mgn.audit.constants import Event
from mgn.audit.models import AccessLogEntry
from verkennend_gesprek.constants import Status
from verkennend_gesprek.selectors.vervolg import vervolg_open

from .factories import AdviesFactory, GesprekFactory, PersoonFactory, VerkennendGesprekFactory
from .test_advies import held_vg

FOLLOWUPS = reverse("verkennend_gesprek:vervolg_list")


def fresh_bsns():
    """RvIG-style test numbers (R-PR-3): 9999xxxxx passing the elfproef."""
    n = 0
    while True:
        candidate = f"9999{n:05d}"
        if stdnum_bsn.is_valid(candidate):
            yield candidate
        n += 1


def held_days_ago(vg_cast, days: int, bsn: str, **kwargs):
    """A request in state 'advies' whose conversation was held `days` days ago."""
    persoon = PersoonFactory(
        network=vg_cast.network, gemeente=vg_cast.gemeente, insurer=vg_cast.insurer, bsn=bsn
    )
    held_at = timezone.now() - timedelta(days=days)
    vg = VerkennendGesprekFactory(
        network=vg_cast.network,
        persoon=persoon,
        huisarts=vg_cast.huisarts,
        status=Status.ADVIES,
        requested_at=held_at - timedelta(days=7),
        **kwargs,
    )
    GesprekFactory(verkennend_gesprek=vg, held=True, starts_at=held_at)
    return vg


def url(name, vg):
    return reverse(f"verkennend_gesprek:{name}", args=[vg.pk])


# --- R-VG-7 --------------------------------------------------------------------------


def test_r_vg_7_open_vervolg_flags_those_past_28_days_and_not_at_exactly_28(vg_cast):
    vg = held_days_ago(vg_cast, 0, "999996708")
    held_on = timezone.localdate(vg.gesprekken.get().starts_at)
    (row,) = vervolg_open(vg_cast.network, today=held_on + timedelta(days=28))
    assert (row.days_since, row.overdue) == (28, False)
    (row,) = vervolg_open(vg_cast.network, today=held_on + timedelta(days=29))
    assert (row.days_since, row.overdue) == (29, True)


def test_r_vg_7_the_list_says_te_laat_in_words_with_an_icon(client, cast, vg_cast):
    bsns = fresh_bsns()
    late = held_days_ago(vg_cast, 29, next(bsns))
    on_time = held_days_ago(vg_cast, 28, next(bsns))
    started = held_days_ago(vg_cast, 40, next(bsns), followup_started_on=date.today())
    client.force_login(cast[Role.NETWERKCOORDINATOR])
    response = client.get(FOLLOWUPS)
    assert response.status_code == 200
    html = response.content.decode()
    assert late.reference in html and on_time.reference in html
    assert started.reference not in html
    assert html.count("Te laat</span>") == 1
    assert '<span aria-hidden="true">⚠ </span>Te laat' in html
    assert "1 dag over de termijn" in html
    assert "vandaag de laatste dag" in html
    assert "waarvan <strong>1 over de termijn</strong>" in html
    # the longest waiting first
    assert html.index(late.reference) < html.index(on_time.reference)


def test_r_vg_7_recording_the_start_removes_it_from_the_open_list(client, cast, vg_cast):
    vg = held_vg(vg_cast, days_ago=10)
    client.force_login(cast[Role.NETWERKCOORDINATOR])
    assert vg.reference in client.get(FOLLOWUPS).content.decode()
    started = timezone.localdate() - timedelta(days=2)
    response = client.post(
        url("vervolg", vg),
        {"started_on": started.isoformat(), "description": "Schuldhulp Kanaalzijde"},
    )
    assert response.status_code == 302
    assert response["Location"] == vg.get_absolute_url()
    vg.refresh_from_db()
    assert vg.followup_started_on == started
    assert vg.followup_description == "Schuldhulp Kanaalzijde"
    assert vg.reference not in client.get(FOLLOWUPS).content.decode()


# --- The list -----------------------------------------------------------------------


def test_the_list_logs_every_person_shown(client, cast, vg_cast):
    bsns = fresh_bsns()
    for days in (3, 30):
        held_days_ago(vg_cast, days, next(bsns))
    client.force_login(cast[Role.NETWERKCOORDINATOR])
    client.get(FOLLOWUPS)
    entries = AccessLogEntry.objects.filter(
        event=Event.READ, object_type="verkennend_gesprek.VerkennendGesprek"
    )
    assert entries.count() == 2


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(FOLLOWUPS).status_code == 200
    return len(captured)


def test_the_list_query_count_does_not_grow_with_the_data(
    client, cast, vg_cast, django_assert_max_num_queries
):
    bsns = fresh_bsns()
    client.force_login(cast[Role.NETWERKCOORDINATOR])
    held_days_ago(vg_cast, 5, next(bsns))
    small = _queries(client)
    for days in range(6, 18):
        held_days_ago(vg_cast, days, next(bsns))
    with django_assert_max_num_queries(small):
        client.get(FOLLOWUPS)
    with django_assert_max_num_queries(small):
        client.get(FOLLOWUPS + "?pagina=2")


def test_the_list_paginates(client, cast, vg_cast, monkeypatch):
    from verkennend_gesprek.views import vervolg

    monkeypatch.setattr(vervolg, "PAGE_SIZE", 2)
    bsns = fresh_bsns()
    vgs = [held_days_ago(vg_cast, days, next(bsns)) for days in (10, 20, 30)]
    client.force_login(cast[Role.NETWERKCOORDINATOR])
    first = client.get(FOLLOWUPS).content.decode()
    second = client.get(FOLLOWUPS + "?pagina=2").content.decode()
    assert vgs[2].reference in first and vgs[0].reference not in first
    assert vgs[0].reference in second
    assert "Pagina 2 van 2" in second


@pytest.mark.parametrize(
    "role", [r for r in Role.values if r not in {Role.NETWERKCOORDINATOR, Role.BEHEERDER}]
)
def test_only_coordinators_open_the_list(client, cast, role):
    client.force_login(cast[role])
    assert client.get(FOLLOWUPS).status_code == 403


def test_an_outsider_sees_only_their_own_network(client, cast, vg_cast):
    vg = held_days_ago(vg_cast, 30, "999996708")
    client.force_login(cast["outsider"])
    response = client.get(FOLLOWUPS)
    assert response.status_code == 200
    assert vg.reference not in response.content.decode()
    assert vg_cast.network.name not in response.content.decode()


# --- The record form ------------------------------------------------------------------


def test_the_record_form_shows_the_deadline_and_logs_reading(client, vg_cast):
    vg = held_vg(vg_cast, days_ago=10)
    client.force_login(vg_cast.sd.user)
    response = client.get(url("vervolg", vg))
    assert response.status_code == 200
    held_on = timezone.localdate(vg.gesprekken.get().starts_at)
    deadline = held_on + timedelta(days=28)
    assert f"{deadline.day} " in response.content.decode()
    assert AccessLogEntry.objects.filter(event=Event.READ, detail="vervolg").exists()


def test_the_record_form_shows_the_services_errors(client, vg_cast):
    vg = held_vg(vg_cast, days_ago=10)
    client.force_login(vg_cast.ggz.user)
    future = timezone.localdate() + timedelta(days=3)
    response = client.post(url("vervolg", vg), {"started_on": future.isoformat()})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Deze datum ligt in de toekomst." in html
    assert 'id="id_started_on_error"' in html
    vg.refresh_from_db()
    assert vg.followup_started_on is None


def test_r_vg_7_the_ggz_takeover_date_is_recorded(client, vg_cast):
    vg = held_vg(vg_cast, days_ago=10)
    AdviesFactory(verkennend_gesprek=vg, route_ggz_basis=True)  # a ggz referral (concept)
    client.force_login(vg_cast.ggz.user)
    day = timezone.localdate() - timedelta(days=1)
    client.post(
        url("vervolg", vg),
        {"started_on": day.isoformat(), "ggz_takeover_on": day.isoformat()},
    )
    vg.refresh_from_db()
    assert vg.ggz_takeover_on == day
    assert vg.status == Status.GEHOUDEN  # no definitive advies yet, so not 'vervolg'
    assert AccessLogEntry.objects.filter(event=Event.UPDATE, detail="vervolg").exists()


def test_the_requesting_huisarts_may_not_record_the_followup(client, vg_cast):
    vg = held_vg(vg_cast, days_ago=10)
    client.force_login(vg_cast.huisarts.user)
    assert client.get(url("vervolg", vg)).status_code == 403
    assert client.post(url("vervolg", vg), {}).status_code == 403


def test_an_outsider_gets_404_on_the_record_form(client, cast, vg_cast):
    vg = held_vg(vg_cast, days_ago=10)
    client.force_login(cast["outsider"])
    assert client.get(url("vervolg", vg)).status_code == 404
