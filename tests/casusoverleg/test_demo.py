"""The demo region's casusoverleg (issue 14 part 9): an AVG agreement, a series with a
huisarts, ggz, sociaal domein and the gemeente's chair, held and coming meetings, cases in
every state with outcomes, signals of several categories over several months, one linked
to the sociale kaart's missing offer; seeding twice adds nothing."""

import pytest

from casusoverleg import demo
from casusoverleg.constants import REQUIRED_DOMAINS, CasusStatus, OverlegStatus
from casusoverleg.models import (
    Casus,
    CasusAanwezigheid,
    CasusOverleg,
    Casusreeks,
    CasusUitkomst,
    ReeksLid,
    Signaal,
    Verwerkingsafspraak,
)
from casusoverleg.selectors.reeksen import can_chair, casussen_for_user, is_member
from casusoverleg.services.afspraak import afspraak_gaps
from mgn.accounts.models import User
from networks import demo as networks_demo
from networks.models import Network
from wachttijden import demo as wachttijden_demo

pytestmark = pytest.mark.django_db

MODELS = (
    Verwerkingsafspraak,
    Casusreeks,
    ReeksLid,
    CasusOverleg,
    CasusAanwezigheid,
    Casus,
    CasusUitkomst,
    Signaal,
    User,
)


def counts():
    return [m.objects.count() for m in MODELS]


@pytest.fixture
def seeded():
    networks_demo.seed_demo()
    wachttijden_demo.seed_demo()
    result = demo.seed_demo()
    assert "voorzitter@demo.mgn.nl" in result
    return Casusreeks.objects.get(name=demo.REEKS)


def test_the_demo_series_has_its_agreement_composition_and_meetings(seeded):
    reeks = seeded
    network = Network.objects.get(slug="veenland")
    assert network.offers_casusoverleg and afspraak_gaps(network) == []
    afspraak = Verwerkingsafspraak.objects.get(network=network)
    assert afspraak.document.read(5) == b"%PDF-"
    assert afspraak.signatories.count() == len(demo.SIGNATORIES)
    domains = set(reeks.leden.values_list("domain", flat=True))
    assert set(REQUIRED_DOMAINS) <= domains
    chair = User.objects.get(email="voorzitter@demo.mgn.nl")
    assert chair.check_password(networks_demo.DEMO_PASSWORD)
    assert can_chair(chair, reeks)
    assert reeks.leden.get(is_voorzitter=True).organisation.name == "Gemeente Veendam aan de Aa"
    for email, _organisation in demo.MEMBER_LOGINS:
        assert is_member(User.objects.get(email=email), reeks)
    held = reeks.overleggen.filter(status=OverlegStatus.GEHOUDEN)
    assert held.count() == demo.PAST_MEETINGS
    assert all(o.aanwezigheid.count() == 4 for o in held)
    assert CasusAanwezigheid.objects.filter(overleg__in=held, present=False).exists()
    coming = reeks.overleggen.filter(status=OverlegStatus.GEPLAND)
    assert coming.count() >= 3
    assert max(held.values_list("starts_at", flat=True)) < min(
        coming.values_list("starts_at", flat=True)
    )


def test_the_demo_has_cases_in_every_state_and_a_linked_signal(seeded):
    reeks = seeded
    cases = reeks.casussen.all()
    assert set(cases.values_list("status", flat=True)) == set(CasusStatus.values)
    next_meeting = reeks.overleggen.filter(status=OverlegStatus.GEPLAND).order_by("starts_at")[0]
    # Registered for the next meeting; discussed and carried to it with an outcome in a
    # held meeting; closed with their outcome.
    for casus in cases.filter(status=CasusStatus.AANGEMELD):
        assert casus.overleg == next_meeting and not casus.uitkomsten.exists()
    for casus in cases.filter(status=CasusStatus.BESPROKEN):
        assert casus.overleg == next_meeting
        assert casus.uitkomsten.filter(overleg__status=OverlegStatus.GEHOUDEN).exists()
    for casus in cases.filter(status=CasusStatus.GESLOTEN):
        assert casus.uitkomsten.exists() and casus.closed_at is not None
        assert casus.overleg.status == OverlegStatus.GEHOUDEN
        assert casus.registered_at < casus.closed_at
    # Signals of several categories over several months, one linked to missing offer.
    signalen = Signaal.objects.filter(reeks=reeks)
    assert signalen.values("category").distinct().count() >= 4
    months = {s.created_at.strftime("%Y-%m") for s in signalen}
    assert len(months) >= 2
    linked = signalen.filter(ontbrekend_aanbod__isnull=False)
    assert linked.count() == 1
    assert linked.get().ontbrekend_aanbod.network == reeks.network
    # A member reads the cases; the coordinator (not a member) does not.
    assert casussen_for_user(User.objects.get(email="ggz@demo.mgn.nl")).count() == cases.count()
    assert not casussen_for_user(User.objects.get(email="coordinator@demo.mgn.nl")).exists()


def test_seeding_the_casusoverleg_demo_twice_adds_nothing(seeded):
    before = counts()
    states = sorted(Casus.objects.values_list("status", flat=True))
    demo.seed_demo()
    assert counts() == before
    assert sorted(Casus.objects.values_list("status", flat=True)) == states
