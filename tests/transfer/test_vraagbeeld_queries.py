"""The picture and the matcher of a whole network take the same number of queries whatever
the number of offers, providers and regions (R-TR-1): the bench runs them for one network in
each of the 44 regions at 1,000,000 waiting entries (``python -m bench --only
transfer_matcher``) and needs the count per network to be constant."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.networks.factories import GemeenteFactory, OrganisationFactory, RegionFactory
from tests.wachttijden.factories import (
    AanbodFactory,
    IntakeSlotsFactory,
    OverviewRunFactory,
    SnapshotFigureFactory,
    WachtplekFactory,
    monday,
    pseudonym,
)
from transfer.selectors.vraagbeeld import vraagbeeld_for_network
from transfer.services.matcher import propose_transfers
from wachttijden.constants import AanbodDomain, Dimension
from wachttijden.models import Zorgvraagtype

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 2)
MAX_QUERIES = 12  # the picture's dozen; the matcher itself asks nothing


def _region_market(region, gemeenten, zvts, providers: int, tag: str) -> None:
    """Per provider a ggz offer with long waiters and one with room and a shorter wait (the
    overview's), and two SD offers of one category likewise, in ``region``."""
    run = OverviewRunFactory(region=region, snapshot_date=TODAY - timedelta(days=1))
    for n in range(providers):
        provider = OrganisationFactory(name=f"Aanbieder {tag}{n}", ggz_aanbieder=True)
        for kind, extra in (("ggz", {}), ("sd", {"sd": True})):
            slow, fast = (
                AanbodFactory(
                    provider=provider,
                    region=region,
                    name=f"{kind} {tag}{n} {side}",
                    gemeente=gemeenten[n % len(gemeenten)],
                    declared_wait_weeks=Decimal(wait),
                    **extra,
                )
                for side, wait in (("traag", "16.0"), ("snel", "6.0"))
            )
            for offer in (slow, fast):
                offer.gemeenten_served.set(gemeenten)
                if kind == "ggz":
                    offer.zorgvraagtypes.set(zvts)
            SnapshotFigureFactory(
                run=run,
                dimension=Dimension.AANBOD,
                aanbod=fast,
                prospective_weeks=2.0,
                prospective_source="slots",
            )
            IntakeSlotsFactory(aanbod=fast, week_start=monday(TODAY), available=2 + n)
            for m in range(4):
                WachtplekFactory(
                    aanbod=slow,
                    pseudonym=pseudonym(f"{tag}{kind}{n}-{m}"),
                    registered_on=TODAY - timedelta(weeks=3 + 4 * m),
                    zorgvraagtype=zvts[m % len(zvts)],
                    gemeente=gemeenten[m % len(gemeenten)],
                )


def _picture_and_proposals(network):
    with CaptureQueriesContext(connection) as captured:
        picture = vraagbeeld_for_network(network, on=TODAY)
        proposals = propose_transfers(picture)
    return picture, proposals, len(captured.captured_queries)


def test_R_TR_1_the_picture_and_proposals_take_the_same_queries_at_any_size(
    wt_cast, django_assert_max_num_queries
):
    zvts = list(Zorgvraagtype.objects.order_by("number")[:2])
    _region_market(wt_cast.region, wt_cast.gemeenten, zvts, providers=1, tag="a")
    with django_assert_max_num_queries(MAX_QUERIES):
        small, small_proposals, small_queries = _picture_and_proposals(wt_cast.network)

    # Five times the providers, and a second region with its own offers and lists.
    _region_market(wt_cast.region, wt_cast.gemeenten, zvts, providers=4, tag="b")
    second = RegionFactory(name="Tweede regio")
    wt_cast.network.regions.add(second)
    elsewhere = [GemeenteFactory(name=f"Oostgemeente {i}", region=second) for i in range(2)]
    _region_market(second, elsewhere, zvts, providers=5, tag="c")
    with django_assert_max_num_queries(MAX_QUERIES):
        large, large_proposals, large_queries = _picture_and_proposals(wt_cast.network)

    assert large_queries == small_queries
    assert {o.region_id for o in large.offers} == {wt_cast.region.pk, second.pk}
    assert len(large.offers) >= 5 * (len(small.offers) - 2)  # the cast's two offers besides
    assert (small.total.wachtplekken, large.total.wachtplekken) == (8, 80)
    domains = {p.domain for p in large_proposals}
    assert domains == {AanbodDomain.GGZ, AanbodDomain.SD}
    assert len(large_proposals) > len(small_proposals) > 0
