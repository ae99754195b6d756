"""Indicators of function I (R-VG-3, -4, -7, -8), checked against figures computed by hand."""

import re
from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from mgn.accounts.constants import Role
from mgn.audit.models import AccessLogEntry
from tests.conftest import NETWORK_ROLES
from verkennend_gesprek.constants import ROUTE_FIELDS, AdviesStatus, ParticipantRole, Route, Status
from verkennend_gesprek.selectors.indicatoren import (
    Days,
    bar_chart,
    charts,
    default_period,
    month_chart,
    vg_indicators,
)

from .factories import (
    AdviesFactory,
    DeelnemerFactory,
    GesprekFactory,
    PersoonFactory,
    VerkennendGesprekFactory,
)

TODAY = date(2026, 6, 30)
START, END = date(2026, 1, 1), date(2026, 6, 30)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def make(vg_cast):
    """A request in the network 'noord', built directly: requested on a day, a conversation
    held a number of days later, a follow-up some days after that, routes in the advies."""
    persoon = PersoonFactory(
        network=vg_cast.network, gemeente=vg_cast.gemeente, insurer=vg_cast.insurer
    )

    def build(
        requested: date,
        *,
        held_after: int | None = None,
        followup_after: int | None = None,
        routes=(),
        ed: bool | None = None,
        naaste: bool | None = None,
        cancelled: bool = False,
        hour: int = 10,
        minute: int = 0,
    ):
        held_on = requested + timedelta(days=held_after) if held_after is not None else None
        if cancelled:
            status = Status.GEANNULEERD
        elif followup_after is not None:
            status = Status.VERVOLG
        elif routes:
            status = Status.ADVIES
        else:
            status = Status.GEHOUDEN if held_on else Status.AANGEVRAAGD
        vg = VerkennendGesprekFactory(
            network=vg_cast.network,
            persoon=persoon,
            huisarts=vg_cast.huisarts,
            requested_at=at(requested, hour, minute),
            status=status,
            followup_started_on=(
                held_on + timedelta(days=followup_after) if followup_after is not None else None
            ),
        )
        if held_on:
            gesprek = GesprekFactory(verkennend_gesprek=vg, held=True, starts_at=at(held_on, 14))
            DeelnemerFactory(
                gesprek=gesprek, role=ParticipantRole.GGZ, professional=vg_cast.ggz, present=True
            )
            DeelnemerFactory(
                gesprek=gesprek, role=ParticipantRole.SD, professional=vg_cast.sd, present=True
            )
            if ed is not None:
                DeelnemerFactory(
                    gesprek=gesprek,
                    role=ParticipantRole.ERVARINGSDESKUNDIGE,
                    professional=vg_cast.ervaringsdeskundige,
                    present=ed,
                )
            if naaste is not None:
                DeelnemerFactory(
                    gesprek=gesprek, role=ParticipantRole.NAASTE, name="Naaste", present=naaste
                )
        if routes:
            AdviesFactory(
                verkennend_gesprek=vg,
                status=AdviesStatus.DEFINITIEF,
                **{field: route in routes for route, field in ROUTE_FIELDS.items()},
            )
        return vg

    return build


def indicators(vg_cast, start=START, end=END):
    return vg_indicators(vg_cast.network, start=start, end=end, today=TODAY)


def test_the_hand_computed_median_and_90th_percentile():
    days = Days((20, 2, 10, 4))
    assert days.median == 7.0  # between 4 and 10
    assert days.p90 == 17.0  # rank 2.7: 10 + 0.7 * (20 - 10)
    assert days.histogram() == [
        ("0–7 dagen", 2),
        ("8–14 dagen", 1),
        ("15–21 dagen", 1),
        ("22–28 dagen", 0),
        ("meer dan 28 dagen", 0),
    ]


