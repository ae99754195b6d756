"""KPIs that warn (issue 11, part 7): planning past the network's thresholds gets a visible
warning and the planned list marks it (R-VG-3); the ggz takeover within four weeks gets an
overdue flag and needs a ggz route (R-VG-7)."""

from datetime import datetime, time, timedelta

from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from mgn.accounts.constants import Role
from verkennend_gesprek.constants import AdviesStatus, Status
from verkennend_gesprek.forms.vervolg import VervolgForm
from verkennend_gesprek.selectors.planning import planned_wait_message
from verkennend_gesprek.selectors.vervolg import vervolg_open
from verkennend_gesprek.services.vervolg import vervolg_record

from .factories import AdviesFactory
from .test_vervolg import held_days_ago

pytestmark = pytest.mark.django_db

LOCATION = "Wijkcentrum De Brug, Dorpsstraat 1"


def local_input(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def at(day, hour: int = 10):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


# --- R-VG-3: planning past the thresholds -------------------------------------------------


def test_R_VG_3_the_planning_warning_at_7_8_and_14_15_days(vg_cast, vg_factory):
    vg = vg_factory(requested_at=timezone.now())
    requested_on = timezone.localdate(vg.requested_at)
    message = {
        days: planned_wait_message(vg, at(requested_on + timedelta(days=days)))
        for days in (6, 7, 8, 13, 14, 15)
    }
    assert message[6] == message[7] == ""
    for days in (8, 13, 14):
        assert "waarschuwingsgrens van 7 dagen" in message[days]
        assert f"{days} dagen na de aanvraag" in message[days]
    assert "alarmgrens van 14 dagen" in message[15]


def _schedule_post(client, vg_cast, vg, starts_at):
    return client.post(
        reverse("verkennend_gesprek:schedule", args=[vg.pk]),
        {
            "starts_at": local_input(starts_at),
            "duration_minutes": "60",
            "mode": "locatie",
            "location": LOCATION,
            "online_link": "",
            "ggz": vg_cast.ggz.pk,
            "sd": vg_cast.sd.pk,
        },
    )


def test_R_VG_3_planning_beyond_the_alarm_threshold_warns_but_plans(client, vg_cast, vg_factory):
    vg = vg_factory(requested_at=timezone.now() - timedelta(days=2))
    client.force_login(vg_cast.users[Role.NETWERKCOORDINATOR])
    starts_at = timezone.now() + timedelta(days=20)
    response = _schedule_post(client, vg_cast, vg, starts_at)
    assert response.status_code == 302  # not a refusal: the person may want a later date
    assert vg.gesprekken.count() == 1
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("alarmgrens van 14 dagen" in t for t in texts)
    # The planning page marks it among the planned conversations.
    page = client.get(reverse("verkennend_gesprek:planning"))
    (row,) = list(page.context["planned_page"])
    assert row.level == "alarm" and row.wait_days >= 21
    assert "na de termijn" in page.content.decode()


def test_R_VG_3_planning_within_the_norm_gives_no_warning(client, vg_cast, vg_factory):
    vg = vg_factory(requested_at=timezone.now())
    client.force_login(vg_cast.users[Role.NETWERKCOORDINATOR])
    response = _schedule_post(client, vg_cast, vg, timezone.now() + timedelta(days=3))
    assert response.status_code == 302
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert not any("Let op" in t for t in texts)
    page = client.get(reverse("verkennend_gesprek:planning"))
    (row,) = list(page.context["planned_page"])
    assert row.level == ""


def test_R_VG_3_the_schedule_form_shows_the_last_day_in_time(client, vg_cast, vg_factory):
    vg = vg_factory(requested_at=timezone.now())
    client.force_login(vg_cast.users[Role.NETWERKCOORDINATOR])
    html = client.get(reverse("verkennend_gesprek:schedule", args=[vg.pk])).content.decode()
    assert 'id="termijn-hint"' in html
    assert "(7 dagen na de aanvraag)" in html


# --- R-VG-7: the ggz takeover -------------------------------------------------------------


def ggz_referral(vg_cast, days: int, bsn: str, **kwargs):
    """Held `days` days ago, definitive advies to basis-ggz, trajectory started."""
    vg = held_days_ago(vg_cast, days, bsn, **kwargs)
    AdviesFactory(
        verkennend_gesprek=vg,
        status=AdviesStatus.DEFINITIEF,
        route_begeleiding_sd=False,
        route_ggz_basis=True,
    )
    return vg


def test_R_VG_7_the_vervolg_list_flags_an_overdue_takeover_at_29_days_not_28(vg_cast):
    started = timezone.localdate() - timedelta(days=1)
    vg = ggz_referral(vg_cast, 0, "999996708", followup_started_on=started)
    held_days_ago(vg_cast, 0, "999996721", followup_started_on=started)  # no ggz route
    held_on = timezone.localdate(vg.gesprekken.get().starts_at)
    (row,) = vervolg_open(vg_cast.network, today=held_on + timedelta(days=28))
    assert row.vg == vg  # kept on the list for the takeover only
    assert (row.days_since, row.ggz_route, row.takeover_overdue) == (28, True, False)
    assert not row.overdue  # the trajectory itself started
    (row,) = vervolg_open(vg_cast.network, today=held_on + timedelta(days=29))
    assert (row.days_since, row.takeover_overdue) == (29, True)
    vg.ggz_takeover_on = held_on + timedelta(days=20)
    vg.save()
    assert vervolg_open(vg_cast.network, today=held_on + timedelta(days=29)) == []


def test_R_VG_7_the_list_says_overname_te_laat(client, vg_cast):
    ggz_referral(vg_cast, 35, "999996708")
    client.force_login(vg_cast.users[Role.NETWERKCOORDINATOR])
    response = client.get(reverse("verkennend_gesprek:vervolg_list"))
    html = response.content.decode()
    assert response.context["takeover_overdue_count"] == 1
    assert "Overname te laat" in html
    assert "1 ggz-overname te laat" in html


def test_R_VG_7_a_takeover_date_is_refused_without_a_ggz_route(vg_cast):
    vg = held_days_ago(vg_cast, 10, "999996708")
    AdviesFactory(verkennend_gesprek=vg, status=AdviesStatus.DEFINITIEF)  # SD route only
    day = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        vervolg_record(vg=vg, started_on=day, ggz_takeover_on=day)
    assert "verwijst niet naar de ggz" in excinfo.value.message_dict["ggz_takeover_on"][0]
    vg.refresh_from_db()
    assert vg.ggz_takeover_on is None and vg.followup_started_on is None
    form = VervolgForm({"ggz_takeover_on": day.isoformat()}, ggz_route=False)
    assert not form.is_valid()
    assert "verwijst niet naar de ggz" in form.errors["ggz_takeover_on"][0]
    vervolg_record(vg=vg, started_on=day)  # without the takeover it is fine
    vg.refresh_from_db()
    assert vg.followup_started_on == day and vg.status == Status.VERVOLG


def test_R_VG_7_the_form_page_refuses_a_takeover_without_a_ggz_route(client, vg_cast):
    vg = held_days_ago(vg_cast, 10, "999996708")
    AdviesFactory(verkennend_gesprek=vg, status=AdviesStatus.DEFINITIEF)
    client.force_login(vg_cast.users[Role.NETWERKCOORDINATOR])
    page = reverse("verkennend_gesprek:vervolg", args=[vg.pk])
    assert "geen overname van de behandelverantwoordelijkheid" in client.get(page).content.decode()
    day = timezone.localdate() - timedelta(days=1)
    response = client.post(page, {"ggz_takeover_on": day.isoformat()})
    assert response.status_code == 200
    assert "verwijst niet naar de ggz" in response.content.decode()
    vg.refresh_from_db()
    assert vg.ggz_takeover_on is None


def test_R_VG_7_a_takeover_date_is_recorded_for_a_ggz_referral_at_the_boundaries(vg_cast):
    vg = ggz_referral(vg_cast, 29, "999996708")
    held_on = timezone.localdate(vg.gesprekken.get().starts_at)
    with pytest.raises(ValidationError):  # before the conversation
        vervolg_record(vg=vg, started_on=None, ggz_takeover_on=held_on - timedelta(days=1))
    vervolg_record(vg=vg, started_on=None, ggz_takeover_on=held_on)
    vg.refresh_from_db()
    assert vg.ggz_takeover_on == held_on
