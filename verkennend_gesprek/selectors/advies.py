"""Who records the advies, and which version counts."""

from verkennend_gesprek.constants import AdviesStatus
from verkennend_gesprek.models import Advies, VerkennendGesprek

from .aanvraag import is_participant
from .planning import can_plan


def can_record_advies(user, vg: VerkennendGesprek) -> bool:
    """The professionals who took part record the advies; a coordinator may help."""
    return is_participant(user, vg) or can_plan(user, vg)


def definitive_advies(vg: VerkennendGesprek) -> Advies | None:
    return vg.adviezen.filter(status=AdviesStatus.DEFINITIEF).select_related("brief").first()