def test_r_vg_3_days_from_request_to_first_conversation(vg_cast, make):
    for held_after in (2, 4, 10, 20):
        make(date(2026, 3, 2), held_after=held_after)
    ind = indicators(vg_cast)
    assert sorted(ind.wait.values) == [2, 4, 10, 20]
    assert (ind.wait.median, ind.wait.p90) == (7.0, 17.0)
    assert (ind.requests, ind.requests_with_conversation, ind.held_conversations) == (4, 4, 4)


def test_r_vg_3_share_of_conversations_within_14_days(vg_cast, make):
    make(date(2026, 3, 2), held_after=3)  # within
    make(date(2026, 3, 2), held_after=14)  # within: 14 days is still on time
    make(date(2026, 3, 2), held_after=15)  # too late
    make(date(2026, 6, 1))  # still waiting after 29 days: already too late
    make(date(2026, 6, 25))  # waiting 5 days: not decided yet, left out
    make(date(2026, 3, 2), cancelled=True)  # cancelled: left out
    ind = indicators(vg_cast)
    assert (ind.within_alarm.part, ind.within_alarm.whole) == (2, 4)
    assert ind.within_alarm.percent == 50
    assert (ind.within_warning.part, ind.within_warning.whole) == (1, 4)  # 7 days
    assert (ind.requests, ind.cancelled) == (6, 1)


def test_r_vg_3_the_thresholds_are_the_networks_settings(vg_cast, make):
    vg_cast.network.vg_warning_days, vg_cast.network.vg_alarm_days = 5, 10
    vg_cast.network.save()
    make(date(2026, 3, 2), held_after=8)
    ind = indicators(vg_cast)
    assert (ind.warning_days, ind.alarm_days) == (5, 10)
    assert (ind.within_warning.part, ind.within_alarm.part) == (0, 1)


def test_r_vg_7_days_from_conversation_to_follow_up_and_the_share_within_4_weeks(vg_cast, make):
    make(date(2026, 3, 2), held_after=5, followup_after=10)  # within
    make(date(2026, 3, 2), held_after=5, followup_after=40)  # too late
    make(date(2026, 5, 1), held_after=5)  # held 25 May, nothing after 36 days: too late
    make(date(2026, 6, 20), held_after=2)  # held 22 June: not decided yet
    ind = indicators(vg_cast)
    assert sorted(ind.followup.values) == [10, 40]
    assert ind.followup.median == 25.0
    assert (ind.followup_within.part, ind.followup_within.whole) == (1, 3)
    assert ind.followup_within.percent == 33


def test_r_vg_7_counts_from_the_last_held_conversation(vg_cast, make):
    vg = make(date(2026, 3, 2), held_after=3, followup_after=20)  # first held 5 March
    second = GesprekFactory(
        verkennend_gesprek=vg, number=2, held=True, starts_at=at(date(2026, 3, 15), 14)
    )
    assert second.pk
    ind = indicators(vg_cast)
    assert ind.wait.values == (3,)  # to the first conversation
    assert ind.followup.values == (10,)  # 25 March is 10 days after the second
    assert ind.held_conversations == 2


def test_r_vg_4_share_with_an_ervaringsdeskundige_and_a_naaste_present(vg_cast, make):
    make(date(2026, 2, 2), held_after=3, ed=True, naaste=True)
    make(date(2026, 2, 2), held_after=3, ed=False, naaste=True)  # ed invited, absent
    make(date(2026, 2, 2), held_after=3, naaste=False)  # naaste invited, did not come
    make(date(2026, 2, 2), held_after=3)
    make(date(2026, 2, 2))  # no conversation yet: not in the denominator
    ind = indicators(vg_cast)
    assert (ind.ervaringsdeskundige.part, ind.ervaringsdeskundige.whole) == (1, 4)
    assert (ind.naaste.part, ind.naaste.whole) == (2, 4)


