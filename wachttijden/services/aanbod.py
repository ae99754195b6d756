"""The sociale kaart (R-WT-7): providers maintain their own offers, coordinators mark what
the network misses. Every write and its rules live here, so the pages, the API and the
admin reach the same checks.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from networks.constants import FINANCIER_ONLY_KINDS, OrganisationKind
from networks.models import Network, Organisation, Region
from networks.selectors.netwerken import can_coordinate
from wachttijden.constants import AanbodDomain
from wachttijden.models import Aanbod, OntbrekendAanbod
from wachttijden.models.aanbod import zorgvraagtype_required
from wachttijden.selectors.levering import can_act_for_provider, provider_aanbod_get_for_user

# The plain fields of an offer that aanbod_create/aanbod_update take from ``data``.
AANBOD_FIELDS = (
    "name",
    "description",
    "domain",
    "category",
    "location_name",
    "address",
    "gemeente",
    "how_to_apply",
    "contact",
    "website",
    "low_threshold",
    "declared_wait_weeks",
    "is_active",
)
TEXT_FIELDS = ("name", "description", "location_name", "address", "how_to_apply", "contact")


def provider_regions(*providers: Organisation) -> QuerySet[Region]:
    """The regions providers may offer in: those of the networks they partner in, and the
    region of their own gemeente."""
    ids = [p.pk for p in providers]
    in_network = Region.objects.filter(networks__partnerships__organisation__in=ids)
    own = Region.objects.filter(gemeenten__organisations__in=ids)
    return Region.objects.filter(Q(pk__in=in_network.values("pk")) | Q(pk__in=own.values("pk")))


def offer_domain_refusal(provider: Organisation, domain: str | None) -> str | None:
    """R-NW-1: who offers what. An insurer only finances and offers nothing; a gemeente
    offers what its own staff do in the sociaal domein (a wijkteam, say), never ggz
    treatment or huisartsenzorg. For the service and the admin alike."""
    if provider.kind in FINANCIER_ONLY_KINDS:
        return _("Een zorgverzekeraar financiert alleen en zet geen aanbod op de sociale kaart.")
    if provider.kind == OrganisationKind.GEMEENTE and domain != AanbodDomain.SD:
        return _(
            "Een gemeente zet alleen aanbod uit het sociaal domein op de sociale kaart, "
            "geen ggz-behandeling of huisartsenzorg."
        )
    return None


def _check_offer(
    *, provider: Organisation, region: Region, data: dict, zorgvraagtypes, gemeenten_served
) -> None:
    errors: dict[str, list[str]] = {}
    if not provider_regions(provider).filter(pk=region.pk).exists():
        errors["region"] = [
            _("%(provider)s biedt geen zorg aan in deze regio.") % {"provider": provider.name}
        ]
    if not (data.get("name") or "").strip():
        errors["name"] = [_("Geef het aanbod een naam.")]
    refusal = offer_domain_refusal(provider, data.get("domain"))
    if refusal:
        errors["domain"] = [refusal]
    # Only ggz treats a HoNOS+ care-demand type; an SD or huisarts offer names none, a
    # low-threshold ggz offer (wachtverzachter, e-health, …) need not.
    if zorgvraagtype_required(data.get("domain"), data.get("category")) and not zorgvraagtypes:
        errors["zorgvraagtypes"] = [_("Kies bij ggz-behandeling minstens één zorgvraagtype.")]
    elif data.get("domain") != AanbodDomain.GGZ and zorgvraagtypes:
        errors["zorgvraagtypes"] = [_("Alleen ggz-aanbod heeft zorgvraagtypen.")]
    gemeente = data.get("gemeente")
    if gemeente is not None and gemeente.region_id != region.pk:
        errors["gemeente"] = [_("De vestigingsgemeente ligt niet in de gekozen regio.")]
    if any(g.region_id != region.pk for g in gemeenten_served):
        errors["gemeenten_served"] = [_("Kies alleen gemeenten in de gekozen regio.")]
    weeks = data.get("declared_wait_weeks")
    if weeks is not None and weeks < 0:
        errors["declared_wait_weeks"] = [_("Een wachttijd is nooit negatief.")]
    if errors:
        raise ValidationError(errors)


def _apply(aanbod: Aanbod, data: dict) -> None:
    for name in AANBOD_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name in TEXT_FIELDS:
            value = (value or "").strip()
        elif name == "website":
            value = value or ""
        setattr(aanbod, name, value)


@transaction.atomic
def aanbod_create(
    *,
    user,
    provider: Organisation,
    region: Region,
    data: dict,
    zorgvraagtypes=(),
    gemeenten_served=(),
) -> Aanbod:
    """A new offer of a provider the user acts for (R-WT-7)."""
    if not can_act_for_provider(user, provider):
        raise PermissionDenied
    zorgvraagtypes, gemeenten_served = list(zorgvraagtypes), list(gemeenten_served)
    _check_offer(
        provider=provider,
        region=region,
        data=data,
        zorgvraagtypes=zorgvraagtypes,
        gemeenten_served=gemeenten_served,
    )
    aanbod = Aanbod(provider=provider, region=region)
    _apply(aanbod, data)
    aanbod.full_clean()
    aanbod.save()
    aanbod.zorgvraagtypes.set(zorgvraagtypes)
    aanbod.gemeenten_served.set(gemeenten_served)
    return aanbod


@transaction.atomic
def aanbod_update(
    *,
    user,
    aanbod: Aanbod,
    data: dict,
    region: Region | None = None,
    zorgvraagtypes=None,
    gemeenten_served=None,
) -> Aanbod:
    """Change an offer the user maintains. An offer is never deleted (agreements and
    overviews refer to it): set ``is_active`` to False to take it off the sociale kaart."""
    aanbod = provider_aanbod_get_for_user(user, aanbod.pk)  # 404 for another's offer
    aanbod = Aanbod.objects.select_for_update().get(pk=aanbod.pk)
    region = region or aanbod.region
    if zorgvraagtypes is None:
        zorgvraagtypes = aanbod.zorgvraagtypes.all()
    if gemeenten_served is None:
        gemeenten_served = aanbod.gemeenten_served.all()
    zorgvraagtypes, gemeenten_served = list(zorgvraagtypes), list(gemeenten_served)
    merged = {name: getattr(aanbod, name) for name in AANBOD_FIELDS} | data
    _check_offer(
        provider=aanbod.provider,
        region=region,
        data=merged,
        zorgvraagtypes=zorgvraagtypes,
        gemeenten_served=gemeenten_served,
    )
    aanbod.region = region
    _apply(aanbod, data)
    aanbod.full_clean()
    aanbod.save()
    aanbod.zorgvraagtypes.set(zorgvraagtypes)
    aanbod.gemeenten_served.set(gemeenten_served)
    return aanbod


@transaction.atomic
def ontbrekend_create(
    *, user, network: Network, category: str, description: str, gemeenten=()
) -> OntbrekendAanbod:
    """A coordinator marks offer the network misses (R-WT-7: "wat ontbreekt")."""
    if not can_coordinate(user, network):
        raise PermissionDenied
    gemeenten = list(gemeenten)
    errors: dict[str, list[str]] = {}
    if not description.strip():
        errors["description"] = [_("Beschrijf wat er ontbreekt.")]
    region_ids = set(network.regions.values_list("pk", flat=True))
    if any(g.region_id not in region_ids for g in gemeenten):
        errors["gemeenten"] = [_("Kies alleen gemeenten in de regio van het netwerk.")]
    if errors:
        raise ValidationError(errors)
    missing = OntbrekendAanbod(
        network=network, category=category, description=description.strip(), created_by=user
    )
    missing.full_clean(exclude=["created_by"])
    missing.save()
    missing.gemeenten.set(gemeenten)
    return missing


@transaction.atomic
def ontbrekend_resolve(*, user, ontbrekend: OntbrekendAanbod) -> OntbrekendAanbod:
    """The missing offer is there now (or no longer needed); the note stays as history.
    Resolving twice keeps the first date."""
    ontbrekend = OntbrekendAanbod.objects.select_for_update().get(pk=ontbrekend.pk)
    if not can_coordinate(user, ontbrekend.network):
        raise PermissionDenied
    if ontbrekend.resolved_at is None:
        ontbrekend.resolved_at = timezone.now()
        ontbrekend.save(update_fields=["resolved_at"])
    return ontbrekend
