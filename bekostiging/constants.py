from django.db import models
from django.utils.translation import gettext_lazy as _


class Function(models.TextChoices):
    """What a contract pays for (R-BK-1, R-BK-2)."""

    VERKENNEND_GESPREK = "vg", _("Deelname ggz aan verkennend gesprek")
    TRANSFER = "transfer", _("PGGAZ: transfermechanisme")
    WACHTTIJDEN = "wachttijden", _("PGGAZ: informatievoorziening wachttijden")
    CASUSOVERLEG = "casusoverleg", _("PGGAZ: domeinoverstijgend casusoverleg")
    COORDINATIE = "coordinatie", _("PGGAZ: coördinatie")
    O_EN_I = "o-en-i", _("O&I via de RHO")


# R-NW-4: the VG may be contracted to several parties, each declaring on its own; every
# other function has exactly one declaring party.
SEVERAL_DECLARANTS = frozenset({Function.VERKENNEND_GESPREK})


class TermLength(models.TextChoices):
    MAAND = "maand", _("Per maand")
    KWARTAAL = "kwartaal", _("Per kwartaal")
