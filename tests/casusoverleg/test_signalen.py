"""R-DOC-5: bottleneck signals raised from a case, counted per period and category on the
network's signals page (and its CSV) for coordinators, policy partners and series members,
and linked to the sociale kaart's missing offer; R-PR-2: no case text on that page."""

import csv
import io
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from casusoverleg.constants import SignaalCategorie
from casusoverleg.models import Signaal
from casusoverleg.selectors.signalen import (
    KWARTAAL,
    MAAND,
    Period,
    signal_counts,
    signal_counts_for_ontbrekend,
)
from casusoverleg.services.signalen import signaal_link_ontbrekend, signaal_raise
from tests.accounts.factories import UserFactory
from tests.casusoverleg.factories import register
from wachttijden.models import OntbrekendAanbod

SIGNALEN = reverse("casusoverleg:signalen")
CSV = reverse("casusoverleg:signalen_csv")
SITUATIE = "Alleenstaande met schulden en somberheid; de woning dreigt verloren te gaan."
GEPROBEERD = "Budgetcoaching en twee gesprekken bij de POH-ggz."
VRAAG = "Wie kan schuldhulp en behandeling samen oppakken?"


@pytest.fixture
def casus(co):
    return register(co.reeks, organisation=co.praktijk, user=co.huisarts, gemeente=co.gemeenten[0])


def raise_signal(co, casus, category=SignaalCategorie.ONTBREKEND_AANBOD, **fields):
    fields.setdefault("description", "Geen beschermd wonen voor jongeren in de regio.")
    fields.setdefault("gemeenten", [co.gemeenten[0]])
    return signaal_raise(
        casus=casus,
        category=category,
        organisation=co.praktijk,
        raised_by=co.huisarts,
        **fields,
    )


def at(signaal, *args):
    """Set the signal's creation moment (local time)."""
    moment = datetime(*args, tzinfo=timezone.get_current_timezone())
    Signaal.objects.filter(pk=signaal.pk).update(created_at=moment)


def missing_offer(co, network=None, **fields):
    fields.setdefault("category", "wonen")
    fields.setdefault("description", "Beschermd wonen ontbreekt")
    return OntbrekendAanbod.objects.create(
        network=network or co.network, created_by=co.coordinator, **fields
    )


# Raising a signal from a case ----------------------------------------------------------------
def test_R_DOC_5_a_member_raises_a_signal_from_a_case(client, co, casus):
    url = reverse("casusoverleg:signaal_new", args=[casus.pk])
    client.force_login(co.huisarts)
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"]["gemeenten"].initial == [co.gemeenten[0].pk]
    response = client.post(
        url,
        {
            "category": SignaalCategorie.WACHTTIJD,
            "gemeenten": [co.gemeenten[0].pk, co.gemeenten[1].pk],
            "description": "Wachttijd voor schuldhulp is te lang.",
        },
    )
    assert response.status_code == 302
    signaal = Signaal.objects.get()
    assert signaal.casus_code == casus.code
    assert signaal.organisation == co.praktijk
    assert signaal.raised_by == co.huisarts
    assert set(signaal.gemeenten.all()) == set(co.gemeenten)


