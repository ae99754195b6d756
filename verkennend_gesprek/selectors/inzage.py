"""Which of a person's details a viewer of a request sees (R-PR-2, minimum necessary).

The one policy for every page, API answer, PDF, e-mail and export that shows the person
of a verkennend gesprek. ``FIELD_AUDIENCE`` is the rule as data: per field of the person,
the audiences that see it. Everything else asks ``inzage_for(user, vgs)`` (or the
shortcuts ``visible_fields`` / ``persoon_view``) and shows only what that answers.

The audiences of one request, for one user (who may see the request at all is
``selectors.aanvraag.vg_for_user``; this module only narrows what they see of the person):

- ``PRAKTIJK``: the requesting practice — a huisarts of it, or a system acting for it;
- ``PLANNER``: the network's planners (users with the coordinate grant on the network:
  the netwerkcoördinatoren);
- ``DECLARANT``: the declaring organisation. The ggz part of a verkennend gesprek is
  declared by the organisation of the ggz professional who takes part (bekostiging reads
  the present ggz participant); that professional is the organisation's user on the
  request, so a user taking part in the role *ggz* counts as the declaring organisation.
  They register the person and declare, which needs the BSN, date of birth and insurance;
- ``DEELNEMER``: every other participant — the sociaal-domein professional and the
  ervaringsdeskundige. They see the name, the age (not the date of birth), the
  woongemeente and what the conversation needs (the hulpvraag, life domains, expertise,
  urgency and whether a naaste comes: fields of the request, shown to everyone who may
  see the request).

Nobody else gets an audience: a huisarts of another practice, an insurer, a gemeente and
the platform beheerder see no person of a request (the beheerder holds no coordinate
grant by being beheerder; ``networks_for_user``).

The advice letter (a PDF addressed to the huisarts) prints the BSN and date of birth, so
only viewers who see every identifying field download it; the others read the advies in
the application (``Inzage.identifying``, views/brief.py).

The e-mails of function I (services/notificaties.py) carry no field of the person at all
to professionals, planners and the huisarts (a reference and a link behind the login),
which is below every audience here; the person's own invitation goes to the person.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from django.db.models import Q
from django.utils import timezone

from networks.models import Organisation, Professional
from networks.selectors.netwerken import network_ids_for_user
from networks.selectors.organisaties import acting_organisation_ids_for_user
from verkennend_gesprek.constants import ParticipantRole
from verkennend_gesprek.models import Deelnemer, Persoon, VerkennendGesprek


class Audience(StrEnum):
    PRAKTIJK = "aanvragende praktijk"
    PLANNER = "planner"
    DECLARANT = "declarerende organisatie"
    DEELNEMER = "deelnemer"


_TASK = frozenset({Audience.PRAKTIJK, Audience.PLANNER, Audience.DECLARANT})
_EVERYONE = _TASK | {Audience.DEELNEMER}

# The rule (R-PR-2): field of the person -> who sees it.
FIELD_AUDIENCE: Mapping[str, frozenset[Audience]] = MappingProxyType(
    {
        "given_name": _EVERYONE,
        "family_name_prefix": _EVERYONE,
        "family_name": _EVERYONE,
        "age": _EVERYONE,
        "gemeente": _EVERYONE,
        "bsn": _TASK,
        "date_of_birth": _TASK,
        "address": _TASK,
        "phone": _TASK,
        "email": _TASK,
        "insurer": _TASK,
        "policy_number": _TASK,
    }
)

# Identifying and administrative fields: those not every participant sees.
IDENTIFYING = frozenset(f for f, who in FIELD_AUDIENCE.items() if who != _EVERYONE)
NAME_FIELDS = ("given_name", "family_name_prefix", "family_name")

# What the access log says was shown to a viewer with the limited view.
LIMITED_DETAIL = "naam, leeftijd en woongemeente (geen BSN, geboortedatum, adres of verzekering)"


def fields_for(audiences: Iterable[Audience]) -> frozenset[str]:
    """The fields the union of these audiences sees."""
    audiences = frozenset(audiences)
    return frozenset(f for f, who in FIELD_AUDIENCE.items() if who & audiences)


@dataclass(frozen=True)
class PersoonView:
    """The person as one viewer may see them: a field they may not see reads as None.

    Templates and serializers use it in place of the ``Persoon``; ``identifying`` says
    whether the identifying and administrative fields are shown at all."""

    fields: frozenset[str]
    given_name: str | None = None
    family_name_prefix: str | None = None
    family_name: str | None = None
    age: int | None = None
    gemeente: object = None
    bsn: str | None = None
    date_of_birth: date | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    insurer: Organisation | None = None
    policy_number: str | None = None

    @property
    def full_name(self) -> str:
        return " ".join(
            p for p in (self.given_name, self.family_name_prefix, self.family_name) if p
        )

    @property
    def identifying(self) -> bool:
        """Every identifying and administrative field is shown."""
        return self.fields >= IDENTIFYING

    @property
    def shows(self) -> dict[str, bool]:
        """For templates: ``{% if persoon.shows.bsn %}``."""
        return {name: name in self.fields for name in FIELD_AUDIENCE}

    def __str__(self) -> str:
        return self.full_name


def mask(persoon: Persoon, fields: frozenset[str], *, today: date | None = None) -> PersoonView:
    """``persoon`` with only ``fields`` filled in."""
    values = {}
    for name in fields:
        if name == "age":
            values[name] = persoon.age_on(today or timezone.localdate())
        else:
            values[name] = getattr(persoon, name)
    return PersoonView(fields=fields, **values)


@dataclass(frozen=True)
class Inzage:
    """What one user sees of the persons of some requests (read with ``inzage_for``)."""

    coordinated: frozenset[int]
    practices: frozenset[int]
    roles_by_vg: Mapping[int, frozenset[str]] = field(default_factory=dict)

    def audiences(self, vg: VerkennendGesprek) -> frozenset[Audience]:
        out = set()
        if vg.network_id in self.coordinated:
            out.add(Audience.PLANNER)
        if vg.practice_id in self.practices:
            out.add(Audience.PRAKTIJK)
        roles = self.roles_by_vg.get(vg.pk, frozenset())
        if ParticipantRole.GGZ in roles:
            out.add(Audience.DECLARANT)
        if roles:
            out.add(Audience.DEELNEMER)
        return frozenset(out)

    def fields(self, vg: VerkennendGesprek) -> frozenset[str]:
        return fields_for(self.audiences(vg))

    def identifying(self, vg: VerkennendGesprek) -> bool:
        return self.fields(vg) >= IDENTIFYING

    def persoon(self, vg: VerkennendGesprek, *, today: date | None = None) -> PersoonView:
        return mask(vg.persoon, self.fields(vg), today=today)

    def log_detail(self, vg: VerkennendGesprek, detail: str = "") -> str:
        """The access log's detail: what was shown, when it was not everything."""
        if self.identifying(vg):
            return detail
        return f"{detail}: {LIMITED_DETAIL}" if detail else LIMITED_DETAIL


