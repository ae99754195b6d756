"""R-NW-6: the network's transformation plan, its versions, reviewers, besluiten, tracked
aandachtspunten and transformatiemiddelen (R-BK-3). The rules live in services/plan.py."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mgn.validators import TEXT_REQUEST, validate_line, validate_plain_text

from .network import Network
from .organisation import Organisation


class Fase(models.TextChoices):
    A = "A", _("A – concept en indienen")
    B = "B", _("B – beoordeling eerste en tweede zorgverzekeraar")
    C = "C", _("C – consultatie overige zorgverzekeraars")
    D = "D", _("D – correctie")
    E = "E", _("E – herbeoordeling en consultatie")
    F = "F", _("F – contractering")


class BeoordelaarSoort(models.TextChoices):
    EERSTE = "eerste", _("Eerste zorgverzekeraar")
    TWEEDE = "tweede", _("Tweede zorgverzekeraar")
    GEMEENTE = "gemeente", _("Onafhankelijke gemeente")
    CONSULTEREND = "consulterend", _("Consulterende zorgverzekeraar")


# The reviewers who record the besluiten (phase B and E); consulting insurers read.
BESLISSENDE_SOORTEN = frozenset(
    {BeoordelaarSoort.EERSTE, BeoordelaarSoort.TWEEDE, BeoordelaarSoort.GEMEENTE}
)


class BesluitSoort(models.TextChoices):
    VOORGENOMEN = "voorgenomen", _("Voorgenomen besluit")
    DEFINITIEF = "definitief", _("Definitief besluit")


class Uitkomst(models.TextChoices):
    POSITIEF = "positief", _("Positief")
    NEGATIEF = "negatief", _("Negatief")


class PuntStatus(models.TextChoices):
    OPEN = "open", _("Open")
    AFGEHANDELD = "afgehandeld", _("Afgehandeld")


class MiddelenStap(models.TextChoices):
    RESERVERING = "reservering", _("Reservering")
    BESCHIKKING = "beschikking", _("NZa-beschikking")
    BETALING = "betaling", _("Betaling")


def _versie_path(instance, filename):
    return f"networks/plannen/{instance.plan_id}/{filename}"


def _brief_path(instance, filename):
    return f"networks/plannen/{instance.plan_id}/brieven/{filename}"


class Transformatieplan(models.Model):
    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, related_name="plannen", verbose_name=_("netwerk")
    )
    ronde = models.PositiveSmallIntegerField(_("ronde (jaar)"))
    titel = models.CharField(_("titel"), max_length=200, validators=[validate_line])
    fase = models.CharField(_("fase"), max_length=1, choices=Fase.choices, default=Fase.A)
    ingediend_op = models.DateField(_("ingediend op"), null=True, blank=True)
    correctie_ingediend_op = models.DateField(
        _("gecorrigeerd plan ingediend op"), null=True, blank=True
    )
    indienende_partners = models.ManyToManyField(
        Organisation, related_name="+", blank=True, verbose_name=_("indienende partners")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("transformatieplan")
        verbose_name_plural = _("transformatieplannen")
        ordering = ["network", "-ronde"]
        constraints = [
            models.UniqueConstraint(fields=["network", "ronde"], name="plan_one_per_ronde"),
            models.CheckConstraint(
                condition=Q(ronde__gte=2020, ronde__lte=2100), name="plan_ronde_bounds"
            ),
        ]

    def __str__(self) -> str:
        return self.titel


class PlanVersie(models.Model):
    """A version 0.1 … 1.0, stored as tenths (1 … 10)."""

    plan = models.ForeignKey(Transformatieplan, on_delete=models.CASCADE, related_name="versies")
    tienden = models.PositiveSmallIntegerField(_("versie (tienden)"))
    document = models.FileField(_("document (PDF)"), upload_to=_versie_path, max_length=300)
    document_name = models.CharField(
        _("bestandsnaam"), max_length=200, blank=True, validators=[validate_line]
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    gedeeld_op = models.DateTimeField(_("gedeeld met beoordelaars op"), null=True, blank=True)

    class Meta:
        verbose_name = _("planversie")
        verbose_name_plural = _("planversies")
        ordering = ["plan", "tienden"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "tienden"], name="planversie_unique"),
            models.CheckConstraint(
                condition=Q(tienden__gte=1, tienden__lte=10), name="planversie_bounds"
            ),
        ]

    def __str__(self) -> str:
        return self.nummer

    @property
    def nummer(self) -> str:
        return f"{self.tienden // 10}.{self.tienden % 10}"


class Instemming(models.Model):
    """A submitting partner agrees that a version is shared with the reviewers."""

    versie = models.ForeignKey(PlanVersie, on_delete=models.CASCADE, related_name="instemmingen")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("partner")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("instemming")
        verbose_name_plural = _("instemmingen")
        constraints = [
            models.UniqueConstraint(fields=["versie", "organisation"], name="instemming_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} stemt in met versie {self.versie}"


class PlanBeoordelaar(models.Model):
    plan = models.ForeignKey(
        Transformatieplan, on_delete=models.CASCADE, related_name="beoordelaars"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_beoordelingen"
    )
    soort = models.CharField(_("rol"), max_length=20, choices=BeoordelaarSoort.choices)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("beoordelaar")
        verbose_name_plural = _("beoordelaars")
        ordering = ["plan", "soort", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "user"], name="planbeoordelaar_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_soort_display()})"


class Besluit(models.Model):
    plan = models.ForeignKey(Transformatieplan, on_delete=models.CASCADE, related_name="besluiten")
    soort = models.CharField(_("besluit"), max_length=20, choices=BesluitSoort.choices)
    uitkomst = models.CharField(_("uitkomst"), max_length=10, choices=Uitkomst.choices)
    herbeoordeling = models.BooleanField(_("na correctie (fase E)"), default=False)
    reden = models.TextField(
        _("motivering"), max_length=TEXT_REQUEST, validators=[validate_plain_text]
    )
    datum = models.DateField(_("datum"))
    brief = models.FileField(
        _("aandachtspuntenbrief (PDF)"), upload_to=_brief_path, blank=True, max_length=300
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        ordering = ["plan", "datum", "pk"]

    def __str__(self) -> str:
        return f"{self.get_soort_display()}: {self.get_uitkomst_display()}"


class Aandachtspunt(models.Model):
    """A point of the aandachtspuntenbrief, tracked as the network's first KPI."""

    plan = models.ForeignKey(
        Transformatieplan, on_delete=models.CASCADE, related_name="aandachtspunten"
    )
    besluit = models.ForeignKey(
        Besluit, on_delete=models.SET_NULL, null=True, blank=True, related_name="aandachtspunten"
    )
    text = models.CharField(_("aandachtspunt"), max_length=500, validators=[validate_line])
    eigenaar = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("eigenaar")
    )
    uiterlijk = models.DateField(_("uiterlijk"))
    status = models.CharField(
        _("status"), max_length=12, choices=PuntStatus.choices, default=PuntStatus.OPEN
    )
    afgehandeld_op = models.DateField(_("afgehandeld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("aandachtspunt")
        verbose_name_plural = _("aandachtspunten")
        ordering = ["plan", "uiterlijk", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=PuntStatus.OPEN, afgehandeld_op__isnull=True)
                | Q(status=PuntStatus.AFGEHANDELD, afgehandeld_op__isnull=False),
                name="aandachtspunt_afgehandeld_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.text


class Transformatiemiddel(models.Model):
    """R-BK-3: reservering per plan → NZa-beschikking → betaling(en)."""

    plan = models.ForeignKey(Transformatieplan, on_delete=models.CASCADE, related_name="middelen")
    stap = models.CharField(_("stap"), max_length=12, choices=MiddelenStap.choices)
    datum = models.DateField(_("datum"))
    bedrag = models.DecimalField(_("bedrag (€)"), max_digits=12, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("transformatiemiddel")
        verbose_name_plural = _("transformatiemiddelen")
        ordering = ["plan", "datum", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(bedrag__gt=0), name="middel_bedrag_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_stap_display()} € {self.bedrag}"
