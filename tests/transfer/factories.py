"""Factories of function II: a transfer table (through its service, so the rules and the
planned meetings come with it) and a member seated through ``lid_add``."""

from datetime import time

from tests.networks.factories import ProfessionalFactory
from transfer.constants import Frequency, MemberKind
from transfer.services.tafels import lid_add, tafel_create


def make_tafel(network, **fields):
    fields.setdefault("name", "Transfertafel Noord")
    fields.setdefault("frequency", Frequency.TWEEWEKELIJKS)
    fields.setdefault("default_time", time(9, 30))
    return tafel_create(network=network, **fields)


def seat(tafel, organisation, *, user=None, kind=MemberKind.TEAMLID, guest_role="", **extra):
    """Seat a new professional of the organisation (with the user's account, when given)."""
    professional = None
    if user is not None:
        professional = organisation.professionals.filter(user=user).first()
    if professional is None:
        professional = ProfessionalFactory(
            organisation=organisation, user=user, discipline="ggz-professional", **extra
        )
    return lid_add(tafel=tafel, kind=kind, professional=professional, guest_role=guest_role)
