"""R-DOC-5: recurring bottlenecks are collected as signals for structural measures. A case
raises a signal with a category and the gemeenten concerned; a signal of missing offer
can be linked to (or create) the sociale kaart's ``OntbrekendAanbod``, whose page then
shows the count of linked signals. The texts pass the identifier guard."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from casusoverleg.constants import SignaalCategorie
from casusoverleg.models import Casus, Signaal
from casusoverleg.services.teksten import texts_refusal
from networks.models import Organisation
from networks.selectors.netwerken import can_coordinate, gemeenten_served
from wachttijden.constants import Category
from wachttijden.models import OntbrekendAanbod
from wachttijden.services.aanbod import ontbrekend_create


@transaction.atomic
def signaal_raise(
    *,
    casus: Casus,
    category: str,
    gemeenten,
    description: str,
    organisation: Organisation,
    raised_by,
) -> Signaal:
    network = casus.reeks.network
    errors: dict[str, str] = {}
    if category not in SignaalCategorie.values:
        errors["category"] = _("Kies de categorie van het knelpunt.")
    gemeenten = list(gemeenten)
    if not gemeenten:
        errors["gemeenten"] = _("Kies de gemeente(n) waar het knelpunt speelt.")
    else:
        served = set(gemeenten_served([network.pk]).values_list("pk", flat=True))
        outside = sorted(g.name for g in gemeenten if g.pk not in served)
        if outside:
            errors["gemeenten"] = _(
                "Deze gemeenten liggen niet in het werkgebied van het netwerk: %(names)s."
            ) % {"names": ", ".join(outside)}
    if not (description or "").strip():
        errors["description"] = _("Beschrijf het knelpunt.")
    errors.update(texts_refusal(Signaal, {"description": description}))
    if errors:
        raise ValidationError(errors)
    signaal = Signaal(
        network=network,
        reeks=casus.reeks,
        casus=casus,
        casus_code=casus.code,
        category=category,
        description=description.strip(),
        organisation=organisation,
        raised_by=raised_by,
    )
    signaal.full_clean(exclude=["network", "reeks", "casus", "organisation", "raised_by"])
    signaal.save()
    signaal.gemeenten.set(gemeenten)
    return signaal


@transaction.atomic
def signaal_link_ontbrekend(
    *,
    user,
    signaal: Signaal,
    ontbrekend_aanbod: OntbrekendAanbod | None = None,
    category: str = "",
) -> OntbrekendAanbod:
    """Link a missing-offer signal to the sociale kaart's missing offer of the same network;
    with none given, create one from the signal (its gemeenten and text) in the sociale
    kaart's ``category``. A coordinator's work, for linking to an existing one too; only to
    an open missing offer."""
    if not can_coordinate(user, signaal.network):
        raise PermissionDenied
    if signaal.category != SignaalCategorie.ONTBREKEND_AANBOD:
        raise ValidationError(
            {"category": _("Alleen een signaal 'aanbod ontbreekt' hoort bij ontbrekend aanbod.")}
        )
    if ontbrekend_aanbod is None:
        if category not in Category.values:
            raise ValidationError({"category": _("Kies de categorie van de sociale kaart.")})
        ontbrekend_aanbod = ontbrekend_create(
            user=user,
            network=signaal.network,
            category=category,
            gemeenten=list(signaal.gemeenten.all()),
            description=signaal.description,
        )
    elif ontbrekend_aanbod.network_id != signaal.network_id:
        raise ValidationError(
            {"ontbrekend_aanbod": _("Dit ontbrekend aanbod hoort bij een ander netwerk.")}
        )
    elif ontbrekend_aanbod.resolved_at is not None:
        raise ValidationError(
            {"ontbrekend_aanbod": _("Dit ontbrekend aanbod is al opgelost; kies een open melding.")}
        )
    signaal.ontbrekend_aanbod = ontbrekend_aanbod
    signaal.save(update_fields=["ontbrekend_aanbod"])
    return ontbrekend_aanbod
