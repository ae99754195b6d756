"""The central waiting list per region (R-WT-6): one line per waiting person however many
lists they are on, the most urgent first and then the longest wait, without identities."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from tests.wachttijden.factories import AanbodFactory, WachtplekFactory, pseudonym
from wachttijden.constants import EntryStatus, Urgency

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def url(region, **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"regio": region.code, **params}.items())
    return f"{reverse('wachttijden:centrale_wachtlijst')}?{query}"


def entry(aanbod, who: str, days: int, urgency=Urgency.NORMAAL, **fields):
    return WachtplekFactory(
        aanbod=aanbod,
        pseudonym=pseudonym(who),
        registered_on=TODAY - timedelta(days=days),
        urgency=urgency,
        **fields,
    )


def test_r_wt_6_the_central_list_is_deduplicated_and_sorted_by_urgency_then_waiting_time(
    client, wt_cast
):
    a, b = wt_cast.aanbod, wt_cast.other_aanbod
    # Anna: normaal at a since 90 days, crisis at b since 5 days -> crisis, 90 days, 2 lists
    entry(a, "anna", 90)
    entry(b, "anna", 5, Urgency.CRISIS)
    entry(a, "bram", 200, Urgency.HOOG)  # hoog, the longest wait of all
    entry(a, "cor", 20, Urgency.CRISIS)  # crisis, shorter than Anna
    entry(b, "dirk", 300)  # normaal, longest wait
    entry(a, "eva", 100)  # normaal
    entry(b, "eva", 10, Urgency.NORMAAL, status=EntryStatus.INTAKE, intake_on=TODAY)
    # Not waiting: in treatment, cancelled; and someone in another region.
    entry(a, "fien", 400, Urgency.CRISIS, status=EntryStatus.BEHANDELING)
    entry(a, "gijs", 400, Urgency.CRISIS, status=EntryStatus.AFGEMELD)
    from tests.networks.factories import RegionFactory

    elsewhere = AanbodFactory(provider=wt_cast.provider, region=RegionFactory())
    entry(elsewhere, "henk", 500, Urgency.CRISIS)

    client.force_login(wt_cast.coordinator)
    response = client.get(url(wt_cast.region))
    entries = response.context["entries"]

    order = [(e.pseudonym, e.urgency, e.waiting_days, e.lists) for e in entries]
    # Anna's crisis entry decides her place, with its own 5 days (not the 90 of list a).
    assert order == [
        (pseudonym("cor")[:8], Urgency.CRISIS, 20, 1),
        (pseudonym("anna")[:8], Urgency.CRISIS, 5, 2),
        (pseudonym("bram")[:8], Urgency.HOOG, 200, 1),
        (pseudonym("dirk")[:8], Urgency.NORMAAL, 300, 1),
        (pseudonym("eva")[:8], Urgency.NORMAAL, 100, 2),
    ]
    assert response.context["page"].paginator.count == 5
    anna = entries[1]
    assert (anna.deciding.offer, anna.deciding.provider) == (b.name, b.provider.name)
    assert [(o.offer, o.urgency, o.waiting_days) for o in anna.others] == [
        (a.name, Urgency.NORMAAL, 90)
    ]
    assert entries[2].over_norm  # 200 days > 14 weeks
    assert not anna.over_norm  # 5 days


def test_r_wt_6_a_new_crisis_registration_reads_crisis_with_its_own_days_not_another_lists(
    client, wt_cast
):
    """The issue's case: normaal for 90 days at one provider, crisis since 5 days at
    another. The row is the crisis entry with its own figures; the 90 days stand beside it."""
    a, b = wt_cast.aanbod, wt_cast.other_aanbod
    entry(a, "anna", 90)
    entry(b, "anna", 5, Urgency.CRISIS)
    client.force_login(wt_cast.coordinator)
    response = client.get(url(wt_cast.region))
    (anna,) = response.context["entries"]
    d = anna.deciding
    assert (d.offer, d.provider, d.urgency) == (b.name, b.provider.name, Urgency.CRISIS)
    assert d.registered_on == TODAY - timedelta(days=5)
    assert d.waiting_days == 5
    assert not d.over_norm
    (other,) = anna.others
    assert (other.offer, other.urgency, other.waiting_days) == (a.name, Urgency.NORMAAL, 90)
    assert other.over_aanmeld and not other.over_totaal  # 90 days < 14 weeks (98 days)
    html = response.content.decode()
    row = html[html.index(pseudonym("anna")[:8]) :]
    row = row[: row.index("</tr>")]
    assert "Crisis" in row and "0,7" in row and "5 dagen" in row
    assert "90 dagen" in row  # the other list beside it


def test_r_wt_4_the_central_list_flags_the_aanmeld_norm_not_only_the_total(client, wt_cast):
    """Waiting for an intake 29 days is over the 4-week aanmeld norm (28 days is within),
    though far below the 14 weeks of the whole route; after an intake the 10-week behandel
    norm counts from the intake."""
    entry(wt_cast.aanbod, "anna", 28)
    entry(wt_cast.aanbod, "bram", 29)
    entry(
        wt_cast.aanbod,
        "cor",
        80,
        status=EntryStatus.INTAKE,
        intake_on=TODAY - timedelta(days=71),
    )
    entry(
        wt_cast.aanbod,
        "dirk",
        80,
        status=EntryStatus.INTAKE,
        intake_on=TODAY - timedelta(days=70),
    )
    client.force_login(wt_cast.coordinator)
    response = client.get(url(wt_cast.region))
    flags = {
        e.pseudonym: (e.deciding.over_aanmeld, e.deciding.over_behandel, e.over_norm)
        for e in response.context["entries"]
    }
    assert flags == {
        pseudonym("anna")[:8]: (False, False, False),
        pseudonym("bram")[:8]: (True, False, True),
        pseudonym("cor")[:8]: (False, True, True),
        pseudonym("dirk")[:8]: (False, False, False),
    }
    assert "aanmelding boven 4 weken" in response.content.decode()


def test_r_wt_6_the_list_shows_no_identities(client, wt_cast):
    entry(wt_cast.aanbod, "anna", 30)
    client.force_login(wt_cast.coordinator)
    html = client.get(url(wt_cast.region)).content.decode()
    full = pseudonym("anna")
    assert full[:8] in html
    assert full[:9] not in html  # never more than the first 8 characters
    assert not re.search(r"\b\d{9}\b", html)  # nothing that looks like a BSN


def test_the_central_list_is_for_coordinators_of_the_region(client, wt_cast, cast, outsider):
    entry(wt_cast.aanbod, "anna", 30)
    for user in (cast["huisarts"], cast["ggz-professional"], wt_cast.provider_user):
        client.force_login(user)
        assert client.get(url(wt_cast.region)).status_code == 403
    client.force_login(outsider)
    assert client.get(url(wt_cast.region)).status_code == 404
    # the outsider's own region: a page without noord's people
    response = client.get(reverse("wachttijden:centrale_wachtlijst"))
    assert response.status_code == 200
    assert pseudonym("anna")[:8] not in response.content.decode()


def test_an_empty_region_shows_an_empty_state(client, wt_cast):
    client.force_login(wt_cast.coordinator)
    response = client.get(url(wt_cast.region))
    assert "Er wacht niemand in deze regio" in response.content.decode()


@pytest.mark.parametrize("persons", [5, 120])
def test_the_central_list_pages_by_50_with_a_constant_query_count(
    client, wt_cast, persons, django_assert_max_num_queries
):
    for i in range(persons):
        entry(wt_cast.aanbod, f"p{i}", i + 1, Urgency.HOOG if i % 7 == 0 else Urgency.NORMAAL)
        if i % 3 == 0:
            entry(wt_cast.other_aanbod, f"p{i}", 2)
    client.force_login(wt_cast.coordinator)
    client.get(url(wt_cast.region))
    with django_assert_max_num_queries(10):
        response = client.get(url(wt_cast.region, pagina=2 if persons > 50 else 1))
    entries = response.context["entries"]
    assert len(entries) == min(50, persons if persons <= 50 else persons - 50)
    assert response.context["page"].paginator.count == persons
