from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mgn.validators import (
    TEXT_REQUEST,
    validate_date_of_birth,
    validate_line,
    validate_name,
    validate_plain_text,
)
from networks.constants import OrganisationKind
from networks.models import Gemeente, Network, Organisation, Professional
from verkennend_gesprek.constants import (
    DEFAULT_DURATION_MINUTES,
    MAX_GESPREKKEN,
    Mode,
    ParticipantRole,
    Status,
    Urgency,
)


class Persoon(models.Model):
    """The person's details as submitted with one request (R-PR-2): every request has its own
    row, written once by the request and changed only through
    ``services.persoon.persoon_correct``, so a later request, of this or another practice,
    never changes what an earlier one submitted. The person across requests is
    (network, bsn).

    Holds direct identifiers, so every read goes to the access log (R-PR-1).
    """

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="personen")
    bsn = models.CharField(_("BSN"), max_length=9)
    given_name = models.CharField(_("voornaam"), max_length=100, validators=[validate_name])
    family_name_prefix = models.CharField(
        _("tussenvoegsel"), max_length=20, blank=True, validators=[validate_name]
    )
    family_name = models.CharField(_("achternaam"), max_length=150, validators=[validate_name])
    date_of_birth = models.DateField(_("geboortedatum"), validators=[validate_date_of_birth])
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, related_name="+", verbose_name=_("woongemeente")
    )
    address = models.CharField(_("adres"), max_length=300, blank=True, validators=[validate_line])
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    insurer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("zorgverzekeraar"),
        limit_choices_to={"kind": OrganisationKind.ZORGVERZEKERAAR},
    )
    policy_number = models.CharField(_("polisnummer"), max_length=30, validators=[validate_line])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        constraints = [
            models.CheckConstraint(
                condition=Q(bsn__regex=r"^[0-9]{9}$"), name="persoon_bsn_format"
            ),
        ]
        # The same person's rows across requests (one open request, insurance periods).
        indexes = [models.Index(fields=["network", "bsn"], name="persoon_network_bsn")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(
            p for p in (self.given_name, self.family_name_prefix, self.family_name) if p
        )

    def age_on(self, day: date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def audit_identifier(self) -> tuple[str, str]:
        return "bsn", self.bsn


class VerkennendGesprek(models.Model):
    """A huisarts's request for a verkennend gesprek, and everything that follows from it."""

    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, related_name="verkennende_gesprekken"
    )
    persoon = models.ForeignKey(
        Persoon, on_delete=models.PROTECT, related_name="verkennende_gesprekken"
    )
    practice = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("huisartsenpraktijk"),
    )
    huisarts = models.ForeignKey(
        Professional,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("aanvragend huisarts"),
    )
    huisarts_agb = models.CharField(_("AGB-code huisarts"), max_length=8)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now, db_index=True)
    idempotency_key = models.CharField(max_length=80, null=True, blank=True)
    hulpvraag = models.TextField(
        _("hulpvraag in de woorden van de persoon"),
        max_length=TEXT_REQUEST,
        validators=[validate_plain_text],
    )
    psychische_klachten = models.BooleanField(_("psychische klachten"), default=True)
    life_domains = models.JSONField(_("levensgebieden met problemen"), default=list)
    expertise = models.JSONField(_("gewenste specifieke expertise"), default=list, blank=True)
    naaste_komt = models.BooleanField(_("een naaste komt mee"), default=False)
    urgency = models.CharField(
        _("urgentie"), max_length=10, choices=Urgency.choices, default=Urgency.REGULIER
    )
    consent = models.BooleanField(_("toestemming van de persoon"), default=False)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.AANGEVRAAGD,
        db_index=True,
    )
    # R-VG-7: follow-up.
    followup_started_on = models.DateField(_("vervolgtraject gestart op"), null=True, blank=True)
    followup_description = models.CharField(
        _("vervolgtraject"), max_length=300, blank=True, validators=[validate_plain_text]
    )
    ggz_takeover_on = models.DateField(
        _("ggz neemt behandelverantwoordelijkheid over op"), null=True, blank=True
    )
    # The planners' notification (services.notificaties): sent once, marked in the same
    # transaction; queued_at is when its task was last handed to the broker, so the mail
    # sweep sends it again once, not every sweep, while the broker or the workers are away.
    planners_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    planners_queued_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("verkennend gesprek")
        verbose_name_plural = _("verkennende gesprekken")
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["requested_by", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="vg_idempotent_request",
            ),
            models.CheckConstraint(condition=Q(consent=True), name="vg_requires_consent"),
        ]
        indexes = [models.Index(fields=["network", "status", "requested_at"])]

    def __str__(self) -> str:
        return f"VG-{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("verkennend_gesprek:detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"VG-{self.pk:06d}"

    @property
    def is_requested(self) -> bool:
        """Requested and not planned yet."""
        return self.status == Status.AANGEVRAAGD

    @property
    def is_cancelled(self) -> bool:
        return self.status == Status.GEANNULEERD

    def audit_identifier(self) -> tuple[str, str]:
        return self.persoon.audit_identifier()


