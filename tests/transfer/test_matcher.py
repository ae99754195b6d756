"""The matcher (R-TR-1, R-TR-7): group proposals from the anonymous picture, to an offer of
the same zorgvraagtype (ggz) or serving the persons' gemeente (SD), never beyond an offer's
free places, only to a shorter expected wait, ranked by waiting weeks saved. Property-based
(hypothesis) over generated pictures, plus worked examples and one from the database."""

from collections import defaultdict
from dataclasses import fields
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

from tests.networks.factories import OrganisationFactory
from tests.wachttijden.factories import AanbodFactory, WachtplekFactory, monday, pseudonym
from transfer.selectors.vraagbeeld import (
    WAIT_BANDS,
    DemandCell,
    OfferCapacity,
    PersonsCount,
    Vraagbeeld,
    WeekPlaces,
    vraagbeeld_for_network,
)
from transfer.services.matcher import Proposal, propose_transfers
from wachttijden.constants import AanbodDomain, Category, Urgency
from wachttijden.models import Zorgvraagtype
from wachttijden.services.levering_intakeplekken import intake_slots_publish

TODAY = date(2026, 12, 2)
WEEKS = 4
ZVTS = (1, 2, 3)
GEMEENTEN = (11, 12, 13)
BANDS = tuple(band.key for band in WAIT_BANDS)


def offer(
    pk: int,
    *,
    domain=AanbodDomain.GGZ,
    category=None,
    zvts=(),
    served=(),
    places=(),
    wait: str | None = "10",
) -> OfferCapacity:
    category = category or (
        Category.GGZ_BEHANDELING if domain == AanbodDomain.GGZ else Category.SOCIAAL_WERK
    )
    weeks = [monday(TODAY) + timedelta(weeks=n) for n in range(WEEKS)]
    padded = list(places) + [None] * (WEEKS - len(places))
    return OfferCapacity(
        aanbod_id=pk,
        label=f"Aanbod {pk}",
        provider_id=100 + pk,
        provider=f"Aanbieder {pk}",
        region_id=1,
        domain=domain,
        category=category,
        location_gemeente_id=None,
        zorgvraagtype_ids=frozenset(zvts),
        gemeenten_served=frozenset(served),
        places=tuple(WeekPlaces(w, n) for w, n in zip(weeks, padded, strict=True)),
        expected_wait_weeks=None if wait is None else Decimal(wait),
        expected_wait_source="opgave" if wait is not None else "",
        expected_wait_on=TODAY if wait is not None else None,
    )


def cell(aanbod_id, persons, *, zvt=None, band="10-14", gemeente=None, urgency=Urgency.NORMAAL):
    return DemandCell(aanbod_id, zvt, urgency, band, gemeente, persons, persons)


def picture(offers, cells) -> Vraagbeeld:
    persons = sum(c.persons for c in cells)
    return Vraagbeeld(
        network_id=1,
        on=TODAY,
        weeks=WEEKS,
        subregion=None,
        offers=tuple(offers),
        cells=tuple(cells),
        total=PersonsCount(None, persons, persons),
        by_zorgvraagtype=(),
        zorgvraagtypes=(),
        gemeenten=(),
    )


# Generated pictures -------------------------------------------------------------------
# No example database in the working tree: a failure prints its reproducing example.
PROPERTY = settings(max_examples=300, deadline=None, database=None)

