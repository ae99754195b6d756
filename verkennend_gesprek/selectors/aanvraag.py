"""Who may see which verkennend gesprek, and the lists built on that.

Visibility (R-PR-2, minimum necessary), all within networks the user may see:
- the network's coordinators (planners): every request of the network;
- a huisarts: the requests of their own practice(s);
- a system acting for a practice (API token, act_for_organisation): that practice's;
- a professional: the requests whose conversations they take part in.
A platform beheerder sees no person data through these views.
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from networks.constants import Discipline, OrganisationKind
from networks.models import Network, Organisation, Professional
from networks.selectors.netwerken import network_ids_for_user, networks_for_user
from networks.selectors.organisaties import acting_organisation_ids_for_user
from verkennend_gesprek.models import Deelnemer, VerkennendGesprek


def _practice_ids(user):
    own = Professional.objects.filter(user=user, is_active=True).values("organisation_id")
    acting = acting_organisation_ids_for_user(user)
    return Organisation.objects.filter(Q(pk__in=own) | Q(pk__in=acting)).values("pk")


def acting_practices_for_user(user) -> QuerySet[Organisation]:
    """Huisartsenpraktijken a system (API token user) may act for (act_for_organisation)."""
    return Organisation.objects.filter(
        kind=OrganisationKind.HUISARTSENPRAKTIJK, pk__in=acting_organisation_ids_for_user(user)
    )


def vg_for_user(user) -> QuerySet[VerkennendGesprek]:
    if not user.is_authenticated:
        return VerkennendGesprek.objects.none()
    visible = network_ids_for_user(user)
    coordinated = network_ids_for_user(user, coordinate=True)
    taking_part = Deelnemer.objects.filter(professional__user=user).values(
        "gesprek__verkennend_gesprek_id"
    )
    return VerkennendGesprek.objects.filter(
        Q(network__in=coordinated)
        | Q(network__in=visible, practice__in=_practice_ids(user))
        | Q(network__in=visible, pk__in=taking_part)
    )


def vg_get_for_user(user, pk: int) -> VerkennendGesprek:
    """The request or 404 (existence is not revealed)."""
    vg = (
        vg_for_user(user)
        .select_related(
            "persoon", "persoon__gemeente", "persoon__insurer", "practice", "huisarts", "network"
        )
        .filter(pk=pk)
        .first()
    )
    if vg is None:
        raise Http404(_("Verkennend gesprek niet gevonden."))
    return vg


def is_requesting_practice(user, vg: VerkennendGesprek) -> bool:
    """The user works at, or acts for, the practice that made the request, in a network
    they see."""
    return (
        user.is_authenticated
        and network_ids_for_user(user).filter(pk=vg.network_id).exists()
        and _practice_ids(user).filter(pk=vg.practice_id).exists()
    )


def is_participant(user, vg: VerkennendGesprek) -> bool:
    return Deelnemer.objects.filter(
        gesprek__verkennend_gesprek=vg, professional__user=user
    ).exists()


def offering_networks_for_user(user) -> QuerySet[Network]:
    """Networks the user may see that offer the verkennend gesprek (the API's choice of
    network; whether the practice takes part the service checks, R-VG-1)."""
    return networks_for_user(user).filter(offers_verkennend_gesprek=True)


def request_networks_for_user(user, practices: list[Professional]) -> QuerySet[Network]:
    """Networks offering the verkennend gesprek that the user may see and one of the
    user's practices partners in."""
    return (
        Network.objects.filter(
            pk__in=network_ids_for_user(user),
            offers_verkennend_gesprek=True,
            partnerships__organisation__in=[p.organisation_id for p in practices],
        )
        .distinct()
        .order_by("name")
    )


def huisarts_records_for_user(user) -> QuerySet[Professional]:
    """The huisarts records through which this user may request a VG (R-VG-1)."""
    return Professional.objects.filter(
        user=user,
        is_active=True,
        discipline=Discipline.HUISARTS,
        organisation__kind=OrganisationKind.HUISARTSENPRAKTIJK,
    ).select_related("organisation")


def huisarts_for_request(
    user, network: Network, agb: str, own: list[Professional]
) -> Professional | None:
    """The active huisarts with this personal AGB for whom the caller may request: the
    caller's own huisarts record (``own``, from ``huisarts_records_for_user``), or a
    huisarts of a practice in the network that the caller acts for as a system. Whether the
    practice takes part in the network the service checks (R-VG-1)."""
    for professional in own:
        if professional.agb_code == agb:
            return professional
    return (
        Professional.objects.filter(
            agb_code=agb,
            discipline=Discipline.HUISARTS,
            is_active=True,
            organisation__in=acting_practices_for_user(user),
            organisation__partnerships__network=network,
        )
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
