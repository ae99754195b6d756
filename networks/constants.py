from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    GGZ_KERNINSTELLING = "ggz-kerninstelling", _("Ggz-kerninstelling")
    GGZ_AANBIEDER = "ggz-aanbieder", _("Ggz-aanbieder")
    HUISARTSENPRAKTIJK = "huisartsenpraktijk", _("Huisartsenpraktijk")
    RHO = "rho", _("Regionale huisartsenorganisatie (RHO)")
    SD_AANBIEDER = "sd-aanbieder", _("Aanbieder sociaal domein")
    GEMEENTE = "gemeente", _("Gemeente")
    ZORGVERZEKERAAR = "zorgverzekeraar", _("Zorgverzekeraar")
    # Outer ring (R-NW-2): partners that are inroepbaar or deliver information.
    WONINGCORPORATIE = "woningcorporatie", _("Woningcorporatie")
    UWV = "uwv", _("UWV")
    POLITIE = "politie", _("Politie")
    ONDERWIJS = "onderwijs", _("Onderwijs")
    VG_VVT = "vg-vvt", _("Gehandicaptenzorg / VVT")
    CJG = "cjg", _("Centrum voor Jeugd en Gezin")
    LEVENSBESCHOUWELIJK = "levensbeschouwelijk", _("Levensbeschouwelijke instelling")
    OVERIG = "overig", _("Overig")


# Kinds that deliver care under an AGB code (Vektis registers practices, institutions, RHOs).
AGB_KINDS = frozenset(
    {
        OrganisationKind.GGZ_KERNINSTELLING,
        OrganisationKind.GGZ_AANBIEDER,
        OrganisationKind.HUISARTSENPRAKTIJK,
        OrganisationKind.RHO,
        OrganisationKind.SD_AANBIEDER,
        OrganisationKind.VG_VVT,
    }
)
# R-NW-1: insurers and gemeenten finance.
FINANCIER_KINDS = frozenset({OrganisationKind.GEMEENTE, OrganisationKind.ZORGVERZEKERAAR})
# R-NW-1: an insurer only finances: no role U, no seat in a VG, no offers, never regievoerder.
# A gemeente finances too, but may also execute with its own staff (a wijkteam): while it
# holds role U it takes the SD seat in a VG, counts as the SD domain and publishes SD offers.
FINANCIER_ONLY_KINDS = frozenset({OrganisationKind.ZORGVERZEKERAAR})
# R-NW-1, R-VG-4: whose staff may take the sociaal-domein seat in a VG (a gemeente only
# while it holds role U in the network).
SD_EXECUTOR_KINDS = frozenset({OrganisationKind.SD_AANBIEDER, OrganisationKind.GEMEENTE})
GGZ_KINDS = frozenset({OrganisationKind.GGZ_KERNINSTELLING, OrganisationKind.GGZ_AANBIEDER})


class Domain(models.TextChoices):
    GGZ = "ggz", _("Ggz")
    SOCIAAL_DOMEIN = "sd", _("Sociaal domein")
    HUISARTS = "huisarts", _("Huisartsenzorg")
    FINANCIER = "financier", _("Financier")
    OVERIG = "overig", _("Overig")


KIND_DOMAIN = {
    OrganisationKind.GGZ_KERNINSTELLING: Domain.GGZ,
    OrganisationKind.GGZ_AANBIEDER: Domain.GGZ,
    OrganisationKind.HUISARTSENPRAKTIJK: Domain.HUISARTS,
    OrganisationKind.RHO: Domain.HUISARTS,
    OrganisationKind.SD_AANBIEDER: Domain.SOCIAAL_DOMEIN,
    # A gemeente with role U in the inner ring also counts as the SD domain (R-NW-1,
    # selectors.netwerken.partnership_domains).
    OrganisationKind.GEMEENTE: Domain.FINANCIER,
    OrganisationKind.ZORGVERZEKERAAR: Domain.FINANCIER,
}


class Ring(models.TextChoices):
    INNER = "binnen", _("Binnenring (formele partners)")
    OUTER = "buiten", _("Buitenring (netwerkpartners)")


class PartnerRole(models.TextChoices):
    """R-NW-2: the five roles; a partnership stores each as a boolean field role_<code>."""

    BELEID = "B", _("Beleid")
    UITVOERING = "U", _("Uitvoering")
    INFORMATIE = "I", _("Informatie")
    INROEPBAAR = "R", _("Inroepbaar")
    MONITORING = "M", _("Monitoring")


ROLE_FIELDS = {
    PartnerRole.BELEID: "role_beleid",
    PartnerRole.UITVOERING: "role_uitvoering",
    PartnerRole.INFORMATIE: "role_informatie",
    PartnerRole.INROEPBAAR: "role_inroepbaar",
    PartnerRole.MONITORING: "role_monitoring",
}
# The role matrix's column headers, by role code.
ROLE_LABELS = {code: PartnerRole(code).label for code in ROLE_FIELDS}


class Discipline(models.TextChoices):
    HUISARTS = "huisarts", _("Huisarts")
    POH_GGZ = "poh-ggz", _("POH-ggz")
    GGZ_PROFESSIONAL = "ggz-professional", _("Ggz-professional")
    SD_PROFESSIONAL = "sd-professional", _("Professional sociaal domein")
    ERVARINGSDESKUNDIGE = "ervaringsdeskundige", _("Ervaringsdeskundige")
    NETWERKCOORDINATOR = "netwerkcoordinator", _("Netwerkcoördinator")
    MEDEWERKER_ZORGVERZEKERAAR = "zorgverzekeraar", _("Medewerker zorgverzekeraar")
    MEDEWERKER_GEMEENTE = "gemeente", _("Medewerker gemeente")


class NationalPrinciple(models.TextChoices):
    """R-NW-5: the five national leidende principes."""

    REGIE = "regie", _("De persoon voert zelf de regie over het eigen proces")
    GEDEELDE_VERANTWOORDELIJKHEID = "gedeeld", _("Gedeelde verantwoordelijkheid")
    PERSOON_EERST = "persoon-eerst", _("Persoon en naasten eerst, geen hokjes")
    LEREN = "leren", _("Continu leren en verbeteren")
    DOMEINOVERSTIJGEND = (
        "domeinoverstijgend",
        _("Domeinoverstijgende aanpak voor snelle duidelijkheid"),
    )


class NetworkPermission(models.TextChoices):
    """Object permissions on Network granted through django-guardian."""

    VIEW = "view_network", _("Netwerk inzien")
    COORDINATE = "coordinate_network", _("Netwerk coördineren")


class OrganisationPermission(models.TextChoices):
    VIEW = "view_organisation", _("Organisatie inzien")
    ACT_FOR = "act_for_organisation", _("Namens organisatie handelen")


class LifeDomain(models.TextChoices):
    """Life domains besides the psychological one (a VG needs at least one, R-VG-2; transfer and casusoverleg name them too)."""

    GELD = "geld", _("Geld en schulden")
    WONEN = "wonen", _("Wonen")
    WERK = "werk", _("Werk, opleiding en dagbesteding")
    RELATIES = "relaties", _("Relaties en gezin")
    SOCIAAL_NETWERK = "sociaal-netwerk", _("Eenzaamheid en sociaal netwerk")
    LICHAMELIJK = "lichamelijk", _("Lichamelijke gezondheid")
    ZINGEVING = "zingeving", _("Zingeving")
    VEILIGHEID = "veiligheid", _("Veiligheid en justitie")