def test_r_vg_8_share_of_definitive_adviezen_to_specialist_ggz(vg_cast, make):
    make(date(2026, 2, 2), held_after=3, routes=[Route.GGZ_SPECIALISTISCH])
    make(date(2026, 2, 2), held_after=3, routes=[Route.GGZ_SPECIALISTISCH, Route.BEGELEIDING_SD])
    make(date(2026, 2, 2), held_after=3, routes=[Route.SOCIALE_BASIS])
    make(date(2026, 2, 2), held_after=3, routes=[Route.POH_GGZ])
    concept = make(date(2026, 2, 2), held_after=3)
    AdviesFactory(verkennend_gesprek=concept, route_ggz_specialistisch=True)  # concept: no
    replaced = make(date(2026, 2, 2), held_after=3, routes=[Route.GEEN_ZORG])
    replaced.adviezen.update(status=AdviesStatus.VERVANGEN)
    AdviesFactory(
        verkennend_gesprek=replaced,
        version=2,
        status=AdviesStatus.DEFINITIEF,
        route_begeleiding_sd=False,
        route_ggz_specialistisch=True,
    )
    ind = indicators(vg_cast)
    assert ind.adviezen == 5
    assert (ind.specialist_ggz.part, ind.specialist_ggz.whole) == (3, 5)
    assert ind.specialist_ggz.percent == 60
    counts = {row.route: row.count for row in ind.routes}
    assert counts == {
        Route.GEEN_ZORG: 0,
        Route.SOCIALE_BASIS: 1,
        Route.BEGELEIDING_SD: 1,
        Route.POH_GGZ: 1,
        Route.GGZ_BASIS: 0,
        Route.GGZ_SPECIALISTISCH: 3,
    }
    assert (ind.combination.part, ind.combination.whole) == (1, 5)


def test_the_period_includes_its_first_and_last_day_in_dutch_time(vg_cast, make):
    make(date(2025, 12, 31), hour=23)  # 23:00 in Amsterdam: before the period
    make(date(2026, 1, 1), hour=0)  # 00:00 (23:00 UTC the day before): inside
    make(date(2026, 6, 30), hour=23, minute=59)  # inside
    make(date(2026, 7, 1), hour=0)  # after
    assert indicators(vg_cast).requests == 2


def test_other_networks_do_not_count(vg_cast, make, other_network):
    make(date(2026, 2, 2), held_after=3)
    assert vg_indicators(other_network, start=START, end=END, today=TODAY).requests == 0


def test_months_count_requests_and_those_with_a_conversation(vg_cast, make):
    make(date(2026, 1, 5), held_after=3)
    make(date(2026, 1, 20))
    make(date(2026, 3, 9), held_after=3)
    ind = indicators(vg_cast)
    assert [(m.label, m.requests, m.with_conversation) for m in ind.months] == [
        ("jan 2026", 2, 1),
        ("feb 2026", 0, 0),
        ("mrt 2026", 1, 1),
        ("apr 2026", 0, 0),
        ("mei 2026", 0, 0),
        ("jun 2026", 0, 0),
    ]


def test_an_empty_period_has_no_figures(vg_cast):
    ind = indicators(vg_cast)
    assert ind.requests == 0 and ind.wait.median is None and ind.within_alarm.value is None
    assert ind.specialist_ggz.percent is None
    charts(ind)  # draws without dividing by zero


def test_default_period_is_the_last_12_months():
    assert default_period(date(2026, 6, 30)) == (date(2025, 7, 1), date(2026, 6, 30))
    assert default_period(date(2028, 2, 29)) == (date(2027, 3, 1), date(2028, 2, 29))


def test_bar_widths_are_proportional_and_the_name_holds_the_numbers():
    chart = bar_chart("Titel", [("a", 10, "10"), ("b", 5, "5"), ("c", 0, "0")])
    assert [bar.width for bar in chart.bars] == [340, 170, 0]
    assert chart.label == "Titel. a: 10; b: 5; c: 0."
    percent = bar_chart("P", [("a", 50, "50%")], scale=100)
    assert percent.bars[0].width == 170


def test_month_chart_draws_two_columns_a_month(vg_cast, make):
    make(date(2026, 1, 5), held_after=3)
    make(date(2026, 1, 6))
    chart = month_chart(indicators(vg_cast))
    assert len(chart.columns) == 12 and [c.alt for c in chart.columns[:2]] == [False, True]
    assert chart.columns[0].height == 2 * chart.columns[1].height
    assert [t.year for t in chart.ticks] == ["2026", "", "", "", "", ""]


