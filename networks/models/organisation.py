"""Organisations: providers, huisartsenpraktijken, gemeenten, insurers and others."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mgn.validators import validate_name
from networks.constants import AGB_KINDS, OrganisationKind
from networks.validators import validate_agb, validate_uzovi

from .area import Gemeente


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=200, validators=[validate_name])
    kind = models.CharField(_("soort"), max_length=30, choices=OrganisationKind.choices)
    agb_code = models.CharField(
        _("AGB-code"),
        max_length=8,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_agb],
        help_text=_("8 cijfers (Vektis)"),
    )
    uzovi = models.CharField(
        _("UZOVI-code"),
        max_length=4,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_uzovi],
        help_text=_("4 cijfers; alleen zorgverzekeraars"),
    )
    vrijgevestigd = models.BooleanField(
        _("vrijgevestigd"), default=False, help_text=_("Zelfstandig gevestigde ggz-zorgverlener.")
    )
    gemeente = models.ForeignKey(
        Gemeente,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("vestigingsgemeente"),
    )
    address = models.CharField(_("adres"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]
        permissions = [("act_for_organisation", _("Namens organisatie handelen"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(agb_code__isnull=True) | Q(agb_code__regex=r"^[0-9]{8}$"),
                name="organisation_agb_format",
            ),
            models.CheckConstraint(
                condition=Q(agb_code__isnull=True) | Q(kind__in=sorted(AGB_KINDS)),
                name="organisation_agb_only_for_care_kinds",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=OrganisationKind.ZORGVERZEKERAAR, uzovi__regex=r"^[0-9]{4}$")
                    | (~Q(kind=OrganisationKind.ZORGVERZEKERAAR) & Q(uzovi__isnull=True))
                ),
                name="organisation_uzovi_iff_insurer",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("networks:organisation_detail", args=[self.pk])

    @property
    def is_insurer(self) -> bool:
        return self.kind == OrganisationKind.ZORGVERZEKERAAR
