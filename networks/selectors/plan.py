"""R-NW-6: who sees a transformation plan, and its read models.

- The network's coordinators manage the plan; every other member of the network (who sees
  the network) reads it, all versions included.
- A reviewer (Role.BEOORDELAAR, a member of no network) sees only the plans assigned to
  them, and of those only the versions shared with all agreements present.
- Everyone else gets 404.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from mgn.accounts.constants import Role
from networks.models import Aandachtspunt, PlanBeoordelaar, PlanVersie, Transformatieplan
from networks.models.plan import BESLISSENDE_SOORTEN
from networks.selectors.netwerken import network_ids_for_user, networks_for_user
from networks.services.blokkenplanning import Planning, blokkenplanning, ronde, warnings


def plans_for_user(user) -> QuerySet[Transformatieplan]:
    if not user.is_authenticated:
        return Transformatieplan.objects.none()
    visible = Q(network__in=network_ids_for_user(user)) | Q(
        pk__in=PlanBeoordelaar.objects.filter(user=user).values("plan_id")
    )
    return Transformatieplan.objects.filter(visible)


def plans_for_reviewer(user) -> QuerySet[Transformatieplan]:
    """The plans assigned to the user as reviewer ("Mijn beoordelingen")."""
    if not user.is_authenticated:
        return Transformatieplan.objects.none()
    return (
        Transformatieplan.objects.filter(beoordelaars__user=user)
        .select_related("network")
        .order_by("-ronde", "network__name")
    )


def plan_get_for_user(user, slug: str, pk: int) -> Transformatieplan:
    plan = plans_for_user(user).filter(network__slug=slug, pk=pk).select_related("network").first()
    if plan is None:
        raise Http404(_("Transformatieplan niet gevonden."))
    return plan


def network_plans_for_user(user, network) -> QuerySet[Transformatieplan]:
    return plans_for_user(user).filter(network=network).order_by("-ronde")


@dataclass(frozen=True)
class PlanAccess:
    member: bool  # sees the network: reads everything of the plan
    manage: bool  # coordinates the network
    reviewer_soort: str | None
    assign: bool  # may assign reviewers (coordinators, the beheerder)

    @property
    def decides(self) -> bool:
        return self.reviewer_soort in BESLISSENDE_SOORTEN


def plan_access(user, plan) -> PlanAccess:
    member = networks_for_user(user).filter(pk=plan.network_id).exists()
    manage = networks_for_user(user, coordinate=True).filter(pk=plan.network_id).exists()
    soort = plan.beoordelaars.filter(user=user).values_list("soort", flat=True).first()
    return PlanAccess(
        member=member,
        manage=manage,
        reviewer_soort=soort,
        assign=manage or (member and user.has_role(Role.BEHEERDER)),
    )


def versies_for_user(plan, access: PlanAccess) -> QuerySet[PlanVersie]:
    versies = plan.versies.select_related("uploaded_by").prefetch_related(
        "instemmingen__organisation"
    )
    if not access.member:
        versies = versies.filter(gedeeld_op__isnull=False)
    return versies.order_by("tienden")


def versie_get_for_user(user, slug: str, pk: int, versie_pk: int) -> PlanVersie:
    plan = plan_get_for_user(user, slug, pk)
    versie = versies_for_user(plan, plan_access(user, plan)).filter(pk=versie_pk).first()
    if versie is None:
        raise Http404(_("Versie niet gevonden."))
    return versie


def plan_planning(plan) -> tuple[Planning | None, list[str]]:
    """The blokkenplanning from the plan's submission date and its deadline warnings."""
    if plan.ingediend_op is None:
        return None, []
    negative = plan.besluiten.filter(uitkomst="negatief").order_by("pk").first()
    planning = blokkenplanning(
        plan.ingediend_op, negatief_besluit_op=negative.datum if negative else None
    )
    return planning, warnings(planning, ronde(plan.ronde))


def aandachtspunten_for_network(network) -> list[Aandachtspunt]:
    """The network page's KPIs: every plan's tracked points, open first. One query."""
    return list(
        Aandachtspunt.objects.filter(plan__network=network)
        .select_related("eigenaar", "plan")
        .order_by("-status", "uiterlijk", "pk")  # "open" sorts after "afgehandeld"
    )
