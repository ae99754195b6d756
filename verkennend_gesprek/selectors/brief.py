"""Who reads the advice letter."""

from verkennend_gesprek.models import VerkennendGesprek

from .aanvraag import vg_for_user


def can_read_brief(user, vg: VerkennendGesprek) -> bool:
    """The requesting practice, the participants and the coordinators."""
    return vg_for_user(user).filter(pk=vg.pk).exists()
