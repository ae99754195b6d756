"""The steekproef (R-TR-6): the table orders n random entries of a provider's waiting
list, chosen by the platform with a recorded seed; the provider checks them in its own
records. The table sees only the counts per result, never the entries."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from networks.models import Organisation
from transfer.constants import SteekproefUitkomst
from wachttijden.models import Aanbod, Wachtplek

from .tafel import Transfertafel


class Steekproef(models.Model):
    tafel = models.ForeignKey(Transfertafel, on_delete=models.CASCADE, related_name="steekproeven")
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("aanbieder")
    )
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ordered_at = models.DateTimeField(_("besteld op"), auto_now_add=True)
    n = models.PositiveIntegerField(_("aantal wachtplekken"))
    seed = models.BigIntegerField(
        _("zaadwaarde"),
        help_text=_("Met deze waarde is de keuze over dezelfde lijst na te rekenen."),
    )
    list_size = models.PositiveIntegerField(_("lengte van de lijst bij bestellen"))

    class Meta:
        verbose_name = _("steekproef")
        verbose_name_plural = _("steekproeven")
        ordering = ["-ordered_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(n__gte=1), name="steekproef_n_positive"),
        ]

    def __str__(self) -> str:
        return f"Steekproef {self.provider} ({self.n})"


class SteekproefRegel(models.Model):
    """One sampled entry. The entry itself may go with the provider's next upload
    (SET_NULL); the offer and registration date stay, so the provider can still find it.
    The client reference is read from the entry, never copied here."""

    steekproef = models.ForeignKey(Steekproef, on_delete=models.CASCADE, related_name="regels")
    wachtplek = models.ForeignKey(
        Wachtplek, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aanbod = models.ForeignKey(Aanbod, on_delete=models.PROTECT, related_name="+")
    registered_on = models.DateField(_("aanmelddatum"))
    result = models.CharField(
        _("uitkomst"),
        max_length=12,
        choices=SteekproefUitkomst.choices,
        default=SteekproefUitkomst.NIET_GECONTROLEERD,
        blank=True,
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("gecontroleerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("steekproefregel")
        verbose_name_plural = _("steekproefregels")
        ordering = ["steekproef", "pk"]

    def __str__(self) -> str:
        return f"Regel {self.pk} van steekproef {self.steekproef_id}"
