"""The indicator board of one network: readers, sections, trend, targets,
CSV, API and query count. The figures come from the fake providers (indicator_fakes)."""

import csv
import io
from datetime import date
from decimal import Decimal

from django.urls import reverse

import pytest

from mgn import indicators
from mgn.accounts.constants import Role
from mgn.indicators import Value
from networks.constants import OrganisationKind
from networks.models import Doel, DoelKind
from networks.selectors import bord as selectors
from networks.services.bord import doel_save
from networks.services.netwerken import network_grant
from networks.services.organisaties import organisation_grant
from tests.accounts.factories import UserFactory
from tests.networks import indicator_fakes
from tests.networks.factories import OrganisationFactory, PartnershipFactory
from tests.networks.indicator_fakes import count, days
from tests.networks.plan_factories import positive_voorgenomen, reviewer, submitted_plan

pytestmark = pytest.mark.django_db


def _trend():
    return indicators.quarters_until(selectors.last_complete_quarter(), 4)


@pytest.fixture
def board_world(network, cast, fake_providers):
    """Noord with figures over the trend quarters and 2024; a user acting for noord's insurer
    (a monitoring partner, role M)."""
    trend = _trend()
    for i, period in enumerate(trend):
        fake_providers[("noord", period.key, "fake.aanvragen")] = count(20 + i)
        fake_providers[("noord", period.key, "fake.dagen")] = days(5 + i, 20 + i)
    fake_providers[("noord", "2024", "fake.aanvragen")] = count(400)
    insurer = network.partnerships.get(organisation__name="Verzekeraar Noord").organisation
    monitor = UserFactory(email="monitor@noord.test", roles=[Role.ZORGVERZEKERAAR])
    organisation_grant(organisation=insurer, user=monitor)
    cast = {**cast, "monitor": monitor}
    return cast


def _url(network, period=None):
    url = reverse("networks:bord", args=[network.slug])
    return f"{url}?periode={period.key}" if period else url


# Readers ----------------------------------------------------------------------------------
def test_the_board_is_read_by_coordinators_and_monitoring_partners(client, network, board_world):
    for who in (Role.NETWERKCOORDINATOR, "monitor"):
        client.force_login(board_world[who])
        response = client.get(_url(network))
        assert response.status_code == 200, who
        assert "Aanvragen (test)" in response.content.decode()


@pytest.mark.parametrize(
    "who", [Role.HUISARTS, Role.GGZ_PROFESSIONAL, Role.PROGRAMMA, Role.BEOORDELAAR, "outsider"]
)
def test_everyone_else_gets_404(client, network, board_world, who):
    client.force_login(board_world[who])
    assert client.get(_url(network)).status_code == 404
    assert client.get(reverse("networks:bord_csv", args=[network.slug])).status_code == 404
    api = reverse("netwerk-indicatoren", args=[network.slug])
    assert client.get(api).status_code == 404


def test_a_partner_with_only_role_u_does_not_read_the_board(client, network, board_world):
    provider = OrganisationFactory(name="Uitvoerder Noord", kind=OrganisationKind.SD_AANBIEDER)
    PartnershipFactory(network=network, organisation=provider, role_beleid=False)
    user = UserFactory(email="uitvoerder@noord.test", roles=[Role.SD_PROFESSIONAL])
    organisation_grant(organisation=provider, user=user)
    client.force_login(user)
    assert client.get(_url(network)).status_code == 404


def test_the_coordinator_of_another_network_gets_404_on_it(client, other_network, board_world):
    client.force_login(board_world[Role.NETWERKCOORDINATOR])
    assert client.get(_url(other_network)).status_code == 404


def test_the_index_lists_the_boards_the_user_reads(client, network, board_world):
    client.force_login(board_world[Role.NETWERKCOORDINATOR])
    response = client.get(reverse("networks:bord_index"))
    assert response.status_code == 200 and _url(network) in response.content.decode()
    assert "MGN Zuid" not in response.content.decode()
    client.force_login(board_world[Role.HUISARTS])
    assert client.get(reverse("networks:bord_index")).status_code == 403


