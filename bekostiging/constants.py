from django.db import models
from django.utils.translation import gettext_lazy as _

from mgn.badges import badge_register
from networks.constants import OrganisationKind


class Function(models.TextChoices):
    """What a contract pays for (R-BK-1, R-BK-2)."""

    VERKENNEND_GESPREK = "vg", _("Deelname ggz aan verkennend gesprek")
    TRANSFER = "transfer", _("Transfermechanisme")
    WACHTTIJDEN = "wachttijden", _("Informatievoorziening wachttijden")
    CASUSOVERLEG = "casusoverleg", _("Domeinoverstijgend casusoverleg")
    COORDINATIE = "coordinatie", _("Coördinatie")


class Route(models.TextChoices):
    """R-BK-2: how a lumpsum function is declared, decided by the kassier's kind. O&I and
    PGGAZ are routes, not functions; the VG prestatie has no route (blank)."""

    PGGAZ = "pggaz", _("PGGAZ")
    O_EN_I = "o-en-i", _("O&I (organisatie en infrastructuur)")


# R-NW-3/R-NW-4: who may be kassier of a lumpsum function, and the route its kind declares
# through (R-BK-2): an RHO through O&I, a ggz provider through PGGAZ.
KASSIER_ROUTE = {
    OrganisationKind.RHO: Route.O_EN_I,
    OrganisationKind.GGZ_KERNINSTELLING: Route.PGGAZ,
    OrganisationKind.GGZ_AANBIEDER: Route.PGGAZ,
}

# Every function but the VG is paid as a lumpsum through its kassier.
LUMPSUM_FUNCTIONS = [
    (value, label) for value, label in Function.choices if value != Function.VERKENNEND_GESPREK
]


# R-NW-4: the VG may be contracted to several parties, each declaring on its own; every
# other function has exactly one declaring party.
SEVERAL_DECLARANTS = frozenset({Function.VERKENNEND_GESPREK})

# R-NW-4: a contract exists only for a function the network offers. The network's flag per
# function; coördinatie belongs to every network.
OFFERED_BY = {
    Function.VERKENNEND_GESPREK: "offers_verkennend_gesprek",
    Function.TRANSFER: "offers_transfer",
    Function.WACHTTIJDEN: "offers_wachttijden",
    Function.CASUSOVERLEG: "offers_casusoverleg",
}


class TermLength(models.TextChoices):
    MAAND = "maand", _("Per maand")
    KWARTAAL = "kwartaal", _("Per kwartaal")


TERMS_PER_YEAR = {TermLength.MAAND: 12, TermLength.KWARTAAL: 4}


class Soort(models.TextChoices):
    VG = "vg", _("Verkennend gesprek")
    LUMPSUM = "lumpsum", _("Lumpsumtermijn")


class RegelStatus(models.TextChoices):
    """A declaration line's life (R-BK-1). Lines are never deleted."""

    CONCEPT = "concept", _("Concept")
    KLAAR = "klaar", _("Klaar")
    GEEXPORTEERD = "geexporteerd", _("Geëxporteerd")
    GEACCEPTEERD = "geaccepteerd", _("Geaccepteerd")
    AFGEWEZEN = "afgewezen", _("Afgewezen")


# Which state may follow which (services.declaraties.regel_transition refuses the rest).
TRANSITIONS = {
    RegelStatus.CONCEPT: {RegelStatus.KLAAR},
    RegelStatus.KLAAR: {RegelStatus.CONCEPT, RegelStatus.GEEXPORTEERD},
    RegelStatus.GEEXPORTEERD: {RegelStatus.GEACCEPTEERD, RegelStatus.AFGEWEZEN},
    RegelStatus.GEACCEPTEERD: set(),
    RegelStatus.AFGEWEZEN: set(),
}

