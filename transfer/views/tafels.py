"""The transfer table's pages (R-TR-5, R-TR-4): the list, a table with its team and
meetings, its settings and its team. Every page goes through ``selectors.tafels``: a
member or guest reads, the coordinators and the regievoerder manage, anyone else 404.
No waiting person appears on these pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mgn.forms import form_add_service_errors
from networks.selectors.netwerken import network_get_for_user
from transfer.constants import MemberKind
from transfer.forms.tafels import LidForm, TafelForm
from transfer.selectors import tafels as selectors
from transfer.selectors.steekproef import steekproeven_for_provider_user
from transfer.selectors.werklijst import werklijsten_for_provider_user
from transfer.services import tafels as services


@login_required
def tafel_list(request):
    tafels = list(selectors.tafel_list_for_user(request.user))
    return render(
        request,
        "transfer/tafel_list.html",
        {
            "tafels": tafels,
            "networks": list(selectors.networks_for_new_tafel(request.user)),
            "steekproeven": steekproeven_for_provider_user(request.user).exists(),
            "werklijsten": werklijsten_for_provider_user(request.user).exists(),
        },
    )


@login_required
def tafel_create(request, slug: str):
    network = network_get_for_user(request.user, slug, coordinate=True)
    if not network.offers_transfer:
        raise PermissionDenied
    form = TafelForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            tafel = services.tafel_create(network=network, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("De transfertafel is aangemaakt."))
            return redirect(tafel)
    return render(request, "transfer/tafel_form.html", {"form": form, "network": network})


@login_required
def tafel_detail(request, pk: int):
    tafel = selectors.tafel_get_for_user(request.user, pk)
    members = selectors.tafel_members(tafel)
    upcoming, past = selectors.tafel_meetings(tafel)
    manages = selectors.can_manage(request.user, tafel)
    return render(
        request,
        "transfer/tafel_detail.html",
        {
            "tafel": tafel,
            "team": [m for m in members if m.kind == MemberKind.TEAMLID],
            "guests": [m for m in members if m.kind == MemberKind.GAST],
            "upcoming": upcoming,
            "past": past,
            "manages": manages,
            "gemeenten": list(tafel.gemeenten.order_by("name")),
            "warnings": services.tafel_warnings(tafel) if manages else [],
        },
    )


def _managed(request, pk: int):
    """The table, 404 when not seen, 403 when seen but not managed."""
    tafel = selectors.tafel_get_for_user(request.user, pk)
    if not selectors.can_manage(request.user, tafel):
        raise PermissionDenied
    return tafel


@login_required
def tafel_edit(request, pk: int):
    tafel = _managed(request, pk)
    form = TafelForm(request.POST or None, instance=tafel, network=tafel.network)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        gemeenten = data.pop("gemeenten")
        try:
            services.tafel_update(tafel=tafel, gemeenten=gemeenten, **data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("De instellingen van de tafel zijn opgeslagen."))
            return redirect(tafel)
    return render(
        request,
        "transfer/tafel_form.html",
        {"form": form, "network": tafel.network, "tafel": tafel},
    )


@login_required
def lid_add(request, pk: int):
    tafel = _managed(request, pk)
    form = LidForm(request.POST or None, tafel=tafel)
    if request.method == "POST" and form.is_valid():
        try:
            services.lid_add(
                tafel=tafel,
                kind=form.cleaned_data["kind"],
                professional=form.cleaned_data["professional"],
                guest_role=form.cleaned_data["guest_role"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error, rename={"organisation": "professional"})
        else:
            messages.success(request, _("Het lid is toegevoegd."))
            return redirect(tafel)
    return render(request, "transfer/lid_form.html", {"form": form, "tafel": tafel})


@login_required
@require_POST
def lid_remove(request, pk: int, lid: int):
    tafel = _managed(request, pk)
    member = get_object_or_404(tafel.leden, pk=lid)
    services.lid_remove(lid=member)
    messages.success(
        request, _("%(name)s zit niet meer aan de tafel.") % {"name": member.display_name}
    )
    return redirect(tafel)
