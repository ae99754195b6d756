"""The planners' pages: queue (R-VG-3), scheduling (R-VG-4/5), attendance, cancelling."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from mgn.accounts.constants import Role
from mgn.audit.constants import Event
from mgn.audit.models import AccessLogEntry
from verkennend_gesprek.constants import ParticipantRole, Status
from verkennend_gesprek.models import Deelnemer, Gesprek, VerkennendGesprek

from .factories import GesprekFactory
from .test_aanvraag_views import many_requests

PLANNING_URL = reverse("verkennend_gesprek:planning")


@pytest.fixture
def planner(client, vg_cast):
    user = vg_cast.users[Role.NETWERKCOORDINATOR]
    client.force_login(user)
    return user


def local_input(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def schedule_data(vg_cast, **overrides) -> dict:
    data = {
        "starts_at": local_input(timezone.now() + timedelta(days=3)),
        "duration_minutes": "60",
        "mode": "locatie",
        "location": "Wijkcentrum De Brug, Dorpsstraat 1",
        "online_link": "",
        "ggz": vg_cast.ggz.pk,
        "sd": vg_cast.sd.pk,
        "ervaringsdeskundige": vg_cast.ervaringsdeskundige.pk,
        "naaste_name": "Kees Visser",
        "naaste_email": "kees@example.nl",
    }
    data.update(overrides)
    return data


def test_r_vg_3_the_queue_puts_the_longest_waiting_first_with_warning_and_alarm_badges(
    client, vg_cast, planner
):
    now = timezone.now()
    ages = [2, 14, 7, 6, 20]
    made = many_requests(vg_cast, len(ages))
    for vg, days in zip(made, ages, strict=True):
        VerkennendGesprek.objects.filter(pk=vg.pk).update(requested_at=now - timedelta(days=days))
    response = client.get(PLANNING_URL)
    assert response.status_code == 200
    rows = list(response.context["queue_page"])
    assert [r.waiting_days for r in rows] == [20, 14, 7, 6, 2]
    assert [r.level for r in rows] == ["alarm", "waarschuwing", "", "", ""]  # R-VG-3
    html = response.content.decode()
    # Not colour alone: the signal is in words.
    assert html.count("> Alarm</span>") == 1 + 1  # legend + one row
    assert html.count("> Waarschuwing</span>") == 1 + 1
    schedule = reverse("verkennend_gesprek:schedule", args=[made[0].pk])
    assert schedule in html
    searched = AccessLogEntry.objects.filter(event=Event.SEARCH)
    assert searched.count() == len(ages)


def test_the_thresholds_are_the_networks_settings(client, vg_cast, planner):
    vg_cast.network.vg_warning_days, vg_cast.network.vg_alarm_days = 3, 5
    vg_cast.network.save()
    (vg,) = many_requests(vg_cast, 1)
    VerkennendGesprek.objects.filter(pk=vg.pk).update(
        requested_at=timezone.now() - timedelta(days=4)
    )
    response = client.get(PLANNING_URL)
    assert [r.level for r in response.context["queue_page"]] == ["waarschuwing"]


def test_the_planning_lists_planned_conversations_with_links(client, vg_cast, vg_factory, planner):
    vg = vg_factory(Status.GEPLAND)
    html = client.get(PLANNING_URL).content.decode()
    assert reverse("verkennend_gesprek:reschedule", args=[vg.pk, 1]) in html
    assert reverse("verkennend_gesprek:attendance", args=[vg.pk, 1]) in html
    assert AccessLogEntry.objects.filter(event=Event.SEARCH, object_id=str(vg.pk)).exists()


@pytest.mark.parametrize("role", [Role.HUISARTS, Role.GGZ_PROFESSIONAL, Role.BEHEERDER])
def test_only_coordinators_open_the_planning(client, vg_cast, role):
    client.force_login(vg_cast.users[role])
    assert client.get(PLANNING_URL).status_code == 403


def test_an_unknown_network_in_the_planning_is_404(client, vg_cast, planner):
    assert client.get(PLANNING_URL, {"netwerk": "zuid"}).status_code == 404


@pytest.mark.parametrize("size", [1, 12])
def test_the_planning_query_count_does_not_grow_with_data(
    client, vg_cast, vg_factory, planner, size, django_assert_max_num_queries
):
    many_requests(vg_cast, size)
    for _ in range(min(size, 5)):
        vg_factory(Status.GEPLAND)
    with django_assert_max_num_queries(14):
        response = client.get(PLANNING_URL)
    assert response.status_code == 200
    assert len(response.context["queue_page"].object_list) == size


def test_scheduling_creates_a_gesprek_with_participants(client, vg_cast, vg_factory, planner):
    vg = vg_factory()
    url = reverse("verkennend_gesprek:schedule", args=[vg.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert "G. Ggz" in form.content.decode()
    response = client.post(url, schedule_data(vg_cast))
    assert response.status_code == 302, response.context["form"].errors
    gesprek = Gesprek.objects.get(verkennend_gesprek=vg)
    roles = dict(Deelnemer.objects.filter(gesprek=gesprek).values_list("role", "name"))
    assert set(roles) == {
        ParticipantRole.GGZ,
        ParticipantRole.SD,
        ParticipantRole.ERVARINGSDESKUNDIGE,
        ParticipantRole.NAASTE,
    }
    assert roles[ParticipantRole.NAASTE] == "Kees Visser"
    vg.refresh_from_db()
    assert vg.status == Status.GEPLAND
    assert AccessLogEntry.objects.filter(event=Event.CREATE, object_id=str(gesprek.pk)).exists()


def test_r_vg_4_scheduling_online_needs_a_link(client, vg_cast, vg_factory, planner):
    vg = vg_factory()
    url = reverse("verkennend_gesprek:schedule", args=[vg.pk])
    response = client.post(url, schedule_data(vg_cast, mode="online", location=""))
    assert response.status_code == 200
    assert "link" in response.context["form"].errors["online_link"][0]
    assert not Gesprek.objects.exists()


def test_r_vg_5_a_third_conversation_is_refused_via_the_view(client, vg_cast, vg_factory, planner):
    vg = vg_factory(Status.GEHOUDEN)
    GesprekFactory(verkennend_gesprek=vg, number=2, held=True, starts_at=timezone.now())
    url = reverse("verkennend_gesprek:schedule", args=[vg.pk])
    assert "al twee gesprekken" in client.get(url).content.decode()
    response = client.post(url, schedule_data(vg_cast))
    assert response.status_code == 200
    assert "hooguit twee gesprekken" in " ".join(response.context["form"].non_field_errors())
    assert vg.gesprekken.count() == 2


def test_a_participant_may_not_schedule_and_an_outsider_sees_nothing(client, vg_cast, vg_factory):
    vg = vg_factory(Status.GEPLAND)
    client.force_login(vg_cast.users[Role.GGZ_PROFESSIONAL])
    for name, args in (("schedule", [vg.pk]), ("reschedule", [vg.pk, 1]), ("cancel", [vg.pk])):
        assert client.get(reverse(f"verkennend_gesprek:{name}", args=args)).status_code == 403
    assert client.get(reverse("verkennend_gesprek:attendance", args=[vg.pk, 1])).status_code == 200
    client.force_login(vg_cast.users["outsider"])
    for name, args in (("schedule", [vg.pk]), ("attendance", [vg.pk, 1]), ("cancel", [vg.pk])):
        assert client.get(reverse(f"verkennend_gesprek:{name}", args=args)).status_code == 404


def test_rescheduling_moves_the_conversation(client, vg_cast, vg_factory, planner):
    vg = vg_factory(Status.GEPLAND)
    url = reverse("verkennend_gesprek:reschedule", args=[vg.pk, 1])
    new_time = (timezone.now() + timedelta(days=9)).replace(second=0, microsecond=0)
    response = client.post(
        url, {"starts_at": local_input(new_time), "mode": "online", "online_link": "https://x.nl/a"}
    )
    assert response.status_code == 302
    gesprek = vg.gesprekken.get()
    assert gesprek.starts_at == new_time and gesprek.online_link == "https://x.nl/a"
    assert AccessLogEntry.objects.filter(event=Event.UPDATE, object_id=str(gesprek.pk)).exists()


def _held_yesterday(vg):
    vg.gesprekken.update(starts_at=timezone.now() - timedelta(hours=20))
    return {d.role: d for d in Deelnemer.objects.filter(gesprek__verkennend_gesprek=vg)}


def test_r_vg_4_attendance_with_an_absent_ggz_and_no_reason_shows_the_error(
    client, vg_cast, vg_factory, planner
):
    vg = vg_factory(Status.GEPLAND)
    people = _held_yesterday(vg)
    ggz, sd = people[ParticipantRole.GGZ], people[ParticipantRole.SD]
    url = reverse("verkennend_gesprek:attendance", args=[vg.pk, 1])
    data = {f"present_{ggz.pk}": "nee", f"reason_{ggz.pk}": "", f"present_{sd.pk}": "ja"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "uitzonderlijke reden" in response.content.decode()
    vg.refresh_from_db()
    assert vg.status == Status.GEPLAND

    data[f"reason_{ggz.pk}"] = "Acuut ziek; ggz-collega telefonisch geconsulteerd."
    assert client.post(url, data).status_code == 302
    vg.refresh_from_db()
    ggz.refresh_from_db()
    assert vg.status == Status.GEHOUDEN
    assert ggz.present is False and ggz.absence_reason.startswith("Acuut ziek")


def test_attendance_needs_an_answer_for_everyone(client, vg_cast, vg_factory, planner):
    vg = vg_factory(Status.GEPLAND)
    people = _held_yesterday(vg)
    ggz = people[ParticipantRole.GGZ]
    url = reverse("verkennend_gesprek:attendance", args=[vg.pk, 1])
    response = client.post(url, {f"present_{ggz.pk}": "ja"})
    assert "Geef aan of S. Sociaal aanwezig was." in response.content.decode()


def test_cancelling_asks_first_and_then_cancels(client, vg_cast, vg_factory, planner):
    vg = vg_factory()
    url = reverse("verkennend_gesprek:cancel", args=[vg.pk])
    assert "annuleren?" in client.get(url).content.decode()
    vg.refresh_from_db()
    assert vg.status == Status.AANGEVRAAGD
    assert client.post(url).status_code == 302
    vg.refresh_from_db()
    assert vg.status == Status.GEANNULEERD
    assert AccessLogEntry.objects.filter(event=Event.UPDATE, object_id=str(vg.pk)).exists()


def test_a_held_request_cannot_be_cancelled(client, vg_cast, vg_factory, planner):
    vg = vg_factory(Status.GEHOUDEN)
    response = client.post(reverse("verkennend_gesprek:cancel", args=[vg.pk]))
    assert response.status_code == 200
    assert "Alleen een aanvraag zonder gehouden gesprek" in response.content.decode()
