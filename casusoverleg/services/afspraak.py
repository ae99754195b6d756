"""R-DOC-1: the partners record their agreement on processing personal data (AVG) first;
no case is registered without a current one.

``afspraak_gaps`` says, in Dutch, what is missing: the registration of a case (web form
and API alike, ``services.casussen.casus_register``) refuses with exactly those words."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casusoverleg.models import Verwerkingsafspraak
from mgn.validators import check_pdf_upload
from networks.models import Network, Partnership


def current_afspraak(network: Network, *, today: date | None = None):
    """The network's agreement in force today (the most recently signed one), or None."""
    today = today or timezone.localdate()
    return (
        Verwerkingsafspraak.objects.filter(network=network, signed_on__lte=today)
        .exclude(valid_until__lt=today)
        .order_by("-signed_on", "-pk")
        .first()
    )


def afspraak_gaps(network: Network, *, today: date | None = None) -> list[str]:
    """What keeps the network from registering cases (R-DOC-1); empty when nothing does."""
    today = today or timezone.localdate()
    if not network.offers_casusoverleg:
        return [_("Dit netwerk biedt geen domeinoverstijgend casusoverleg (functie IV).")]
    if current_afspraak(network, today=today) is not None:
        return []
    latest = Verwerkingsafspraak.objects.filter(network=network).order_by("-signed_on").first()
    what = _(
        "Leg eerst de verwerkingsafspraak (AVG) van de partners vast: het ondertekende "
        "document, de datum, de partners die tekenden, het doel van de verwerking en de "
        "bewaartermijn van casussen. Zonder die afspraak kan geen casus worden aangemeld."
    )
    if latest is None:
        return [
            _("Het netwerk heeft nog geen verwerkingsafspraak (AVG) voor het casusoverleg.")
            + " "
            + what
        ]
    if latest.signed_on > today:
        return [
            _("De verwerkingsafspraak '%(title)s' gaat pas in op %(day)s.")
            % {"title": latest.title, "day": latest.signed_on.strftime("%d-%m-%Y")}
            + " "
            + what
        ]
    return [
        _("De verwerkingsafspraak '%(title)s' is verlopen op %(day)s.")
        % {"title": latest.title, "day": latest.valid_until.strftime("%d-%m-%Y")}
        + " "
        + what
    ]


@transaction.atomic
def afspraak_record(
    *,
    network: Network,
    title: str,
    document,
    signed_on: date,
    signatories,
    purpose: str,
    retention_months: int,
    recorded_by,
    valid_until: date | None = None,
    remark: str = "",
) -> Verwerkingsafspraak:
    """Record the network's processing agreement (R-DOC-1). Every signatory is a partner of
    the network, and at least one of the three domains' partners signed."""
    errors: dict[str, str] = {}
    if not network.offers_casusoverleg:
        errors["network"] = _(
            "Dit netwerk biedt geen domeinoverstijgend casusoverleg (functie IV)."
        )
    signatories = list(signatories)
    if len(signatories) < 2:
        errors["signatories"] = _(
            "Kies de partners die de afspraak ondertekenden (ten minste twee)."
        )
    else:
        partners = set(
            Partnership.objects.filter(network=network).values_list("organisation_id", flat=True)
        )
        outside = sorted(o.name for o in signatories if o.pk not in partners)
        if outside:
            errors["signatories"] = _("Geen partner van het netwerk: %(names)s.") % {
                "names": ", ".join(outside)
            }
    today = timezone.localdate()
    if signed_on > today:
        errors["signed_on"] = _("De datum van ondertekening ligt in de toekomst.")
    if valid_until is not None and valid_until < signed_on:
        errors["valid_until"] = _("'Geldig tot' ligt vóór de datum van ondertekening.")
    if not 1 <= retention_months <= 120:
        errors["retention_months"] = _("De bewaartermijn is 1 tot 120 maanden.")
    try:
        check_pdf_upload(document, missing=_("Voeg het ondertekende document toe (PDF)."))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    afspraak = Verwerkingsafspraak(
        network=network,
        title=title.strip(),
        document_name=(getattr(document, "name", "") or "")[-200:],
        signed_on=signed_on,
        valid_until=valid_until,
        purpose=purpose.strip(),
        retention_months=retention_months,
        remark=remark.strip(),
        recorded_by=recorded_by,
    )
    afspraak.full_clean(exclude=["network", "recorded_by", "document"])
    afspraak.document.save("verwerkingsafspraak.pdf", document, save=False)
    afspraak.save()
    afspraak.signatories.set(signatories)
    return afspraak
