"""Factories for function III, with traits for its domain states: offers (``sd``,
``inactief``), waiting entries (``intake``, ``behandeling``, ``afgemeld``), deliveries
(``geweigerd``), notes of missing offer (``opgelost``), overview runs and reports
(``wachtrij``, ``bezig``, ``mislukt``; a report is ``klaar`` only with its file).

A waiting entry takes its provider and region from its offer, as the upload service
stores them. Test persons are named (``pseudonym``) or RvIG test BSNs (``elfproef_bsns``),
never real ones.
"""

import hashlib
from datetime import date, timedelta

from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from mgn.jobs.constants import JobStatus
from tests.accounts.factories import UserFactory
from tests.networks.factories import NetworkFactory, RegionFactory
from wachttijden.constants import (
    AanbodDomain,
    Category,
    Dimension,
    EntryStatus,
    UploadSource,
    Urgency,
)
from wachttijden.models import (
    Aanbod,
    IntakeSlots,
    OntbrekendAanbod,
    OverviewRun,
    ReportJob,
    SnapshotFigure,
    WachtlijstUpload,
    Wachtplek,
    WachttijdOpgave,
)


def pseudonym(label: str) -> str:
    """A stable 64-hex pseudonym for a named test person (never derived from a real BSN):
    the same label on several lists is the same person (R-WT-1)."""
    return hashlib.sha256(f"test-person:{label}".encode()).hexdigest()


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def elfproef_bsns(count: int | None = None) -> list[str]:
    """RvIG-style test BSNs (9999…) that pass the elfproef (R-PR-3); there are 9,091."""
    found = []
    for n in range(10_000):
        digits = f"9999{n:04d}"
        check = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            found.append(f"{digits}{check}")
            if count and len(found) == count:
                break
    return found


BSN_A, BSN_B = "999996708", "999911120"  # two test BSNs that pass the elfproef


class AanbodFactory(DjangoModelFactory):
    """Needs ``provider`` and ``region``. An active ggz offer by default; traits ``sd`` (an
    offer in the social domain) and ``inactief`` (off the sociale kaart)."""

    class Meta:
        model = Aanbod

    name = factory.Sequence(lambda n: f"Aanbod {n}")
    domain = AanbodDomain.GGZ
    category = Category.GGZ_BEHANDELING
    location_name = "Hoofdvestiging"

    class Params:
        sd = factory.Trait(domain=AanbodDomain.SD, category=Category.SOCIAAL_WERK)
        inactief = factory.Trait(is_active=False)


class OntbrekendAanbodFactory(DjangoModelFactory):
    """A coordinator's open note of missing offer; trait ``opgelost`` (resolved)."""

    class Meta:
        model = OntbrekendAanbod

    network = factory.SubFactory(NetworkFactory)
    category = Category.WONEN
    description = factory.Sequence(lambda n: f"Ontbreekt {n}")
    created_by = factory.SubFactory(UserFactory)

    class Params:
        opgelost = factory.Trait(resolved_at=factory.LazyFunction(timezone.now))


class WachtlijstUploadFactory(DjangoModelFactory):
    """Needs ``aanbod``: an accepted CSV delivery; trait ``geweigerd`` (refused, one error)."""

    class Meta:
        model = WachtlijstUpload

    provider = factory.SelfAttribute("aanbod.provider")
    uploaded_by = factory.SubFactory(UserFactory)
    source = UploadSource.CSV
    filename = "wachtlijst.csv"
    accepted = True
    rows_total = 0
    errors = factory.LazyFunction(list)

    class Params:
        geweigerd = factory.Trait(
            accepted=False,
            rows_total=1,
            errors=factory.LazyFunction(
                lambda: [{"line": 2, "field": "aanmelddatum", "reason": "Verplicht."}]
            ),
        )


