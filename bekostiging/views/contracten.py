"""The network's contracts and verdeelsleutel, for its coordinators (R-BK-1, R-BK-2,
R-NW-4). Anyone else who sees the network gets 403, a network they do not see 404.
Contracts hold no person data, so nothing here is logged."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from bekostiging.constants import Function
from bekostiging.forms.contracten import ContractForm, VerdeelsleutelForm
from bekostiging.models import Contract
from bekostiging.selectors.contracten import (
    network_get_for_coordinator,
    share_insurers_for_network,
)
from bekostiging.services.contracten import contract_create as contract_create_service
from bekostiging.services.contracten import verdeelsleutel_set
from bekostiging.services.declaraties import declaraties_generate
from mgn.forms import form_add_service_errors

PAGE_SIZE = 50


@login_required
@require_GET
def contracten(request, slug: str):
    network = network_get_for_coordinator(request.user, slug)
    contracts = (
        Contract.objects.filter(network=network)
        .select_related("insurer", "provider")
        .order_by("function", "starts_on", "insurer__name", "pk")
    )
    page = Paginator(contracts, PAGE_SIZE).get_page(request.GET.get("pagina"))
    shares = list(network.verdeelsleutel.select_related("insurer").order_by("-share", "pk"))
    return render(
        request,
        "bekostiging/contracten.html",
        {
            "network": network,
            "page": page,
            "shares": shares,
            "share_total": sum(s.share for s in shares),
        },
    )


def _initial_from_query(request) -> dict:
    """A contract asked for from a held-back conversation: ?functie=&verzekeraar=&aanbieder=."""
    initial = {}
    if request.GET.get("functie") in Function.values:
        initial["function"] = request.GET["functie"]
    for field, param in (("insurer", "verzekeraar"), ("provider", "aanbieder")):
        if request.GET.get(param, "").isdigit():
            initial[field] = int(request.GET[param])
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def contract_create(request, slug: str):
    user = request.user
    network = network_get_for_coordinator(user, slug)
    form = ContractForm(request.POST or None, network=network, initial=_initial_from_query(request))
    if request.method == "POST" and form.is_valid():
        try:
            contract = contract_create_service(**form.service_kwargs())
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Het contract is vastgelegd: %(c)s.") % {"c": contract})
            if contract.function == Function.VERKENNEND_GESPREK:
                # Conversations held back for want of this contract become lines now.
                result = declaraties_generate(network=network, user=user)
                if result.resolved:
                    messages.success(
                        request,
                        ngettext(
                            "%(count)s tegengehouden gesprek is nu gedeclareerd.",
                            "%(count)s tegengehouden gesprekken zijn nu gedeclareerd.",
                            result.resolved,
                        )
                        % {"count": result.resolved},
                    )
            return redirect("bekostiging:contracten", slug=network.slug)
    return render(request, "bekostiging/contract_form.html", {"network": network, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def verdeelsleutel(request, slug: str):
    """All shares at once; exactly 100% or nothing changes (R-BK-2)."""
    network = network_get_for_coordinator(request.user, slug)
    current = dict(network.verdeelsleutel.values_list("insurer_id", "share"))
    form = VerdeelsleutelForm(
        request.POST or None, insurers=share_insurers_for_network(network), current=current
    )
    if request.method == "POST" and form.is_valid():
        try:
            verdeelsleutel_set(network=network, shares=form.shares())
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("De verdeelsleutel is vastgelegd."))
            return redirect("bekostiging:contracten", slug=network.slug)
    return render(
        request,
        "bekostiging/verdeelsleutel.html",
        {"network": network, "form": form, "total": form.total() if form.is_bound else None},
    )
