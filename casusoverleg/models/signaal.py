"""R-DOC-5: a bottleneck signal raised from a case, for structural measures. A signal stays
when its case is removed after the retention term (it keeps the case code)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casusoverleg.constants import SignaalCategorie
from mgn.validators import TEXT_REMARK, validate_plain_text
from networks.models import Gemeente, Network, Organisation
from wachttijden.models import OntbrekendAanbod

from .casus import Casus
from .reeks import Casusreeks


class Signaal(models.Model):
    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, related_name="casus_signalen", verbose_name=_("netwerk")
    )
    reeks = models.ForeignKey(
        Casusreeks, on_delete=models.CASCADE, related_name="signalen", verbose_name=_("reeks")
    )
    casus = models.ForeignKey(
        Casus,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signalen",
        verbose_name=_("casus"),
    )
    casus_code = models.CharField(_("casuscode"), max_length=20)
    category = models.CharField(_("categorie"), max_length=20, choices=SignaalCategorie.choices)
    gemeenten = models.ManyToManyField(Gemeente, related_name="+", verbose_name=_("gemeenten"))
    description = models.TextField(
        _("toelichting"), max_length=TEXT_REMARK, validators=[validate_plain_text]
    )
    ontbrekend_aanbod = models.ForeignKey(
        OntbrekendAanbod,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="casus_signalen",
        verbose_name=_("ontbrekend aanbod op de sociale kaart"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeld door")
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("gemeld op"), auto_now_add=True)

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["network", "created_at"], name="signaal_network_created")]

    def __str__(self) -> str:
        return f"{self.get_category_display()} ({self.casus_code})"
