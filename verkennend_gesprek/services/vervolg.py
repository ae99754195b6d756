"""The follow-up after the conversation (R-VG-7)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verkennend_gesprek.constants import Status
from verkennend_gesprek.models import VerkennendGesprek
from verkennend_gesprek.selectors.vervolg import has_ggz_route


@transaction.atomic
def vervolg_record(
    *,
    vg: VerkennendGesprek,
    started_on: date | None,
    description: str = "",
    ggz_takeover_on: date | None = None,
    today: date | None = None,
) -> VerkennendGesprek:
    """R-VG-7: when the trajectory started, and for a ggz referral when the receiving
    provider took over treatment responsibility — only when the advies has a ggz route."""
    today = today or timezone.localdate()
    held = vg.gesprekken.filter(held=True).order_by("number").first()
    if held is None:
        raise ValidationError(_("Er is nog geen gesprek gehouden."))
    held_on = timezone.localdate(held.starts_at)
    errors = {}
    for name, value in (("started_on", started_on), ("ggz_takeover_on", ggz_takeover_on)):
        if value and value > today:
            errors[name] = [_("Deze datum ligt in de toekomst.")]
        elif value and value < held_on:
            errors[name] = [_("Deze datum ligt vóór het verkennend gesprek.")]
    if ggz_takeover_on and "ggz_takeover_on" not in errors and not has_ggz_route(vg):
        errors["ggz_takeover_on"] = [
            _(
                "Het advies verwijst niet naar de ggz (basis- of specialistische ggz), dus er "
                "is geen overname van de behandelverantwoordelijkheid om vast te leggen. "
                "Laat deze datum leeg, of pas eerst het advies aan."
            )
        ]
    if errors:
        raise ValidationError(errors)
    vg.followup_started_on = started_on
    vg.followup_description = description.strip()
    vg.ggz_takeover_on = ggz_takeover_on
    if started_on and vg.status == Status.ADVIES:
        vg.status = Status.VERVOLG
    vg.save(
        update_fields=["followup_started_on", "followup_description", "ggz_takeover_on", "status"]
    )
    return vg
