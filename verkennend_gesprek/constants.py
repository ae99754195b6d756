from django.db import models
from django.utils.translation import gettext_lazy as _

from mgn.badges import badge_register

MINIMUM_AGE = 18  # R-VG-2
MAX_GESPREKKEN = 2  # R-VG-5
FOLLOW_UP_DAYS = 28  # R-VG-7: a trajectory starts within 4 weeks of the conversation
DEFAULT_DURATION_MINUTES = 60  # R-VG-5: about one hour


class Expertise(models.TextChoices):
    """Specific expertise the huisarts asks for (R-VG-1)."""

    LEEFSTIJL = "leefstijl", _("Leefstijl")
    SCHULDEN = "schulden", _("Schulden")
    VERSLAVING = "verslaving", _("Verslaving")
    LVB = "lvb", _("Licht verstandelijke beperking (LVB)")
    ZINGEVING = "zingeving", _("Zingeving")
    CONFLICTEN = "conflicten", _("Conflicten")
    OUDERSCHAP = "ouderschap", _("Ouderschap")


class Urgency(models.TextChoices):
    REGULIER = "regulier", _("Regulier")
    VOORRANG = "voorrang", _("Met voorrang")


class Status(models.TextChoices):
    AANGEVRAAGD = "aangevraagd", _("Aangevraagd")
    GEPLAND = "gepland", _("Gepland")
    GEHOUDEN = "gehouden", _("Gesprek gehouden")
    ADVIES = "advies", _("Advies definitief")
    VERVOLG = "vervolg", _("Vervolg gestart")
    GEANNULEERD = "geannuleerd", _("Geannuleerd")


OPEN_STATUSES = (Status.AANGEVRAAGD,)  # requested, not planned yet
# One open request per person (R-VG-1): a request is open while no definitive advies was
# given and it was not cancelled — requested, planned, or held but not yet advised. Once
# the advies is definitive (advies, vervolg) the follow-up runs outside the request, and a
# huisarts may request a new verkennend gesprek.
OPEN_REQUEST_STATUSES = (Status.AANGEVRAAGD, Status.GEPLAND, Status.GEHOUDEN)


class Mode(models.TextChoices):
    LOCATIE = "locatie", _("Op locatie")
    ONLINE = "online", _("Online")


class ParticipantRole(models.TextChoices):
    GGZ = "ggz", _("Ggz-professional")
    SD = "sd", _("Professional sociaal domein")
    ERVARINGSDESKUNDIGE = "ervaringsdeskundige", _("Ervaringsdeskundige")
    NAASTE = "naaste", _("Naaste")


REQUIRED_ROLES = (ParticipantRole.GGZ, ParticipantRole.SD)  # R-VG-4
PROFESSIONAL_ROLES = (
    ParticipantRole.GGZ,
    ParticipantRole.SD,
    ParticipantRole.ERVARINGSDESKUNDIGE,
)


class Route(models.TextChoices):
    """R-VG-8 outcome routes; an advies may combine several. Stored as route_<value> booleans."""

    GEEN_ZORG = "geen_zorg", _("Geen zorg, zelfhulp of digitale zelfzorg")
    SOCIALE_BASIS = "sociale_basis", _("Sociale basis")
    BEGELEIDING_SD = "begeleiding_sd", _("Begeleiding sociaal domein (incl. Wmo)")
    POH_GGZ = "poh_ggz", _("Behandeling POH-ggz")
    GGZ_BASIS = "ggz_basis", _("Behandeling basis-ggz")
    GGZ_SPECIALISTISCH = "ggz_specialistisch", _("Behandeling specialistische ggz")


ROUTE_FIELDS = {route: f"route_{route.value}" for route in Route}
GGZ_ROUTES = (Route.GGZ_BASIS, Route.GGZ_SPECIALISTISCH)


class AdviesStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    DEFINITIEF = "definitief", _("Definitief")
    VERVANGEN = "vervangen", _("Vervangen door correctie")


badge_register(
    Status,
    {
        Status.ADVIES: "success",
        Status.VERVOLG: "success",
        Status.GEANNULEERD: "neutral",
        Status.AANGEVRAAGD: "neutral",
    },
)
badge_register(
    AdviesStatus,
    {AdviesStatus.DEFINITIEF: "success", AdviesStatus.VERVANGEN: "warning"},
    default="neutral",
)
badge_register(Urgency, {Urgency.VOORRANG: "warning"})

# The idempotency key of a demo request is this prefix and its scenario key, so the other apps'
# demos find the requests they build on.
DEMO_KEY_PREFIX = "demo-vg-"
