"""The demo region's function III data: offers in all eight categories, waiting lists with
persons on several lists, test BSNs turned into pseudonyms and stored nowhere, a trend of
five overviews, a provider login, and idempotent."""

from datetime import timedelta

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

import pytest
from stdnum.nl import bsn as stdnum_bsn

from mgn.accounts.models import User
from networks import demo as networks_demo
from networks.models import Region
from wachttijden import demo
from wachttijden.constants import WAITING_STATUSES, Category, Dimension
from wachttijden.models import (
    Aanbod,
    IntakeSlots,
    OntbrekendAanbod,
    OverviewRun,
    SnapshotFigure,
    WachtlijstUpload,
    Wachtplek,
    WachttijdOpgave,
)
from wachttijden.selectors.levering import provider_aanbod_for_user
from wachttijden.services.pseudonym import is_pseudonym, pseudonymise

MODELS = (
    Aanbod,
    Wachtplek,
    WachtlijstUpload,
    IntakeSlots,
    WachttijdOpgave,
    OntbrekendAanbod,
    OverviewRun,
    SnapshotFigure,
)
R_WT_7_CATEGORIES = {
    Category.WONEN,
    Category.WERKEN,
    Category.STEUNPUNT,
    Category.EHEALTH,
    Category.WACHTVERZACHTER,
    Category.GGZ_BEHANDELING,
    Category.WMO,
    Category.SOCIAAL_WERK,
}


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def seeded(db):
    networks_demo.seed_demo()
    summary = demo.seed_demo()
    return Region.objects.get(code="veenland"), summary


def test_seeding_twice_adds_nothing(seeded):
    first = counts()
    networks_demo.seed_demo()
    summary = demo.seed_demo()
    assert counts() == first
    assert "(0 nieuw), 0 nieuwe wachtplekken, 0 overzichten berekend" in summary


def test_r_wt_7_offers_in_all_eight_categories_with_sd_waiting_times(seeded):
    region, _summary = seeded
    offers = Aanbod.objects.filter(region=region)
    assert set(offers.values_list("category", flat=True)) >= R_WT_7_CATEGORIES
    sd = offers.filter(domain="sd")
    assert sd.exists() and not sd.filter(declared_wait_weeks__isnull=True).exists()
    assert OntbrekendAanbod.objects.filter(network__slug="veenland").count() == 2


def test_r_wt_1_the_lists_have_persons_on_several_lists(seeded):
    region, _summary = seeded
    entries = Wachtplek.objects.filter(region=region)
    assert 260 <= entries.count() <= 340
    waiting = entries.filter(status__in=WAITING_STATUSES)
    per_person = waiting.values("pseudonym").annotate(n=Count("aanbod", distinct=True))
    several = sum(1 for row in per_person if row["n"] > 1)
    assert 0.12 <= several / len(per_person) <= 0.3  # about one waiting person in five
    snapshot = SnapshotFigure.objects.get(
        region=region, snapshot_date=timezone.localdate(), dimension=Dimension.REGION
    )
    assert snapshot.persons == len(per_person) > 50
    assert snapshot.wachtplekken == waiting.count() > snapshot.persons


def test_r_pr_3_only_test_bsns_and_none_stored(seeded):
    region, _summary = seeded
    bsns = demo.demo_bsns(demo.PERSONS)
    assert all(b.startswith("9999") and stdnum_bsn.is_valid(b) for b in bsns)
    pseudonyms = set(Wachtplek.objects.values_list("pseudonym", flat=True))
    assert all(is_pseudonym(p) for p in pseudonyms)
    expected = {pseudonymise(b, region_code=region.code) for b in bsns}
    assert pseudonyms <= expected
    stored = " ".join(str(row) for row in Wachtplek.objects.values_list())
    assert not any(b in stored for b in bsns[:50])


def test_the_dashboard_has_a_trend_of_five_weekly_overviews(seeded, client):
    region, _summary = seeded
    today = timezone.localdate()
    dates = sorted(
        OverviewRun.objects.filter(region=region).values_list("snapshot_date", flat=True)
    )
    assert dates == [today - timedelta(weeks=w) for w in range(4, -1, -1)]
    client.force_login(User.objects.get(email="coordinator@demo.mgn.nl"))
    response = client.get(reverse("wachttijden:dashboard") + "?regio=veenland")
    data = response.context["data"]
    assert len(data.trend) == 5
    assert data.headline.intake_slots > 0
    assert data.headline.aanmeld_avg is not None
    assert len(data.missing) == 2
    assert {o.category for o in data.sd_offers} >= {"Wonen", "Werken", "Schuldhulpverlening"}


def test_ggz_demo_user_acts_for_ggz_veenland(seeded):
    user = User.objects.get(email=demo.PROVIDER_LOGIN[0])
    names = set(provider_aanbod_for_user(user).values_list("provider__name", flat=True).distinct())
    assert names == {"GGZ Veenland"}
