"""The network's budget per year, function and funder."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from bekostiging.constants import BUDGET_FUNCTIONS
from networks.models import Network, Organisation


class Begrotingspost(models.Model):
    """The network's budget for a year per function and funder (insurer or gemeente)."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("jaar"))
    function = models.CharField(_("functie"), max_length=20, choices=BUDGET_FUNCTIONS)
    funder = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("financier")
    )
    amount = models.DecimalField(_("begroot (€)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("begrotingspost")
        verbose_name_plural = _("begrotingsposten")
        ordering = ["year", "function"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "year", "function", "funder"], name="begrotingspost_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.function} {self.funder}"