def test_the_menu_shows_the_board_to_its_readers_only(client, network, board_world):
    client.force_login(board_world["monitor"])
    assert (
        reverse("networks:bord_index")
        in client.get(reverse("networks:network_list")).content.decode()
    )
    client.force_login(board_world[Role.HUISARTS])
    assert (
        reverse("networks:bord_index")
        not in client.get(reverse("networks:network_list")).content.decode()
    )


# Content ----------------------------------------------------------------------------------
def test_the_board_shows_value_trend_definition_and_rule(client, network, board_world):
    trend = _trend()
    client.force_login(board_world[Role.NETWERKCOORDINATOR])
    html = client.get(_url(network, trend[-1])).content.decode()
    assert "Verkennend gesprek (test)" in html
    assert "Casusoverleg (test)" not in html  # noord does not offer function IV here
    for period in trend:
        assert period.key in html
    assert "8,0 dagen" in html and "5,0 dagen" in html  # last and first of the trend
    assert "Gemiddeld aantal dagen tot het gesprek." in html and "R-VG-3" in html
    # The trend as a chart too; its accessible name carries every number.
    assert "Trend van Dagen tot gesprek (test)" in html and 'role="img"' in html


def test_the_registry_leaves_out_a_function_the_network_does_not_offer(
    client, network, board_world
):
    network.offers_casusoverleg = True
    network.save()
    client.force_login(board_world[Role.NETWERKCOORDINATOR])
    assert "Casusoverleg (test)" in client.get(_url(network)).content.decode()
    network.offers_casusoverleg = False
    network.save()
    assert "Casusoverleg (test)" not in client.get(_url(network)).content.decode()


def test_the_board_makes_one_compute_call_over_the_trend_and_the_baseline_years(
    network, board_world
):
    doel_save(
        network=network,
        indicator_key="fake.aanvragen",
        kind=DoelKind.RELATIEF,
        value=Decimal("-30"),
        baseline_year=2024,
    )
    indicator_fakes.CALLS.clear()
    board = selectors.board_build(network, _trend()[-1])
    assert [(section, periods) for section, _ids, periods in indicator_fakes.CALLS] == [
        ("vg", (*(p.key for p in _trend()), "2024"))
    ]
    row = board.rows[0]
    assert row.indicator.key == "fake.aanvragen" and row.text == "23"
    # 2024: 400 a year, 100 a quarter; −30 %: at most 70 in the quarter; 23 meets it.
    assert row.stand.target == Decimal("70") and row.stand.met is True


def test_an_unknown_period_falls_back_to_the_last_complete_quarter(client, network, board_world):
    client.force_login(board_world[Role.NETWERKCOORDINATOR])
    response = client.get(reverse("networks:bord", args=[network.slug]) + "?periode=1999-K1")
    assert response.status_code == 200
    assert response.context["period"] == selectors.last_complete_quarter()
    assert len(response.context["choices"]) == 8


# Targets ----------------------------------------------------------------------------------
def _doel(kind, value, baseline_year=None):
    return Doel(indicator_key="x", kind=kind, value=Decimal(value), baseline_year=baseline_year)


@pytest.mark.parametrize(
    ("figure", "met"), [(Decimal("60"), True), (Decimal("70"), True), (Decimal("71"), False)]
)
def test_a_relative_target_against_a_hand_made_baseline(figure, met):
    """Specialist-ggz referrals −30 % against 2024: 400 in 2024 is 100 a quarter, so at most
    70 in a quarter meets the target."""
    item = indicator_fakes.AANVRAGEN
    stand = selectors.doel_evaluate(
        item, _doel(DoelKind.RELATIEF, "-30", 2024), Value(figure, int(figure)), Value(400, 400)
    )
    assert stand.target == Decimal("70")
    assert stand.met is met
    assert stand.text == ("gehaald" if met else "niet gehaald")


