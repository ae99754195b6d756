"""R-DOC-1: a meeting series of the casusoverleg: a fixed frequency and a fixed composition
from huisartsen, ggz and sociaal domein; its members and its meetings."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mgn.meeting_models import Meeting, MeetingSeries
from mgn.validators import TEXT_LONG, validate_line, validate_plain_text
from networks.constants import Domain
from networks.models import Network, Organisation, Professional


class Casusreeks(MeetingSeries):
    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, related_name="casusreeksen", verbose_name=_("netwerk")
    )
    name = models.CharField(_("naam"), max_length=200, validators=[validate_line])

    class Meta:
        verbose_name = _("casusoverlegreeks")
        verbose_name_plural = _("casusoverlegreeksen")
        ordering = ["network__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "name"], name="reeks_unique_name"),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=15, duration_minutes__lte=480),
                name="reeks_duration_bounds",
            ),
            models.CheckConstraint(condition=Q(weekday__lte=4), name="reeks_weekday_workday"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("casusoverleg:reeks_detail", args=[self.pk])


class ReeksLid(models.Model):
    """A member of the fixed composition: a professional of an organisation (or a user
    acting for it). ``domain`` is the domain the member brings in, fixed when they joined
    (R-DOC-1: a gemeente's own staff count as sociaal domein). Leaving sets ``left_on``;
    the row stays, so past meetings keep their attendees."""

    reeks = models.ForeignKey(
        Casusreeks, on_delete=models.CASCADE, related_name="leden", verbose_name=_("reeks")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisatie")
    )
    professional = models.ForeignKey(
        Professional,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("professional"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="casusreeks_leden",
        verbose_name=_("account"),
    )
    domain = models.CharField(_("domein"), max_length=12, choices=Domain.choices)
    is_voorzitter = models.BooleanField(_("voorzitter"), default=False)
    joined_on = models.DateField(_("lid sinds"))
    left_on = models.DateField(_("lid tot"), null=True, blank=True)

    class Meta:
        verbose_name = _("lid van de reeks")
        verbose_name_plural = _("leden van de reeks")
        ordering = ["domain", "organisation__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(professional__isnull=False) | Q(user__isnull=False),
                name="reekslid_professional_or_user",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="reekslid_left_after_joined",
            ),
            models.UniqueConstraint(
                fields=["reeks", "user"],
                condition=Q(left_on__isnull=True, user__isnull=False),
                name="reekslid_user_once",
            ),
            models.UniqueConstraint(
                fields=["reeks", "professional"],
                condition=Q(left_on__isnull=True, professional__isnull=False),
                name="reekslid_professional_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.organisation})"

    @property
    def display_name(self) -> str:
        if self.professional_id:
            return self.professional.name
        return self.user.get_full_name() or self.user.email


class CasusOverleg(Meeting):
    """One meeting of a series: planned from the frequency or by hand."""

    reeks = models.ForeignKey(
        Casusreeks, on_delete=models.CASCADE, related_name="overleggen", verbose_name=_("reeks")
    )
    notes = models.TextField(
        _("algemene notities"), max_length=TEXT_LONG, blank=True, validators=[validate_plain_text]
    )

    class Meta:
        verbose_name = _("casusoverleg")
        verbose_name_plural = _("casusoverleggen")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["reeks", "starts_at"], name="casusoverleg_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=15, duration_minutes__lte=480),
                name="casusoverleg_duration_bounds",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reeks} {self.starts_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("casusoverleg:overleg_detail", args=[self.pk])


class CasusAanwezigheid(models.Model):
    """Who was invited to a meeting and whether they attended (None: not yet recorded)."""

    overleg = models.ForeignKey(CasusOverleg, on_delete=models.CASCADE, related_name="aanwezigheid")
    lid = models.ForeignKey(ReeksLid, on_delete=models.PROTECT, related_name="aanwezigheid")
    present = models.BooleanField(_("aanwezig"), null=True, blank=True)

    class Meta:
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheid")
        ordering = ["lid__domain", "lid__organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["overleg", "lid"], name="casusaanwezigheid_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.overleg} – {self.lid}"
