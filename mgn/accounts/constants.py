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
