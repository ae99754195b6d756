"""Gemeente funding agreements for the social-domain part of the verkennend gesprek, and
the gemeente's decisions on VGs held beyond the agreed number (R-BK-3)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bekostiging.constants import (
    VG_SD_FUNDING_SOURCE_MESSAGE,
    VG_SD_FUNDING_SOURCES,
    FundingSource,
)
from networks.models import Gemeente, Network, Organisation


class GemeenteAfspraak(models.Model):
    """R-BK-3: how many VGs a gemeente agreed to fund for its residents in a year, at
    what rate for the SD professional, from which source (SPUK-IZA or transformatiemiddelen
    only; the constraint was added NOT VALID, so an agreement made before the rule keeps
    its old source and is flagged until a coordinator changes it — migration 0009)."""

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
            models.CheckConstraint(
                condition=Q(funding_source__in=[str(s) for s in VG_SD_FUNDING_SOURCES]),
                name="gemeenteafspraak_vg_sd_funding_source",
                violation_error_message=VG_SD_FUNDING_SOURCE_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gemeente} {self.year}"

    @property
    def funding_source_allowed(self) -> bool:
        """False for an agreement made before R-BK-3 restricted the sources."""
        return self.funding_source in VG_SD_FUNDING_SOURCES


class OverschrijdingBesluit(models.Model):
    """R-BK-3: the gemeente's decision on the VGs of its residents held beyond the agreed
    number in the agreement's year: accepted (the over-run becomes due) or declined.

    Append-only: every decision is kept with who took it, for which organisation and when;
    the latest one counts, for at most the over-run it was taken on (``over_run_count``) —
    VGs held beyond that later are again for the gemeente to decide on."""

    afspraak = models.ForeignKey(
        GemeenteAfspraak,
        on_delete=models.PROTECT,
        related_name="besluiten",
        verbose_name=_("afspraak"),
    )
    accepted = models.BooleanField(_("geaccepteerd"))
    over_run_count = models.PositiveIntegerField(_("aantal VG's boven de afspraak"))
    rate = models.DecimalField(
        _("tarief op het moment van het besluit (€)"), max_digits=9, decimal_places=2
    )
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("besloten door"),
    )
    decided_for = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("namens"),
    )
    decided_at = models.DateTimeField(_("besloten op"), default=timezone.now)

    class Meta:
        verbose_name = _("besluit over overschrijding")
        verbose_name_plural = _("besluiten over overschrijdingen")
        ordering = ["decided_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(over_run_count__gt=0), name="overschrijdingbesluit_count_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.afspraak}: {'geaccepteerd' if self.accepted else 'afgewezen'}"

    @property
    def amount(self):
        return self.over_run_count * self.rate
