"""Declaration lines, the insurance periods they are addressed by, and held-back conversations."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bekostiging.constants import Function, HeldBackReason, RegelStatus, Route, Soort
from networks.constants import OrganisationKind
from networks.models import Network, Organisation, Professional
from verkennend_gesprek.models import Gesprek, Persoon

from .contracten import Contract

REFERENCE_PREFIX = "MGN"


class Verzekering(models.Model):
    """A person's basic insurance in a period, as checked (COV) by the network, recorded
    under one request and valid for the person (network, bsn) across requests. On a
    conversation date (R-BK-1) a covering row counts; before the person's first row (or
    without rows) the insurer submitted with that conversation's request counts; after or
    between rows without cover the person was not insured."""

    persoon = models.ForeignKey(Persoon, on_delete=models.CASCADE, related_name="verzekeringen")
    insurer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("zorgverzekeraar"),
        limit_choices_to={"kind": OrganisationKind.ZORGVERZEKERAAR},
    )
    policy_number = models.CharField(_("polisnummer"), max_length=30)
    starts_on = models.DateField(_("verzekerd vanaf"))
    ends_on = models.DateField(_("verzekerd tot en met"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("verzekering")
        verbose_name_plural = _("verzekeringen")
        ordering = ["persoon", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="verzekering_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.insurer} {self.starts_on}–{self.ends_on or ''}"

    def audit_identifier(self) -> tuple[str, str]:
        return self.persoon.audit_identifier()


class Declaratieregel(models.Model):
    """One line an insurer must pay (R-BK-1 VG, R-BK-2 lumpsum term). Never deleted: a
    correction is a credit line (credit_of) plus a new line (replaces). The person's
    identifiers are copied in as declared, so an export always gives the same bytes."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="declaratieregels")
    soort = models.CharField(_("soort"), max_length=10, choices=Soort.choices)
    function = models.CharField(_("functie"), max_length=20, choices=Function.choices)
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="regels")
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("declarant")
    )
    insurer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("zorgverzekeraar")
    )
    # The codes as declared: a later correction of an organisation's code changes no line.
    uzovi = models.CharField(_("UZOVI"), max_length=4, blank=True)
    provider_agb = models.CharField(_("AGB-code declarant"), max_length=8, blank=True)
    prestatiecode = models.CharField(_("prestatiecode"), max_length=20)
    # R-BK-2: a lumpsum line's route (PGGAZ or O&I, by the kassier's kind); blank for the VG.
    route = models.CharField(_("route"), max_length=10, choices=Route.choices, blank=True)
    gesprek = models.ForeignKey(
        Gesprek, on_delete=models.PROTECT, null=True, blank=True, related_name="declaratieregels"
    )
    professional = models.ForeignKey(
        Professional, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The treating professional's personal AGB and name as declared (R-BK-5): a 573 made
    # again after a correction of the professional's code or name gives the same bytes.
    professional_agb = models.CharField(_("AGB-code behandelaar"), max_length=8, blank=True)
    professional_name = models.CharField(_("naam behandelaar"), max_length=200, blank=True)
    bsn = models.CharField(_("BSN"), max_length=9, blank=True)
    policy_number = models.CharField(_("polisnummer"), max_length=30, blank=True)
    date_of_birth = models.DateField(_("geboortedatum"), null=True, blank=True)
    service_date = models.DateField(_("datum prestatie"))
    period_end = models.DateField(_("einde periode"))
    tariff = models.DecimalField(_("tarief (€)"), max_digits=12, decimal_places=2)
    amount = models.DecimalField(_("bedrag (€)"), max_digits=12, decimal_places=2)
    credit_of = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit",
        verbose_name=_("crediteert"),
    )
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("vervangt"),
    )
    credited = models.BooleanField(_("gecrediteerd"), default=False)
    status = models.CharField(
        _("status"), max_length=15, choices=RegelStatus.choices, default=RegelStatus.CONCEPT
    )
    rejection_reason = models.CharField(_("reden van afwijzing"), max_length=300, blank=True)
    status_changed_at = models.DateTimeField(_("status gewijzigd"), auto_now_add=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("declaratieregel")
        verbose_name_plural = _("declaratieregels")
        ordering = ["id"]
        constraints = [
            # One live debit line per held conversation, whoever declares it (R-BK-1: one
            # conversation, one ggz line), and per network, function, lumpsum term and insurer
            # (R-BK-2: however many contracts name the kassier): generating again never adds
            # a second one.
            models.UniqueConstraint(
                fields=["gesprek"],
                condition=Q(credit_of__isnull=True, credited=False, soort=Soort.VG),
                name="regel_one_live_vg_line",
            ),
            models.UniqueConstraint(
                fields=["network", "function", "insurer", "service_date"],
                condition=Q(credit_of__isnull=True, credited=False, soort=Soort.LUMPSUM),
                name="regel_one_live_lumpsum_term_per_function",
            ),
            models.CheckConstraint(
                condition=Q(credit_of__isnull=True, amount__gte=0)
                | Q(credit_of__isnull=False, amount__lte=0),
                name="regel_credit_sign",
            ),
            models.CheckConstraint(
                condition=~Q(soort=Soort.VG) | Q(gesprek__isnull=False),
                name="regel_vg_has_gesprek",
            ),
            models.CheckConstraint(
                condition=~Q(status=RegelStatus.AFGEWEZEN) | ~Q(rejection_reason=""),
                name="regel_rejection_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["insurer", "network", "service_date"]),
            models.Index(fields=["provider", "status"]),
            models.Index(fields=["network", "status"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """Unique and stable: derived from the primary key, so it never changes."""
        return reference_for(self.pk)

    @property
    def is_credit(self) -> bool:
        return self.credit_of_id is not None

    @property
    def is_vg(self) -> bool:
        """A line for a verkennend gesprek (the others are lumpsum terms)."""
        return self.soort == Soort.VG

    def audit_identifier(self) -> tuple[str, str]:
        """The person as declared (R-PR-1); lumpsum lines concern no person."""
        return ("bsn", self.bsn) if self.bsn else ("", "")


def reference_for(pk: int) -> str:
    return f"{REFERENCE_PREFIX}{pk:09d}"


def pk_from_reference(reference: str) -> int | None:
    """The line's id from its reference, or None when it is not one of ours."""
    reference = reference.strip().upper()
    digits = reference.removeprefix(REFERENCE_PREFIX)
    if digits == reference or not digits.isdigit() or not digits.isascii():
        return None
    return int(digits)


class TegengehoudenDeclaratie(models.Model):
    """A held conversation that could not become a line (R-BK-1), with the reason shown to
    the provider (the first present ggz professional's organisation) and the coordinator.
    One row per conversation, like its one line; generating again rewrites its reason, and
    resolves it when the cause is gone."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="+")
    gesprek = models.ForeignKey(Gesprek, on_delete=models.CASCADE, related_name="+")
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    professional = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="+")
    insurer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    service_date = models.DateField(_("gespreksdatum"))
    reason = models.CharField(_("reden"), max_length=30, choices=HeldBackReason.choices)
    detail = models.CharField(_("toelichting"), max_length=300, blank=True)
    checked_at = models.DateTimeField(_("laatst gecontroleerd"), auto_now=True)
    resolved_at = models.DateTimeField(_("opgelost"), null=True, blank=True)

    class Meta:
        verbose_name = _("tegengehouden declaratie")
        verbose_name_plural = _("tegengehouden declaraties")
        ordering = ["service_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["gesprek"], name="tegengehouden_one_per_gesprek"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.service_date})"
