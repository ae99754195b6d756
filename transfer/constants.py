"""Choices and rule sets of function II (the transfermechanisme). The meeting rhythm and
status are the shared ones (``mgn.meeting_models``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from mgn import meeting_models
from networks.constants import GGZ_KINDS, OrganisationKind

# The shared meeting rhythm and status (mgn.meeting_models).
Frequency = meeting_models.Frequency
OverlegStatus = meeting_models.MeetingStatus


class MemberKind(models.TextChoices):
    """R-TR-5/R-TR-4: a teamlid does the transfers for a provider; a gast (the insurers'
    zorgbemiddeling, a cliëntondersteuner) sees the picture and proposals without provider
    rights."""

    TEAMLID = "teamlid", _("Teamlid")
    GAST = "gast", _("Gast")


class GuestRole(models.TextChoices):
    ZORGBEMIDDELING = "zorgbemiddeling", _("Zorgbemiddeling van een zorgverzekeraar")
    CLIENTONDERSTEUNING = "clientondersteuning", _("Cliëntondersteuning")


# R-TR-1: huisartsenzorg takes part only when the table allows it.
HUISARTS_KINDS = frozenset({OrganisationKind.HUISARTSENPRAKTIJK, OrganisationKind.RHO})
# R-TR-4: the kinds of organisation that provide care or support a waiting person can be
# moved to: ggz (vrijgevestigden included: they are ggz-aanbieders), SD providers, a
# gemeente (its wijkteam), and huisartsenzorg when the table allows it.
PROVIDER_KINDS = (
    GGZ_KINDS | {OrganisationKind.SD_AANBIEDER, OrganisationKind.GEMEENTE} | HUISARTS_KINDS
)
# Meetings planned ahead from the frequency (services.overleg.overleggen_generate).
MEETINGS_AHEAD = 3


class SteekproefUitkomst(models.TextChoices):
    """R-TR-6: what the provider found in its own records for one sampled entry."""

    NIET_GECONTROLEERD = "", _("Nog niet gecontroleerd")
    WACHTEND = "wachtend", _("Nog wachtend")
    GEHOLPEN = "geholpen", _("Al geholpen")
    VERTROKKEN = "vertrokken", _("Vertrokken")


class VoorstelKind(models.TextChoices):
    """R-TR-1: a transfer usually concerns a group, and may concern one anonymous person."""

    GROEP = "groep", _("Groep")
    INDIVIDUEEL = "individueel", _("Individueel (anoniem)")


class VoorstelStatus(models.TextChoices):
    VOORGESTELD = "voorgesteld", _("Voorgesteld")
    AANVAARD = "aanvaard", _("Aanvaard door de tafel")
    AFGEWEZEN = "afgewezen", _("Afgewezen door de tafel")


class Antwoord(models.TextChoices):
    """R-TR-3: what the person said when the holding provider asked about the move."""

    NIET_GEVRAAGD = "", _("Nog niet gevraagd")
    AANVAARD = "aanvaard", _("Aanvaard")
    AFGEWEZEN = "afgewezen", _("Afgewezen, blijft op de lijst")
    GEEN_ANTWOORD = "geen_antwoord", _("Geen antwoord")