class GeweigerdeAanvraag(models.Model):
    """A request refused because the person already had an open request in the network
    (one open request per person): the planner sees it beside the open one; the refused
    requester sees nothing of the open request."""

    open_request = models.ForeignKey(
        VerkennendGesprek,
        on_delete=models.CASCADE,
        related_name="geweigerde_aanvragen",
        verbose_name=_("open aanvraag"),
    )
    practice = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("praktijk")
    )
    huisarts = models.ForeignKey(
        Professional, on_delete=models.PROTECT, related_name="+", verbose_name=_("huisarts")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    idempotency_key = models.CharField(max_length=80, null=True, blank=True)
    attempted_at = models.DateTimeField(_("geprobeerd op"), default=timezone.now)

    class Meta:
        verbose_name = _("geweigerde aanvraag")
        verbose_name_plural = _("geweigerde aanvragen")
        ordering = ["attempted_at", "id"]

    def __str__(self) -> str:
        return f"Geweigerd bij {self.open_request}"

    def audit_identifier(self) -> tuple[str, str]:
        return self.open_request.audit_identifier()


class Gesprek(models.Model):
    """One conversation (R-VG-5: at most two per request, about an hour)."""

    verkennend_gesprek = models.ForeignKey(
        VerkennendGesprek, on_delete=models.CASCADE, related_name="gesprekken"
    )
    number = models.PositiveSmallIntegerField(_("gesprek"), default=1)
    starts_at = models.DateTimeField(_("datum en tijd"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duur (minuten)"), default=DEFAULT_DURATION_MINUTES
    )
    mode = models.CharField(_("vorm"), max_length=10, choices=Mode.choices, default=Mode.LOCATIE)
    location = models.CharField(_("adres"), max_length=300, blank=True, validators=[validate_line])
    online_link = models.URLField(_("link voor het online gesprek"), blank=True)
    held = models.BooleanField(_("gehouden"), default=False)
    invitations_sent_at = models.DateTimeField(null=True, blank=True)
    # When the invitations were last handed to the broker: on planning, on every move and
    # when the mail sweep sends them again (services.notificaties.mail_sweep).
    invitations_queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Times the conversation was moved: the invitation's SEQUENCE, so calendars replace it.
    reschedule_count = models.PositiveSmallIntegerField(default=0)
    # Recorded afterwards (services.planning.gesprek_record_afterwards): a conversation
    # that already took place, entered by a planner with its attendance, no invitations.
    recorded_afterwards_at = models.DateTimeField(
        _("achteraf vastgelegd op"), null=True, blank=True, editable=False
    )
    recorded_afterwards_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("achteraf vastgelegd door"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("gesprek")
        verbose_name_plural = _("gesprekken")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["verkennend_gesprek", "number"], name="gesprek_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=MAX_GESPREKKEN), name="gesprek_at_most_two"
            ),
            models.CheckConstraint(
                condition=~Q(mode=Mode.LOCATIE) | ~Q(location=""),
                name="gesprek_location_has_address",
            ),
        ]

    def __str__(self) -> str:
        return f"Gesprek {self.number} van {self.verkennend_gesprek}"

    @property
    def is_online(self) -> bool:
        return self.mode == Mode.ONLINE

    @property
    def recorded_afterwards(self) -> bool:
        return self.recorded_afterwards_at is not None

    @property
    def ends_at(self):
        from datetime import timedelta

        return self.starts_at + timedelta(minutes=self.duration_minutes)


class Deelnemer(models.Model):
    """Who takes part (R-VG-4): professionals by record, a naaste by name."""

    gesprek = models.ForeignKey(Gesprek, on_delete=models.CASCADE, related_name="deelnemers")
    role = models.CharField(_("rol"), max_length=20, choices=ParticipantRole.choices)
    professional = models.ForeignKey(
        Professional, on_delete=models.PROTECT, null=True, blank=True, related_name="deelnames"
    )
    name = models.CharField(_("naam"), max_length=200, blank=True, validators=[validate_name])
    email = models.EmailField(_("e-mail"), blank=True)
    present = models.BooleanField(_("aanwezig"), null=True)
    absence_reason = models.CharField(
        _("reden afwezigheid"),
        max_length=300,
        blank=True,
        help_text=_("R-VG-4: verplicht als de ggz- of sd-professional er niet bij was."),
    )

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role=ParticipantRole.NAASTE) | Q(professional__isnull=False),
                name="deelnemer_professional_unless_naaste",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_role_display()})"

    @property
    def display_name(self) -> str:
        return self.professional.name if self.professional_id else self.name
