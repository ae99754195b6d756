"""The network board's waiting figures (issue 15): ``wachttijden.indicators``, read from the
overview's snapshot rows per gemeente the network serves.

The first quarter of 2026 is read from its last snapshot, Tuesday 31 March 2026: the two
months before are [31 January, 31 March]; a Treeknorm breach is waiting for an intake since
before 3 March (> 4 weeks) or for treatment since an intake before 20 January (> 10 weeks).
"""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from mgn import indicators as registry
from mgn.indicators import quarter
from tests.networks.factories import GemeenteFactory, NetworkFactory
from tests.wachttijden.factories import AanbodFactory, WachtplekFactory, pseudonym
from wachttijden import indicators
from wachttijden.constants import EntryStatus
from wachttijden.services.overzicht import overview_compute

Q1, Q2 = quarter(2026, 1), quarter(2026, 2)
S = date(2026, 3, 31)

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(wt_cast):
    """Noord serves gemeenten 0–2 of its region; a fourth gemeente of the region it does not."""
    elsewhere = GemeenteFactory(name="Buitengemeente", region=wt_cast.region)
    return wt_cast.gemeenten, elsewhere


def entry(wt_cast, gemeente, registered_on, **fields):
    return WachtplekFactory(
        aanbod=fields.pop("aanbod", wt_cast.aanbod),
        gemeente=gemeente,
        registered_on=registered_on,
        **fields,
    )


def treated(wt_cast, gemeente, *, intake_on, aanmeld_days, behandel_days=None):
    """An entry with a realised aanmeldingswachttijd, and a behandelingswachttijd if given."""
    return entry(
        wt_cast,
        gemeente,
        intake_on - timedelta(days=aanmeld_days),
        status=EntryStatus.BEHANDELING if behandel_days is not None else EntryStatus.INTAKE,
        intake_on=intake_on,
        treatment_start_on=(
            intake_on + timedelta(days=behandel_days) if behandel_days is not None else None
        ),
    )


def figures(network, periods=(Q1,)):
    return indicators.compute([network.pk], list(periods))


def value(network, key, index=0, periods=(Q1,)):
    return figures(network, periods)[(network.pk, index, key)]


# R-WT-1 ----------------------------------------------------------------------------------
def test_R_WT_1_persons_waiting_in_the_networks_gemeenten_deduplicated(wt_cast, area):
    (g0, g1, _g2), elsewhere = area
    anna = pseudonym("anna")
    entry(wt_cast, g0, date(2026, 3, 1), pseudonym=anna)
    entry(wt_cast, g0, date(2026, 3, 2), pseudonym=anna, aanbod=wt_cast.other_aanbod)  # once
    entry(wt_cast, g1, date(2026, 3, 10), status=EntryStatus.INTAKE, intake_on=date(2026, 3, 20))
    entry(wt_cast, elsewhere, date(2026, 3, 1))  # not in the network's area
    entry(wt_cast, g1, date(2026, 1, 5), status=EntryStatus.AFGEMELD)  # not waiting
    entry(wt_cast, g1, date(2026, 4, 1))  # registered after the peildatum
    overview_compute(region=wt_cast.region, snapshot_date=date(2026, 2, 15))
    overview_compute(region=wt_cast.region, snapshot_date=S)  # the last in Q1: this one
    overview_compute(region=wt_cast.region, snapshot_date=date(2026, 4, 1))  # Q2

    result = figures(wt_cast.network, (Q1, Q2))

    assert result[(wt_cast.network.pk, 0, "wt.wachtenden")] == registry.Value(2, 2)
    # Half-open: the snapshot of 1 April belongs to the second quarter only.
    assert result[(wt_cast.network.pk, 1, "wt.wachtenden")] == registry.Value(3, 3)


def test_R_WT_1_a_period_without_a_snapshot_has_no_figures(wt_cast, area):
    entry(wt_cast, area[0][0], date(2026, 3, 1))
    overview_compute(region=wt_cast.region, snapshot_date=date(2026, 4, 1))

    result = figures(wt_cast.network, (Q1, Q2))

    assert (wt_cast.network.pk, 0, "wt.wachtenden") not in result
    assert result[(wt_cast.network.pk, 1, "wt.wachtenden")].value == 1


