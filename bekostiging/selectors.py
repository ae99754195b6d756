"""Who sees which money (DESIGN.md, Permissions; R-BK-4).

- An insurer user acts for its insurer (``act_for_organisation``) and sees only lines
  addressed to that insurer (its UZOVI) in networks it may see.
- A provider user acts for its organisation and sees the lines it declares and its
  held-back conversations.
- A network's coordinators see every line of the network, contracts and budgets.
- A gemeente user sees its own gemeente's agreements; the mandaatgemeente's users see
  every gemeente of its region (R-BK-3).
Everything else gets 404, never 403, so existence is not revealed.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from mgn.accounts.constants import Role
from networks.constants import OrganisationKind
from networks.models import Gemeente, Network, Organisation
from networks.selectors.netwerken import network_ids_for_user
from networks.selectors.organisaties import acting_kinds_for_user, acting_organisation_ids_for_user

from .models import (
    Contract,
    Declaratieregel,
    Export,
    GemeenteAfspraak,
    TegengehoudenDeclaratie,
    Verdeelsleutel,
)


def acting_organisations(user, kind: str | None = None) -> QuerySet[Organisation]:
    """Organisations the user acts for (explicit grant), optionally of one kind."""
    qs = Organisation.objects.filter(pk__in=acting_organisation_ids_for_user(user))
    if kind is not None:
        qs = qs.filter(kind=kind)
    return qs.order_by("name")


def insurers_for_user(user) -> QuerySet[Organisation]:
    return acting_organisations(user, OrganisationKind.ZORGVERZEKERAAR)


def insurer_for_user(user, pk: int) -> Organisation:
    insurer = insurers_for_user(user).filter(pk=pk).first()
    if insurer is None:
        raise Http404(_("Zorgverzekeraar niet gevonden."))
    return insurer


def regels_for_user(user) -> QuerySet[Declaratieregel]:
    """Every line this user may see: as coordinator, insurer or declaring provider."""
    if not user.is_authenticated:
        return Declaratieregel.objects.none()
    acting = acting_organisation_ids_for_user(user)
    visible = network_ids_for_user(user)
    return Declaratieregel.objects.filter(
        Q(network__in=network_ids_for_user(user, coordinate=True))
        | Q(network__in=visible, insurer__in=acting)
        | Q(network__in=visible, provider__in=acting)
    )


def regels_for_insurer(user, insurer: Organisation) -> QuerySet[Declaratieregel]:
    """R-BK-4: only lines addressed to this insurer, and only if the user acts for it."""
    if not insurers_for_user(user).filter(pk=insurer.pk).exists():
        raise Http404(_("Zorgverzekeraar niet gevonden."))
    return Declaratieregel.objects.filter(insurer=insurer, network__in=network_ids_for_user(user))


def regel_for_user(user, pk: int) -> Declaratieregel:
    regel = regels_for_user(user).filter(pk=pk).first()
    if regel is None:
        raise Http404(_("Declaratieregel niet gevonden."))
    return regel


def can_manage_regel(user, regel: Declaratieregel) -> bool:
    """Coordinators and the declaring provider mark ready and correct; insurers judge."""
    return (
        Network.objects.filter(
            pk__in=network_ids_for_user(user, coordinate=True), pk=regel.network_id
        ).exists()
        or acting_organisation_ids_for_user(user).filter(pk=regel.provider_id).exists()
    )


def tegengehouden_for_user(user) -> QuerySet[TegengehoudenDeclaratie]:
    if not user.is_authenticated:
        return TegengehoudenDeclaratie.objects.none()
    return TegengehoudenDeclaratie.objects.filter(
        Q(network__in=network_ids_for_user(user, coordinate=True))
        | Q(
            network__in=network_ids_for_user(user),
            provider__in=acting_organisation_ids_for_user(user),
        )
    )


def exports_for_user(user) -> QuerySet[Export]:
    """Exports belong to the insurer that made them."""
    if not user.is_authenticated:
        return Export.objects.none()
    return Export.objects.filter(
        insurer__in=acting_organisation_ids_for_user(user), network__in=network_ids_for_user(user)
    )


def export_for_user(user, pk: int) -> Export:
    export = exports_for_user(user).filter(pk=pk).first()
    if export is None:
        raise Http404(_("Export niet gevonden."))
    return export


def gemeenten_for_user(user) -> QuerySet[Gemeente]:
    """R-BK-3: the gemeenten whose funding a gemeente user sees — its own, or every
    gemeente of the region when it is the region's mandaatgemeente."""
    own = acting_organisations(user, OrganisationKind.GEMEENTE).exclude(gemeente=None)
    own_ids = own.values("gemeente_id")
    return Gemeente.objects.filter(
        Q(pk__in=own_ids) | Q(region__mandaatgemeente__in=own_ids)
    ).order_by("name")


