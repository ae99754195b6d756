"""The demand picture of a transfer table (R-TR-1): anonymous counts per offer by
zorgvraagtype, urgency, waiting-time band and woongemeente, persons once beside
wachtplekken, a subregion, the offers' free places and expected waits; no identifier in any
field, constant queries."""

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

import pytest

from tests.networks.factories import GemeenteFactory, OrganisationFactory
from tests.wachttijden.factories import (
    AanbodFactory,
    IntakeSlotsFactory,
    OverviewRunFactory,
    SnapshotFigureFactory,
    WachtplekFactory,
    monday,
    pseudonym,
)
from transfer.selectors import vraagbeeld
from transfer.selectors.vraagbeeld import WAIT_BANDS, vraagbeeld_for_network
from wachttijden.constants import AanbodDomain, Category, Dimension, Urgency
from wachttijden.models import Zorgvraagtype
from wachttijden.services.levering_intakeplekken import intake_slots_publish

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 2)  # a Wednesday


def registered(days_ago: int) -> date:
    return TODAY - timedelta(days=days_ago)


@pytest.fixture
def zvt():
    return list(Zorgvraagtype.objects.order_by("number")[:2])


def entry(aanbod, label: str, *, days: int = 14, **kwargs):
    return WachtplekFactory(
        aanbod=aanbod, pseudonym=pseudonym(label), registered_on=registered(days), **kwargs
    )


def test_R_TR_1_the_picture_counts_persons_once_beside_wachtplekken(wt_cast, zvt):
    a, b = wt_cast.aanbod, wt_cast.other_aanbod
    entry(a, "anna", zorgvraagtype=zvt[0])
    entry(b, "anna", zorgvraagtype=zvt[0])  # on two lists: one person, two wachtplekken
    entry(a, "bram", zorgvraagtype=zvt[1], urgency=Urgency.HOOG)
    entry(a, "cas", zorgvraagtype=zvt[0], intake=True)  # waits for treatment: still waiting
    entry(a, "dirk", zorgvraagtype=zvt[0], behandeling=True)  # in treatment: not waiting
    entry(a, "eva", zorgvraagtype=zvt[0], days=-3)  # registered after the date

    picture = vraagbeeld_for_network(wt_cast.network, on=TODAY)

    assert (picture.total.persons, picture.total.wachtplekken) == (3, 4)
    by_type = {c.zorgvraagtype_id: (c.persons, c.wachtplekken) for c in picture.by_zorgvraagtype}
    assert by_type == {zvt[0].pk: (2, 3), zvt[1].pk: (1, 1)}
    at_a = {
        (c.zorgvraagtype_id, c.urgency): (c.persons, c.wachtplekken) for c in picture.cells_of(a.pk)
    }
    assert at_a == {(zvt[0].pk, Urgency.NORMAAL): (2, 2), (zvt[1].pk, Urgency.HOOG): (1, 1)}
    assert [(c.persons, c.wachtplekken) for c in picture.cells_of(b.pk)] == [(1, 1)]
    assert {label.text for label in picture.zorgvraagtypes} == {
        f"{z.number}. {z.name}" for z in zvt
    }


def test_R_TR_1_the_picture_has_no_identifier_fields(wt_cast, zvt):
    entry(wt_cast.aanbod, "anna", zorgvraagtype=zvt[0], gemeente=wt_cast.gemeenten[0])
    entry(wt_cast.other_aanbod, "anna", zorgvraagtype=zvt[0])

    picture = vraagbeeld_for_network(wt_cast.network, on=TODAY)

    forbidden = ("pseudonym", "pseudoniem", "bsn", "name", "naam", "birth", "geboorte")
    classes = [
        obj
        for obj in vars(vraagbeeld).values()
        if isinstance(obj, type) and dataclasses.is_dataclass(obj)
    ]
    assert len(classes) >= 6
    for cls in classes:
        for field in dataclasses.fields(cls):
            assert not any(word in field.name.lower() for word in forbidden), (cls, field.name)
    text = repr(picture)
    assert picture.total.persons == 1
    assert pseudonym("anna")[:8] not in text
    assert "Noordgemeente 0" in text  # the labels are there, the person is not


