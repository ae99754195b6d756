"""Factories for function III's waiting lists, slots, monthly figures and snapshots.

Offers come from ``AanbodFactory`` (tests/wachttijden/cast.py). A waiting entry takes its
provider and region from its offer, as the upload service stores them.
"""

import hashlib
from datetime import date, timedelta

import factory
from factory.django import DjangoModelFactory

from tests.factories import RegionFactory
from wachttijden.constants import Dimension, EntryStatus, JobStatus, Urgency
from wachttijden.models import (
    IntakeSlots,
    OverviewRun,
    SnapshotFigure,
    Wachtplek,
    WachttijdOpgave,
)

from .cast import AanbodFactory

__all__ = [
    "AanbodFactory",
    "IntakeSlotsFactory",
    "OverviewRunFactory",
    "SnapshotFigureFactory",
    "WachtplekFactory",
    "WachttijdOpgaveFactory",
    "monday",
    "pseudonym",
]


def pseudonym(label: str) -> str:
    """A stable 64-hex pseudonym for a named test person (never derived from a real BSN):
    the same label on several lists is the same person (R-WT-1)."""
    return hashlib.sha256(f"test-person:{label}".encode()).hexdigest()


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


class WachtplekFactory(DjangoModelFactory):
    """Needs ``aanbod``. Waiting for an intake by default; traits ``intake`` (had the intake,
    waits for treatment) and ``behandeling`` (in treatment)."""

    class Meta:
        model = Wachtplek

    provider = factory.SelfAttribute("aanbod.provider")
    region = factory.SelfAttribute("aanbod.region")
    pseudonym = factory.Sequence(lambda n: pseudonym(f"wachtplek-{n}"))
    registered_on = factory.LazyFunction(lambda: date.today() - timedelta(days=14))
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


class IntakeSlotsFactory(DjangoModelFactory):
    """Needs ``aanbod``; this week's Monday by default."""

    class Meta:
        model = IntakeSlots

    week_start = factory.LazyFunction(lambda: monday(date.today()))
    available = 2


class WachttijdOpgaveFactory(DjangoModelFactory):
    """Needs ``provider`` and ``region``; this month's figure for the main location."""

    class Meta:
        model = WachttijdOpgave

    location = "Hoofdvestiging"
    month = factory.LazyFunction(lambda: date.today().replace(day=1))
    aanmeld_weeks = 5
    behandel_weeks = 8


class OverviewRunFactory(DjangoModelFactory):
    class Meta:
        model = OverviewRun
        django_get_or_create = ["region", "snapshot_date"]

    region = factory.SubFactory(RegionFactory)
    snapshot_date = factory.LazyFunction(date.today)
    status = JobStatus.KLAAR
    progress = 100


class SnapshotFigureFactory(DjangoModelFactory):
    """A REGION row of a finished run by default; set ``dimension`` and its key field."""

    class Meta:
        model = SnapshotFigure

    run = factory.SubFactory(OverviewRunFactory)
    snapshot_date = factory.SelfAttribute("run.snapshot_date")
    region = factory.SelfAttribute("run.region")
    dimension = Dimension.REGION
