from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from .constants import Action, Event, IdentifierType, Outcome


class AccessLogEntry(models.Model):
    """One access to personal data (NEN 7513). Rows are never updated or deleted.

    The actor is copied as text (e-mail, roles, organisation) so the entry keeps
    saying who it was after the account changes or is removed. The database sets the
    time (``occurred_at``): on PostgreSQL a trigger writes the statement's time into
    every new row, refuses UPDATE, and DELETE of entries younger than the retention
    period; the application's role may only INSERT and SELECT. There the table is
    partitioned by month and its primary key is ``(id, occurred_at)``.
    """

    occurred_at = models.DateTimeField(_("tijdstip"), db_default=Now(), db_index=True)
    event = models.CharField(_("gebeurtenis"), max_length=20, choices=Event.choices)
    action = models.CharField(_("actie"), max_length=1, choices=Action.choices)
    outcome = models.CharField(
        _("uitkomst"), max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        verbose_name=_("gebruiker"),
    )
    user_identifier = models.CharField(_("gebruiker (e-mail)"), max_length=254, blank=True)
    user_name = models.CharField(_("naam gebruiker"), max_length=200, blank=True)
    user_roles = models.CharField(_("rol"), max_length=200, blank=True)
    user_organisation = models.CharField(_("organisatie"), max_length=400, blank=True)
    on_behalf_of = models.CharField(
        _("namens"),
        max_length=254,
        blank=True,
        help_text=_("Bijvoorbeeld het systeem achter een API-sleutel."),
    )
    access_point = models.CharField(_("toegangspunt (adres)"), max_length=64, blank=True)
    person_identifier_type = models.CharField(
        _("soort identificatie persoon"), max_length=20, choices=IdentifierType.choices, blank=True
    )
    person_identifier = models.CharField(_("identificatie persoon"), max_length=128, blank=True)
    object_type = models.CharField(_("soort gegeven"), max_length=100, blank=True)
    object_id = models.CharField(_("id gegeven"), max_length=64, blank=True)
    source_system = models.CharField(_("bronsysteem"), max_length=100)
    detail = models.CharField(_("toelichting"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("toegangslogregel")
        verbose_name_plural = _("toegangslog")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["person_identifier", "occurred_at"])]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return (
            f"{self.occurred_at:%Y-%m-%d %H:%M} {self.user_identifier} {self.get_event_display()}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Access log entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Access log entries are append-only.")


class AccessLogSeal(models.Model):
    """The seal of one closed day (UTC) of the access log: a SHA-256 over that day's
    entries, chained to the previous day's seal, so a changed, removed or inserted
    entry shows up in ``manage.py verify_access_log``. Rows are only ever added."""

    period_start = models.DateField(_("dag (UTC)"), unique=True)
    entry_count = models.PositiveBigIntegerField(_("aantal regels"))
    entries_digest = models.CharField(_("hash van de regels"), max_length=64)
    previous_digest = models.CharField(_("vorige zegel"), max_length=64)
    digest = models.CharField(_("zegel"), max_length=64)
    sealed_at = models.DateTimeField(_("verzegeld op"), db_default=Now())

    class Meta:
        verbose_name = _("zegel toegangslog")
        verbose_name_plural = _("zegels toegangslog")
        ordering = ["period_start"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.period_start:%Y-%m-%d} {self.digest[:12]}"