def test_a_relative_target_on_a_share_is_not_divided_by_four():
    item = indicator_fakes.VERVOLG  # higher is better
    stand = selectors.doel_evaluate(
        item, _doel(DoelKind.RELATIEF, "10", 2024), Value(Decimal("66"), 50), Value(60, 50)
    )
    assert stand.target == Decimal("66") and stand.met is True


@pytest.mark.parametrize(("figure", "met"), [("6.5", True), ("7", True), ("7.1", False)])
def test_an_absolute_target_where_lower_is_better(figure, met):
    stand = selectors.doel_evaluate(
        indicator_fakes.DAGEN, _doel(DoelKind.ABSOLUUT, "7"), Value(Decimal(figure), 12)
    )
    assert stand.met is met
    assert selectors.doel_describe(indicator_fakes.DAGEN, _doel(DoelKind.ABSOLUUT, "7")) == (
        "≤ 7,0 dagen"
    )


def test_a_target_without_figure_or_baseline_cannot_be_judged():
    item = indicator_fakes.AANVRAGEN
    doel = _doel(DoelKind.RELATIEF, "-30", 2024)
    assert selectors.doel_evaluate(item, doel, Value(50, 50), indicators.NO_DATA).met is None
    assert selectors.doel_evaluate(item, doel, indicators.NO_DATA, Value(400, 400)).met is None
    # A volume without direction and an absolute target: shown, not judged.
    assert selectors.doel_evaluate(item, _doel(DoelKind.ABSOLUUT, "5"), Value(9, 9)).met is None