@pytest.mark.parametrize(
    ("days", "band"),
    [
        (0, "tot-4"),
        (28, "tot-4"),  # exactly 4 weeks: still within the Treeknorm
        (29, "4-10"),
        (70, "4-10"),
        (71, "10-14"),
        (98, "10-14"),
        (99, "boven-14"),
        (400, "boven-14"),
    ],
)
def test_R_TR_1_the_picture_bands_waits_at_the_treeknorm_edges(wt_cast, zvt, days, band):
    entry(wt_cast.aanbod, "anna", days=days, zorgvraagtype=zvt[0])
    picture = vraagbeeld_for_network(wt_cast.network, on=TODAY)
    assert [c.band for c in picture.cells] == [band]
    assert [b.key for b in WAIT_BANDS] == ["tot-4", "4-10", "10-14", "boven-14"]


def test_R_TR_1_a_subregion_counts_its_residents_and_its_offers(wt_cast, zvt):
    g0, g1, _g2 = wt_cast.gemeenten
    a = wt_cast.aanbod  # located in g0, serves all three
    entry(a, "anna", zorgvraagtype=zvt[0], gemeente=g0)
    entry(a, "bram", zorgvraagtype=zvt[0], gemeente=g1)  # lives elsewhere
    entry(a, "cas", zorgvraagtype=zvt[0])  # no woongemeente: the offer's location (g0)
    sd_elsewhere = AanbodFactory(
        provider=OrganisationFactory(name="Wijkteam Een"),
        region=wt_cast.region,
        sd=True,
        gemeente=g1,
    )
    sd_elsewhere.gemeenten_served.set([g1])

    picture = vraagbeeld_for_network(wt_cast.network, on=TODAY, gemeente_ids={g0.pk})

    assert picture.subregion == frozenset({g0.pk})
    assert picture.total.persons == 2
    assert {c.gemeente_id for c in picture.cells} == {g0.pk, None}
    assert sd_elsewhere.pk not in {o.aanbod_id for o in picture.offers}
    assert a.pk in {o.aanbod_id for o in picture.offers}
    whole = vraagbeeld_for_network(wt_cast.network, on=TODAY)
    assert whole.total.persons == 3
    assert sd_elsewhere.pk in {o.aanbod_id for o in whole.offers}

    elsewhere = GemeenteFactory(name="Zuidgemeente")
    with pytest.raises(ValueError, match="not gemeenten of network"):
        vraagbeeld_for_network(wt_cast.network, on=TODAY, gemeente_ids={elsewhere.pk})


def test_R_TR_1_an_sd_offers_free_places_are_its_capacity(wt_cast):
    """A gemeente's SD offer publishes free places per week through the intake-slots service;
    the picture shows them for the coming weeks, unpublished weeks as unknown."""
    wijkteam = AanbodFactory(
        provider=OrganisationFactory(name="Gemeente Noordgemeente 0", gemeente=True),
        region=wt_cast.region,
        sd=True,
        declared_wait_weeks=Decimal("6.0"),
    )
    wijkteam.gemeenten_served.set(wt_cast.gemeenten[:2])
    first = monday(TODAY)
    intake_slots_publish(
        aanbod=wijkteam, weeks={first: 3, first + timedelta(weeks=2): 5}, today=TODAY
    )

    picture = vraagbeeld_for_network(wt_cast.network, on=TODAY, weeks=3)
    offer = picture.offer(wijkteam.pk)

    assert [(w.week, w.available) for w in offer.places] == [
        (first, 3),
        (first + timedelta(weeks=1), None),
        (first + timedelta(weeks=2), 5),
    ]
    assert offer.free_places == 8
    assert offer.places_label == "vrije plekken"
    assert offer.gemeenten_served == frozenset(g.pk for g in wt_cast.gemeenten[:2])
    assert (offer.expected_wait_weeks, offer.expected_wait_source) == (Decimal("6.0"), "declared")