def inzage_for(user, vgs: Iterable[VerkennendGesprek]) -> Inzage:
    """The policy's answer for ``user`` on these requests, in three queries."""
    if not user.is_authenticated:
        return Inzage(frozenset(), frozenset())
    vg_ids = [vg.pk for vg in vgs]
    coordinated = frozenset(
        network_ids_for_user(user, coordinate=True).values_list("pk", flat=True)
    )
    own = Professional.objects.filter(user=user, is_active=True).values("organisation_id")
    practices = frozenset(
        Organisation.objects.filter(
            Q(pk__in=own) | Q(pk__in=acting_organisation_ids_for_user(user))
        ).values_list("pk", flat=True)
    )
    roles: dict[int, set[str]] = {}
    if vg_ids:
        rows = Deelnemer.objects.filter(
            gesprek__verkennend_gesprek__in=vg_ids, professional__user=user
        ).values_list("gesprek__verkennend_gesprek_id", "role")
        for vg_id, role in rows:
            roles.setdefault(vg_id, set()).add(role)
    return Inzage(coordinated, practices, {k: frozenset(v) for k, v in roles.items()})


def visible_fields(user, vg: VerkennendGesprek) -> frozenset[str]:
    """The person's fields ``user`` sees on this request (empty: none)."""
    return inzage_for(user, [vg]).fields(vg)


def persoon_view(user, vg: VerkennendGesprek) -> PersoonView:
    return inzage_for(user, [vg]).persoon(vg)
