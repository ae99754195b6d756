"""R-DOC-1: a meeting series with a fixed frequency and a fixed composition from huisartsen,
ggz and sociaal domein. Every write of a series and its members goes through here.

A member brings in the domain of the organisation it acts for: huisartsenzorg (a practice,
an RHO), ggz, or sociaal domein (an SD provider, and a gemeente's own staff). Other
partners (a woningcorporatie, UWV, …) may join as well, as "overig". An insurer finances
and does not discuss cases. The composition must keep a huisarts, a ggz and an SD member:
a series is refused without them, and a member whose leaving would take the last one of a
domain away cannot leave until another joins."""

from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casusoverleg.constants import REQUIRED_DOMAINS, OverlegStatus
from casusoverleg.models import CasusAanwezigheid, Casusreeks, ReeksLid
from networks.constants import FINANCIER_ONLY_KINDS, GGZ_KINDS, Domain, OrganisationKind
from networks.models import Network, Organisation, Partnership, Professional

DOMAIN_OF_KIND = {
    OrganisationKind.HUISARTSENPRAKTIJK: Domain.HUISARTS,
    OrganisationKind.RHO: Domain.HUISARTS,
    OrganisationKind.SD_AANBIEDER: Domain.SOCIAAL_DOMEIN,
    # R-DOC-1: a gemeente's own staff count as sociaal domein.
    OrganisationKind.GEMEENTE: Domain.SOCIAAL_DOMEIN,
    **dict.fromkeys(GGZ_KINDS, Domain.GGZ),
}
DOMAIN_NAMES = {
    Domain.HUISARTS: gettext_lazy("een huisarts"),
    Domain.GGZ: gettext_lazy("een ggz-professional"),
    Domain.SOCIAAL_DOMEIN: gettext_lazy("een professional uit het sociaal domein (of de gemeente)"),
}


def member_domain(organisation: Organisation) -> str:
    return DOMAIN_OF_KIND.get(organisation.kind, Domain.OVERIG)


def missing_domains(domains) -> list[str]:
    present = set(domains)
    return [d for d in REQUIRED_DOMAINS if d not in present]


def composition_message(missing: list[str]) -> str:
    return _(
        "De vaste samenstelling moet een huisarts, een ggz-professional en een professional "
        "uit het sociaal domein bevatten (R-DOC-1). Nu ontbreekt: %(missing)s."
    ) % {"missing": ", ".join(str(DOMAIN_NAMES[d]) for d in missing)}


def current_domains(reeks: Casusreeks, *, exclude_pk: int | None = None) -> list[str]:
    from casusoverleg.selectors.reeksen import active_members

    rows = reeks.leden.filter(active_members())
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return list(rows.values_list("domain", flat=True))


def _member_refusal(network: Network, organisation: Organisation) -> dict[str, str]:
    if organisation.kind in FINANCIER_ONLY_KINDS:
        return {
            "organisation": _(
                "%(org)s is een zorgverzekeraar: die financiert en bespreekt geen casussen."
            )
            % {"org": organisation.name}
        }
    if not Partnership.objects.filter(network=network, organisation=organisation).exists():
        return {
            "organisation": _("%(org)s is geen partner van %(network)s.")
            % {"org": organisation.name, "network": network.name}
        }
    return {}


def _resolve_member(member) -> tuple[Organisation, Professional | None, object]:
    """A member as (organisation, professional, user): from a Professional, or a tuple
    (organisation, user) for a user without a professional record."""
    if isinstance(member, Professional):
        if not member.is_active:
            raise ValidationError({"professional": _("Deze professional is niet meer actief.")})
        return member.organisation, member, member.user
    organisation, user = member
    return organisation, None, user


def _check_reeks(*, network: Network, duration_minutes: int) -> None:
    errors = {}
    if not network.offers_casusoverleg:
        errors["network"] = _(
            "Dit netwerk biedt geen domeinoverstijgend casusoverleg (functie IV)."
        )
    if not 15 <= duration_minutes <= 480:
        errors["duration_minutes"] = _("Een overleg duurt tussen 15 en 480 minuten.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def reeks_create(
    *,
    network: Network,
    name: str,
    frequency: str,
    members,
    voorzitter=None,
    weekday: int = 3,
    default_time: time = time(13, 30),
    duration_minutes: int = 90,
    location: str = "",
    joined_on: date | None = None,
) -> Casusreeks:
    """A new series with its fixed composition (``members``: professionals, or
    (organisation, user) pairs); refused unless it holds a huisarts, a ggz and an SD member
    (R-DOC-1). ``voorzitter`` is one of the members (the first one by default). The next
    meetings are planned at once."""
    _check_reeks(network=network, duration_minutes=duration_minutes)
    if Casusreeks.objects.filter(network=network, name=name.strip()).exists():
        raise ValidationError({"name": _("Dit netwerk heeft al een reeks met deze naam.")})
    resolved = [_resolve_member(m) for m in members]
    errors = {}
    for organisation, _professional, _user in resolved:
        errors.update(_member_refusal(network, organisation))
    missing = missing_domains(member_domain(o) for o, _p, _u in resolved)
    if missing:
        errors["members"] = composition_message(missing)
    if errors:
        raise ValidationError(errors)
    reeks = Casusreeks(
        network=network,
        name=name.strip(),
        frequency=frequency,
        weekday=weekday,
        default_time=default_time,
        duration_minutes=duration_minutes,
        location=location.strip(),
    )
    reeks.full_clean(exclude=["network"])
    reeks.save()
    joined_on = joined_on or timezone.localdate()
    seen = set()
    for i, (organisation, professional, user) in enumerate(resolved):
        key = (professional.pk if professional else None, user.pk if user else None)
        if key in seen:
            continue
        seen.add(key)
        is_chair = (voorzitter is None and i == 0) or (
            voorzitter is not None and voorzitter in (professional, user)
        )
        ReeksLid.objects.create(
            reeks=reeks,
            organisation=organisation,
            professional=professional,
            user=user,
            domain=member_domain(organisation),
            is_voorzitter=is_chair,
            joined_on=joined_on,
        )
    from casusoverleg.services.overleggen import overleggen_generate

    overleggen_generate(reeks=reeks)
    return reeks


