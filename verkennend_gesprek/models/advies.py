from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mgn.jobs.models import GeneratedFile
from mgn.validators import TEXT_LONG, TEXT_REQUEST, validate_plain_text
from verkennend_gesprek.constants import ROUTE_FIELDS, AdviesStatus, Route

from .gesprek import VerkennendGesprek


class Advies(models.Model):
    """The joint advies to the huisarts (R-VG-6). Definitief is locked; a correction is a
    new version that replaces it, and the history stays."""

    verkennend_gesprek = models.ForeignKey(
        VerkennendGesprek, on_delete=models.CASCADE, related_name="adviezen"
    )
    version = models.PositiveSmallIntegerField(_("versie"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=AdviesStatus.choices, default=AdviesStatus.CONCEPT
    )
    summary = models.TextField(
        _("samenvatting van het gesprek"),
        max_length=TEXT_LONG,
        blank=True,
        validators=[validate_plain_text],
    )
    route_geen_zorg = models.BooleanField(Route.GEEN_ZORG.label, default=False)
    route_sociale_basis = models.BooleanField(Route.SOCIALE_BASIS.label, default=False)
    route_begeleiding_sd = models.BooleanField(Route.BEGELEIDING_SD.label, default=False)
    route_poh_ggz = models.BooleanField(Route.POH_GGZ.label, default=False)
    route_ggz_basis = models.BooleanField(Route.GGZ_BASIS.label, default=False)
    route_ggz_specialistisch = models.BooleanField(Route.GGZ_SPECIALISTISCH.label, default=False)
    overbrugging = models.TextField(
        _("overbruggingszorg"),
        max_length=TEXT_REQUEST,
        blank=True,
        validators=[validate_plain_text],
    )
    regie = models.CharField(
        _("wie houdt de regie als de persoon dat niet kan"),
        max_length=300,
        blank=True,
        validators=[validate_plain_text],
    )
    contact_point = models.CharField(
        _("waar kan de persoon met vragen terecht"),
        max_length=300,
        blank=True,
        validators=[validate_plain_text],
    )
    agreed_with_person = models.BooleanField(
        _("besproken met en akkoord van de persoon"), default=False
    )
    correction_reason = models.CharField(
        _("reden van correctie"), max_length=300, blank=True, validators=[validate_plain_text]
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    finalised_at = models.DateTimeField(_("definitief gemaakt op"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("advies")
        verbose_name_plural = _("adviezen")
        ordering = ["verkennend_gesprek", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["verkennend_gesprek", "version"], name="advies_unique_version"
            ),
            models.UniqueConstraint(
                fields=["verkennend_gesprek"],
                condition=Q(status=AdviesStatus.CONCEPT),
                name="advies_one_concept",
            ),
            models.UniqueConstraint(
                fields=["verkennend_gesprek"],
                condition=Q(status=AdviesStatus.DEFINITIEF),
                name="advies_one_definitief",
            ),
        ]

    def __str__(self) -> str:
        return f"Advies v{self.version} bij {self.verkennend_gesprek}"

    @property
    def routes(self) -> list[Route]:
        return [route for route, field in ROUTE_FIELDS.items() if getattr(self, field)]

    @property
    def is_locked(self) -> bool:
        return self.status != AdviesStatus.CONCEPT

    def audit_identifier(self) -> tuple[str, str]:
        return self.verkennend_gesprek.persoon.audit_identifier()


class Afspraak(models.Model):
    """A concrete follow-up agreement: who does what, where and when, with which offer."""

    advies = models.ForeignKey(Advies, on_delete=models.CASCADE, related_name="afspraken")
    order = models.PositiveSmallIntegerField(default=0)
    who = models.CharField(_("wie"), max_length=200, validators=[validate_plain_text])
    what = models.CharField(_("doet wat"), max_length=500, validators=[validate_plain_text])
    where = models.CharField(
        _("waar / welk loket"), max_length=200, blank=True, validators=[validate_plain_text]
    )
    when = models.CharField(
        _("wanneer"), max_length=100, blank=True, validators=[validate_plain_text]
    )
    offer = models.CharField(
        _("aanbod (zorg of ondersteuning)"),
        max_length=200,
        blank=True,
        validators=[validate_plain_text],
    )
    provider = models.CharField(
        _("aanbieder"), max_length=200, blank=True, validators=[validate_plain_text]
    )
    waiting_time = models.CharField(
        _("wachttijd"), max_length=100, blank=True, validators=[validate_plain_text]
    )
    aanbod = models.ForeignKey(
        "wachttijden.Aanbod",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aanbod op de sociale kaart"),
    )

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.who}: {self.what}"


def _letter_path(instance, filename):
    return f"adviesbrieven/{instance.advies.verkennend_gesprek_id}/{filename}"


class AdviesBrief(GeneratedFile):
    """The advice letter (PDF) of one definitive advies; rendered by a Celery task."""

    advies = models.OneToOneField(Advies, on_delete=models.CASCADE, related_name="brief")
    file = models.FileField(upload_to=_letter_path, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("adviesbrief")
        verbose_name_plural = _("adviesbrieven")

    def __str__(self) -> str:
        return f"Adviesbrief bij {self.advies}"

    def audit_identifier(self) -> tuple[str, str]:
        return self.advies.audit_identifier()
