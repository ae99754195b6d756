"""Gemeente funding agreements for the social-domain part of the verkennend gesprek."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from bekostiging.constants import FundingSource
from networks.models import Gemeente, Network


class GemeenteAfspraak(models.Model):
    """R-BK-3: how many VGs a gemeente agreed to fund for its residents in a year, at
    what rate for the SD professional, from which source."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="+")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("jaar"))
    agreed_count = models.PositiveIntegerField(_("afgesproken aantal VG's"))
    rate = models.DecimalField(
        _("tarief sd-professional per VG (€)"), max_digits=9, decimal_places=2
    )
    funding_source = models.CharField(
        _("financieringsbron"), max_length=30, choices=FundingSource.choices
    )

    class Meta:
        verbose_name = _("gemeentelijke afspraak")
        verbose_name_plural = _("gemeentelijke afspraken")
        ordering = ["year", "gemeente__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "gemeente", "year"], name="gemeenteafspraak_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gemeente} {self.year}"
