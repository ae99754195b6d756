"""People working for an organisation."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mgn.validators import validate_name
from networks.constants import Discipline
from networks.validators import validate_agb

from .organisation import Organisation


class Professional(models.Model):
    """A person working for an organisation, with a discipline; may or may not log in."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="professionals",
        verbose_name=_("organisatie"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="professionals",
        verbose_name=_("account"),
    )
    name = models.CharField(_("naam"), max_length=200, validators=[validate_name])
    discipline = models.CharField(_("discipline"), max_length=30, choices=Discipline.choices)
    agb_code = models.CharField(
        _("persoonlijke AGB-code"), max_length=8, blank=True, validators=[validate_agb]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("professional")
        verbose_name_plural = _("professionals")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(user__isnull=False),
                name="professional_one_per_user_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(agb_code="") | Q(agb_code__regex=r"^[0-9]{8}$"),
                name="professional_agb_format",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_discipline_display()})"