@transaction.atomic
def reeks_update(*, reeks: Casusreeks, **fields) -> Casusreeks:
    """Change the series' settings (name, rhythm, place, active)."""
    for name, value in fields.items():
        setattr(reeks, name, value.strip() if isinstance(value, str) else value)
    _check_reeks(network=reeks.network, duration_minutes=reeks.duration_minutes)
    if (
        Casusreeks.objects.filter(network=reeks.network, name=reeks.name)
        .exclude(pk=reeks.pk)
        .exists()
    ):
        raise ValidationError({"name": _("Dit netwerk heeft al een reeks met deze naam.")})
    reeks.full_clean(exclude=["network"])
    reeks.save()
    from casusoverleg.services.overleggen import overleggen_generate

    overleggen_generate(reeks=reeks)
    return reeks


@transaction.atomic
def lid_add(
    *,
    reeks: Casusreeks,
    professional: Professional | None = None,
    organisation: Organisation | None = None,
    user=None,
    is_voorzitter: bool = False,
    joined_on: date | None = None,
) -> ReeksLid:
    """A member joins the fixed composition; invited to the meetings still to come."""
    if professional is None and user is None:
        raise ValidationError({"professional": _("Kies een professional of een account.")})
    if professional is not None:
        organisation, professional, user = _resolve_member(professional)
    elif organisation is None:
        raise ValidationError({"organisation": _("Kies de organisatie van het lid.")})
    refusal = _member_refusal(reeks.network, organisation)
    if refusal:
        raise ValidationError(refusal)
    from casusoverleg.selectors.reeksen import active_members

    current = reeks.leden.filter(active_members())
    if (professional is not None and current.filter(professional=professional).exists()) or (
        user is not None and current.filter(user=user).exists()
    ):
        raise ValidationError({"professional": _("Deze persoon is al lid van deze reeks.")})
    Casusreeks.objects.select_for_update().filter(pk=reeks.pk).first()
    if is_voorzitter:
        current.update(is_voorzitter=False)
    lid = ReeksLid.objects.create(
        reeks=reeks,
        organisation=organisation,
        professional=professional,
        user=user,
        domain=member_domain(organisation),
        is_voorzitter=is_voorzitter,
        joined_on=joined_on or timezone.localdate(),
    )
    for overleg in reeks.overleggen.filter(
        starts_at__gt=timezone.now(), status=OverlegStatus.GEPLAND
    ):
        CasusAanwezigheid.objects.get_or_create(overleg=overleg, lid=lid)
    return lid


@transaction.atomic
def lid_remove(*, lid: ReeksLid, left_on: date | None = None) -> ReeksLid:
    """The member leaves; refused when the composition would lose its last huisarts, ggz or
    SD member (R-DOC-1): another member of that domain joins first. Past attendance stays;
    coming meetings drop them."""
    if lid.left_on is not None:
        return lid
    # One leave at a time per series, so two leaving together cannot empty a domain.
    Casusreeks.objects.select_for_update().filter(pk=lid.reeks_id).first()
    missing = missing_domains(current_domains(lid.reeks, exclude_pk=lid.pk))
    if missing:
        raise ValidationError(
            _(
                "%(name)s kan de reeks niet verlaten: daarna ontbreekt %(missing)s in de vaste "
                "samenstelling (R-DOC-1). Voeg eerst een ander lid uit dat domein toe."
            )
            % {
                "name": lid.display_name,
                "missing": ", ".join(str(DOMAIN_NAMES[d]) for d in missing),
            }
        )
    lid.left_on = max(left_on or timezone.localdate(), lid.joined_on)
    lid.is_voorzitter = False
    lid.save(update_fields=["left_on", "is_voorzitter"])
    lid.aanwezigheid.filter(
        overleg__starts_at__date__gt=lid.left_on, overleg__status=OverlegStatus.GEPLAND
    ).delete()
    return lid


@transaction.atomic
def voorzitter_set(*, lid: ReeksLid) -> ReeksLid:
    """Make an active member the chair (one chair per series)."""
    from casusoverleg.selectors.reeksen import active_members

    if lid.left_on is not None:
        raise ValidationError(_("Dit lid heeft de reeks verlaten."))
    lid.reeks.leden.filter(active_members()).exclude(pk=lid.pk).update(is_voorzitter=False)
    lid.is_voorzitter = True
    lid.save(update_fields=["is_voorzitter"])
    return lid
