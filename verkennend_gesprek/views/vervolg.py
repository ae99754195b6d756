"""Follow-up (R-VG-7): the coordinators' list of conversations without a started trajectory,
and recording when the trajectory (and a ggz takeover) started."""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from mgn.audit.constants import Event
from mgn.audit.services import log_access, log_access_many
from mgn.forms import form_add_service_errors
from verkennend_gesprek.constants import FOLLOW_UP_DAYS
from verkennend_gesprek.forms.vervolg import NetworkChoiceForm, VervolgForm
from verkennend_gesprek.selectors.aanvraag import vg_get_for_user
from verkennend_gesprek.selectors.advies import can_record_advies
from verkennend_gesprek.selectors.inzage import persoon_view
from verkennend_gesprek.selectors.planning import planning_networks_for_user
from verkennend_gesprek.selectors.vervolg import (
    VervolgRow,
    has_ggz_route,
    vervolg_deadline,
    vervolg_open,
)
from verkennend_gesprek.services.vervolg import vervolg_record

PAGE_SIZE = 25


@dataclass(frozen=True)
class VervolgItem:
    row: VervolgRow
    deadline: date
    days_left: int  # days until the deadline (0 on the last day); negative when overdue
    days_over: int


def _item(row: VervolgRow) -> VervolgItem:
    deadline = vervolg_deadline(row.held_on)
    days_left = FOLLOW_UP_DAYS - row.days_since
    return VervolgItem(row, deadline, days_left, max(0, -days_left))


@login_required
def open_list(request):
    networks = planning_networks_for_user(request.user)
    choice = NetworkChoiceForm(request.GET or None, networks=networks)
    network = choice.network()
    if network is None:
        raise PermissionDenied
    rows = [_item(row) for row in vervolg_open(network)]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
    log_access_many(request, event=Event.READ, subjects=[item.row.vg for item in page])
    return render(
        request,
        "verkennend_gesprek/vervolg_list.html",
        {
            "page": page,
            "network": network,
            "choice": choice,
            "several_networks": len(choice.fields["netwerk"].queryset) > 1,
            "overdue_count": sum(1 for item in rows if item.row.overdue),
            "takeover_overdue_count": sum(1 for item in rows if item.row.takeover_overdue),
            "follow_up_days": FOLLOW_UP_DAYS,
        },
    )


@login_required
def record(request, pk: int):
    vg = vg_get_for_user(request.user, pk)
    if not can_record_advies(request.user, vg):
        raise PermissionDenied
    held = vg.gesprekken.filter(held=True).order_by("number").first()
    last_held = vg.gesprekken.filter(held=True).order_by("number").last()
    ggz_route = has_ggz_route(vg)
    if request.method == "POST":
        form = VervolgForm(request.POST, ggz_route=ggz_route)
        if form.is_valid():
            data = form.cleaned_data
            try:
                vervolg_record(
                    vg=vg,
                    started_on=data["started_on"],
                    description=data["description"],
                    ggz_takeover_on=data["ggz_takeover_on"],
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                log_access(request, event=Event.UPDATE, subject=vg, obj=vg, detail="vervolg")
                messages.success(request, _("Het vervolg is vastgelegd."))
                return redirect(vg)
    else:
        form = VervolgForm(initial=VervolgForm.initial_from(vg), ggz_route=ggz_route)
        log_access(request, event=Event.READ, subject=vg, obj=vg, detail="vervolg")
    return render(
        request,
        "verkennend_gesprek/vervolg_form.html",
        {
            "vg": vg,
            "persoon": persoon_view(request.user, vg),  # R-PR-2
            "form": form,
            "held": held,
            "deadline": (
                vervolg_deadline(timezone.localdate(last_held.starts_at)) if last_held else None
            ),
            "ggz_route": ggz_route,
            "today": timezone.localdate(),
        },
    )