# Mostly offers that could fit each other (same category, waits known, places published),
# with a few that must never be chosen: huisarts offers, other categories, no wait.
GGZ_PARTS = st.fixed_dictionaries(
    {
        "domain": st.just(AanbodDomain.GGZ),
        "category": st.sampled_from([Category.GGZ_BEHANDELING] * 4 + [Category.WACHTVERZACHTER]),
        "zvts": st.frozensets(st.sampled_from(ZVTS), min_size=1),
    }
)
SD_PARTS = st.fixed_dictionaries(
    {
        "domain": st.just(AanbodDomain.SD),
        "category": st.sampled_from([Category.SOCIAAL_WERK] * 4 + [Category.WONEN]),
        "served": st.frozensets(st.sampled_from(GEMEENTEN), min_size=1),
    }
)
OTHER_PARTS = st.fixed_dictionaries(
    {"domain": st.just(AanbodDomain.HUISARTS), "category": st.just(Category.OVERIG)}
)
# A week's places: mostly a number, sometimes not published (None).
week_places = st.integers(-3, 12).map(lambda n: None if n < 0 else n)
# An expected wait of 0–30 weeks in tenths, sometimes unknown (None).
waits = st.integers(-30, 300).map(lambda n: None if n < 0 else str(Decimal(n) / 10))
offer_parts = st.tuples(
    st.one_of(GGZ_PARTS, GGZ_PARTS, SD_PARTS, SD_PARTS, OTHER_PARTS),
    st.lists(week_places, max_size=WEEKS),
    waits,
).map(lambda t: {**t[0], "places": t[1], "wait": t[2]})


@st.composite
def pictures(draw) -> Vraagbeeld:
    parts = draw(st.lists(offer_parts, min_size=2, max_size=8))
    offers = [offer(n + 1, **p) for n, p in enumerate(parts)]
    cells = draw(
        st.lists(
            st.builds(
                cell,
                st.integers(1, len(offers)),
                st.integers(1, 25),
                zvt=st.sampled_from((None, *ZVTS, *ZVTS)),
                band=st.sampled_from(BANDS),
                gemeente=st.sampled_from((None, *GEMEENTEN, *GEMEENTEN)),
                urgency=st.sampled_from(list(Urgency.values)),
            ),
            min_size=4,
            max_size=30,
        )
    )
    return picture(offers, cells)


def offers_of(p: Vraagbeeld) -> dict[int, OfferCapacity]:
    return {o.aanbod_id: o for o in p.offers}


@PROPERTY
@given(pictures())
def test_R_TR_1_never_an_offer_of_another_zorgvraagtype(p):
    offers = offers_of(p)
    for proposal in propose_transfers(p):
        origin, target = offers[proposal.from_aanbod_id], offers[proposal.to_aanbod_id]
        assert origin.domain == target.domain == proposal.domain
        assert origin.category == target.category
        assert proposal.from_aanbod_id != proposal.to_aanbod_id
        if proposal.domain == AanbodDomain.GGZ:
            assert proposal.zorgvraagtype_id is not None
            assert proposal.zorgvraagtype_id in target.zorgvraagtype_ids
            waiting = sum(
                c.persons
                for c in p.cells
                if c.aanbod_id == origin.aanbod_id
                and c.zorgvraagtype_id == proposal.zorgvraagtype_id
            )
            assert proposal.persons <= waiting


@PROPERTY
@given(pictures())
def test_R_TR_1_never_an_sd_offer_that_does_not_serve_the_persons_gemeente(p):
    offers = offers_of(p)
    for proposal in propose_transfers(p):
        if proposal.domain == AanbodDomain.SD:
            assert proposal.gemeente_id is not None
            assert proposal.gemeente_id in offers[proposal.to_aanbod_id].gemeenten_served
            waiting = sum(
                c.persons
                for c in p.cells
                if c.aanbod_id == proposal.from_aanbod_id and c.gemeente_id == proposal.gemeente_id
            )
            assert proposal.persons <= waiting
        else:
            assert proposal.domain == AanbodDomain.GGZ  # huisarts offers are not matched


@PROPERTY
@given(pictures())
def test_R_TR_1_never_more_persons_than_the_capacity(p):
    offers = offers_of(p)
    booked: dict[int, int] = defaultdict(int)
    moved: dict[tuple, int] = defaultdict(int)
    for proposal in propose_transfers(p):
        target = offers[proposal.to_aanbod_id]
        assert 0 < proposal.persons <= proposal.room <= proposal.capacity == target.free_places
        assert sum(n for _band, n in proposal.bands) == proposal.persons
        booked[proposal.to_aanbod_id] += proposal.persons
        moved[(proposal.from_aanbod_id, proposal.zorgvraagtype_id, proposal.gemeente_id)] += (
            proposal.persons
        )
    for aanbod_id, persons in booked.items():
        assert persons <= offers[aanbod_id].free_places  # summed over the proposals
    for (aanbod_id, zvt, gemeente), persons in moved.items():
        assert persons <= sum(
            c.persons
            for c in p.cells
            if c.aanbod_id == aanbod_id
            and (zvt is None or c.zorgvraagtype_id == zvt)
            and (gemeente is None or c.gemeente_id == gemeente)
        )