def test_a_coordinator_keeps_the_targets(client, network, board_world):
    client.force_login(board_world[Role.NETWERKCOORDINATOR])
    url = reverse("networks:doelen", args=[network.slug])
    response = client.post(
        url,
        {
            "indicator_key": "fake.dagen",
            "kind": "absoluut",
            "value": "7",
            "baseline_year": "",
            "note": "Binnen een week.",
        },
    )
    assert response.status_code == 302
    doel = network.doelen.get()
    assert (doel.indicator_key, doel.value, doel.note) == ("fake.dagen", 7, "Binnen een week.")
    assert "≤ 7,0 dagen" in client.get(url).content.decode()
    edit = reverse("networks:doel_edit", args=[network.slug, doel.pk])
    response = client.post(
        edit, {"indicator_key": "fake.dagen", "kind": "absoluut", "value": "10", "note": ""}
    )
    assert response.status_code == 302
    doel.refresh_from_db()
    assert doel.value == 10
    html = client.get(_url(network)).content.decode()
    assert "≤ 10,0 dagen" in html and "gehaald" in html
    client.post(reverse("networks:doel_delete", args=[network.slug, doel.pk]))
    assert not network.doelen.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"indicator_key": "fake.signalen", "kind": "absoluut", "value": "3"}, "indicator_key"),
        ({"indicator_key": "fake.aanvragen", "kind": "relatief", "value": "-30"}, "baseline_year"),
        (
            {
                "indicator_key": "fake.aanvragen",
                "kind": "absoluut",
                "value": "3",
                "baseline_year": "2024",
            },
            "baseline_year",
        ),
    ],
)
def test_a_target_that_does_not_hold_is_refused(client, network, board_world, data, field):
    client.force_login(board_world[Role.NETWERKCOORDINATOR])
    response = client.post(reverse("networks:doelen", args=[network.slug]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not network.doelen.exists()


def test_a_monitoring_partner_reads_but_does_not_keep_targets(client, network, board_world):
    client.force_login(board_world["monitor"])
    assert client.get(reverse("networks:doelen", args=[network.slug])).status_code == 403
    doel = doel_save(network=network, indicator_key="fake.dagen", kind="absoluut", value=7)
    url = reverse("networks:doel_delete", args=[network.slug, doel.pk])
    assert client.post(url).status_code == 403
    assert network.doelen.exists()


# CSV and API ------------------------------------------------------------------------------
def test_the_csv_holds_the_trend_per_indicator(client, network, board_world):
    trend = _trend()
    client.force_login(board_world["monitor"])
    url = reverse("networks:bord_csv", args=[network.slug]) + f"?periode={trend[-1].key}"
    response = client.get(url)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(
        csv.reader(io.StringIO(b"".join(response.streaming_content).decode()), delimiter=";")
    )
    assert rows[0][:3] == ["sectie", "indicator", "omschrijving"]
    days_rows = [r for r in rows[1:] if r[1] == "fake.dagen"]
    assert [(r[5], r[6], r[7]) for r in days_rows] == [
        (p.key, str(5 + i), str(20 + i)) for i, p in enumerate(trend)
    ]


def test_the_api_gives_the_board_with_its_target(client, network, board_world):
    doel_save(network=network, indicator_key="fake.dagen", kind="absoluut", value=7)
    client.force_login(board_world["monitor"])
    trend = _trend()
    data = client.get(
        reverse("netwerk-indicatoren", args=[network.slug]), {"periode": trend[-1].key}
    ).json()
    assert data["netwerk"] == "noord" and data["periode"] == trend[-1].key
    dagen = next(i for i in data["indicatoren"] if i["key"] == "fake.dagen")
    assert dagen["regel"] == "R-VG-3" and dagen["eenheid"] == "dagen"
    assert [p["waarde"] for p in dagen["trend"]] == [5.0, 6.0, 7.0, 8.0]
    assert dagen["doel"]["doelwaarde"] == 7.0 and dagen["doel"]["gehaald"] is False


def test_the_api_answers_401_without_login(client, network, board_world):
    assert client.get(reverse("netwerk-indicatoren", args=[network.slug])).status_code in {401, 403}


# Query count ------------------------------------------------------------------------------
def test_the_board_page_has_a_constant_query_count(
    client, network, board_world, django_assert_max_num_queries
):
    client.force_login(board_world[Role.NETWERKCOORDINATOR])
    client.get(_url(network))  # warm the session and the menu's caches
    with django_assert_max_num_queries(14) as few:
        client.get(_url(network))
    for key in ("fake.aanvragen", "fake.vervolg"):
        doel_save(
            network=network,
            indicator_key=key,
            kind=DoelKind.RELATIEF,
            value=-10,
            baseline_year=2023 if key == "fake.vervolg" else 2024,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(_url(network))


def test_network_grant_makes_a_coordinator_a_reader(client, network, board_world):
    user = UserFactory(email="nieuw@noord.test", roles=[Role.NETWERKCOORDINATOR])
    client.force_login(user)
    assert client.get(_url(network)).status_code == 404
    network_grant(network=network, user=user, coordinate=True)
    assert client.get(_url(network)).status_code == 200


def test_the_csv_guards_its_cells_against_formulas(network, board_world):
    from networks.views.bord import board_csv_rows

    board = selectors.board_build(network, _trend()[-1])
    evil = selectors.BoardSection("=HYPERLINK(1)", board.sections[0].rows)
    rows = list(board_csv_rows(selectors.Board(network, board.period, board.trend_periods, [evil])))
    assert all(row[0] == "'=HYPERLINK(1)" for row in rows[1:])


# R-NW-6: the aandachtspuntenbrief's points are the network's first KPIs ---------------------
def test_R_NW_6_the_board_tracks_the_aandachtspunten_of_the_approval(client, network, board_world):
    coordinator = board_world[Role.NETWERKCOORDINATOR]
    client.force_login(coordinator)
    assert "Nog geen aandachtspunten vastgelegd." in client.get(_url(network)).content.decode()

    plan = submitted_plan(network, coordinator)
    beoordelaar = reviewer(plan, coordinator)
    owner = network.regievoerder
    positive_voorgenomen(
        plan, beoordelaar, punten=[("Wachttijd ggz-overname meten", owner, date(2026, 6, 1))]
    )
    html = client.get(_url(network)).content.decode()
    assert "Wachttijd ggz-overname meten" in html
    assert owner.name in html and "1 juni 2026" in html and "<td>open</td>" in html
