"""The abstract models of a recurring meeting series and its meetings, shared by the
function apps (a transfer table, a casusoverleg series): the rhythm (``mgn.schedule``),
the place, the meeting's time and status, and the marks of its invitations
(``mgn.meetings``). Each app adds its own network, members, constraints and content."""

from datetime import time, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from mgn.validators import TEXT_REMARK, validate_line


class Frequency(models.TextChoices):
    WEKELIJKS = "wekelijks", _("Elke week")
    TWEEWEKELIJKS = "tweewekelijks", _("Elke twee weken")
    DRIEWEKELIJKS = "driewekelijks", _("Elke drie weken")
    MAANDELIJKS = "maandelijks", _("Elke maand")


class MeetingStatus(models.TextChoices):
    GEPLAND = "gepland", _("Gepland")
    GEHOUDEN = "gehouden", _("Gehouden")
    GEANNULEERD = "geannuleerd", _("Geannuleerd")


WEEKDAYS = [
    (0, _("maandag")),
    (1, _("dinsdag")),
    (2, _("woensdag")),
    (3, _("donderdag")),
    (4, _("vrijdag")),
]


class MeetingSeries(models.Model):
    frequency = models.CharField(
        _("frequentie"), max_length=20, choices=Frequency.choices, default=Frequency.TWEEWEKELIJKS
    )
    weekday = models.PositiveSmallIntegerField(_("vaste dag"), default=1, choices=WEEKDAYS)
    default_time = models.TimeField(_("vaste begintijd"), default=time(9, 0))
    duration_minutes = models.PositiveSmallIntegerField(_("duur (minuten)"), default=60)
    location = models.CharField(
        _("plaats of link"), max_length=300, blank=True, validators=[validate_line]
    )
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Meeting(models.Model):
    starts_at = models.DateTimeField(_("begint om"))
    duration_minutes = models.PositiveSmallIntegerField(_("duur (minuten)"), default=60)
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.GEPLAND
    )
    cancel_reason = models.CharField(
        _("reden van annuleren"), max_length=TEXT_REMARK, blank=True, validators=[validate_line]
    )
    generated = models.BooleanField(default=False, editable=False)
    invitations_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    invitations_queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)
