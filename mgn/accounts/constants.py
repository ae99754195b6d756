from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The role groups; each is a Django group of the same name (DESIGN.md, Permissions)."""

    HUISARTS = "huisarts", _("Huisarts")
    GGZ_PROFESSIONAL = "ggz-professional", _("Ggz-professional")
    SD_PROFESSIONAL = "sd-professional", _("Professional sociaal domein")
    ERVARINGSDESKUNDIGE = "ervaringsdeskundige", _("Ervaringsdeskundige")
    NETWERKCOORDINATOR = "netwerkcoordinator", _("Netwerkcoördinator")
    ZORGVERZEKERAAR = "zorgverzekeraar", _("Zorgverzekeraar")
    GEMEENTE = "gemeente", _("Gemeente")
    BEHEERDER = "beheerder", _("Beheerder")
    # Issue 15: the national programme compares every network's indicators (no person data,
    # small counts suppressed); a beoordelaar reviews the transformation plans assigned to
    # them (R-NW-6) and sees nothing else. Neither is a member of a network.
    PROGRAMMA = "programma", _("Landelijk programma")
    BEOORDELAAR = "beoordelaar", _("Beoordelaar transformatieplan")


# Roles whose users are not members of a network: they get no network grant.
NETWORKLESS_ROLES = frozenset({Role.PROGRAMMA, Role.BEOORDELAAR})
