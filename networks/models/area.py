"""The areas networks work in: IZA-regio's and their gemeenten."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from networks.validators import validate_cbs_gemeentecode


class Region(models.Model):
    """An IZA-regio. Regions and their gemeenten are data, never code (sources differ on 38–44)."""

    name = models.CharField(_("naam"), max_length=120, unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    mandaatgemeente = models.ForeignKey(
        "Gemeente",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mandaatgemeente"),
        help_text=_("De gemeente die het IZA-geld voor de regio aanvraagt en beheert."),
    )

    class Meta:
        verbose_name = _("IZA-regio")
        verbose_name_plural = _("IZA-regio's")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Gemeente(models.Model):
    cbs_code = models.CharField(
        _("CBS-code"),
        max_length=6,
        unique=True,
        validators=[validate_cbs_gemeentecode],
        help_text=_("GM + 4 cijfers"),
    )
    name = models.CharField(_("naam"), max_length=120)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="gemeenten", verbose_name=_("IZA-regio")
    )

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cbs_code__regex=r"^GM[0-9]{4}$"), name="gemeente_cbs_format"
            ),
        ]

    def __str__(self) -> str:
        return self.name
