"""R-DOC-2 … R-DOC-4: an anonymous case, its outcome per meeting, and the counts kept of
cases removed after the retention term.

The platform keeps no direct identifier of the person: a case code, an age band and a
gemeente, and free texts that the identifier guard (``mgn.identifier_guard``) checked
before they were saved. The registering organisation keeps who it is, outside the
platform."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from casusoverleg.constants import Betrokkenheid, CasusStatus, Leeftijdsgroep, Reden
from mgn.validators import TEXT_REMARK, TEXT_REQUEST, validate_plain_text
from networks.models import Gemeente, Organisation

from .reeks import CasusOverleg, Casusreeks


class Casus(models.Model):
    reeks = models.ForeignKey(
        Casusreeks, on_delete=models.CASCADE, related_name="casussen", verbose_name=_("reeks")
    )
    code = models.CharField(_("casuscode"), max_length=20, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("aanmeldende organisatie"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(_("aangemeld op"), auto_now_add=True)
    overleg = models.ForeignKey(
        CasusOverleg,
        on_delete=models.PROTECT,
        related_name="agenda_casussen",
        verbose_name=_("op de agenda van"),
        help_text=_("Het overleg waar de casus (weer) besproken wordt."),
    )
    reden = models.CharField(_("reden van aanmelden"), max_length=20, choices=Reden.choices)
    situatie = models.TextField(
        _("situatie"), max_length=TEXT_REQUEST, validators=[validate_plain_text]
    )
    levensdomeinen = models.JSONField(_("betrokken levensgebieden"), default=list)
    geprobeerd = models.TextField(
        _("wat is al geprobeerd"), max_length=TEXT_REQUEST, validators=[validate_plain_text]
    )
    vraag = models.TextField(
        _("vraag aan het overleg"), max_length=TEXT_REMARK, validators=[validate_plain_text]
    )
    leeftijdsgroep = models.CharField(
        _("leeftijdsgroep"), max_length=5, choices=Leeftijdsgroep.choices
    )
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeente")
    )
    betrokkenheid = models.CharField(
        _("betrokkenheid van de persoon"), max_length=12, choices=Betrokkenheid.choices
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CasusStatus.choices, default=CasusStatus.AANGEMELD
    )
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        ordering = ["-registered_at", "-pk"]
        indexes = [models.Index(fields=["status", "closed_at"], name="casus_status_closed")]
        constraints = [
            # R-DOC-3: never without at least the person's consent.
            models.CheckConstraint(
                condition=~Q(betrokkenheid=Betrokkenheid.GEEN), name="casus_consent_required"
            ),
            models.CheckConstraint(
                condition=Q(status=CasusStatus.GESLOTEN, closed_at__isnull=False)
                | (~Q(status=CasusStatus.GESLOTEN) & Q(closed_at__isnull=True)),
                name="casus_closed_iff_closed_at",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("casusoverleg:casus_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status != CasusStatus.GESLOTEN


class CasusUitkomst(models.Model):
    """R-DOC-4: what a meeting agreed for a case: the solution, the next step, who takes
    the case and by when. One per case and meeting."""

    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="uitkomsten")
    overleg = models.ForeignKey(
        CasusOverleg, on_delete=models.CASCADE, related_name="uitkomsten", verbose_name=_("overleg")
    )
    oplossing = models.TextField(
        _("afgesproken oplossing"), max_length=TEXT_REQUEST, validators=[validate_plain_text]
    )
    volgende_stap = models.TextField(
        _("volgende stap"), max_length=TEXT_REMARK, validators=[validate_plain_text]
    )
    eigenaar = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisatie die de casus oppakt"),
    )
    datum = models.DateField(_("uiterlijk op"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("uitkomst")
        verbose_name_plural = _("uitkomsten")
        ordering = ["overleg__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["casus", "overleg"], name="uitkomst_once_per_overleg"),
        ]

    def __str__(self) -> str:
        return f"{self.casus} – {self.overleg}"


class CasusTelling(models.Model):
    """The counts that stay when closed cases are removed after the retention term
    (``services.bewaren``): per series, month of registration and of closing, and reason."""

    reeks = models.ForeignKey(Casusreeks, on_delete=models.CASCADE, related_name="tellingen")
    registered_month = models.DateField()
    closed_month = models.DateField()
    reden = models.CharField(max_length=20, choices=Reden.choices)
    aantal = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("telling van verwijderde casussen")
        verbose_name_plural = _("tellingen van verwijderde casussen")
        constraints = [
            models.UniqueConstraint(
                fields=["reeks", "registered_month", "closed_month", "reden"],
                name="casustelling_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reeks} {self.registered_month:%Y-%m}: {self.aantal}"