class WachtplekFactory(DjangoModelFactory):
    """Needs ``aanbod``. Waiting for an intake by default; traits ``intake`` (had the intake,
    waits for treatment) and ``behandeling`` (in treatment)."""

    class Meta:
        model = Wachtplek

    provider = factory.SelfAttribute("aanbod.provider")
    region = factory.SelfAttribute("aanbod.region")
    pseudonym = factory.Sequence(lambda n: pseudonym(f"wachtplek-{n}"))
    registered_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=14))
    urgency = Urgency.NORMAAL
    status = EntryStatus.AANMELDING

    class Params:
        intake = factory.Trait(
            status=EntryStatus.INTAKE,
            intake_on=factory.LazyAttribute(lambda o: o.registered_on + timedelta(days=7)),
        )
        behandeling = factory.Trait(
            status=EntryStatus.BEHANDELING,
            intake_on=factory.LazyAttribute(lambda o: o.registered_on + timedelta(days=7)),
            treatment_start_on=factory.LazyAttribute(lambda o: o.intake_on + timedelta(days=7)),
        )
        afgemeld = factory.Trait(status=EntryStatus.AFGEMELD)


class IntakeSlotsFactory(DjangoModelFactory):
    """Needs ``aanbod``; this week's Monday by default."""

    class Meta:
        model = IntakeSlots

    week_start = factory.LazyFunction(lambda: monday(timezone.localdate()))
    available = 2


class WachttijdOpgaveFactory(DjangoModelFactory):
    """Needs ``provider`` and ``region``; this month's figure for the main location."""

    class Meta:
        model = WachttijdOpgave

    location = "Hoofdvestiging"
    month = factory.LazyFunction(lambda: timezone.localdate().replace(day=1))
    aanmeld_weeks = 5
    behandel_weeks = 8


class OverviewRunFactory(DjangoModelFactory):
    """A finished run (KLAAR) by default; traits ``wachtrij``, ``bezig`` and ``mislukt``."""

    class Meta:
        model = OverviewRun
        django_get_or_create = ["region", "snapshot_date"]

    region = factory.SubFactory(RegionFactory)
    snapshot_date = factory.LazyFunction(timezone.localdate)
    status = JobStatus.KLAAR
    progress = 100

    class Params:
        wachtrij = factory.Trait(status=JobStatus.WACHTRIJ, progress=0)
        bezig = factory.Trait(status=JobStatus.BEZIG, progress=40)
        mislukt = factory.Trait(status=JobStatus.MISLUKT, error="RuntimeError: test")


class SnapshotFigureFactory(DjangoModelFactory):
    """A REGION row of a finished run by default; set ``dimension`` and its key field."""

    class Meta:
        model = SnapshotFigure

    run = factory.SubFactory(OverviewRunFactory)
    snapshot_date = factory.SelfAttribute("run.snapshot_date")
    region = factory.SelfAttribute("run.region")
    dimension = Dimension.REGION


class ReportJobFactory(DjangoModelFactory):
    """A queued report of today's snapshot (no file yet); traits ``bezig`` and ``mislukt``.
    A ready report is made by ``services.rapport.report_render``, which stores its file."""

    class Meta:
        model = ReportJob

    region = factory.SubFactory(RegionFactory)
    snapshot_date = factory.LazyFunction(timezone.localdate)
    requested_by = factory.SubFactory(UserFactory)
    status = JobStatus.WACHTRIJ

    class Params:
        bezig = factory.Trait(status=JobStatus.BEZIG, progress=40)
        mislukt = factory.Trait(status=JobStatus.MISLUKT, error="RuntimeError: test")


# The eight categories of R-WT-7.
EIGHT = [
    Category.WONEN,
    Category.WERKEN,
    Category.STEUNPUNT,
    Category.EHEALTH,
    Category.WACHTVERZACHTER,
    Category.GGZ_BEHANDELING,
    Category.WMO,
    Category.SOCIAAL_WERK,
]


def offer(wt_cast, **kwargs):
    """An offer of the cast's provider in its region; ``served`` sets the gemeenten served."""
    values = {"provider": wt_cast.provider, "region": wt_cast.region}
    values.update(kwargs)
    served = values.pop("served", None)
    aanbod = AanbodFactory(**values)
    if served is not None:
        aanbod.gemeenten_served.set(served)
    return aanbod
