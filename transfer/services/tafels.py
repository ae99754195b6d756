"""The transfer table and its team (R-TR-5, R-TR-4, R-TR-1). Every write of a table and of
its members goes through here, from the web forms, the admin and the demo alike.

**Provider of the region** (R-TR-4): an organisation of a providing kind (ggz — a
vrijgevestigde is a ggz-aanbieder —, SD provider, gemeente, and huisartsenzorg when the
table allows it) that either partners in the table's network (in any ring, with any
role) or has an active offer on the sociale kaart (``wachttijden`` Aanbod) in one of the
network's regions. Any such provider may join as teamlid. An insurer joins only as gast
(zorgbemiddeling); a cliëntondersteuner joins as gast for a non-insurer organisation.
"""

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from networks.constants import FINANCIER_ONLY_KINDS, OrganisationKind
from networks.models import Gemeente, Network, Organisation, Partnership, Professional
from networks.selectors.netwerken import gemeenten_served
from transfer.constants import HUISARTS_KINDS, PROVIDER_KINDS, GuestRole, MemberKind
from transfer.models import TafelLid, Transfertafel
from wachttijden.models import Aanbod


def is_provider_of_the_region(organisation: Organisation, network: Network) -> bool:
    """R-TR-4: see the module's docstring."""
    if organisation.kind not in PROVIDER_KINDS:
        return False
    if Partnership.objects.filter(network=network, organisation=organisation).exists():
        return True
    return Aanbod.objects.filter(
        provider=organisation, is_active=True, region__in=network.regions.values("pk")
    ).exists()


def _check_tafel(
    *, network: Network, regievoerder: Organisation, gemeenten, duration_minutes: int
) -> None:
    errors = {}
    if not network.offers_transfer:
        errors["network"] = _("Dit netwerk biedt geen transfermechanisme (functie II).")
    if regievoerder.kind in FINANCIER_ONLY_KINDS:
        errors["regievoerder"] = _(
            "Een zorgverzekeraar kan geen regievoerder zijn; kies een aanbieder of organisatie "
            "die het proces uitvoert."
        )
    elif not Partnership.objects.filter(network=network, organisation=regievoerder).exists():
        errors["regievoerder"] = _(
            "%(org)s is geen partner van %(network)s. De regievoerder is een partner van het "
            "netwerk."
        ) % {"org": regievoerder.name, "network": network.name}
    served = set(gemeenten_served([network.pk]).values_list("pk", flat=True))
    outside = sorted(g.name for g in gemeenten if g.pk not in served)
    if outside:
        errors["gemeenten"] = _(
            "Deze gemeenten liggen niet in het werkgebied van het netwerk: %(names)s."
        ) % {"names": ", ".join(outside)}
    if not 15 <= duration_minutes <= 480:
        errors["duration_minutes"] = _("Een overleg duurt tussen 15 en 480 minuten.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def tafel_create(
    *,
    network: Network,
    name: str,
    regievoerder: Organisation | None = None,
    gemeenten=(),
    huisartsen_take_part: bool = False,
    frequency: str,
    weekday: int = 1,
    default_time: time = time(9, 0),
    duration_minutes: int = 60,
    location: str = "",
    is_active: bool = True,
) -> Transfertafel:
    """A new table; its regievoerder is the network's unless another partner is named
    (R-TR-5). The next meetings are planned at once (``overleggen_generate``)."""
    regievoerder = regievoerder or network.regievoerder
    gemeenten = list(gemeenten)
    _check_tafel(
        network=network,
        regievoerder=regievoerder,
        gemeenten=gemeenten,
        duration_minutes=duration_minutes,
    )
    if Transfertafel.objects.filter(network=network, name=name.strip()).exists():
        raise ValidationError({"name": _("Dit netwerk heeft al een tafel met deze naam.")})
    tafel = Transfertafel(
        network=network,
        name=name.strip(),
        regievoerder=regievoerder,
        huisartsen_take_part=huisartsen_take_part,
        frequency=frequency,
        weekday=weekday,
        default_time=default_time,
        duration_minutes=duration_minutes,
        location=location.strip(),
        is_active=is_active,
    )
    tafel.full_clean(exclude=["network", "regievoerder"])
    tafel.save()
    tafel.gemeenten.set(gemeenten)
    from transfer.services.overleg import overleggen_generate

    overleggen_generate(tafel=tafel)
    return tafel


@transaction.atomic
def tafel_update(*, tafel: Transfertafel, gemeenten=None, **fields) -> Transfertafel:
    """Change the table's settings. Turning huisartsen off does not remove members already
    seated: they are listed for the regievoerder to decide (``tafel_warnings``)."""
    for name, value in fields.items():
        setattr(tafel, name, value.strip() if isinstance(value, str) else value)
    gemeenten = list(tafel.gemeenten.all()) if gemeenten is None else list(gemeenten)
    _check_tafel(
        network=tafel.network,
        regievoerder=tafel.regievoerder,
        gemeenten=gemeenten,
        duration_minutes=tafel.duration_minutes,
    )
    if (
        Transfertafel.objects.filter(network=tafel.network, name=tafel.name)
        .exclude(pk=tafel.pk)
        .exists()
    ):
        raise ValidationError({"name": _("Dit netwerk heeft al een tafel met deze naam.")})
    tafel.full_clean(exclude=["network", "regievoerder"])
    tafel.save()
    tafel.gemeenten.set(gemeenten)
    from transfer.services.overleg import overleggen_generate

    overleggen_generate(tafel=tafel)
    return tafel


