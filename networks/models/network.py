"""The network (MGN), its leidende principes and its partners."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mgn.validators import TEXT_REQUEST, validate_line, validate_plain_text
from networks.constants import ROLE_FIELDS, NationalPrinciple, OrganisationKind, PartnerRole, Ring

from .area import Gemeente, Region
from .organisation import Organisation


class Network(models.Model):
    """The MGN: a lasting regional partnership of huisartsen, sociaal domein and ggz."""

    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("korte naam"), max_length=80, unique=True)
    description = models.TextField(
        _("omschrijving"), max_length=TEXT_REQUEST, blank=True, validators=[validate_plain_text]
    )
    regions = models.ManyToManyField(Region, related_name="networks", verbose_name=_("IZA-regio's"))
    gemeenten = models.ManyToManyField(
        Gemeente, related_name="networks", blank=True, verbose_name=_("gemeenten in het werkgebied")
    )
    regievoerder = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="networks_as_regievoerder",
        verbose_name=_("regievoerder"),
        help_text=_(
            "Leidt afspraken en monitoring; meestal de ggz-kerninstelling of een RHO, altijd "
            "een formele partner met rol U (R-NW-3)."
        ),
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


def validate_national_principles(value) -> None:
    """R-NW-5: a non-empty list of distinct codes of NationalPrinciple (a JSON list, so it
    works on every database)."""
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Kies ten minste één landelijk principe."))
    unknown = [v for v in value if v not in NationalPrinciple.values]
    if unknown:
        raise ValidationError(
            _("Onbekend landelijk principe: %(codes)s.") % {"codes": ", ".join(map(str, unknown))}
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Een landelijk principe staat er twee keer in."))


class LeidendPrincipe(models.Model):
    """R-NW-5: a network's own guiding principle, with its own title and text, addressing
    one or more of the five national ones (``national_principles``, a list of
    NationalPrinciple codes in the order of NationalPrinciple)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="principes")
    title = models.CharField(_("titel"), max_length=200, validators=[validate_line])
    national_principles = models.JSONField(
        _("landelijke principes"),
        default=list,
        validators=[validate_national_principles],
        help_text=_("De landelijke leidende principes waar dit principe invulling aan geeft."),
    )
    text = models.TextField(
        _("uitwerking in dit netwerk"), max_length=TEXT_REQUEST, validators=[validate_plain_text]
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("leidend principe")
        verbose_name_plural = _("leidende principes")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def national_principle_labels(self) -> list[str]:
        """The labels of the national principles it addresses, in NationalPrinciple order."""
        return [
            str(label)
            for value, label in NationalPrinciple.choices
            if value in (self.national_principles or [])
        ]


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