# The page -------------------------------------------------------------------------------
def url(network, **params):
    base = reverse("verkennend_gesprek:indicatoren", args=[network.slug])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_the_page_shows_the_figures_with_accessible_charts(client, vg_cast, make):
    make(date(2026, 3, 2), held_after=2, routes=[Route.GGZ_SPECIALISTISCH])
    make(date(2026, 3, 2), held_after=4, routes=[Route.SOCIALE_BASIS])
    client.force_login(vg_cast.users[Role.GEMEENTE])
    response = client.get(url(vg_cast.network, van="2026-01-01", tot="2026-06-30"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Indicatoren verkennend gesprek" in html
    assert "1 januari 2026" in html and "30 juni 2026" in html
    svgs = re.findall(r"<svg class=\"ind-chart__svg\"[^>]*>", html)
    assert len(svgs) == 6
    assert all('role="img"' in svg and "aria-label=" in svg for svg in svgs)
    assert "Naar specialistische ggz:</strong> <strong>50%</strong>" in html
    assert "3,0 dagen" in html  # median of 2 and 4, Dutch decimal comma
    # SVG coordinates never take the Dutch decimal comma.
    assert not re.search(r'(width|x|y|height)="[0-9]+,[0-9]', html)


def test_the_page_shows_no_person_data_and_writes_no_access_log(client, vg_cast, make):
    vg = make(date(2026, 3, 2), held_after=2)
    client.force_login(vg_cast.users[Role.NETWERKCOORDINATOR])
    html = client.get(url(vg_cast.network, van="2026-01-01", tot="2026-06-30")).content.decode()
    assert vg.persoon.family_name not in html and vg.persoon.bsn not in html
    assert vg.reference not in html
    assert not AccessLogEntry.objects.exists()


def test_the_default_period_is_the_last_12_months(client, vg_cast):
    client.force_login(vg_cast.users[Role.HUISARTS])
    response = client.get(url(vg_cast.network))
    start, end = default_period(timezone.localdate())
    assert response.context["ind"].start == start and response.context["ind"].end == end
    assert f'value="{start.isoformat()}"' in response.content.decode()


def test_the_period_may_be_typed_the_dutch_way(client, vg_cast):
    client.force_login(vg_cast.users[Role.HUISARTS])
    response = client.get(url(vg_cast.network, van="01-02-2026", tot="28-02-2026"))
    assert response.context["ind"].start == date(2026, 2, 1)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"van": "2026-06-01", "tot": "2026-01-01"}, "tot"),
        ({"van": "gisteren", "tot": "2026-01-01"}, "van"),
        ({"van": "2015-01-01", "tot": "2026-01-01"}, "van"),
    ],
)
def test_a_bad_period_shows_the_error_and_no_figures(client, vg_cast, params, field):
    client.force_login(vg_cast.users[Role.HUISARTS])
    response = client.get(url(vg_cast.network, **params))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "ind" not in response.context
    html = response.content.decode()
    assert 'role="alert"' in html and 'aria-invalid="true"' in html


def test_one_given_date_keeps_the_default_for_the_other(client, vg_cast):
    client.force_login(vg_cast.users[Role.HUISARTS])
    response = client.get(url(vg_cast.network, van="2026-01-01", tot=""))
    assert response.context["ind"].start == date(2026, 1, 1)
    assert response.context["ind"].end == timezone.localdate()


@pytest.mark.parametrize("role", NETWORK_ROLES)
def test_everyone_who_may_see_the_network_sees_its_indicators(client, vg_cast, role):
    client.force_login(vg_cast.users[role])
    assert client.get(url(vg_cast.network)).status_code == 200


