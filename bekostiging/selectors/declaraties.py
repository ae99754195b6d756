"""Who sees which declaration lines (DESIGN.md, Permissions; R-BK-4).

- An insurer user acts for its insurer (``act_for_organisation``) and sees only lines
  addressed to that insurer (its UZOVI) in networks it may see, and only once they are
  offered for declaration: klaar or later (R-PR-2, R-BK-4). A concept line is the
  declarant's draft; to an insurer it does not exist (404, left out of lists and counts).
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

from bekostiging.constants import INSURER_STATUSES, RegelStatus
from bekostiging.models import (
    Contract,
    Declaratieregel,
    TegengehoudenDeclaratie,
    Verdeelsleutel,
    pk_from_reference,
)
from mgn.accounts.constants import Role
from networks.constants import OrganisationKind
from networks.models import Network, Organisation
from networks.selectors.netwerken import network_ids_for_user
from networks.selectors.organisaties import acting_kinds_for_user, acting_organisation_ids_for_user


def acting_organisations(user, kind: str | None = None) -> QuerySet[Organisation]:
    """Organisations the user acts for (explicit grant), optionally of one kind."""
    qs = Organisation.objects.filter(pk__in=acting_organisation_ids_for_user(user))
    if kind is not None:
        qs = qs.filter(kind=kind)
    return qs.order_by("name")


def insurers_for_user(user) -> QuerySet[Organisation]:
    return acting_organisations(user, OrganisationKind.ZORGVERZEKERAAR)


# R-PR-2, R-BK-4: the one rule for what an insurer sees of a line — klaar or later.
OFFERED_TO_INSURER = Q(status__in=INSURER_STATUSES)


def regels_for_user(user) -> QuerySet[Declaratieregel]:
    """Every line this user may see: as coordinator, insurer (klaar or later only) or
    declaring provider."""
    if not user.is_authenticated:
        return Declaratieregel.objects.none()
    acting = acting_organisation_ids_for_user(user)
    visible = network_ids_for_user(user)
    return Declaratieregel.objects.filter(
        Q(network__in=network_ids_for_user(user, coordinate=True))
        | (Q(network__in=visible, insurer__in=acting) & OFFERED_TO_INSURER)
        | Q(network__in=visible, provider__in=acting)
    )


def regels_for_insurer(user, insurer: Organisation) -> QuerySet[Declaratieregel]:
    """R-BK-4: only lines addressed to this insurer, and only if the user acts for it;
    never a concept line (R-PR-2)."""
    if not insurers_for_user(user).filter(pk=insurer.pk).exists():
        raise Http404(_("Zorgverzekeraar niet gevonden."))
    return Declaratieregel.objects.filter(
        OFFERED_TO_INSURER, insurer=insurer, network__in=network_ids_for_user(user)
    )


def regel_get_for_insurer_user(
    user, reference: str, *, insurers: list[Organisation]
) -> Declaratieregel:
    """R-BK-4: the line with this reference if it is addressed to one of ``insurers`` (those
    the user acts for, from ``insurers_for_user``), in a network the user may see and
    offered for declaration (klaar or later); else 404, as for a reference that does not
    exist."""
    pk = pk_from_reference(reference)
    regel = None
    if pk is not None:
        regel = (
            Declaratieregel.objects.filter(
                OFFERED_TO_INSURER,
                pk=pk,
                insurer__in=[i.pk for i in insurers],
                network__in=network_ids_for_user(user),
            )
            .select_related("network", "insurer", "provider")
            .first()
        )
    if regel is None:
        raise Http404(_("Declaratieregel niet gevonden."))
    return regel


def regel_get_for_user(user, pk: int) -> Declaratieregel:
    regel = regels_for_user(user).filter(pk=pk).first()
    if regel is None:
        raise Http404(_("Declaratieregel niet gevonden."))
    return regel


def regel_statuses_for_user(*, manages: bool) -> list[RegelStatus]:
    """The statuses of a network's lines a user can see (for the status filter): all for
    who manages them there (coordinator, declaring provider; see
    declaratie_manage_networks_for_user), klaar or later for an insurer (R-PR-2)."""
    return list(RegelStatus) if manages else list(INSURER_STATUSES)


def can_manage_regel(user, regel: Declaratieregel) -> bool:
    """Coordinators and the declaring provider mark ready and correct; insurers judge."""
    return (
        Network.objects.filter(
            pk__in=network_ids_for_user(user, coordinate=True), pk=regel.network_id
        ).exists()
        or acting_organisation_ids_for_user(user).filter(pk=regel.provider_id).exists()
    )


def tegengehouden_for_user(user) -> QuerySet[TegengehoudenDeclaratie]:
    """Held-back conversations: every one of a coordinated network, and those of the
    organisations the user acts for in networks it may see."""
    if not user.is_authenticated:
        return TegengehoudenDeclaratie.objects.none()
    return TegengehoudenDeclaratie.objects.filter(
        Q(network__in=network_ids_for_user(user, coordinate=True))
        | Q(
            network__in=network_ids_for_user(user),
            provider__in=acting_organisation_ids_for_user(user),
        )
    )


def tegengehouden_get_for_user(user, pk: int) -> TegengehoudenDeclaratie:
    """One held-back conversation with its network, provider, insurer and person loaded."""
    held = (
        tegengehouden_for_user(user)
        .select_related(
            "network", "provider", "insurer", "gesprek__verkennend_gesprek__persoon__insurer"
        )
        .filter(pk=pk)
        .first()
    )
    if held is None:
        raise Http404(_("Tegengehouden declaratie niet gevonden."))
    return held


# --- Management pages of declarations (views/declaraties.py) -------------------------


def _acting_declares(acting):
    """Networks where an organisation of `acting` declares: a contract as provider or a
    held-back conversation (a provider without any contract yet still sees those)."""
    return Exists(Contract.objects.filter(network=OuterRef("pk"), provider__in=acting)) | Exists(
        TegengehoudenDeclaratie.objects.filter(network=OuterRef("pk"), provider__in=acting)
    )


def declaratie_networks_for_user(user) -> QuerySet[Network]:
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


def can_see_declaraties(user) -> bool:
    """The menu's "Declaraties": coordinators, and users acting for a provider or an
    insurer. Decided by the role and the cached acting kinds, so the menu costs no extra
    query; the page itself answers 403 to whoever deals with no declarations."""
    if not user.is_authenticated:
        return False
    if Role.NETWERKCOORDINATOR in user.roles:
        return True
    return bool(acting_kinds_for_user(user) - {OrganisationKind.GEMEENTE})


def declaratie_manage_networks_for_user(user) -> QuerySet[Network]:
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


def regels_manageable_for_user(user, network: Network) -> QuerySet[Declaratieregel]:
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


def insurers_for_regel_filter(
    user, network: Network, *, coordinator: bool
) -> QuerySet[Organisation]:
    """Insurers to filter the network's lines on: those contracted or in the verdeelsleutel
    of the network; an insurer user gets only the insurers it acts for (R-BK-4)."""
    insurers = Organisation.objects.filter(kind=OrganisationKind.ZORGVERZEKERAAR).filter(
        Q(pk__in=Contract.objects.filter(network=network).values("insurer"))
        | Q(pk__in=Verdeelsleutel.objects.filter(network=network).values("insurer"))
    )
    if not coordinator:
        acting = acting_organisation_ids_for_user(user)
        acts_for_an_insurer = Exists(
            Organisation.objects.filter(pk__in=acting, kind=OrganisationKind.ZORGVERZEKERAAR)
        )
        insurers = insurers.filter(Q(pk__in=acting) | ~Q(acts_for_an_insurer))
    return insurers.order_by("name")