def test_R_DOC_5_an_identifier_in_the_signal_is_a_field_error(client, co, casus):
    client.force_login(co.huisarts)
    response = client.post(
        reverse("casusoverleg:signaal_new", args=[casus.pk]),
        {
            "category": SignaalCategorie.WACHTTIJD,
            "gemeenten": [co.gemeenten[0].pk],
            "description": "Bel de cliënt op 0612345678 voor meer.",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["description"]
    assert "0612345678" not in str(response.context["form"].errors)
    assert not Signaal.objects.exists()


def test_R_DOC_5_a_gemeente_outside_the_network_is_refused(client, co, casus, other_network):
    from tests.networks.factories import GemeenteFactory

    elsewhere = GemeenteFactory(region=other_network.regions.first(), name="Elders")
    client.force_login(co.huisarts)
    response = client.post(
        reverse("casusoverleg:signaal_new", args=[casus.pk]),
        {
            "category": SignaalCategorie.WACHTTIJD,
            "gemeenten": [elsewhere.pk],
            "description": "Wachttijd voor schuldhulp is te lang.",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["gemeenten"]
    assert not Signaal.objects.exists()


@pytest.mark.parametrize("who", ["coordinator", "policy", "outsider", "stranger"])
def test_R_PR_2_only_members_raise_a_signal_from_a_case(client, co, casus, who):
    client.force_login(getattr(co, who))
    url = reverse("casusoverleg:signaal_new", args=[casus.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"category": "wachttijd"}).status_code == 404
    assert not Signaal.objects.exists()


# Counts per period and category ---------------------------------------------------------
@pytest.fixture
def spread(co, casus):
    """Signals at set moments: five in the first half of 2025, two just outside it."""
    made = [
        ((2025, 1, 15, 12, 0), SignaalCategorie.ONTBREKEND_AANBOD),
        ((2025, 1, 31, 23, 30), SignaalCategorie.WACHTTIJD),  # still January (local time)
        ((2025, 2, 1, 0, 30), SignaalCategorie.WACHTTIJD),  # February (local time)
        ((2025, 3, 10, 10, 0), SignaalCategorie.ONTBREKEND_AANBOD),
        ((2025, 4, 2, 9, 0), SignaalCategorie.SAMENWERKING),
        ((2024, 12, 31, 23, 0), SignaalCategorie.ONTBREKEND_AANBOD),  # before the period
        ((2025, 7, 1, 0, 10), SignaalCategorie.ONTBREKEND_AANBOD),  # after it
    ]
    for moment, category in made:
        at(raise_signal(co, casus, category), *moment)
    return Period(date(2025, 1, 1), date(2025, 6, 30))


def _table(data):
    return {
        row.label: {
            value: n for (value, _label), n in zip(data.categories, row.counts, strict=True) if n
        }
        for row in data.rows
    }


def test_R_DOC_5_signal_counts_per_period_and_category(co, spread):
    months = signal_counts(co.network, spread, MAAND)
    assert [row.label for row in months.rows] == [
        "jan 2025",
        "feb 2025",
        "mrt 2025",
        "apr 2025",
        "mei 2025",
        "jun 2025",
    ]
    assert _table(months) == {
        "jan 2025": {"ontbrekend-aanbod": 1, "wachttijd": 1},
        "feb 2025": {"wachttijd": 1},
        "mrt 2025": {"ontbrekend-aanbod": 1},
        "apr 2025": {"samenwerking": 1},
        "mei 2025": {},
        "jun 2025": {},
    }
    assert months.total == 5
    quarters = signal_counts(co.network, spread, KWARTAAL)
    assert _table(quarters) == {
        "K1 2025": {"ontbrekend-aanbod": 2, "wachttijd": 2},
        "K2 2025": {"samenwerking": 1},
    }
    assert dict(zip([v for v, _l in quarters.categories], quarters.totals, strict=True)) == {
        "ontbrekend-aanbod": 2,
        "aanbod-past-niet": 0,
        "wachttijd": 2,
        "regels-bekostiging": 0,
        "samenwerking": 1,
    }
    waiting = signal_counts(co.network, spread, MAAND, SignaalCategorie.WACHTTIJD)
    assert waiting.categories == [("wachttijd", "Wachten duurt te lang")]
    assert [row.total for row in waiting.rows] == [1, 1, 0, 0, 0, 0]
    # The chart's accessible name carries the numbers.
    assert "K1 2025: 4 signalen (Aanbod ontbreekt 2, Wachten duurt te lang 2)" in (
        quarters.period_chart.label
    )


def test_R_DOC_5_the_signals_page_shows_the_counts_and_toggles_to_quarters(client, co, spread):
    client.force_login(co.coordinator)
    query = {"netwerk": "noord", "van": "2025-01-01", "tot": "2025-06-30"}
    response = client.get(SIGNALEN, {**query, "per": "kwartaal"})
    assert response.status_code == 200
    counts = response.context["counts"]
    assert [row.total for row in counts.rows] == [4, 1]
    assert len(response.context["page"].object_list) == 5
    html = response.content.decode()
    assert 'role="img"' in html and "Signalen per kwartaal" in html
    assert "per=maand" in response.context["toggle_query"]
    monthly = client.get(SIGNALEN, {**query, "per": "maand", "categorie": "wachttijd"})
    assert [row.total for row in monthly.context["counts"].rows] == [1, 1, 0, 0, 0, 0]
    assert len(monthly.context["page"].object_list) == 2


def test_R_DOC_5_the_default_period_is_the_last_twelve_months(client, co, casus):
    raise_signal(co, casus)
    client.force_login(co.coordinator)
    response = client.get(SIGNALEN)
    counts = response.context["counts"]
    assert counts.period.end == timezone.localdate()
    assert len(counts.rows) == 12
    assert counts.total == 1


# R-PR-2: who reads the signals, and never a case text ---------------------------------------
def test_R_PR_2_no_case_text_on_a_policy_partners_signals_page(client, co, casus):
    raise_signal(co, casus, description="Geen beschermd wonen voor jongeren in de regio.")
    client.force_login(co.policy)
    response = client.get(SIGNALEN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Geen beschermd wonen voor jongeren in de regio." in html
    assert casus.code in html
    for text in (SITUATIE, GEPROBEERD, VRAAG, casus.situatie, casus.geprobeerd, casus.vraag):
        assert text not in html
    export = b"".join(client.get(CSV).streaming_content).decode()
    assert casus.code in export
    for text in (SITUATIE, GEPROBEERD, VRAAG):
        assert text not in export
    # Nor may the policy partner open the case's signal form (the case is the series').
    assert client.get(reverse("casusoverleg:signaal_new", args=[casus.pk])).status_code == 404
    assert response.context["linking"] is False


@pytest.mark.parametrize("who", ["coordinator", "policy", "huisarts", "ggz_user", "sd_user"])
def test_R_DOC_5_coordinators_policy_partners_and_members_read_the_signals(client, co, casus, who):
    raise_signal(co, casus)
    client.force_login(getattr(co, who))
    response = client.get(SIGNALEN, {"netwerk": "noord"})
    assert response.status_code == 200
    assert response.context["network"] == co.network
    assert response.context["counts"].total == 1
    assert "Knelpuntsignalen" in [item["label"] for item in response.context["nav_items"]]


def test_R_PR_2_other_networks_and_outsiders_see_no_signals(client, co, casus, other_network):
    raise_signal(co, casus)
    # The outsider coordinates zuid (which offers function IV): zuid's page, never noord's.
    client.force_login(co.outsider)
    response = client.get(SIGNALEN)
    assert response.status_code == 200
    assert response.context["network"] == other_network
    assert "Geen beschermd wonen" not in response.content.decode()
    assert client.get(SIGNALEN, {"netwerk": "noord"}).status_code == 404
    assert client.get(CSV, {"netwerk": "noord"}).status_code == 404
    # The stranger acts for a policy partner of zuid, not of noord.
    client.force_login(co.stranger)
    assert client.get(SIGNALEN, {"netwerk": "noord"}).status_code == 404
    # Someone with no network of function IV at all.
    nobody = UserFactory(email="niemand@example.test")
    client.force_login(nobody)
    assert client.get(SIGNALEN).status_code == 403
    assert client.get(CSV).status_code == 403
    assert "Knelpuntsignalen" not in [
        item["label"] for item in client.get(reverse("networks:network_list")).context["nav_items"]
    ]
    client.logout()
    assert client.get(SIGNALEN).status_code == 302


def test_R_DOC_5_a_network_without_function_IV_shows_no_signals(client, co, casus):
    raise_signal(co, casus)
    co.network.offers_casusoverleg = False
    co.network.save(update_fields=["offers_casusoverleg"])
    client.force_login(co.coordinator)
    assert client.get(SIGNALEN).status_code == 403
    assert client.get(reverse("casusoverleg:signaal_new", args=[casus.pk])).status_code == 404
    labels = [i["label"] for i in client.get(reverse("networks:network_list")).context["nav_items"]]
    assert "Knelpuntsignalen" not in labels


# CSV --------------------------------------------------------------------------------------
def test_R_DOC_5_the_csv_has_the_counts_and_the_rows_guarded(client, co, spread, casus):
    guarded = raise_signal(co, casus, description="=SOM(A1) geen aanbod")
    at(guarded, 2025, 5, 5, 10, 0)
    client.force_login(co.policy)
    response = client.get(
        CSV, {"netwerk": "noord", "van": "2025-01-01", "tot": "2025-06-30", "per": "kwartaal"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(
        csv.reader(io.StringIO(b"".join(response.streaming_content).decode()), delimiter=";")
    )
    assert rows[0][:4] == ["soort", "periode", "categorie", "aantal"]
    counts = {(r[1], r[2]): int(r[3]) for r in rows if r[0] == "telling"}
    assert counts[("2025-K1", "ontbrekend-aanbod")] == 2
    assert counts[("2025-K1", "wachttijd")] == 2
    assert counts[("2025-K2", "samenwerking")] == 1
    assert counts[("2025-K2", "ontbrekend-aanbod")] == 1
    assert counts[("2025-K2", "regels-bekostiging")] == 0
    signals = [r for r in rows if r[0] == "signaal"]
    assert len(signals) == 6
    assert signals[0][4] == "2025-05-05"
    assert signals[0][6] == "'=SOM(A1) geen aanbod"
    assert signals[0][5] == co.gemeenten[0].name
    assert {r[7] for r in signals} == {casus.code}


# Query counts -----------------------------------------------------------------------------
def _queries(client, url, params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_R_DOC_5_the_signals_page_and_csv_read_a_constant_number_of_queries(
    client, co, casus, django_assert_max_num_queries
):
    oa = missing_offer(co)
    first = raise_signal(co, casus)
    signaal_link_ontbrekend(user=co.coordinator, signaal=first, ontbrekend_aanbod=oa)
    client.force_login(co.coordinator)
    params = {"netwerk": "noord"}
    few_page, few_csv = _queries(client, SIGNALEN, params), _queries(client, CSV, params)
    for i in range(12):
        category = SignaalCategorie.values[i % len(SignaalCategorie.values)]
        raise_signal(co, casus, category, gemeenten=co.gemeenten)
    assert _queries(client, SIGNALEN, params) == few_page
    assert _queries(client, CSV, params) == few_csv
    with django_assert_max_num_queries(16):
        client.get(SIGNALEN, params)


# Linking to the sociale kaart's missing offer ---------------------------------------------
def _link(client, signaal, **data):
    return client.post(reverse("casusoverleg:signaal_link", args=[signaal.pk]), data)


def test_R_DOC_5_a_missing_offer_signal_links_to_an_existing_ontbrekend_aanbod(client, co, casus):
    oa = missing_offer(co)
    signaal = raise_signal(co, casus)
    client.force_login(co.coordinator)
    page = client.get(SIGNALEN)
    assert page.context["linking"] is True
    assert page.context["open_ontbrekend"] == [oa]
    assert reverse("casusoverleg:signaal_link", args=[signaal.pk]) in page.content.decode()
    response = _link(client, signaal, ontbrekend_aanbod=oa.pk)
    assert response.status_code == 302
    signaal.refresh_from_db()
    assert signaal.ontbrekend_aanbod == oa
    assert OntbrekendAanbod.objects.count() == 1
    shown = client.get(SIGNALEN).content.decode()
    assert "Beschermd wonen ontbreekt" in shown


def test_R_DOC_5_a_missing_offer_signal_creates_an_ontbrekend_aanbod(client, co, casus):
    signaal = raise_signal(co, casus, gemeenten=co.gemeenten)
    client.force_login(co.coordinator)
    assert _link(client, signaal, category="wonen").status_code == 302
    signaal.refresh_from_db()
    oa = signaal.ontbrekend_aanbod
    assert oa is not None
    assert oa.network == co.network
    assert oa.category == "wonen"
    assert oa.description == signaal.description
    assert set(oa.gemeenten.all()) == set(co.gemeenten)
    assert oa.created_by == co.coordinator


def test_R_DOC_5_a_signal_of_another_category_is_refused(client, co, casus):
    oa = missing_offer(co)
    signaal = raise_signal(co, casus, SignaalCategorie.WACHTTIJD)
    with pytest.raises(ValidationError):
        signaal_link_ontbrekend(user=co.coordinator, signaal=signaal, ontbrekend_aanbod=oa)
    client.force_login(co.coordinator)
    page = client.get(SIGNALEN).content.decode()
    assert reverse("casusoverleg:signaal_link", args=[signaal.pk]) not in page
    response = _link(client, signaal, ontbrekend_aanbod=oa.pk)
    assert response.status_code == 302
    signaal.refresh_from_db()
    assert signaal.ontbrekend_aanbod is None
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("aanbod ontbreekt" in m for m in messages)


def test_R_DOC_5_another_networks_ontbrekend_aanbod_is_refused(client, co, casus, other_network):
    theirs = missing_offer(co, network=other_network)
    signaal = raise_signal(co, casus)
    with pytest.raises(ValidationError):
        signaal_link_ontbrekend(user=co.coordinator, signaal=signaal, ontbrekend_aanbod=theirs)
    client.force_login(co.coordinator)
    _link(client, signaal, ontbrekend_aanbod=theirs.pk)
    signaal.refresh_from_db()
    assert signaal.ontbrekend_aanbod is None


def test_R_DOC_5_a_resolved_ontbrekend_aanbod_is_refused(co, casus):
    oa = missing_offer(co, resolved_at=timezone.now())
    signaal = raise_signal(co, casus)
    with pytest.raises(ValidationError):
        signaal_link_ontbrekend(user=co.coordinator, signaal=signaal, ontbrekend_aanbod=oa)
    signaal.refresh_from_db()
    assert signaal.ontbrekend_aanbod is None


@pytest.mark.parametrize(("who", "status"), [("policy", 403), ("huisarts", 403), ("outsider", 404)])
def test_R_DOC_5_only_coordinators_link_a_signal(client, co, casus, who, status):
    oa = missing_offer(co)
    signaal = raise_signal(co, casus)
    client.force_login(getattr(co, who))
    assert _link(client, signaal, ontbrekend_aanbod=oa.pk).status_code == status
    with pytest.raises(PermissionDenied):
        signaal_link_ontbrekend(user=getattr(co, who), signaal=signaal, ontbrekend_aanbod=oa)
    signaal.refresh_from_db()
    assert signaal.ontbrekend_aanbod is None


# The sociale kaart's missing-offer page -----------------------------------------------------
def test_R_DOC_5_linked_signal_count_shows_on_the_sociale_kaart(
    client, co, casus, django_assert_max_num_queries
):
    oa = missing_offer(co)
    lonely = missing_offer(co, description="Inloop in het weekend ontbreekt")
    for _i in range(3):
        signaal = raise_signal(co, casus)
        signaal_link_ontbrekend(user=co.coordinator, signaal=signaal, ontbrekend_aanbod=oa)
    assert signal_counts_for_ontbrekend([oa.pk, lonely.pk]) == {oa.pk: 3}
    client.force_login(co.coordinator)
    url = reverse("wachttijden:missing")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 signalen</strong> uit het casusoverleg gekoppeld" in html
    notes = {note.pk: note.signal_count for note in response.context["page"]}
    assert notes == {oa.pk: 3, lonely.pk: 0}
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(4):
        other = missing_offer(co, description=f"Ontbreekt nummer {i}")
        signaal_link_ontbrekend(
            user=co.coordinator, signaal=raise_signal(co, casus), ontbrekend_aanbod=other
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_R_DOC_5_a_reversed_period_is_a_form_error_over_the_default_period(client, co, casus):
    raise_signal(co, casus)
    client.force_login(co.coordinator)
    response = client.get(SIGNALEN, {"van": "2025-06-30", "tot": "2025-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["tot"]
    assert response.context["counts"].period.end == timezone.localdate()
    assert response.context["counts"].total == 1