@PROPERTY
@given(pictures())
def test_R_TR_7_ranked_by_weeks_saved(p):
    proposals = propose_transfers(p)
    saved = [proposal.weeks_saved for proposal in proposals]
    assert saved == sorted(saved, reverse=True)
    for proposal in proposals:
        assert proposal.weeks_saved == proposal.persons * (
            proposal.wait_from_weeks - proposal.wait_to_weeks
        )
    assert propose_transfers(p) == proposals  # the same picture, the same proposals


@PROPERTY
@given(pictures())
def test_R_TR_1_only_shorter_expected_waits(p):
    offers = offers_of(p)
    for proposal in propose_transfers(p):
        origin, target = offers[proposal.from_aanbod_id], offers[proposal.to_aanbod_id]
        assert proposal.wait_to_weeks < proposal.wait_from_weeks
        assert proposal.wait_from_weeks == origin.expected_wait_weeks
        assert proposal.wait_to_weeks == target.expected_wait_weeks
        assert proposal.weeks_saved > 0


@pytest.mark.parametrize(
    "reached",
    [
        lambda ps: any(p.domain == AanbodDomain.GGZ for p in ps),
        lambda ps: any(p.domain == AanbodDomain.SD for p in ps),
        lambda ps: any(p.persons == p.room for p in ps),  # capacity is what limits it
        lambda ps: len({p.to_aanbod_id for p in ps}) < len(ps),  # one offer, two proposals
    ],
    ids=["ggz", "sd", "capped", "shared-room"],
)
def test_R_TR_1_the_generated_pictures_reach_the_cases_the_properties_are_about(reached):
    """The properties above hold vacuously on pictures without proposals: the generator
    must reach each case they are about."""
    find(
        pictures(),
        lambda p: reached(propose_transfers(p)),
        settings=settings(database=None, phases=[Phase.generate], max_examples=1000),
    )


# Worked examples ----------------------------------------------------------------------
def test_R_TR_1_a_group_is_split_over_the_best_offers_first():
    """12 persons of type 1 at A (12 weeks): B (3 weeks) has room for 4, C (6 weeks) for 10;
    D (14 weeks) is slower and E treats another type."""
    offers = [
        offer(1, zvts=[1], wait="12"),
        offer(2, zvts=[1], places=[2, None, 2], wait="3"),
        offer(3, zvts=[1, 2], places=[10], wait="6"),
        offer(4, zvts=[1], places=[9], wait="14"),
        offer(5, zvts=[2], places=[9], wait="1"),
    ]
    cells = [cell(1, 5, zvt=1, band="boven-14"), cell(1, 7, zvt=1, band="tot-4")]
    proposals = propose_transfers(picture(offers, cells))

    assert [(p.to_aanbod_id, p.persons, p.weeks_saved) for p in proposals] == [
        (3, 8, Decimal("48")),
        (2, 4, Decimal("36")),
    ]
    to_b = proposals[1]
    assert to_b.bands == (("boven-14", 4),)  # the longest waiters first
    assert to_b.waiting_more_than_weeks == 14
    assert (to_b.room, to_b.capacity, to_b.weeks) == (4, 4, WEEKS)
    assert proposals[0].bands == (("boven-14", 1), ("tot-4", 7))
    assert proposals[0].waiting_more_than_weeks == 0
    assert proposals[0].wait_from_source == "opgave"
    assert proposals[0].picture_on == TODAY


