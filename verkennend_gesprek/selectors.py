"""Who may see which verkennend gesprek, and the lists built on that.

Visibility (R-PR-2, minimum necessary), all within networks the user may see:
- the network's coordinators (planners): every request of the network;
- a huisarts: the requests of their own practice(s);
- a system acting for a practice (API token, act_for_organisation): that practice's;
- a professional: the requests whose conversations they take part in.
A platform beheerder sees no person data through these views.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from networks.constants import OrganisationKind
from networks.models import Network, Organisation, Professional
from networks.selectors.netwerken import network_ids_for_user
from networks.selectors.organisaties import acting_organisation_ids_for_user

from .constants import FOLLOW_UP_DAYS, AdviesStatus, Status
from .models import Advies, Deelnemer, Gesprek, VerkennendGesprek


def _practice_ids(user):
    own = Professional.objects.filter(user=user, is_active=True).values("organisation_id")
    acting = acting_organisation_ids_for_user(user)
    return Organisation.objects.filter(Q(pk__in=own) | Q(pk__in=acting)).values("pk")


def acting_practices(user) -> QuerySet[Organisation]:
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


def can_plan(user, vg: VerkennendGesprek) -> bool:
    """Planners are the network's coordinators (an explicit grant, never implied)."""
    return network_ids_for_user(user, coordinate=True).filter(pk=vg.network_id).exists()


def is_participant(user, vg: VerkennendGesprek) -> bool:
    return Deelnemer.objects.filter(
        gesprek__verkennend_gesprek=vg, professional__user=user
    ).exists()


def can_record_advies(user, vg: VerkennendGesprek) -> bool:
    """The professionals who took part record the advies; a coordinator may help."""
    return is_participant(user, vg) or can_plan(user, vg)


def can_read_letter(user, vg: VerkennendGesprek) -> bool:
    """The requesting practice, the participants and the coordinators."""
    return vg_for_user(user).filter(pk=vg.pk).exists()


def planning_networks(user) -> QuerySet[Network]:
    return Network.objects.filter(pk__in=network_ids_for_user(user, coordinate=True)).order_by(
        "name"
    )


def request_networks(user, practices: list[Professional]) -> QuerySet[Network]:
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


def planned_conversations(network: Network, *, until) -> QuerySet[Gesprek]:
    """Conversations not yet held of requests still planned, up to `until` (earlier ones
    that still await attendance included), soonest first."""
    return (
        Gesprek.objects.filter(
            verkennend_gesprek__network=network,
            verkennend_gesprek__status=Status.GEPLAND,
            held=False,
            starts_at__lt=until,
        )
        .select_related("verkennend_gesprek__persoon", "verkennend_gesprek__practice")
        .prefetch_related(
            Prefetch("deelnemers", queryset=Deelnemer.objects.select_related("professional"))
        )
        .order_by("starts_at", "pk")
    )


@dataclass(frozen=True)
class QueueRow:
    vg: VerkennendGesprek
    waiting_days: int
    level: str  # "", "waarschuwing", "alarm" (R-VG-3)


def waiting_level(network: Network, days: int) -> str:
    if days >= network.vg_alarm_days:
        return "alarm"
    if days >= network.vg_warning_days:
        return "waarschuwing"
    return ""


def planning_queue(network: Network, *, today: date | None = None) -> list[QueueRow]:
    """Requests without a conversation yet, longest waiting first (R-VG-3)."""
    today = today or timezone.localdate()
    rows = (
        network.verkennende_gesprekken.filter(status=Status.AANGEVRAAGD)
        .select_related("persoon", "practice", "huisarts")
        .order_by("requested_at", "pk")
    )
    out = []
    for vg in rows:
        days = (today - timezone.localdate(vg.requested_at)).days
        out.append(QueueRow(vg, days, waiting_level(network, days)))
    return out


@dataclass(frozen=True)
class FollowUpRow:
    vg: VerkennendGesprek
    held_on: date
    days_since: int
    overdue: bool  # R-VG-7: past 4 weeks without a started trajectory


def open_followups(network: Network, *, today: date | None = None) -> list[FollowUpRow]:
    today = today or timezone.localdate()
    first_held = Gesprek.objects.filter(verkennend_gesprek=OuterRef("pk"), held=True)
    rows = (
        network.verkennende_gesprekken.filter(Exists(first_held), followup_started_on__isnull=True)
        .exclude(status=Status.GEANNULEERD)
        .select_related("persoon", "practice")
        .prefetch_related("gesprekken")
        .order_by("requested_at")
    )
    out = []
    for vg in rows:
        held = [g for g in vg.gesprekken.all() if g.held]
        held_on = timezone.localdate(held[-1].starts_at)
        days = (today - held_on).days
        out.append(FollowUpRow(vg, held_on, days, days > FOLLOW_UP_DAYS))
    return sorted(out, key=lambda r: -r.days_since)


def definitive_advies(vg: VerkennendGesprek) -> Advies | None:
    return vg.adviezen.filter(status=AdviesStatus.DEFINITIEF).select_related("brief").first()


def follow_up_deadline(held_on: date) -> date:
    return held_on + timedelta(days=FOLLOW_UP_DAYS)