# A line's status as a badge (mgn.badges): accepted green, rejected red, a concept grey.
badge_register(
    RegelStatus,
    {
        RegelStatus.GEACCEPTEERD: "success",
        RegelStatus.AFGEWEZEN: "error",
        RegelStatus.CONCEPT: "neutral",
    },
)

# States an insurer sees and exports: concept lines are the declarant's drafts.
INSURER_STATUSES = [
    RegelStatus.KLAAR,
    RegelStatus.GEEXPORTEERD,
    RegelStatus.GEACCEPTEERD,
    RegelStatus.AFGEWEZEN,
]


class HeldBackReason(models.TextChoices):
    """Why a held conversation has no declaration line yet (R-BK-1)."""

    NIET_VERZEKERD = "niet-verzekerd", _("Persoon niet verzekerd op de gespreksdatum")
    GEEN_CONTRACT = "geen-contract", _("Geen contract met de zorgverzekeraar van de persoon")
    CONTRACT_NIET_GELDIG = "contract-niet-geldig", _("Contract niet geldig op de gespreksdatum")
    GEEN_PRESTATIE = "geen-prestatie", _("Prestatie bestaat niet op de gespreksdatum")


class ExportFormat(models.TextChoices):
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("Excel (XLSX)")
    XML = "xml", _("GDS-declaratiebericht (XML, 573)")


class FundingSource(models.TextChoices):
    """The gemeente funding sources R-BK-3 names. Only SPUK-IZA and transformatiemiddelen
    may fund the SD part of the VG (VG_SD_FUNDING_SOURCES); Wmo and brede SPUK pay for
    follow-up support in the SD after the VG, which is not recorded here. The other values
    stay so that an agreement made before the rule keeps its source and label (it is
    flagged on the funding page until a coordinator picks an allowed source)."""

    SPUK_IZA = "spuk-iza", _("SPUK-IZA")
    TRANSFORMATIEMIDDELEN = "transformatiemiddelen", _("SPUK transformatiemiddelen")
    WMO = "wmo", _("Wmo (gemeentefonds)")
    BREDE_SPUK = "brede-spuk", _("Brede SPUK (GALA, Welzijn op Recept)")
    OVERIG = "overig", _("Overig")


# R-BK-3: the only sources of a gemeente's agreement for the SD part of the VG.
VG_SD_FUNDING_SOURCES = (FundingSource.SPUK_IZA, FundingSource.TRANSFORMATIEMIDDELEN)
VG_SD_FUNDING_SOURCE_MESSAGE = _(
    "Het sociaal-domeindeel van het verkennend gesprek wordt betaald uit SPUK-IZA of SPUK "
    "transformatiemiddelen. Wmo (gemeentefonds) en brede SPUK zijn voor de vervolgondersteuning "
    "na het gesprek; kies SPUK-IZA of SPUK transformatiemiddelen."
)


# Budget lines: every contracted function plus the gemeenten's SD part of the VG.
SD_DEELNAME = "vg-sd"
BUDGET_FUNCTIONS = [
    *Function.choices,
    (SD_DEELNAME, _("Deelname sociaal domein aan verkennend gesprek")),
]


class ContractDocument(models.TextChoices):
    """R-NW-7: the four documents identification and contracting need."""

    PLAN = "plan", _("Transformatieplan met KPI's")
    SAMENWERKINGSOVEREENKOMST = "samenwerkingsovereenkomst", _("Samenwerkingsovereenkomst")
    BEGROTING = "begroting", _("Begroting")
    PARTIJEN = "partijen", _("Lijst van deelnemende partijen")


# Uploaded as a PDF by a coordinator; the other two are generated here and frozen as CSV.
UPLOADED_DOCUMENTS = (ContractDocument.PLAN, ContractDocument.SAMENWERKINGSOVEREENKOMST)
GENERATED_DOCUMENTS = (ContractDocument.BEGROTING, ContractDocument.PARTIJEN)


class DocumentFormat(models.TextChoices):
    PDF = "pdf", _("PDF")
    CSV = "csv", _("CSV")