def test_R_TR_1_two_groups_share_one_offers_room():
    offers = [
        offer(1, zvts=[1], wait="20"),
        offer(2, zvts=[1], wait="15"),
        offer(3, zvts=[1], places=[6], wait="2"),
    ]
    cells = [cell(1, 5, zvt=1), cell(2, 5, zvt=1)]
    proposals = propose_transfers(picture(offers, cells))
    assert [(p.from_aanbod_id, p.persons, p.room) for p in proposals] == [(1, 5, 6), (2, 1, 1)]


def test_R_TR_1_only_those_waiting_longer_than_asked():
    offers = [offer(1, zvts=[1], wait="12"), offer(2, zvts=[1], places=[20], wait="3")]
    cells = [cell(1, 3, zvt=1, band="tot-4"), cell(1, 2, zvt=1, band="10-14")]
    proposals = propose_transfers(picture(offers, cells), min_waiting_weeks=10)
    assert [(p.persons, p.waiting_more_than_weeks) for p in proposals] == [(2, 10)]


def test_R_TR_1_an_sd_group_goes_only_to_an_offer_serving_its_gemeente():
    offers = [
        offer(1, domain=AanbodDomain.SD, served=[11, 12], wait="10"),
        offer(2, domain=AanbodDomain.SD, served=[12], places=[5], wait="2"),
        offer(3, domain=AanbodDomain.SD, served=[11], places=[1], wait="4"),
        offer(
            4, domain=AanbodDomain.SD, category=Category.WONEN, served=[11], places=[9], wait="0"
        ),
    ]
    cells = [
        cell(1, 3, gemeente=11),
        cell(1, 3, gemeente=12),
        cell(1, 4),  # woongemeente unknown: never moved to an SD offer
    ]
    proposals = propose_transfers(picture(offers, cells))
    assert [(p.gemeente_id, p.to_aanbod_id, p.persons) for p in proposals] == [
        (12, 2, 3),
        (11, 3, 1),
    ]
    assert all(isinstance(p, Proposal) and p.zorgvraagtype_id is None for p in proposals)


# From the database --------------------------------------------------------------------
@pytest.mark.django_db
def test_R_TR_1_the_matcher_reads_the_picture_of_a_network(wt_cast):
    """Long waiters of one zorgvraagtype at one provider, free intake places at the other."""
    zvt = Zorgvraagtype.objects.order_by("number").first()
    a, b = wt_cast.aanbod, wt_cast.other_aanbod
    for offer_, wait in ((a, "12.0"), (b, "3.0")):
        offer_.zorgvraagtypes.set([zvt])
        offer_.declared_wait_weeks = Decimal(wait)
        offer_.save()
    for n in range(5):
        WachtplekFactory(
            aanbod=a,
            pseudonym=pseudonym(f"wacht-{n}"),
            registered_on=TODAY - timedelta(weeks=11),
            zorgvraagtype=zvt,
        )
    intake_slots_publish(aanbod=b, weeks={monday(TODAY): 3}, today=TODAY)
    sd = AanbodFactory(
        provider=OrganisationFactory(name="Wijkteam"), region=wt_cast.region, sd=True
    )
    sd.gemeenten_served.set(wt_cast.gemeenten[:1])

    proposals = propose_transfers(vraagbeeld_for_network(wt_cast.network, on=TODAY))

    assert len(proposals) == 1
    proposal = proposals[0]
    assert (proposal.from_offer, proposal.to_offer) == ("Basis-ggz Noord", "Specialistisch Anders")
    assert (proposal.persons, proposal.waiting_more_than_weeks, proposal.room) == (3, 10, 3)
    assert proposal.weeks_saved == Decimal("27.0")
    assert (proposal.wait_from_source, proposal.wait_to_source) == ("declared", "declared")
    # Counts and labels only: no field for, and no trace of, a person's identifiers.
    forbidden = ("pseudonym", "pseudoniem", "bsn", "naam", "birth", "geboorte")
    assert not [f.name for f in fields(Proposal) if any(w in f.name for w in forbidden)]
    assert not any(pseudonym(f"wacht-{n}")[:8] in repr(proposals) for n in range(5))
