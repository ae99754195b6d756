"""The indicator board's own records: a network's targets (``Doel``) and
its quarterly PDF (``BordRapport``). The figures themselves are never stored: they come from
the function apps' providers through ``mgn.indicators`` each time the board is read."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from mgn.jobs.models import GeneratedFile
from mgn.validators import TEXT_REMARK, validate_plain_text

from .network import Network


class DoelKind(models.TextChoices):
    ABSOLUUT = "absoluut", _("absolute waarde")
    RELATIEF = "relatief", _("verandering in % ten opzichte van een basisjaar")


def validate_indicator_key(value: str) -> None:
    """The key must name an indicator of a registered provider (``mgn.indicators``)."""
    from mgn import indicators

    try:
        indicators.indicator(value)
    except KeyError:
        raise ValidationError(
            _("Onbekende indicator: %(value)s."), code="unknown_indicator", params={"value": value}
        ) from None


class Doel(models.Model):
    """A network's own target for one indicator: an absolute value (e.g. at most 7 days to
    the conversation) or a change against a baseline year it chooses (e.g. referrals to
    specialist ggz −30 % against 2024)."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="doelen", verbose_name=_("netwerk")
    )
    indicator_key = models.CharField(
        _("indicator"), max_length=80, validators=[validate_indicator_key]
    )
    kind = models.CharField(
        _("soort doel"), max_length=10, choices=DoelKind.choices, default=DoelKind.ABSOLUUT
    )
    value = models.DecimalField(
        _("doelwaarde"),
        max_digits=12,
        decimal_places=2,
        help_text=_("Absoluut: de waarde zelf. Relatief: de verandering in %, bijvoorbeeld -30."),
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("basisjaar"), null=True, blank=True, help_text=_("Alleen bij een relatief doel.")
    )
    note = models.TextField(
        _("toelichting"), max_length=TEXT_REMARK, blank=True, validators=[validate_plain_text]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("doel van het netwerk")
        verbose_name_plural = _("doelen van het netwerk")
        ordering = ["indicator_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "indicator_key"], name="doel_one_per_indicator"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind=DoelKind.ABSOLUUT, baseline_year__isnull=True)
                    | models.Q(kind=DoelKind.RELATIEF, baseline_year__isnull=False)
                ),
                name="doel_baseline_only_when_relative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_key} ({self.network})"

    def clean(self) -> None:
        super().clean()
        if self.kind == DoelKind.RELATIEF and self.baseline_year is None:
            raise ValidationError({"baseline_year": _("Kies het basisjaar van een relatief doel.")})
        if self.kind == DoelKind.ABSOLUUT and self.baseline_year is not None:
            raise ValidationError({"baseline_year": _("Een absoluut doel heeft geen basisjaar.")})
        if self.baseline_year is not None and not 2000 <= self.baseline_year <= 2100:
            raise ValidationError({"baseline_year": _("Kies een jaar tussen 2000 en 2100.")})


def _rapport_path(instance, filename):
    return f"networks/bord/{instance.network_id}/{filename}"


class BordRapport(GeneratedFile):
    """The board of one network for one quarter as a PDF (``mgn.jobs``): made by the beat
    task once per network and quarter, and again on demand from the board."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="bordrapporten", verbose_name=_("netwerk")
    )
    period = models.CharField(_("periode"), max_length=10)  # mgn.indicators.Period.key
    file = models.FileField(upload_to=_rapport_path, blank=True)

    class Meta:
        verbose_name = _("indicatorbord (PDF)")
        verbose_name_plural = _("indicatorborden (PDF)")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["network", "period"], name="bordrapport_unique"),
        ]

    def __str__(self) -> str:
        return f"Indicatorbord {self.network_id} {self.period}"


class IndicatorStand(models.Model):
    """A network's figure of one indicator for one complete quarter, as the programme view
    reads it: computing every network's figures live takes seconds at national scale (the
    verkennend gesprek alone reads a quarter's quarter-million requests), so a nightly task
    stores them (``services.standen``) and the view reads one row per network and
    indicator. The network's own board computes live: one network is fast."""

    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        related_name="indicatorstanden",
        verbose_name=_("netwerk"),
    )
    period = models.CharField(_("periode"), max_length=10)  # mgn.indicators.Period.key
    indicator_key = models.CharField(_("indicator"), max_length=80)
    value = models.DecimalField(_("waarde"), max_digits=18, decimal_places=4, null=True)
    basis = models.PositiveIntegerField(_("aantal waarop het rust"), null=True)
    detail = models.JSONField(_("uitsplitsing"), default=list, blank=True)
    computed_at = models.DateTimeField(_("berekend op"))

    class Meta:
        verbose_name = _("indicatorstand")
        verbose_name_plural = _("indicatorstanden")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "period", "indicator_key"], name="indicatorstand_unique"
            ),
        ]
        indexes = [models.Index(fields=["period", "network"])]

    def __str__(self) -> str:
        return f"{self.indicator_key} {self.period} ({self.network_id})"
