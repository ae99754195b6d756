"""A transfer proposal stored on a meeting of the table (R-TR-1, R-TR-7): "n persons of
zorgvraagtype X (ggz) or woongemeente G (SD) waiting more than w weeks at offer A → offer B,
room for m in the coming k weeks". Counts only: an individual proposal has a meeting-local
code ("P1"), never a pseudonym (R-TR-2). The waits are recorded with their sources and the
picture's date, so the weeks saved never drift when the overview is recomputed."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from networks.models import Gemeente
from transfer.constants import VoorstelKind, VoorstelStatus
from transfer.models.tafel import TafelOverleg
from wachttijden.models import Aanbod, Zorgvraagtype


class Transfervoorstel(models.Model):
    overleg = models.ForeignKey(
        TafelOverleg,
        on_delete=models.CASCADE,
        related_name="voorstellen",
        verbose_name=_("overleg"),
    )
    kind = models.CharField(
        _("soort"), max_length=12, choices=VoorstelKind.choices, default=VoorstelKind.GROEP
    )
    code = models.CharField(_("code"), max_length=8, blank=True)  # "P1": individual only
    from_aanbod = models.ForeignKey(
        Aanbod, on_delete=models.PROTECT, related_name="+", verbose_name=_("van aanbod")
    )
    to_aanbod = models.ForeignKey(
        Aanbod, on_delete=models.PROTECT, related_name="+", verbose_name=_("naar aanbod")
    )
    zorgvraagtype = models.ForeignKey(
        Zorgvraagtype,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("zorgvraagtype"),
    )
    gemeente = models.ForeignKey(
        Gemeente,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("woongemeente"),
    )
    min_waiting_weeks = models.PositiveSmallIntegerField(_("wachtend langer dan (weken)"))
    persons = models.PositiveIntegerField(_("aantal personen"))
    room = models.PositiveIntegerField(_("ruimte bij vastleggen"))
    weeks = models.PositiveSmallIntegerField(_("komende weken"))
    wait_from_weeks = models.DecimalField(
        _("verwachte wachttijd bij A"), max_digits=5, decimal_places=1
    )
    wait_from_source = models.CharField(max_length=12, blank=True)
    wait_to_weeks = models.DecimalField(
        _("verwachte wachttijd bij B"), max_digits=5, decimal_places=1
    )
    wait_to_source = models.CharField(max_length=12, blank=True)
    picture_on = models.DateField(_("datum van het vraagbeeld"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=VoorstelStatus.choices,
        default=VoorstelStatus.VOORGESTELD,
    )
    made_by_matcher = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("transfervoorstel")
        verbose_name_plural = _("transfervoorstellen")
        ordering = ["overleg", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(persons__gte=1, persons__lte=F("room")),
                name="voorstel_persons_within_room",
            ),
            models.CheckConstraint(
                condition=Q(wait_to_weeks__lt=F("wait_from_weeks")),
                name="voorstel_shorter_wait",
            ),
            models.CheckConstraint(
                condition=Q(kind=VoorstelKind.GROEP, code="")
                | Q(kind=VoorstelKind.INDIVIDUEEL, persons=1) & ~Q(code=""),
                name="voorstel_individual_is_one_with_a_code",
            ),
            models.UniqueConstraint(
                fields=["overleg", "code"], condition=~Q(code=""), name="voorstel_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.persons} {self.from_aanbod_id} → {self.to_aanbod_id}"

    @property
    def weeks_saved(self) -> Decimal:
        """n × (wait at A − wait at B), from the recorded figures only (R-TR-7)."""
        return self.persons * (self.wait_from_weeks - self.wait_to_weeks)

    @property
    def is_open(self) -> bool:
        return self.status == VoorstelStatus.VOORGESTELD
