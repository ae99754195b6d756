"""The transfer table (R-TR-5, R-TR-4): per network or subregion, its regievoerder, its
fixed team and guests, and its meetings. No person data: the table works on anonymous
counts only (R-TR-1, R-TR-2)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mgn.meeting_models import Meeting, MeetingSeries
from mgn.validators import TEXT_LONG, validate_line, validate_plain_text
from networks.models import Gemeente, Network, Organisation, Professional
from transfer.constants import GuestRole, MemberKind


class Transfertafel(MeetingSeries):
    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, related_name="transfertafels", verbose_name=_("netwerk")
    )
    name = models.CharField(_("naam"), max_length=200, validators=[validate_line])
    gemeenten = models.ManyToManyField(
        Gemeente,
        blank=True,
        related_name="transfertafels",
        verbose_name=_("deelregio"),
        help_text=_("Leeg: het hele werkgebied van het netwerk."),
    )
    regievoerder = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="transfertafels_as_regievoerder",
        verbose_name=_("regievoerder"),
        help_text=_("R-TR-5: één regievoerder; standaard de regievoerder van het netwerk."),
    )
    huisartsen_take_part = models.BooleanField(
        _("huisartsen doen mee"),
        default=False,
        help_text=_("R-TR-1: de regio besluit of huisartsen aan de tafel deelnemen."),
    )

    class Meta:
        verbose_name = _("transfertafel")
        verbose_name_plural = _("transfertafels")
        ordering = ["network__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "name"], name="tafel_unique_name"),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=15, duration_minutes__lte=480),
                name="tafel_duration_bounds",
            ),
            models.CheckConstraint(condition=Q(weekday__lte=4), name="tafel_weekday_workday"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("transfer:tafel_detail", args=[self.pk])


class TafelLid(models.Model):
    """A member of the table: a teamlid for a provider, or a gast (R-TR-4). A member is a
    professional of the organisation, or a user (a zorgbemiddelaar without a professional
    record). Leaving sets ``left_on``; the row stays, so past meetings keep their
    attendees."""

    tafel = models.ForeignKey(
        Transfertafel, on_delete=models.CASCADE, related_name="leden", verbose_name=_("tafel")
    )
    kind = models.CharField(_("soort"), max_length=10, choices=MemberKind.choices)
    guest_role = models.CharField(
        _("rol als gast"), max_length=30, choices=GuestRole.choices, blank=True
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="tafel_leden",
        verbose_name=_("organisatie"),
    )
    professional = models.ForeignKey(
        Professional,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tafel_leden",
        verbose_name=_("professional"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tafel_leden",
        verbose_name=_("account"),
    )
    joined_on = models.DateField(_("lid sinds"))
    left_on = models.DateField(_("lid tot"), null=True, blank=True)

    class Meta:
        verbose_name = _("lid van de transfertafel")
        verbose_name_plural = _("leden van de transfertafel")
        ordering = ["kind", "organisation__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(professional__isnull=False) | Q(user__isnull=False),
                name="tafellid_professional_or_user",
            ),
            models.CheckConstraint(
                condition=(Q(kind=MemberKind.TEAMLID, guest_role=""))
                | (Q(kind=MemberKind.GAST) & ~Q(guest_role="")),
                name="tafellid_guest_role_iff_gast",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="tafellid_left_after_joined",
            ),
            # R-TR-5: a fixed team; a person sits at a table once at a time.
            models.UniqueConstraint(
                fields=["tafel", "professional"],
                condition=Q(left_on__isnull=True, professional__isnull=False),
                name="tafellid_professional_once",
            ),
            models.UniqueConstraint(
                fields=["tafel", "user"],
                condition=Q(left_on__isnull=True, user__isnull=False),
                name="tafellid_user_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.organisation})"

    @property
    def display_name(self) -> str:
        if self.professional_id:
            return self.professional.name
        return self.user.get_full_name()


class TafelOverleg(Meeting):
    """One meeting of the table: planned from the frequency or by hand."""

    tafel = models.ForeignKey(
        Transfertafel, on_delete=models.CASCADE, related_name="overleggen", verbose_name=_("tafel")
    )
    agenda = models.TextField(
        _("agenda"), max_length=TEXT_LONG, blank=True, validators=[validate_plain_text]
    )
    minutes = models.TextField(
        _("verslag"), max_length=TEXT_LONG, blank=True, validators=[validate_plain_text]
    )
    attendees = models.ManyToManyField(
        TafelLid, through="Aanwezigheid", related_name="overleggen", verbose_name=_("deelnemers")
    )

    class Meta:
        verbose_name = _("overleg van de transfertafel")
        verbose_name_plural = _("overleggen van de transfertafel")
        ordering = ["starts_at"]
        constraints = [
            # Generating ahead is idempotent: one meeting per table and start.
            models.UniqueConstraint(fields=["tafel", "starts_at"], name="overleg_unique_start"),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=15, duration_minutes__lte=480),
                name="overleg_duration_bounds",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tafel} {self.starts_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("transfer:overleg_detail", args=[self.pk])


class Aanwezigheid(models.Model):
    """Who was invited to a meeting and whether they attended (None: not yet recorded)."""

    overleg = models.ForeignKey(TafelOverleg, on_delete=models.CASCADE, related_name="aanwezigheid")
    lid = models.ForeignKey(TafelLid, on_delete=models.PROTECT, related_name="aanwezigheid")
    present = models.BooleanField(_("aanwezig"), null=True, blank=True)

    class Meta:
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheid")
        ordering = ["lid__kind", "lid__organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["overleg", "lid"], name="aanwezigheid_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.overleg} – {self.lid}"
