"""Factories for bekostiging, with traits for a declaration line's states, and the builders
of the gemeente funding and budget tests (R-BK-3)."""

import itertools
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from bekostiging.constants import Function, FundingSource, RegelStatus, Route, Soort
from bekostiging.models import (
    Begrotingspost,
    Contract,
    Declaratieregel,
    GemeenteAfspraak,
    Verzekering,
)
from bekostiging.services.declaraties import declaraties_generate
from tests.networks.factories import OrganisationFactory
from tests.verkennend_gesprek.factories import (
    DeelnemerFactory,
    GesprekFactory,
    PersoonFactory,
    VerkennendGesprekFactory,
)
from verkennend_gesprek.constants import ParticipantRole, Status


class ContractFactory(DjangoModelFactory):
    """Needs network, insurer and provider; a declaring lumpsum contract for the waiting-time
    function unless told otherwise (trait ``vg``: the verkennend gesprek at a tariff)."""

    class Meta:
        model = Contract

    function = Function.WACHTTIJDEN
    starts_on = date(2025, 1, 1)
    ends_on = date(2030, 12, 31)
    declaring = True
    yearly_amount = Decimal("12000.00")

    class Params:
        vg = factory.Trait(
            function=Function.VERKENNEND_GESPREK, yearly_amount=None, tariff=Decimal("150.00")
        )


class DeclaratieregelFactory(DjangoModelFactory):
    """A lumpsum term line of ``contract`` (network, provider and insurer follow from it),
    each with its own month so none is a second live line for a term. Traits for the
    states: ``concept`` (the default), ``klaar``, ``geexporteerd``, ``geaccepteerd``,
    ``afgewezen`` (with a reason), and ``credit`` (the credit line of a sent line, which is
    then marked credited)."""

    class Meta:
        model = Declaratieregel

    contract = None  # required
    network = factory.SelfAttribute("contract.network")
    provider = factory.SelfAttribute("contract.provider")
    insurer = factory.SelfAttribute("contract.insurer")
    soort = Soort.LUMPSUM
    function = factory.SelfAttribute("contract.function")
    uzovi = factory.LazyAttribute(lambda o: o.insurer.uzovi or "")
    provider_agb = factory.LazyAttribute(lambda o: o.provider.agb_code or "")
    professional = None
    professional_name = factory.LazyAttribute(
        lambda o: o.professional.name if o.professional else ""
    )
    professional_agb = factory.LazyAttribute(
        lambda o: (o.professional.agb_code or "") if o.professional else ""
    )
    prestatiecode = "MGN-PGGAZ-WT"
    route = factory.LazyAttribute(lambda o: Route.PGGAZ if o.soort == Soort.LUMPSUM else "")
    service_date = factory.Sequence(lambda n: date(2025 + n // 12, n % 12 + 1, 1))
    period_end = factory.LazyAttribute(
        lambda o: (
            (o.service_date.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        )
    )
    tariff = Decimal("1000.00")
    amount = factory.SelfAttribute("tariff")
    status = RegelStatus.CONCEPT

    class Params:
        concept = factory.Trait(status=RegelStatus.CONCEPT)
        klaar = factory.Trait(status=RegelStatus.KLAAR)
        geexporteerd = factory.Trait(status=RegelStatus.GEEXPORTEERD)
        geaccepteerd = factory.Trait(status=RegelStatus.GEACCEPTEERD)
        afgewezen = factory.Trait(
            status=RegelStatus.AFGEWEZEN, rejection_reason="Geen contract op deze datum"
        )
        credit = factory.Trait(
            credit_of=factory.SubFactory(
                "tests.bekostiging.factories.DeclaratieregelFactory",
                contract=factory.SelfAttribute("..contract"),
                insurer=factory.SelfAttribute("..insurer"),
                geexporteerd=True,
                credited=True,
            ),
            service_date=factory.SelfAttribute("credit_of.service_date"),
            tariff=factory.SelfAttribute("credit_of.tariff"),
            amount=factory.LazyAttribute(lambda o: -o.credit_of.amount),
            status=RegelStatus.KLAAR,
        )


class GemeenteAfspraakFactory(DjangoModelFactory):
    """Needs network and gemeente: ten VGs at € 85 from SPUK-IZA in 2025."""

    class Meta:
        model = GemeenteAfspraak

    year = 2025
    agreed_count = 10
    rate = Decimal("85.00")
    funding_source = FundingSource.SPUK_IZA


class BegrotingspostFactory(DjangoModelFactory):
    """Needs network and funder: the waiting-time function's budget for 2025."""

    class Meta:
        model = Begrotingspost

    year = 2025
    function = Function.WACHTTIJDEN
    amount = Decimal("10000.00")


# --- Builders of the funding and budget tests ---------------------------------------

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
    bsn: str | None = None,
):
    """A request for a resident of `gemeente` (default the cast's Noorddorp) whose first
    conversation (ggz and SD) was at `when`, with its own Persoon row as submitted with it
    (``bsn``: the same person as an earlier request). Test BSNs 9999xxxxx (R-PR-3)."""
    persoon = PersoonFactory(
        network=vg_cast.network,
        bsn=bsn or f"9999{next(_bsns):05d}",
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
    return GemeenteAfspraakFactory(
        network=network,
        gemeente=gemeente,
        year=year,
        agreed_count=agreed,
        rate=Decimal(rate),
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


def held_back(bk):
    """One conversation held back for want of a contract, one for want of insurance."""
    stranger = OrganisationFactory(name="Verzekeraar Elders", zorgverzekeraar=True)
    no_contract = bk.held_vg(insurer=stranger, days_ago=2)
    uninsured = bk.held_vg(days_ago=5)
    day = timezone.localdate() - timedelta(days=5)
    Verzekering.objects.create(
        persoon=uninsured.persoon,
        insurer=bk.insurer,
        policy_number="OUD",
        starts_on=day - timedelta(days=300),
        ends_on=day - timedelta(days=30),
    )
    declaraties_generate(network=bk.network)
    return stranger, no_contract, uninsured