def lid_refusal(
    *, tafel: Transfertafel, organisation: Organisation, kind: str, guest_role: str = ""
) -> dict[str, str]:
    """Why this organisation cannot sit at the table in this way (R-TR-4, R-TR-1), per
    field; empty when it can."""
    network = tafel.network
    if kind == MemberKind.TEAMLID:
        if organisation.kind in FINANCIER_ONLY_KINDS:
            return {
                "kind": _(
                    "%(org)s is een zorgverzekeraar: die neemt alleen als gast deel "
                    "(zorgbemiddeling), zonder de rechten van een aanbieder."
                )
                % {"org": organisation.name}
            }
        if organisation.kind in HUISARTS_KINDS and not tafel.huisartsen_take_part:
            return {
                "organisation": _(
                    "Aan deze tafel nemen geen huisartsen deel. De regievoerder kan dat in de "
                    "instellingen van de tafel aanzetten."
                )
            }
        if organisation.kind not in PROVIDER_KINDS:
            return {
                "organisation": _(
                    "%(org)s is geen aanbieder van zorg of ondersteuning (ggz, sociaal domein, "
                    "gemeente) en kan geen teamlid zijn."
                )
                % {"org": organisation.name}
            }
        if not is_provider_of_the_region(organisation, network):
            return {
                "organisation": _(
                    "%(org)s is geen partner van %(network)s en heeft geen aanbod in de regio. "
                    "Alleen aanbieders van de regio kunnen aan de tafel deelnemen."
                )
                % {"org": organisation.name, "network": network.name}
            }
        return {}
    if guest_role not in GuestRole.values:
        return {"guest_role": _("Kies de rol van de gast: zorgbemiddeling of cliëntondersteuning.")}
    if (
        guest_role == GuestRole.ZORGBEMIDDELING
        and organisation.kind != OrganisationKind.ZORGVERZEKERAAR
    ):
        return {
            "guest_role": _(
                "Zorgbemiddeling is de rol van een zorgverzekeraar; %(org)s is dat niet."
            )
            % {"org": organisation.name}
        }
    if guest_role == GuestRole.CLIENTONDERSTEUNING and organisation.is_insurer:
        return {
            "guest_role": _(
                "Een zorgverzekeraar neemt deel met zorgbemiddeling, niet als cliëntondersteuner."
            )
        }
    return {}


@transaction.atomic
def lid_add(
    *,
    tafel: Transfertafel,
    kind: str,
    organisation: Organisation | None = None,
    professional: Professional | None = None,
    user=None,
    guest_role: str = "",
    joined_on: date | None = None,
) -> TafelLid:
    """Seat a teamlid or a gast (R-TR-5: a fixed team; R-TR-4: who may join)."""
    if professional is None and user is None:
        raise ValidationError({"professional": _("Kies een professional of een account.")})
    if professional is not None:
        if organisation is not None and professional.organisation_id != organisation.pk:
            raise ValidationError(
                {
                    "professional": _("%(name)s werkt niet bij %(org)s.")
                    % {"name": professional.name, "org": organisation.name}
                }
            )
        organisation = professional.organisation
        if not professional.is_active:
            raise ValidationError({"professional": _("Deze professional is niet meer actief.")})
        user = user or professional.user
    if organisation is None:
        raise ValidationError({"organisation": _("Kies de organisatie van het lid.")})
    if kind == MemberKind.TEAMLID:
        guest_role = ""
    refusal = lid_refusal(tafel=tafel, organisation=organisation, kind=kind, guest_role=guest_role)
    if refusal:
        raise ValidationError(refusal)
    current = tafel.leden.filter(left_on__isnull=True)
    if (professional is not None and current.filter(professional=professional).exists()) or (
        user is not None and current.filter(user=user).exists()
    ):
        raise ValidationError({"professional": _("Deze persoon zit al aan deze tafel.")})
    lid = TafelLid.objects.create(
        tafel=tafel,
        kind=kind,
        guest_role=guest_role,
        organisation=organisation,
        professional=professional,
        user=user,
        joined_on=joined_on or timezone.localdate(),
    )
    _invite_to_planned(lid)
    return lid


def _invite_to_planned(lid: TafelLid) -> None:
    """A new member is on the attendance of the meetings still to come."""
    from transfer.models import Aanwezigheid

    now = timezone.now()
    for overleg in lid.tafel.overleggen.filter(starts_at__gt=now, status="gepland"):
        Aanwezigheid.objects.get_or_create(overleg=overleg, lid=lid)


@transaction.atomic
def lid_remove(*, lid: TafelLid, left_on: date | None = None) -> TafelLid:
    """The member leaves the table; past attendance stays, coming meetings drop them."""
    if lid.left_on is not None:
        return lid
    lid.left_on = max(left_on or timezone.localdate(), lid.joined_on)
    lid.save(update_fields=["left_on"])
    lid.aanwezigheid.filter(
        overleg__starts_at__gt=datetime.combine(
            lid.left_on, time.min, tzinfo=timezone.get_current_timezone()
        ),
        overleg__status="gepland",
    ).delete()
    return lid


def tafel_warnings(tafel: Transfertafel) -> list[str]:
    """What the regievoerder should look at: huisartsen seated while the table no longer
    allows them (R-TR-1)."""
    from transfer.selectors.tafels import active_members

    warnings = []
    if (
        not tafel.huisartsen_take_part
        and tafel.leden.filter(active_members(), organisation__kind__in=HUISARTS_KINDS).exists()
    ):
        warnings.append(
            _(
                "Er zitten nog huisartsen aan de tafel, terwijl huisartsen volgens de "
                "instellingen niet deelnemen."
            )
        )
    return warnings


def gemeente_choices(network: Network):
    return Gemeente.objects.filter(pk__in=gemeenten_served([network.pk]).values("pk"))