def afspraken_for_user(user) -> QuerySet[GemeenteAfspraak]:
    """Coordinators see their networks' agreements; gemeente users those of their gemeenten."""
    if not user.is_authenticated:
        return GemeenteAfspraak.objects.none()
    return GemeenteAfspraak.objects.filter(
        Q(network__in=network_ids_for_user(user, coordinate=True))
        | Q(network__in=network_ids_for_user(user), gemeente__in=gemeenten_for_user(user))
    )


# --- Management pages of declarations (views/declaraties.py) -------------------------


def _acting_declares(acting):
    """Networks where an organisation of `acting` declares: a contract as provider or a
    held-back conversation (a provider without any contract yet still sees those)."""
    return Exists(Contract.objects.filter(network=OuterRef("pk"), provider__in=acting)) | Exists(
        TegengehoudenDeclaratie.objects.filter(network=OuterRef("pk"), provider__in=acting)
    )


def declaratie_networks(user) -> QuerySet[Network]:
    """Networks whose declarations this user deals with: the ones they coordinate, and
    visible ones where an organisation they act for declares, is contracted as insurer or
    has a share in the verdeelsleutel."""
    if not user.is_authenticated:
        return Network.objects.none()
    acting = acting_organisation_ids_for_user(user)
    insures = Exists(Contract.objects.filter(network=OuterRef("pk"), insurer__in=acting)) | Exists(
        Verdeelsleutel.objects.filter(network=OuterRef("pk"), insurer__in=acting)
    )
    return Network.objects.filter(
        Q(pk__in=network_ids_for_user(user, coordinate=True))
        | (Q(pk__in=network_ids_for_user(user)) & (Q(_acting_declares(acting)) | Q(insures)))
    ).order_by("name")


def sees_declaraties(user) -> bool:
    """The menu's "Declaraties": coordinators, and users acting for a provider or an
    insurer. Decided by the role and the cached acting kinds, so the menu costs no extra
    query; the page itself answers 403 to whoever deals with no declarations."""
    if not user.is_authenticated:
        return False
    if Role.NETWERKCOORDINATOR in user.roles:
        return True
    return bool(acting_kinds_for_user(user) - {OrganisationKind.GEMEENTE})


def declaratie_manage_networks(user) -> QuerySet[Network]:
    """Networks where this user marks lines ready and corrects them, and sees held-back
    conversations: the coordinated ones and those where an organisation they act for
    declares. Insurers only judge lines (R-BK-4), so they are not here."""
    if not user.is_authenticated:
        return Network.objects.none()
    return Network.objects.filter(
        Q(pk__in=network_ids_for_user(user, coordinate=True))
        | (
            Q(pk__in=network_ids_for_user(user))
            & Q(_acting_declares(acting_organisation_ids_for_user(user)))
        )
    ).order_by("name")


def regels_manageable(user, network: Network) -> QuerySet[Declaratieregel]:
    """The network's lines this user may mark ready or correct (can_manage_regel for a set)."""
    if not user.is_authenticated:
        return Declaratieregel.objects.none()
    return Declaratieregel.objects.filter(network=network).filter(
        Q(network__in=network_ids_for_user(user, coordinate=True))
        | Q(
            network__in=network_ids_for_user(user),
            provider__in=acting_organisation_ids_for_user(user),
        )
    )


def sees_gemeente_funding(user) -> bool:
    """Navigation (settings.NAVIGATION): the gemeente funding page is for coordinators and
    for users acting for a gemeente (the cached acting kinds: no extra query)."""
    if not user.is_authenticated:
        return False
    if Role.NETWERKCOORDINATOR in user.roles:
        return True
    return OrganisationKind.GEMEENTE in acting_kinds_for_user(user)


def is_insurer_user(user) -> bool:
    """The menu's insurer page: users with the zorgverzekeraar role. The roles are already
    loaded for the menu, so this costs no query on any page; the page itself answers 403
    to a zorgverzekeraar who acts for no insurer (``insurers_for_user``)."""
    return user.is_authenticated and Role.ZORGVERZEKERAAR in user.roles


def networks_for_insurer(user, insurer: Organisation) -> QuerySet[Network]:
    """Networks the user may see in which the insurer takes part (R-BK-4)."""
    return (
        Network.objects.filter(
            pk__in=network_ids_for_user(user), partnerships__organisation=insurer
        )
        .distinct()
        .order_by("name")
    )
