"""R-NW-5: the network's leidende principes. Everyone who sees the network reads them; its
coordinators add, change, reorder and delete them (others 403, another network 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mgn.forms import form_add_service_errors
from networks.forms.principes import PrincipeForm
from networks.selectors.netwerken import can_coordinate, network_get_for_user
from networks.selectors.principes import (
    principe_get_for_network,
    principes_for_network,
    unaddressed_national_principles,
)
from networks.services import principes as services


def _coordinated(request, slug: str):
    network = network_get_for_user(request.user, slug)
    if not can_coordinate(request.user, network):
        raise PermissionDenied
    return network


def _back(network):
    return redirect(reverse("networks:principes", args=[network.slug]))


@login_required
def principes(request, slug: str):
    """The list, what is not yet addressed and (for a coordinator) the form to add one."""
    network = network_get_for_user(request.user, slug)
    coordinator = can_coordinate(request.user, network)
    form = PrincipeForm(request.POST or None)
    if request.method == "POST":
        if not coordinator:
            raise PermissionDenied
        if form.is_valid():
            try:
                principe = services.principe_create(network=network, **form.cleaned_data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Het principe '%(title)s' is toegevoegd.") % {"title": principe.title},
                )
                return _back(network)
    rows = list(principes_for_network(network))
    return render(
        request,
        "networks/principes.html",
        {
            "network": network,
            "principes": rows,
            "unaddressed": unaddressed_national_principles(network, rows),
            "can_coordinate": coordinator,
            "form": form,
        },
    )


@login_required
def principe_edit(request, slug: str, pk: int):
    network = _coordinated(request, slug)
    principe = principe_get_for_network(network, pk)
    form = PrincipeForm(
        request.POST or None,
        initial={
            "title": principe.title,
            "text": principe.text,
            "national_principles": principe.national_principles,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.principe_update(principe=principe, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Het principe is aangepast."))
            return _back(network)
    return render(
        request,
        "networks/principe_edit.html",
        {"network": network, "principe": principe, "form": form},
    )


@login_required
@require_POST
def principe_delete(request, slug: str, pk: int):
    network = _coordinated(request, slug)
    principe = principe_get_for_network(network, pk)
    services.principe_delete(principe=principe)
    messages.success(
        request, _("Het principe '%(title)s' is verwijderd.") % {"title": principe.title}
    )
    return _back(network)


@login_required
@require_POST
def principe_move(request, slug: str, pk: int):
    network = _coordinated(request, slug)
    principe = principe_get_for_network(network, pk)
    services.principe_move(principe=principe, up=request.POST.get("richting") != "omlaag")
    return _back(network)
