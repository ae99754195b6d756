"""Builders for the gemeente funding and budget tests (R-BK-3) and their matrix entries."""

import itertools
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from bekostiging.constants import FundingSource
from bekostiging.models import GemeenteAfspraak
from tests.verkennend_gesprek.factories import (
    DeelnemerFactory,
    GesprekFactory,
    PersoonFactory,
    VerkennendGesprekFactory,
)
from verkennend_gesprek.constants import ParticipantRole, Status

AMS = ZoneInfo("Europe/Amsterdam")
_bsns = itertools.count(1)


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A moment in Dutch time."""
    return datetime(year, month, day, hour, minute, tzinfo=AMS)


def held_vg_on(
    vg_cast,
    when: datetime,
    *,
    gemeente=None,
    insurer=None,
    sd_present: bool = True,
    held: bool = True,
):
    """A request for a resident of `gemeente` (default the cast's Noorddorp) whose first
    conversation (ggz and SD) was at `when`. Test BSNs 9999xxxxx (R-PR-3)."""
    persoon = PersoonFactory(
        network=vg_cast.network,
        bsn=f"9999{next(_bsns):05d}",
        gemeente=gemeente or vg_cast.gemeente,
        insurer=insurer or vg_cast.insurer,
    )
    vg = VerkennendGesprekFactory(
        network=vg_cast.network,
        persoon=persoon,
        huisarts=vg_cast.huisarts,
        status=Status.ADVIES if held else Status.GEPLAND,
    )
    gesprek = GesprekFactory(verkennend_gesprek=vg, held=held, starts_at=when)
    DeelnemerFactory(
        gesprek=gesprek, role=ParticipantRole.GGZ, professional=vg_cast.ggz, present=held or None
    )
    DeelnemerFactory(
        gesprek=gesprek,
        role=ParticipantRole.SD,
        professional=vg_cast.sd,
        present=(sd_present if held else None),
        absence_reason="" if sd_present or not held else "Ziek",
    )
    return vg


def second_conversation(vg_cast, vg, when: datetime, *, sd_present: bool = True):
    gesprek = GesprekFactory(verkennend_gesprek=vg, number=2, held=True, starts_at=when)
    DeelnemerFactory(
        gesprek=gesprek, role=ParticipantRole.GGZ, professional=vg_cast.ggz, present=True
    )
    DeelnemerFactory(
        gesprek=gesprek, role=ParticipantRole.SD, professional=vg_cast.sd, present=sd_present
    )
    return gesprek


def afspraak(network, gemeente, year: int, agreed: int = 10, rate: str = "85.00", **kwargs):
    return GemeenteAfspraak.objects.create(
        network=network,
        gemeente=gemeente,
        year=year,
        agreed_count=agreed,
        rate=Decimal(rate),
        funding_source=kwargs.pop("funding_source", FundingSource.SPUK_IZA),
        **kwargs,
    )


def matrix_afspraak(w) -> dict:
    """The authorization matrix's agreement: noord with the cast's gemeente (Noorddorp)."""
    made, _created = GemeenteAfspraak.objects.get_or_create(
        network=w.network,
        gemeente=w.bk.vg_cast.gemeente,
        year=2025,
        defaults={
            "agreed_count": 10,
            "rate": Decimal("85.00"),
            "funding_source": FundingSource.SPUK_IZA,
        },
    )
    return {"pk": made.pk}
