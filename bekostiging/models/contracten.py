"""Contracts between insurers and providers, the kassier per function, the regional
amounts, the verdeelsleutel per year and the prestatie codelist."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bekostiging.constants import LUMPSUM_FUNCTIONS, Function, Route, TermLength
from networks.constants import OrganisationKind
from networks.models import Network, Organisation


class Verdeelsleutel(models.Model):
    """One insurer's share of the network's costs in a year; a network's shares of one year
    sum to exactly 100% (R-BK-2). Each year keeps its own key, so generating an earlier
    year uses the shares valid then; who set a year's key and when is on its rows."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="verdeelsleutel")
    year = models.PositiveSmallIntegerField(
        _("jaar"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
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
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    set_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    class Meta:
        verbose_name = _("verdeelsleutel")
        verbose_name_plural = _("verdeelsleutels")
        ordering = ["network", "-year", "-share"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "insurer", "year"], name="verdeelsleutel_unique_per_year"
            ),
            models.CheckConstraint(
                condition=Q(share__gt=0, share__lte=100), name="verdeelsleutel_share_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.insurer} {self.share}%"


class FunctieKassier(models.Model):
    """R-NW-3/R-NW-4: per lumpsum function the party with regie, the kassier that declares
    its lumpsum, in a period. Periods of one network and function never overlap
    (services.kassiers.functie_kassier_create checks it under a lock on the network)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="kassiers")
    function = models.CharField(_("functie"), max_length=20, choices=LUMPSUM_FUNCTIONS)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("kassier")
    )
    starts_on = models.DateField(_("vanaf"))
    ends_on = models.DateField(_("tot en met"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("regie en kassier")
        verbose_name_plural = _("regie en kassiers")
        ordering = ["network", "function", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="functiekassier_period_order",
            ),
            models.CheckConstraint(
                condition=~Q(function=Function.VERKENNEND_GESPREK),
                name="functiekassier_not_vg",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_function_display()}: {self.organisation}"

    def covers(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class RegionaalBedrag(models.Model):
    """R-BK-2: the one regional amount per network, function and year, declared by the
    function's kassier in terms and split over the insurers that contracted the function."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="regionale_bedragen"
    )
    function = models.CharField(_("functie"), max_length=20, choices=LUMPSUM_FUNCTIONS)
    year = models.PositiveSmallIntegerField(
        _("jaar"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    amount = models.DecimalField(
        _("bedrag per jaar (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    term_length = models.CharField(
        _("termijnen"), max_length=10, choices=TermLength.choices, default=TermLength.MAAND
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    set_at = models.DateTimeField(_("vastgelegd op"), auto_now=True)

    class Meta:
        verbose_name = _("regionaal bedrag")
        verbose_name_plural = _("regionale bedragen")
        ordering = ["network", "-year", "function"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "function", "year"], name="regionaalbedrag_unique"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="regionaalbedrag_positive"),
            models.CheckConstraint(
                condition=~Q(function=Function.VERKENNEND_GESPREK),
                name="regionaalbedrag_not_vg",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_function_display()}: {self.amount}"


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
    # Before the regional amounts (R-BK-2) a lumpsum contract carried its own yearly
    # amount; migration 0011 moved it into RegionaalBedrag. Kept as history, never split.
    yearly_amount = models.DecimalField(
        _("lumpsum per jaar (€, historisch)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Niet meer gebruikt: het regionaal bedrag per functie en jaar telt."),
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
    """Versioned codelist data (R-BK-5): the prestatiecode declared for a function through
    a route (R-BK-2: PGGAZ or O&I; blank for the VG) from a date. Codes change by NZa
    decision, so they are rows, not constants."""

    function = models.CharField(_("functie"), max_length=20, choices=Function.choices)
    route = models.CharField(_("route"), max_length=10, choices=Route.choices, blank=True)
    code = models.CharField(_("prestatiecode"), max_length=20)
    description = models.CharField(_("omschrijving"), max_length=200)
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)

    class Meta:
        verbose_name = _("prestatie")
        verbose_name_plural = _("prestaties")
        ordering = ["function", "route", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["function", "route", "valid_from"], name="prestatie_unique_per_route"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.description}"
