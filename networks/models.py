from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from .constants import (
    AGB_KINDS,
    ROLE_FIELDS,
    Discipline,
    NationalPrinciple,
    OrganisationKind,
    PartnerRole,
    Ring,
)
from .validators import validate_agb, validate_cbs_gemeentecode, validate_uzovi


class Region(models.Model):
    """An IZA-regio. Regions and their gemeenten are data, never code (sources differ on 38–44)."""

    name = models.CharField(_("naam"), max_length=120, unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    mandaatgemeente = models.ForeignKey(
        "Gemeente",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mandaatgemeente"),
        help_text=_("De gemeente die het IZA-geld voor de regio aanvraagt en beheert."),
    )

    class Meta:
        verbose_name = _("IZA-regio")
        verbose_name_plural = _("IZA-regio's")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Gemeente(models.Model):
    cbs_code = models.CharField(
        _("CBS-code"),
        max_length=6,
        unique=True,
        validators=[validate_cbs_gemeentecode],
        help_text=_("GM + 4 cijfers"),
    )
    name = models.CharField(_("naam"), max_length=120)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="gemeenten", verbose_name=_("IZA-regio")
    )

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cbs_code__regex=r"^GM[0-9]{4}$"), name="gemeente_cbs_format"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=200)
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


class Network(models.Model):
    """The MGN: a lasting regional partnership of huisartsen, sociaal domein and ggz."""

    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("korte naam"), max_length=80, unique=True)
    description = models.TextField(_("omschrijving"), blank=True)
    regions = models.ManyToManyField(Region, related_name="networks", verbose_name=_("IZA-regio's"))
    gemeenten = models.ManyToManyField(
        Gemeente, related_name="networks", blank=True, verbose_name=_("gemeenten in het werkgebied")
    )
    regievoerder = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="networks_as_regievoerder",
        verbose_name=_("regievoerder"),
        help_text=_("De ggz-kerninstelling of een RHO die afspraken en monitoring leidt (R-NW-3)."),
    )
    preferente_zorgverzekeraar = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="networks_as_preferente_zorgverzekeraar",
        verbose_name=_("preferente zorgverzekeraar"),
        limit_choices_to={"kind": OrganisationKind.ZORGVERZEKERAAR},
    )
    offers_verkennend_gesprek = models.BooleanField(
        _("functie I: verkennend gesprek"), default=True
    )
    offers_transfer = models.BooleanField(_("functie II: transfermechanisme"), default=True)
    offers_wachttijden = models.BooleanField(
        _("functie III: informatievoorziening wachttijden"), default=True
    )
    offers_casusoverleg = models.BooleanField(
        _("functie IV: domeinoverstijgend casusoverleg"), default=False
    )
    vg_warning_days = models.PositiveSmallIntegerField(
        _("signaal na dagen wachten op verkennend gesprek"),
        default=7,
        help_text=_("R-VG-3: een aanvraag die langer wacht krijgt een waarschuwing."),
    )
    vg_alarm_days = models.PositiveSmallIntegerField(
        _("alarm na dagen wachten op verkennend gesprek"),
        default=14,
        help_text=_("R-VG-3: een aanvraag die langer wacht krijgt een alarm."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("netwerk")
        verbose_name_plural = _("netwerken")
        ordering = ["name"]
        permissions = [("coordinate_network", _("Netwerk coördineren"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(vg_warning_days__lte=models.F("vg_alarm_days")),
                name="network_vg_warning_before_alarm",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("networks:network_detail", args=[self.slug])

    @property
    def functions(self) -> list[str]:
        return [
            str(self._meta.get_field(f).verbose_name)
            for f in (
                "offers_verkennend_gesprek",
                "offers_transfer",
                "offers_wachttijden",
                "offers_casusoverleg",
            )
            if getattr(self, f)
        ]


class LeidendPrincipe(models.Model):
    """R-NW-5: a network's own guiding principle, tied to one of the five national ones."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="principes")
    national_principle = models.CharField(
        _("landelijk principe"), max_length=30, choices=NationalPrinciple.choices
    )
    text = models.TextField(_("uitwerking in dit netwerk"))
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("leidend principe")
        verbose_name_plural = _("leidende principes")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.get_national_principle_display()


class Partnership(models.Model):
    """An organisation taking part in a network, in a ring, with one or more roles (R-NW-2)."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("netwerk")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("organisatie"),
    )
    ring = models.CharField(_("ring"), max_length=10, choices=Ring.choices, default=Ring.INNER)
    role_beleid = models.BooleanField(_("B – beleid"), default=False)
    role_uitvoering = models.BooleanField(_("U – uitvoering"), default=False)
    role_informatie = models.BooleanField(_("I – informatie"), default=False)
    role_inroepbaar = models.BooleanField(_("R – inroepbaar"), default=False)
    role_monitoring = models.BooleanField(_("M – monitoring"), default=False)
    since = models.DateField(_("partner sinds"), null=True, blank=True)

    class Meta:
        verbose_name = _("partnerschap")
        verbose_name_plural = _("partnerschappen")
        ordering = ["ring", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "organisation"], name="partnership_unique"),
            models.CheckConstraint(
                condition=Q(role_beleid=True)
                | Q(role_uitvoering=True)
                | Q(role_informatie=True)
                | Q(role_inroepbaar=True)
                | Q(role_monitoring=True),
                name="partnership_has_a_role",
            ),
            models.CheckConstraint(
                condition=Q(ring=Ring.INNER) | Q(role_inroepbaar=True) | Q(role_informatie=True),
                name="partnership_outer_ring_is_inroepbaar_or_informatie",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.network}"

    @property
    def roles(self) -> list[str]:
        return [code for code, field in ROLE_FIELDS.items() if getattr(self, field)]

    @property
    def role_labels(self) -> list[tuple[str, str]]:
        return [(code, PartnerRole(code).label) for code in self.roles]

    def has_role(self, role: PartnerRole | str) -> bool:
        return getattr(self, ROLE_FIELDS[PartnerRole(role)])


class Professional(models.Model):
    """A person working for an organisation, with a discipline; may or may not log in."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="professionals",
        verbose_name=_("organisatie"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="professionals",
        verbose_name=_("account"),
    )
    name = models.CharField(_("naam"), max_length=200)
    discipline = models.CharField(_("discipline"), max_length=30, choices=Discipline.choices)
    agb_code = models.CharField(
        _("persoonlijke AGB-code"), max_length=8, blank=True, validators=[validate_agb]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("professional")
        verbose_name_plural = _("professionals")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(user__isnull=False),
                name="professional_one_per_user_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(agb_code="") | Q(agb_code__regex=r"^[0-9]{8}$"),
                name="professional_agb_format",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_discipline_display()})"


# Direct foreign-key tables for object permissions: guardian filters them with a plain
# join instead of casting the generic object_pk text column, which matters at national scale.
class NetworkUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Network, on_delete=models.CASCADE)


class NetworkGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Network, on_delete=models.CASCADE)


class OrganisationUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Organisation, on_delete=models.CASCADE)


class OrganisationGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Organisation, on_delete=models.CASCADE)