def test_R_TR_1_the_expected_wait_is_the_overviews_else_the_declared_one(wt_cast):
    a, b = wt_cast.aanbod, wt_cast.other_aanbod
    b.declared_wait_weeks = Decimal("9.5")
    b.save()
    old = OverviewRunFactory(region=wt_cast.region, snapshot_date=TODAY - timedelta(days=8))
    SnapshotFigureFactory(
        run=old,
        dimension=Dimension.AANBOD,
        aanbod=a,
        prospective_weeks=7.0,
        prospective_source="opgave",
    )
    run = OverviewRunFactory(region=wt_cast.region, snapshot_date=TODAY - timedelta(days=1))
    SnapshotFigureFactory(
        run=run,
        dimension=Dimension.AANBOD,
        aanbod=a,
        prospective_weeks=2.0,
        prospective_source="slots",
    )
    later = OverviewRunFactory(region=wt_cast.region, snapshot_date=TODAY + timedelta(days=1))
    SnapshotFigureFactory(
        run=later,
        dimension=Dimension.AANBOD,
        aanbod=a,
        prospective_weeks=1.0,
        prospective_source="slots",
    )

    picture = vraagbeeld_for_network(wt_cast.network, on=TODAY)

    at_a, at_b = picture.offer(a.pk), picture.offer(b.pk)
    assert (at_a.expected_wait_weeks, at_a.expected_wait_source, at_a.expected_wait_on) == (
        Decimal("2.0"),
        "slots",
        TODAY - timedelta(days=1),
    )
    assert (at_b.expected_wait_weeks, at_b.expected_wait_source, at_b.expected_wait_on) == (
        Decimal("9.5"),
        "declared",
        None,
    )


def _market(wt_cast, zvt, providers: int):
    for n in range(providers):
        provider = OrganisationFactory(name=f"Aanbieder {n}", ggz_aanbieder=True)
        offer = AanbodFactory(
            provider=provider, region=wt_cast.region, gemeente=wt_cast.gemeenten[n % 3]
        )
        offer.zorgvraagtypes.set(zvt)
        offer.gemeenten_served.set(wt_cast.gemeenten)
        sd = AanbodFactory(provider=provider, region=wt_cast.region, sd=True)
        sd.gemeenten_served.set(wt_cast.gemeenten[:1])
        IntakeSlotsFactory(aanbod=offer, week_start=monday(TODAY), available=n)
        IntakeSlotsFactory(aanbod=sd, week_start=monday(TODAY), available=n)
        for m in range(3):
            entry(offer, f"p{n}-{m}", days=10 * m, zorgvraagtype=zvt[m % 2])
            entry(sd, f"p{n}-{m}", gemeente=wt_cast.gemeenten[m % 3])


def test_R_TR_1_the_picture_takes_constant_queries(wt_cast, zvt, django_assert_max_num_queries):
    _market(wt_cast, zvt, 2)
    with django_assert_max_num_queries(12):
        small = vraagbeeld_for_network(
            wt_cast.network, on=TODAY, gemeente_ids={wt_cast.gemeenten[0].pk}
        )
    _market(wt_cast, zvt, 12)
    with django_assert_max_num_queries(12):
        large = vraagbeeld_for_network(
            wt_cast.network, on=TODAY, gemeente_ids={wt_cast.gemeenten[0].pk}
        )
    assert len(large.offers) > len(small.offers) >= 4
    assert large.total.wachtplekken > small.total.wachtplekken


def test_R_TR_1_the_picture_leaves_out_other_networks_and_inactive_offers(
    wt_cast, zvt, other_network
):
    entry(wt_cast.aanbod, "anna", zorgvraagtype=zvt[0])
    elsewhere = AanbodFactory(
        provider=OrganisationFactory(name="Zuid ggz"), region=other_network.regions.first()
    )
    entry(elsewhere, "bram", zorgvraagtype=zvt[0])
    gesloten = AanbodFactory(provider=wt_cast.provider, region=wt_cast.region, inactief=True)
    entry(gesloten, "cas", zorgvraagtype=zvt[0])

    picture = vraagbeeld_for_network(wt_cast.network, on=timezone.localdate())

    assert picture.total.persons == 1
    assert {o.aanbod_id for o in picture.offers} == {wt_cast.aanbod.pk, wt_cast.other_aanbod.pk}
    assert {c.aanbod_id for c in picture.cells} == {wt_cast.aanbod.pk}
    assert picture.offer(elsewhere.pk) is None
    assert picture.offer(wt_cast.aanbod.pk).domain == AanbodDomain.GGZ
    assert picture.offer(wt_cast.aanbod.pk).category == Category.GGZ_BEHANDELING