def test_an_outsider_gets_404(client, vg_cast, outsider):
    client.force_login(outsider)
    assert client.get(url(vg_cast.network)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_login(client, vg_cast):
    response = client.get(url(vg_cast.network))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("size", [2, 12])
def test_the_page_query_count_does_not_grow_with_data(
    client, vg_cast, make, size, django_assert_max_num_queries
):
    for i in range(size):
        make(
            date(2026, 1, 5) + timedelta(days=10 * i),
            held_after=3 + i,
            followup_after=5,
            routes=[Route.GGZ_BASIS],
            ed=True,
            naaste=i % 2 == 0,
        )
    client.force_login(vg_cast.users[Role.NETWERKCOORDINATOR])
    # session, user, roles for the navigation, the network, four indicator queries
    with django_assert_max_num_queries(9):
        response = client.get(url(vg_cast.network, van="2026-01-01", tot="2026-06-30"))
    assert response.context["ind"].requests == size


# --- R-VG-3 and R-VG-7 at the boundaries (one definition with the planning queue) ---------


def test_R_VG_3_the_indicator_at_6_7_8_and_13_14_15_days(vg_cast, make):
    for held_after in (6, 7, 8, 13, 14, 15):
        make(date(2026, 3, 2), held_after=held_after)
    ind = indicators(vg_cast)
    # In time while days <= threshold: 6 and 7 within the warning, 6 … 14 before the alarm.
    assert (ind.within_warning.part, ind.within_warning.whole) == (2, 6)
    assert (ind.within_alarm.part, ind.within_alarm.whole) == (5, 6)


def test_R_VG_3_a_request_still_waiting_counts_against_once_it_passed_the_threshold(vg_cast, make):
    for days in (7, 8, 14, 15):  # waiting so far, no conversation yet
        make(TODAY - timedelta(days=days))
    ind = indicators(vg_cast)
    assert (ind.within_warning.part, ind.within_warning.whole) == (0, 3)  # 8, 14, 15 missed
    assert (ind.within_alarm.part, ind.within_alarm.whole) == (0, 1)  # only 15 missed


def test_R_VG_3_queue_and_indicator_share_one_definition(vg_cast):
    from verkennend_gesprek.selectors.planning import waiting_level

    levels = {days: waiting_level(vg_cast.network, days) for days in (6, 7, 8, 13, 14, 15)}
    assert levels == {
        6: "",
        7: "",
        8: "waarschuwing",
        13: "waarschuwing",
        14: "waarschuwing",
        15: "alarm",
    }


def test_R_VG_7_the_ggz_takeover_overdue_at_29_days_not_at_28(vg_cast, make):
    ggz = [Route.GGZ_BASIS]
    on_time = make(TODAY - timedelta(days=30), held_after=2, routes=ggz)  # held 28 days ago
    late = make(TODAY - timedelta(days=31), held_after=2, routes=ggz)  # held 29 days ago
    make(TODAY - timedelta(days=60), held_after=2, routes=[Route.SOCIALE_BASIS])  # no ggz
    ind = indicators(vg_cast)
    assert ind.ggz_takeover_overdue == 1
    assert (ind.ggz_takeover_within.part, ind.ggz_takeover_within.whole) == (0, 1)
    # Recorded: 28 days after the conversation is in time, 29 is late.
    on_time.ggz_takeover_on = TODAY
    on_time.save()
    late.ggz_takeover_on = TODAY
    late.save()
    ind = indicators(vg_cast)
    assert ind.ggz_takeover_overdue == 0
    assert sorted(ind.ggz_takeover.values) == [28, 29]
    assert (ind.ggz_takeover_within.part, ind.ggz_takeover_within.whole) == (1, 2)


def test_R_VG_7_the_page_shows_the_overdue_takeovers(client, vg_cast, make):
    make(TODAY - timedelta(days=40), held_after=2, routes=[Route.GGZ_SPECIALISTISCH])
    client.force_login(vg_cast.users[Role.NETWERKCOORDINATOR])
    response = client.get(url(vg_cast.network, van="01-01-2026", tot="30-06-2026"))
    assert response.status_code == 200
    assert response.context["ind"].ggz_takeover_overdue == 1
    assert "1 te laat" in response.content.decode()
