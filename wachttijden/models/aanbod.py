from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mgn.validators import TEXT_REMARK, TEXT_REQUEST, validate_line, validate_plain_text
from networks.models import Gemeente, Network, Organisation, Region
from wachttijden.constants import AanbodDomain, Category, ZorgvraagCluster


def zorgvraagtype_required(domain: str, category: str) -> bool:
    """Only a ggz treatment offer must name the HoNOS+ zorgvraagtypen it treats; an SD or
    huisarts offer names none, and a low-threshold ggz offer (wachtverzachter, steunpunt,
    e-health, …) may name some but need not (R-WT-7)."""
    return domain == AanbodDomain.GGZ and category == Category.GGZ_BEHANDELING


class Zorgvraagtype(models.Model):
    """A HoNOS+ care-demand type (20 types numbered 1–21 without 9); kept as data."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    name = models.CharField(_("naam"), max_length=120)
    cluster = models.CharField(_("cluster"), max_length=20, choices=ZorgvraagCluster.choices)

    class Meta:
        verbose_name = _("zorgvraagtype")
        verbose_name_plural = _("zorgvraagtypen")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Hoofddiagnosegroep(models.Model):
    """One of the DSM-5 main diagnosis groups used for waiting-time reporting; kept as data."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=160)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("hoofddiagnosegroep")
        verbose_name_plural = _("hoofddiagnosegroepen")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class Aanbod(models.Model):
    """One offer of care or support on the sociale kaart (R-WT-7)."""

    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="aanbod", verbose_name=_("aanbieder")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="aanbod", verbose_name=_("IZA-regio")
    )
    name = models.CharField(_("naam"), max_length=200, validators=[validate_line])
    description = models.TextField(
        _("omschrijving"), max_length=TEXT_REQUEST, blank=True, validators=[validate_plain_text]
    )
    domain = models.CharField(_("domein"), max_length=10, choices=AanbodDomain.choices)
    category = models.CharField(_("categorie"), max_length=20, choices=Category.choices)
    zorgvraagtypes = models.ManyToManyField(
        Zorgvraagtype, blank=True, related_name="aanbod", verbose_name=_("zorgvraagtypen")
    )
    location_name = models.CharField(
        _("vestiging"), max_length=200, blank=True, validators=[validate_line]
    )
    address = models.CharField(_("adres"), max_length=300, blank=True, validators=[validate_line])
    gemeente = models.ForeignKey(
        Gemeente,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vestigingsgemeente"),
    )
    gemeenten_served = models.ManyToManyField(
        Gemeente, blank=True, related_name="aanbod_served", verbose_name=_("gemeenten bediend")
    )
    how_to_apply = models.TextField(
        _("hoe aanmelden"), max_length=TEXT_REMARK, blank=True, validators=[validate_plain_text]
    )
    contact = models.CharField(
        _("contact (loket, telefoon, e-mail)"),
        max_length=300,
        blank=True,
        validators=[validate_line],
    )
    website = models.URLField(_("website"), blank=True)
    low_threshold = models.BooleanField(_("laagdrempelig (zonder verwijzing)"), default=False)
    declared_wait_weeks = models.DecimalField(
        _("opgegeven wachttijd (weken)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_(
            "Door de aanbieder opgegeven actuele wachttijd, als er geen intakeplekken "
            "gepubliceerd zijn (ook voor aanbod in het sociaal domein)."
        ),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("aanbod")
        verbose_name_plural = _("aanbod")
        ordering = ["name"]
        indexes = [models.Index(fields=["region", "category", "is_active"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.provider})"

    @property
    def is_ggz(self) -> bool:
        """Only ggz treats HoNOS+ zorgvraagtypen."""
        return self.domain == AanbodDomain.GGZ

    @property
    def free_places_label(self) -> str:
        """What the free places it publishes per week (``IntakeSlots``) are called: an SD
        offer has free places (R-TR-1), any other offer free intake places (R-WT-5)."""
        if self.domain == AanbodDomain.SD:
            return str(_("Vrije plekken"))
        return str(_("Vrije intakeplekken"))

    @property
    def needs_zorgvraagtype(self) -> bool:
        """A ggz treatment offer: its offer and its waiting list name zorgvraagtypen."""
        return zorgvraagtype_required(self.domain, self.category)


class OntbrekendAanbod(models.Model):
    """Offer that the network misses (R-WT-7: "wat ontbreekt"), marked by a coordinator."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="ontbrekend_aanbod")
    category = models.CharField(_("categorie"), max_length=20, choices=Category.choices)
    gemeenten = models.ManyToManyField(
        Gemeente, blank=True, related_name="+", verbose_name=_("gemeenten")
    )
    description = models.TextField(
        _("wat ontbreekt"), max_length=TEXT_REMARK, validators=[validate_plain_text]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(_("opgelost op"), null=True, blank=True)

    class Meta:
        verbose_name = _("ontbrekend aanbod")
        verbose_name_plural = _("ontbrekend aanbod")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.description[:60]}"


class IntakeSlots(models.Model):
    """Predictable free places per week, published by the provider or gemeente: intake
    places of a ggz offer (R-WT-5), free places of an SD offer (R-TR-1), whose
    ``gemeenten_served`` say whose residents it takes."""

    aanbod = models.ForeignKey(Aanbod, on_delete=models.CASCADE, related_name="intake_slots")
    week_start = models.DateField(_("week (maandag)"))
    available = models.PositiveSmallIntegerField(_("vrije intakeplekken"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("intakeplekken")
        verbose_name_plural = _("intakeplekken")
        ordering = ["aanbod", "week_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["aanbod", "week_start"], name="intake_slots_one_per_week"
            ),
            # week_day 2 is Monday in Django's lookups
            models.CheckConstraint(condition=Q(week_start__week_day=2), name="intake_slots_monday"),
        ]

    def __str__(self) -> str:
        return f"{self.aanbod}: {self.available} in week {self.week_start:%G-W%V}"