# R-WT-3 ----------------------------------------------------------------------------------
def test_R_WT_3_realised_waits_are_the_average_over_the_networks_gemeenten(wt_cast, area):
    (g0, g1, g2), elsewhere = area
    treated(wt_cast, g0, intake_on=date(2026, 3, 10), aanmeld_days=14, behandel_days=7)
    treated(wt_cast, g1, intake_on=date(2026, 3, 1), aanmeld_days=28)
    treated(wt_cast, g1, intake_on=date(2026, 2, 20), aanmeld_days=42)
    treated(wt_cast, g2, intake_on=date(2026, 2, 1), aanmeld_days=3, behandel_days=21)
    treated(wt_cast, g2, intake_on=date(2026, 1, 31), aanmeld_days=7, behandel_days=35)
    treated(wt_cast, g2, intake_on=date(2026, 1, 30), aanmeld_days=70)  # before the 2 months
    treated(wt_cast, elsewhere, intake_on=date(2026, 3, 1), aanmeld_days=70, behandel_days=70)
    overview_compute(region=wt_cast.region, snapshot_date=S)

    # Aanmeld: 14, 28, 42, 3, 7 days (intake from 31 January): 94 / 5 = 18.8 days, not the
    # mean of the gemeenten's averages. Behandel: treatment started 17 Mar, 22 Feb, 7 Mar:
    # 7, 21, 35 days = 21 days = 3 weeks.
    assert value(wt_cast.network, "wt.aanmeldingswachttijd") == registry.Value(18.8 / 7, 5)
    assert value(wt_cast.network, "wt.behandelingswachttijd") == registry.Value(3.0, 3)
    for key in ("wt.aanmeldingswachttijd", "wt.behandelingswachttijd"):
        item = registry.indicator(key)
        assert (item.rule, item.unit, item.higher_is_better) == ("R-WT-3", "weken", False)


# R-WT-4 ----------------------------------------------------------------------------------
def test_R_WT_4_share_of_waiting_wachtplekken_within_the_treeknorm(wt_cast, area):
    (g0, g1, _g2), elsewhere = area
    entry(wt_cast, g0, date(2026, 3, 3))  # 28 days waiting for an intake: within
    entry(wt_cast, g0, date(2026, 3, 2))  # 29 days: breach
    entry(wt_cast, g1, date(2026, 1, 5), status=EntryStatus.INTAKE, intake_on=date(2026, 1, 20))
    entry(wt_cast, g1, date(2026, 1, 5), status=EntryStatus.INTAKE, intake_on=date(2026, 1, 19))
    entry(wt_cast, elsewhere, date(2025, 6, 1))  # a breach outside the area
    overview_compute(region=wt_cast.region, snapshot_date=S)

    assert value(wt_cast.network, "wt.binnen_treeknorm") == registry.Value(50.0, 4)


def test_R_WT_4_no_one_waiting_gives_no_share(wt_cast, area):
    overview_compute(region=wt_cast.region, snapshot_date=S)
    assert value(wt_cast.network, "wt.binnen_treeknorm") == registry.Value(None, 0)
    assert value(wt_cast.network, "wt.wachtenden") == registry.Value(0, 0)


# The registry ----------------------------------------------------------------------------
def test_R_WT_1_a_network_without_the_function_gets_no_figures(wt_cast, area):
    entry(wt_cast, area[0][0], date(2026, 3, 1))
    overview_compute(region=wt_cast.region, snapshot_date=S)
    network = wt_cast.network
    network.offers_wachttijden = False
    network.save(update_fields=["offers_wachttijden"])

    result = registry.compute([network], [Q1])

    assert not [key for (_n, _i, key) in result if key.startswith("wt.")]
    assert indicators.PROVIDER not in registry.providers_for(network)


def test_R_WT_1_the_provider_is_registered_with_its_indicators():
    assert indicators.PROVIDER in registry.providers()
    assert [p.order for p in registry.providers()] == sorted(p.order for p in registry.providers())
    assert all(registry.indicator(i.key).definition for i in indicators.INDICATORS)


def _queries(ids, periods) -> int:
    with CaptureQueriesContext(connection) as ctx:
        indicators.compute(ids, periods)
    return len(ctx.captured_queries)


def test_R_WT_1_the_query_count_does_not_depend_on_the_number_of_networks(
    wt_cast, area, django_assert_max_num_queries
):
    networks = [wt_cast.network]
    for i in range(4):
        network = NetworkFactory()
        region = network.regions.get()
        gemeente = GemeenteFactory(name=f"Gemeente {i}", region=region)
        network.gemeenten.add(gemeente)
        aanbod = AanbodFactory(provider=network.regievoerder, region=region, gemeente=gemeente)
        WachtplekFactory(aanbod=aanbod, gemeente=gemeente, registered_on=date(2026, 3, 1))
        overview_compute(region=region, snapshot_date=S)
        networks.append(network)
    entry(wt_cast, area[0][0], date(2026, 3, 1))
    overview_compute(region=wt_cast.region, snapshot_date=S)
    periods = [quarter(2025, 3), quarter(2025, 4), Q1, Q2]

    one = _queries([networks[0].pk], periods)
    five = _queries([n.pk for n in networks], periods)

    assert one == five
    with django_assert_max_num_queries(3):
        result = indicators.compute([n.pk for n in networks], periods)
    assert all(result[(n.pk, 2, "wt.wachtenden")].value == 1 for n in networks)
