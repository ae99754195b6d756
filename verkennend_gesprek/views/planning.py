"""The planners' pages: the queue (R-VG-3), scheduling with participants (R-VG-4/5),
rescheduling, attendance and cancelling. Every page logs the access (R-PR-1)."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mgn.audit.constants import Event
from mgn.audit.services import log_access, log_access_many
from mgn.forms import form_add_service_errors
from networks.constants import LifeDomain
from verkennend_gesprek.constants import MAX_GESPREKKEN, Expertise, Status
from verkennend_gesprek.forms.planning import (
    AttendanceForm,
    RecordAfterwardsForm,
    RescheduleForm,
    ScheduleForm,
)
from verkennend_gesprek.models import Deelnemer, Gesprek, VerkennendGesprek
from verkennend_gesprek.selectors.aanvraag import vg_get_for_user
from verkennend_gesprek.selectors.advies import can_record_advies
from verkennend_gesprek.selectors.inzage import persoon_view
from verkennend_gesprek.selectors.persoon import refused_attempts
from verkennend_gesprek.selectors.planning import (
    can_plan,
    in_time_until,
    planned_conversations,
    planned_rows,
    planned_wait_message,
    planning_networks_for_user,
    planning_queue,
)
from verkennend_gesprek.services.planning import (
    attendance_opens_message,
    gesprek_cancel,
    gesprek_record_afterwards,
    gesprek_record_attendance,
    gesprek_reschedule,
    gesprek_schedule,
)

QUEUE_PAGE_SIZE = 25
PLANNED_PAGE_SIZE = 25
PLANNED_WEEKS = 6


@login_required
def queue(request):
    """Requests waiting for a conversation, longest first, and the planned conversations."""
    networks = list(planning_networks_for_user(request.user))
    if not networks:
        raise PermissionDenied(_("Alleen netwerkcoördinatoren plannen verkennende gesprekken."))
    slug = request.GET.get("netwerk")
    network = next((n for n in networks if n.slug == slug), None) if slug else networks[0]
    if network is None:
        raise Http404(_("Netwerk niet gevonden."))
    now = timezone.now()
    rows = planning_queue(network, today=timezone.localdate(now))
    queue_page = Paginator(rows, QUEUE_PAGE_SIZE).get_page(request.GET.get("pagina"))
    planned = planned_conversations(network, until=now + timedelta(weeks=PLANNED_WEEKS))
    planned_page = Paginator(planned, PLANNED_PAGE_SIZE).get_page(request.GET.get("gepland"))
    planned_page.object_list = planned_rows(network, planned_page.object_list)
    log_access_many(
        request,
        event=Event.SEARCH,
        subjects=[row.vg for row in queue_page.object_list]
        + [row.gesprek.verkennend_gesprek for row in planned_page.object_list],
    )
    return render(
        request,
        "verkennend_gesprek/planning.html",
        {
            "networks": networks,
            "network": network,
            "queue_page": queue_page,
            "warning_row": {"level": "waarschuwing"},
            "alarm_row": {"level": "alarm"},
            "waiting_total": len(rows),
            "warnings": sum(1 for r in rows if r.level == "waarschuwing"),
            "alarms": sum(1 for r in rows if r.level == "alarm"),
            "planned_late": sum(1 for r in planned_page.object_list if r.level),
            "planned_page": planned_page,
            "planned_weeks": PLANNED_WEEKS,
            "now": now,
        },
    )


def _vg_for_planner(request, pk: int) -> VerkennendGesprek:
    """404 when the request is invisible, 403 when visible but the user does not plan."""
    vg = vg_get_for_user(request.user, pk)
    if not can_plan(request.user, vg):
        raise PermissionDenied(_("Alleen de netwerkcoördinator plant dit gesprek."))
    return vg


def _gesprek(vg: VerkennendGesprek, number: int) -> Gesprek:
    gesprek = (
        vg.gesprekken.filter(number=number)
        .prefetch_related(
            Prefetch("deelnemers", queryset=Deelnemer.objects.select_related("professional"))
        )
        .first()
    )
    if gesprek is None:
        raise Http404(_("Gesprek niet gevonden."))
    return gesprek


def _summary(vg: VerkennendGesprek, user, *, planner: bool = True) -> dict:
    """What a planner needs to know about the request, for the partial _planning_summary;
    the person as ``user`` may see them (R-PR-2: attendance is also for participants)."""
    in_time, before_alarm = in_time_until(vg)
    return {
        "vg": vg,
        "in_time_until": in_time,
        "before_alarm_until": before_alarm,
        "persoon": persoon_view(user, vg),
        "life_domains": [LifeDomain(v).label for v in vg.life_domains if v in LifeDomain.values],
        "expertise": [Expertise(v).label for v in vg.expertise if v in Expertise.values],
        "waiting_days": (timezone.localdate() - timezone.localdate(vg.requested_at)).days,
        # Requests refused because this one was open: the planners', not the participants'.
        "refused": refused_attempts(vg) if planner else [],
    }


def _when(gesprek: Gesprek) -> str:
    return date_format(timezone.localtime(gesprek.starts_at), "l j F Y \\o\\m H:i")


@login_required
def schedule(request, pk: int):
    """Plan the first conversation, or a second after the first was held (R-VG-5)."""
    vg = _vg_for_planner(request, pk)
    existing = list(
        vg.gesprekken.prefetch_related(
            Prefetch("deelnemers", queryset=Deelnemer.objects.select_related("professional"))
        )
    )
    previous = existing[-1] if existing else None
    form = ScheduleForm(request.POST or None, vg=vg, previous=previous)
    if request.method == "POST" and form.is_valid():
        try:
            gesprek = gesprek_schedule(vg=vg, **form.service_kwargs())
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            log_access(request, event=Event.CREATE, subject=vg, obj=gesprek)
            messages.success(
                request,
                _("Gesprek %(n)s is gepland op %(when)s. De deelnemers krijgen een uitnodiging.")
                % {"n": gesprek.number, "when": _when(gesprek)},
            )
            if gesprek.number == 1 and (late := planned_wait_message(vg, gesprek.starts_at)):
                messages.warning(request, late)
            return redirect(vg)
    log_access(request, event=Event.READ, subject=vg, obj=vg)
    return render(
        request,
        "verkennend_gesprek/planning_schedule_form.html",
        {
            **_summary(vg, request.user),
            "form": form,
            "number": len(existing) + 1,
            "at_maximum": len(existing) >= MAX_GESPREKKEN,
            "open_gesprek": next((g for g in existing if not g.held), None),
        },
    )


@login_required
def record_afterwards(request, pk: int):
    """A conversation that already took place, with its attendance, in one step; no
    invitations. Only planners; logged as recorded afterwards."""
    vg = _vg_for_planner(request, pk)
    existing = list(
        vg.gesprekken.prefetch_related(
            Prefetch("deelnemers", queryset=Deelnemer.objects.select_related("professional"))
        )
    )
    previous = existing[-1] if existing else None
    form = RecordAfterwardsForm(request.POST or None, vg=vg, previous=previous)
    if request.method == "POST" and form.is_valid():
        try:
            gesprek = gesprek_record_afterwards(
                vg=vg, recorded_by=request.user, **form.service_kwargs()
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            log_access(
                request,
                event=Event.CREATE,
                subject=vg,
                obj=gesprek,
                detail="gesprek achteraf vastgelegd",
            )
            messages.success(
                request,
                _(
                    "Gesprek %(n)s van %(when)s is achteraf vastgelegd, met de aanwezigheid. "
                    "Er zijn geen uitnodigingen verstuurd."
                )
                % {"n": gesprek.number, "when": _when(gesprek)},
            )
            return redirect(vg)
    log_access(request, event=Event.READ, subject=vg, obj=vg)
    return render(
        request,
        "verkennend_gesprek/planning_afterwards_form.html",
        {
            **_summary(vg, request.user),
            "form": form,
            "number": len(existing) + 1,
            "at_maximum": len(existing) >= MAX_GESPREKKEN,
            "open_gesprek": next((g for g in existing if not g.held), None),
        },
    )


@login_required
def reschedule(request, pk: int, number: int):
    vg = _vg_for_planner(request, pk)
    gesprek = _gesprek(vg, number)
    form = RescheduleForm(request.POST or None, gesprek=gesprek)
    if request.method == "POST" and form.is_valid():
        try:
            gesprek_reschedule(gesprek=gesprek, **form.service_kwargs())
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            log_access(request, event=Event.UPDATE, subject=vg, obj=gesprek)
            messages.success(
                request,
                _(
                    "Gesprek %(n)s is verplaatst naar %(when)s. De deelnemers krijgen een nieuwe uitnodiging."
                )
                % {"n": gesprek.number, "when": _when(gesprek)},
            )
            if gesprek.number == 1 and (late := planned_wait_message(vg, gesprek.starts_at)):
                messages.warning(request, late)
            return redirect(vg)
    log_access(request, event=Event.READ, subject=vg, obj=vg)
    return render(
        request,
        "verkennend_gesprek/planning_reschedule_form.html",
        {**_summary(vg, request.user), "form": form, "gesprek": gesprek},
    )


@login_required
def attendance(request, pk: int, number: int):
    """Who took part; an absent ggz or SD professional needs a stated reason (R-VG-4)."""
    vg = vg_get_for_user(request.user, pk)
    if not can_record_advies(request.user, vg):
        raise PermissionDenied(_("Alleen deelnemers en de netwerkcoördinator leggen dit vast."))
    gesprek = _gesprek(vg, number)
    deelnemers = list(gesprek.deelnemers.all())
    form = AttendanceForm(request.POST or None, deelnemers=deelnemers)
    if request.method == "POST" and form.is_valid():
        try:
            gesprek_record_attendance(gesprek=gesprek, attendance=form.attendance())
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            log_access(request, event=Event.UPDATE, subject=vg, obj=gesprek)
            messages.success(
                request,
                _("De aanwezigheid bij gesprek %(n)s is vastgelegd.") % {"n": gesprek.number},
            )
            return redirect(vg)
    log_access(request, event=Event.READ, subject=vg, obj=vg)
    return render(
        request,
        "verkennend_gesprek/planning_attendance_form.html",
        {
            **_summary(vg, request.user, planner=can_plan(request.user, vg)),
            "form": form,
            "gesprek": gesprek,
            "in_future": gesprek.starts_at > timezone.now(),
            "opens_message": attendance_opens_message(gesprek),
        },
    )


@login_required
def cancel(request, pk: int):
    vg = _vg_for_planner(request, pk)
    errors = []
    if request.method == "POST":
        try:
            gesprek_cancel(vg=vg)
        except ValidationError as exc:
            errors = exc.messages
        else:
            log_access(request, event=Event.UPDATE, subject=vg, obj=vg, detail="geannuleerd")
            messages.success(
                request, _("De aanvraag %(ref)s is geannuleerd.") % {"ref": vg.reference}
            )
            return redirect(vg)
    log_access(request, event=Event.READ, subject=vg, obj=vg)
    return render(
        request,
        "verkennend_gesprek/planning_cancel_confirm.html",
        {
            **_summary(vg, request.user),
            "errors": errors,
            "cancellable": vg.status in (Status.AANGEVRAAGD, Status.GEPLAND),
            "gesprekken": list(vg.gesprekken.filter(held=False)),
        },
    )
