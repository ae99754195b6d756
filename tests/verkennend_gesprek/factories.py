"""Factories for function I, with traits for the request's states."""

from datetime import date, timedelta

from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from verkennend_gesprek.constants import AdviesStatus, ParticipantRole, Status
from verkennend_gesprek.models import (
    Advies,
    Afspraak,
    Deelnemer,
    Gesprek,
    Persoon,
    VerkennendGesprek,
)

# RvIG test BSNs (R-PR-3): they pass the elfproef and belong to nobody. The factory cycles
# through them over the whole session, so it never hands out the one tests name
# themselves as a new person (999996708): whatever ran before, a request a test posts for
# that BSN never meets an open request the factory made.
TEST_BSNS = ["999911120", "999990019", "999990020", "999990032", "999990044"]


class PersoonFactory(DjangoModelFactory):
    class Meta:
        model = Persoon

    bsn = factory.Iterator(TEST_BSNS)
    given_name = factory.Faker("first_name", locale="nl_NL")
    family_name = factory.Faker("last_name", locale="nl_NL")
    date_of_birth = date(1985, 6, 15)
    policy_number = factory.Sequence(lambda n: f"POL{n:07d}")


class VerkennendGesprekFactory(DjangoModelFactory):
    """A request; needs network, persoon and huisarts.

    Traits for the request's states (pass the participants as ``gesprek__ggz`` and
    ``gesprek__sd``, Professionals; without them the conversation has none):

    - ``gepland``: one conversation in two days, attendance not yet recorded;
    - ``gehouden``: that conversation held yesterday, everyone present;
    - ``advies_definitief``: held, with a definitive advies and one agreement.
    """

    class Meta:
        model = VerkennendGesprek
        skip_postgeneration_save = True

    class Params:
        gepland = factory.Trait(status=Status.GEPLAND, gesprek__state="gepland")
        gehouden = factory.Trait(status=Status.GEHOUDEN, gesprek__state="gehouden")
        advies_definitief = factory.Trait(status=Status.ADVIES, gesprek__state="advies")

    practice = factory.SelfAttribute("huisarts.organisation")
    huisarts_agb = factory.SelfAttribute("huisarts.agb_code")
    requested_by = factory.SelfAttribute("huisarts.user")
    hulpvraag = "Ik slaap slecht door geldzorgen en weet niet waar ik moet beginnen."
    life_domains = ["geld"]
    consent = True
    requested_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))

    @factory.post_generation
    def gesprek(obj, create, extracted, state=None, ggz=None, sd=None, **kwargs):
        """The conversation (and advies) of the ``gepland``/``gehouden``/``advies_definitief``
        traits."""
        if not create or state is None:
            return
        held = state != "gepland"
        gesprek = GesprekFactory(
            verkennend_gesprek=obj,
            held=held,
            starts_at=timezone.now() + (timedelta(days=-1) if held else timedelta(days=2)),
        )
        for role, professional in ((ParticipantRole.GGZ, ggz), (ParticipantRole.SD, sd)):
            if professional is not None:
                DeelnemerFactory(
                    gesprek=gesprek,
                    role=role,
                    professional=professional,
                    present=True if held else None,
                )
        if state == "advies":
            advies = AdviesFactory(
                verkennend_gesprek=obj,
                status=AdviesStatus.DEFINITIEF,
                finalised_at=timezone.now(),
            )
            AfspraakFactory(advies=advies)


class GesprekFactory(DjangoModelFactory):
    class Meta:
        model = Gesprek

    number = 1
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    location = "Wijkcentrum De Brug, Dorpsstraat 1"


class DeelnemerFactory(DjangoModelFactory):
    class Meta:
        model = Deelnemer

    role = ParticipantRole.GGZ


class AdviesFactory(DjangoModelFactory):
    class Meta:
        model = Advies

    status = AdviesStatus.CONCEPT
    summary = "Geldzorgen houden de slaapproblemen in stand."
    route_begeleiding_sd = True
    contact_point = "Sociaal wijkteam, 0900-1234567"
    agreed_with_person = True


class AfspraakFactory(DjangoModelFactory):
    class Meta:
        model = Afspraak

    who = "Schuldhulp Kanaalzijde"
    what = "Intakegesprek schuldhulpverlening"
    where = "Loket Stadhuis"
    when = "binnen 2 weken"


__all__ = [
    "TEST_BSNS",
    "AdviesFactory",
    "AfspraakFactory",
    "DeelnemerFactory",
    "GesprekFactory",
    "PersoonFactory",
    "Status",
    "VerkennendGesprekFactory",
]
