"""R-NW-7: the four contracting documents of a network, their versions and who confirmed
them. A version is a private file: an uploaded PDF (the plan, the samenwerkingsovereenkomst)
or a frozen CSV generated here (the begroting of a year, the list of participating
parties). A confirmation is one partner organisation's, given by a user acting for it."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bekostiging.constants import ContractDocument, DocumentFormat
from mgn.validators import validate_line
from networks.models import Network, Organisation


def _versie_path(instance, filename):
    return f"bekostiging/contractering/{instance.network_id}/{instance.soort}/{filename}"


class ContractDocumentVersie(models.Model):
    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        related_name="contractdocumenten",
        verbose_name=_("netwerk"),
    )
    soort = models.CharField(_("document"), max_length=30, choices=ContractDocument.choices)
    number = models.PositiveSmallIntegerField(_("versie"))
    year = models.PositiveSmallIntegerField(
        _("jaar"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("Het begrotingsjaar van een vastgelegde begroting."),
    )
    format = models.CharField(_("formaat"), max_length=5, choices=DocumentFormat.choices)
    file = models.FileField(_("bestand"), upload_to=_versie_path, max_length=300)
    file_name = models.CharField(
        _("bestandsnaam"), max_length=200, blank=True, validators=[validate_line]
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("toegevoegd door"),
    )
    uploaded_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("versie van een contracteringsdocument")
        verbose_name_plural = _("versies van contracteringsdocumenten")
        ordering = ["network", "soort", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "soort", "number"], name="contractdocument_versie_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} v{self.number}"

    @property
    def download_name(self) -> str:
        year = f"-{self.year}" if self.year else ""
        return f"{self.soort}{year}-v{self.number}.{self.format}"


class ContractDocumentBevestiging(models.Model):
    """A partner organisation confirms one version (R-NW-7)."""

    versie = models.ForeignKey(
        ContractDocumentVersie, on_delete=models.CASCADE, related_name="bevestigingen"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("bevestigd door")
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("namens de organisatie bevestigd door"),
    )
    confirmed_at = models.DateTimeField(_("bevestigd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("bevestiging van een contracteringsdocument")
        verbose_name_plural = _("bevestigingen van contracteringsdocumenten")
        ordering = ["versie", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["versie", "organisation"], name="contractdocument_bevestiging_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.versie}: {self.organisation}"
