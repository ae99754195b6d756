"""The demo region's transfer table: a team of ggz, a vrijgevestigde, an SD provider and
the gemeente, an insurer's zorgbemiddeling as guest, past meetings with minutes and next
meetings; idempotent."""

import pytest

from mgn.audit.constants import Event
from mgn.audit.models import AccessLogEntry
from networks import demo as networks_demo
from networks.constants import OrganisationKind
from transfer import demo
from transfer.constants import MemberKind, OverlegStatus, VoorstelKind
from transfer.models import (
    Aanwezigheid,
    Steekproef,
    SteekproefRegel,
    TafelLid,
    TafelOverleg,
    Transfertafel,
    Transfervoorstel,
    Uitkomst,
)
from transfer.selectors.steekproef import steekproef_uitslagen
from wachttijden import demo as wachttijden_demo

pytestmark = pytest.mark.django_db


def counts():
    models = (
        Transfertafel,
        TafelLid,
        TafelOverleg,
        Aanwezigheid,
        Steekproef,
        SteekproefRegel,
        Transfervoorstel,
        Uitkomst,
        AccessLogEntry,
    )
    return [m.objects.count() for m in models]


def test_the_demo_table_has_a_team_a_guest_and_meetings_and_seeding_twice_adds_nothing():
    networks_demo.seed_demo()
    wachttijden_demo.seed_demo()
    demo.seed_demo()
    tafel = Transfertafel.objects.get()
    team = tafel.leden.filter(kind=MemberKind.TEAMLID)
    kinds = set(team.values_list("organisation__kind", flat=True))
    assert {
        OrganisationKind.GGZ_KERNINSTELLING,
        OrganisationKind.SD_AANBIEDER,
        OrganisationKind.GEMEENTE,
    } <= kinds
    assert team.filter(organisation__vrijgevestigd=True).exists()
    guest = tafel.leden.get(kind=MemberKind.GAST)
    assert guest.organisation.kind == OrganisationKind.ZORGVERZEKERAAR
    held = tafel.overleggen.filter(status=OverlegStatus.GEHOUDEN)
    assert held.count() == 2 and all(o.minutes for o in held)
    assert tafel.overleggen.filter(status=OverlegStatus.GEPLAND).count() >= 3
    # R-TR-6: a steekproef of GGZ Veenland's list with results recorded.
    (uitslag,) = steekproef_uitslagen(tafel)
    assert uitslag.steekproef.provider.name == "GGZ Veenland"
    assert uitslag.wachtend == 4 and uitslag.geholpen == 1 and uitslag.vertrokken == 1
    assert uitslag.open == uitslag.steekproef.n - 6
    voorstellen = held.order_by("-starts_at").first().voorstellen.all()
    statuses = set(voorstellen.values_list("status", flat=True))
    assert statuses == {"voorgesteld", "aanvaard", "afgewezen"}  # R-TR-1: each state
    individual = voorstellen.filter(kind=VoorstelKind.INDIVIDUEEL)
    assert dict(individual.values_list("code", "status")) == {
        "P1": "afgewezen",
        "P2": "aanvaard",
        "P3": "voorgesteld",
    }
    # R-TR-3, R-TR-2: answers of each kind on the accepted group, and a completed handover
    # for it and for the accepted individual proposal, each logged for both providers.
    answers = set(Uitkomst.objects.values_list("antwoord", flat=True))
    assert answers == {"aanvaard", "afgewezen", "geen_antwoord"}
    handed_over = Uitkomst.objects.filter(handed_over_at__isnull=False)
    assert sorted(handed_over.values_list("voorstel__kind", flat=True)) == ["groep", "individueel"]
    assert AccessLogEntry.objects.filter(event=Event.TRANSFER).count() == 4
    first = counts()
    networks_demo.seed_demo()
    demo.seed_demo()
    assert counts() == first
