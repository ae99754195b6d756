"""Contracts between insurers and providers, the verdeelsleutel and the prestatie codelist."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bekostiging.constants import Function, TermLength
from networks.constants import OrganisationKind
from networks.models import Network, Organisation


class Verdeelsleutel(models.Model):
    """One insurer's share of the network's costs; a network's shares sum to exactly 100%."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="verdeelsleutel")
    insurer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("zorgverzekeraar"),
        limit_choices_to={"kind": OrganisationKind.ZORGVERZEKERAAR},
    )
    share = models.DecimalField(
        _("aandeel (%)"),
        max_digits=7,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0.0001"))],
    )

    class Meta:
        verbose_name = _("verdeelsleutel")
        verbose_name_plural = _("verdeelsleutels")
        ordering = ["network", "-share"]
        constraints = [
            models.UniqueConstraint(fields=["network", "insurer"], name="verdeelsleutel_unique"),
            models.CheckConstraint(
                condition=Q(share__gt=0, share__lte=100), name="verdeelsleutel_share_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.insurer} {self.share}%"


class Contract(models.Model):
    """An insurer contracts a provider for one function in a period (R-BK-1, R-BK-2)."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="contracten")
    insurer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("zorgverzekeraar")
    )
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("aanbieder")
    )
    function = models.CharField(_("functie"), max_length=20, choices=Function.choices)
    starts_on = models.DateField(_("ingangsdatum"))
    ends_on = models.DateField(_("einddatum"))
    declaring = models.BooleanField(
        _("declarerende partij"),
        default=True,
        help_text=_("R-NW-4: per functie declareert één partij; het VG kan bij meerdere."),
    )
    tariff = models.DecimalField(
        _("tarief per gesprek (€)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Vrij tarief voor het verkennend gesprek."),
    )
    yearly_amount = models.DecimalField(
        _("lumpsum per jaar (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    term_length = models.CharField(
        _("termijnen"), max_length=10, choices=TermLength.choices, default=TermLength.MAAND
    )

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracten")
        ordering = ["network", "function", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="contract_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_function_display()}: {self.provider} ({self.insurer})"

    @property
    def is_vg(self) -> bool:
        """A VG contract: a tariff per conversation, not a yearly lumpsum."""
        return self.function == Function.VERKENNEND_GESPREK


class Prestatie(models.Model):
    """Versioned codelist data (R-BK-5): the prestatiecode declared for a function from a
    date. Codes change by NZa decision, so they are rows, not constants."""

    function = models.CharField(_("functie"), max_length=20, choices=Function.choices)
    code = models.CharField(_("prestatiecode"), max_length=20)
    description = models.CharField(_("omschrijving"), max_length=200)
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)

    class Meta:
        verbose_name = _("prestatie")
        verbose_name_plural = _("prestaties")
        ordering = ["function", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["function", "valid_from"], name="prestatie_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.description}"
