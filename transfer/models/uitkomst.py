"""What the holding provider recorded for one of its entries in an accepted proposal
(R-TR-3, R-TR-2): the person's answer and, for an accepted person, the warm handover to the
receiving provider.

The person is kept here only as ``entry_key``, a hash of the region's pseudonym
(``selectors.werklijst.entry_key``): it finds the answer again when the provider's next
upload has replaced the entry, and lets that upload keep a handed-over person overgedragen,
without the pseudonym itself being stored outside the waiting list and the access log. No BSN,
name, birth date or pseudonym is stored; the entry itself goes with the next upload
(SET_NULL), while the offer and the registration date stay, so the provider still knows whom
it was about.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from networks.models import Organisation
from transfer.constants import Antwoord
from wachttijden.models import Wachtplek

from .voorstel import Transfervoorstel


class Uitkomst(models.Model):
    voorstel = models.ForeignKey(
        Transfervoorstel,
        on_delete=models.PROTECT,
        related_name="uitkomsten",
        verbose_name=_("voorstel"),
    )
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("aanbieder met de wachtplek"),
    )
    wachtplek = models.ForeignKey(
        Wachtplek, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entry_key = models.CharField(max_length=64, editable=False)
    registered_on = models.DateField(_("aanmelddatum"))
    antwoord = models.CharField(
        _("antwoord"), max_length=16, choices=Antwoord.choices, blank=True, default=""
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("vastgelegd op"))
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    handed_over_at = models.DateTimeField(_("warm overgedragen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitkomst")
        verbose_name_plural = _("uitkomsten")
        ordering = ["voorstel", "registered_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["voorstel", "entry_key"], name="uitkomst_one_per_entry_per_voorstel"
            ),
            models.CheckConstraint(
                condition=Q(handed_over_at__isnull=True)
                | Q(antwoord=Antwoord.AANVAARD, handed_over_by__isnull=False),
                name="uitkomst_handover_only_when_accepted",
            ),
        ]
        indexes = [
            models.Index(
                fields=["provider", "handed_over_at"],
                condition=Q(handed_over_at__isnull=False),
                name="uitkomst_handovers_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Uitkomst {self.pk} van voorstel {self.voorstel_id}"

    @property
    def is_handed_over(self) -> bool:
        return self.handed_over_at is not None
