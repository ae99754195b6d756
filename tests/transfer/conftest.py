"""Fixtures of function II's tests: a meeting with a demand picture (``scene``) and a group
proposal the table accepted (``accepted``), whose holding provider has a user."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

import pytest

from tests.transfer.factories import make_tafel
from tests.wachttijden.factories import WachtplekFactory, elfproef_bsns, monday
from transfer.services.voorstellen import voorstel_besluit, voorstellen_maken
from wachttijden.models import Zorgvraagtype
from wachttijden.services.levering_intakeplekken import intake_slots_publish
from wachttijden.services.pseudonym import pseudonymise


class Scene:
    pass


@pytest.fixture
def scene(wt_cast, coordinator):
    """At A (Basis-ggz Noord, wait 12) five persons of type 1 and two of type 2 waiting 11
    weeks (client references K-001 … K-007); B (Specialistisch Anders, wait 3) treats type 1
    only and has 3 free places."""
    today = timezone.localdate()
    s = Scene()
    s.cast = wt_cast
    s.zvt = list(Zorgvraagtype.objects.order_by("number")[:2])
    s.a, s.b = wt_cast.aanbod, wt_cast.other_aanbod
    s.a.zorgvraagtypes.set(s.zvt)
    s.b.zorgvraagtypes.set(s.zvt[:1])
    for offer, wait in ((s.a, "12.0"), (s.b, "3.0")):
        offer.declared_wait_weeks = Decimal(wait)
        offer.save()
    s.bsns = elfproef_bsns(7)
    s.pseudonyms = [pseudonymise(bsn, region_code=wt_cast.region.code) for bsn in s.bsns]
    for n, pseudo in enumerate(s.pseudonyms):
        WachtplekFactory(
            aanbod=s.a,
            pseudonym=pseudo,
            registered_on=today - timedelta(weeks=11),
            zorgvraagtype=s.zvt[0] if n < 5 else s.zvt[1],
            gemeente=wt_cast.gemeenten[0],
            client_reference=f"K-{n + 1:03d}",
        )
    intake_slots_publish(aanbod=s.b, weeks={monday(today): 3}, today=today)
    s.tafel = make_tafel(wt_cast.network)
    s.overleg = s.tafel.overleggen.first()
    s.coordinator = coordinator
    return s


@pytest.fixture
def accepted(scene):
    """The matcher's proposal (3 of the 5 type-1 persons at A → B, 9 weeks saved each),
    accepted by the table. ``scene.provider_user`` acts for A's provider, ``scene.receiver``
    for B's."""
    voorstellen_maken(overleg=scene.overleg, user=scene.coordinator)
    scene.voorstel = voorstel_besluit(
        voorstel=scene.overleg.voorstellen.get(), user=scene.coordinator, accept=True
    )
    scene.provider_user = scene.cast.provider_user
    scene.receiver = scene.cast.other_provider_user
    return scene
