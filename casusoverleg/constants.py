"""Choices and rule sets of function IV (the domeinoverstijgend casusoverleg). The meeting
rhythm and status are the shared ones (``mgn.meeting_models``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from mgn import meeting_models
from networks.constants import Domain

# The shared meeting rhythm and status (mgn.meeting_models).
Frequency = meeting_models.Frequency
OverlegStatus = meeting_models.MeetingStatus


class Reden(models.TextChoices):
    """R-DOC-2: why a case enters the casusoverleg."""

    NIET = "niet", _("De gevraagde hulp kunnen wij niet bieden")
    NIET_OP_TIJD = "niet-op-tijd", _("De gevraagde hulp kunnen wij niet op tijd bieden")
    NIET_ALLEEN = "niet-alleen", _("De gevraagde hulp kunnen wij niet alleen bieden")
    PAST_NIET_MEER = "past-niet-meer", _("De huidige hulp past niet meer")


class Betrokkenheid(models.TextChoices):
    """R-DOC-3: the person took part in the registration, or at least consented."""

    MEEGEDAAN = "meegedaan", _("De persoon heeft meegedaan aan de aanmelding")
    TOESTEMMING = "toestemming", _("De persoon heeft toestemming gegeven")
    GEEN = "geen", _("Geen toestemming")


class Leeftijdsgroep(models.TextChoices):
    """Age band: nothing finer is stored (the case stays anonymous)."""

    L18_26 = "18-26", _("18 tot 27 jaar")
    L27_44 = "27-44", _("27 tot 45 jaar")
    L45_64 = "45-64", _("45 tot 65 jaar")
    L65_PLUS = "65+", _("65 jaar of ouder")


class CasusStatus(models.TextChoices):
    AANGEMELD = "aangemeld", _("Aangemeld")
    BESPROKEN = "besproken", _("Besproken, loopt nog")
    GESLOTEN = "gesloten", _("Gesloten")


class SignaalCategorie(models.TextChoices):
    """R-DOC-5: the kinds of bottleneck a case can signal."""

    ONTBREKEND_AANBOD = "ontbrekend-aanbod", _("Aanbod ontbreekt")
    AANBOD_PAST_NIET = "aanbod-past-niet", _("Aanbod past niet")
    WACHTTIJD = "wachttijd", _("Wachten duurt te lang")
    REGELS_BEKOSTIGING = "regels-bekostiging", _("Regels of bekostiging blokkeren")
    SAMENWERKING = "samenwerking", _("Samenwerking")


# R-DOC-1: the domains a series' fixed composition must cover.
REQUIRED_DOMAINS = (Domain.HUISARTS, Domain.GGZ, Domain.SOCIAAL_DOMEIN)
# Meetings planned ahead from the frequency (services.reeksen.overleggen_generate).
MEETINGS_AHEAD = 3
# The largest agreement document accepted (bytes).
