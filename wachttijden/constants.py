from django.db import models
from django.utils.translation import gettext_lazy as _

from mgn.badges import badge_register


class Category(models.TextChoices):
    """The sociale kaart covers at least these eight (R-WT-7), and may hold more."""

    WONEN = "wonen", _("Wonen")
    WERKEN = "werken", _("Werken")
    STEUNPUNT = "steunpunt", _("Laagdrempelig steunpunt")
    EHEALTH = "ehealth", _("E-health")
    WACHTVERZACHTER = "wachtverzachter", _("Wachtverzachter")
    GGZ_BEHANDELING = "ggz-behandeling", _("Ggz-behandeling")
    WMO = "wmo", _("Wmo-ondersteuning")
    SOCIAAL_WERK = "sociaal-werk", _("Sociaal werk")
    SCHULDHULP = "schuldhulp", _("Schuldhulpverlening")
    OVERIG = "overig", _("Overig")


class AanbodDomain(models.TextChoices):
    GGZ = "ggz", _("Ggz")
    SD = "sd", _("Sociaal domein")
    HUISARTS = "huisarts", _("Huisartsenzorg")


class Urgency(models.TextChoices):
    """Order matters: the central list sorts by urgency first (R-WT-6)."""

    CRISIS = "1-crisis", _("Crisis / spoed")
    HOOG = "2-hoog", _("Hoog")
    NORMAAL = "3-normaal", _("Normaal")


badge_register(
    Urgency,
    {Urgency.CRISIS: "error", Urgency.HOOG: "warning"},
    default="neutral",
    marks={Urgency.CRISIS: "! "},
)


class EntryStatus(models.TextChoices):
    AANMELDING = "aanmelding", _("Aangemeld, wacht op intake")
    INTAKE = "intake", _("Intake gehad, wacht op behandeling")
    BEHANDELING = "behandeling", _("In behandeling")
    AFGEMELD = "afgemeld", _("Afgemeld")
    # R-TR-2: handed over to another provider through the transfer table; set by the
    # platform (never by an upload), so no count sees the person twice.
    OVERGEDRAGEN = "overgedragen", _("Overgedragen")


WAITING_STATUSES = (EntryStatus.AANMELDING, EntryStatus.INTAKE)
# The statuses a provider delivers; OVERGEDRAGEN is the platform's own.
DELIVERED_STATUSES = tuple(s for s in EntryStatus if s != EntryStatus.OVERGEDRAGEN)


class ZorgvraagCluster(models.TextChoices):
    NON_PSYCHOTISCH = "non-psychotisch", _("Non-psychotisch")
    PSYCHOTISCH = "psychotisch", _("Psychotisch")
    ORGANISCH = "organisch", _("Organisch")


class UploadSource(models.TextChoices):
    CSV = "csv", _("CSV-bestand")
    API = "api", _("API")


class Dimension(models.TextChoices):
    """What one snapshot row is about; its key fields say which one."""

    REGION = "regio", _("Regio")
    GEMEENTE = "gemeente", _("Gemeente")
    PROVIDER = "aanbieder", _("Aanbieder")
    AANBOD = "aanbod", _("Aanbod")
    ZORGVRAAGTYPE = "zorgvraagtype", _("Zorgvraagtype")
    URGENCY = "urgentie", _("Urgentie")
    LOCATION_HDG = "locatie-hdg", _("Locatie en hoofddiagnosegroep")
