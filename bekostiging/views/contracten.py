"""The network's contracts and verdeelsleutel, for its coordinators (R-BK-1, R-BK-2,
R-NW-4). Anyone else who sees the network gets 403, a network they do not see 404.
Contracts hold no person data, so nothing here is logged. The routes are joined into
views/declaraties.py's urlpatterns."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bekostiging import services
from bekostiging.constants import Function
from bekostiging.forms import ContractForm, VerdeelsleutelForm, add_service_errors
from bekostiging.models import Contract
from networks.constants import OrganisationKind
from networks.models import Network, Organisation
from networks.selectors.netwerken import can_coordinate, network_get_for_user

PAGE_SIZE = 50


def coordinated_network(user, slug: str) -> Network:
    """The network for its coordinator; 404 when the user may not see it, 403 when they
    see it but do not coordinate it."""
    network = network_get_for_user(user, slug)
    if not can_coordinate(user, network):
        raise PermissionDenied
    return network


@login_required
@require_GET
def contracten(request, slug: str):
    network = coordinated_network(request.user, slug)
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
    network = coordinated_network(user, slug)
    form = ContractForm(request.POST or None, network=network, initial=_initial_from_query(request))
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.contract_create(**form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het contract is vastgelegd: %(c)s.") % {"c": contract})
            if contract.function == Function.VERKENNEND_GESPREK:
                # Conversations held back for want of this contract become lines now.
                result = services.declaraties_genereren(network=network, user=user)
                if result.resolved:
                    messages.success(
                        request,
                        _("%(count)s tegengehouden gesprek(ken) zijn nu gedeclareerd.")
                        % {"count": result.resolved},
                    )
            return redirect("bekostiging:contracten", slug=network.slug)
    return render(request, "bekostiging/contract_form.html", {"network": network, "form": form})


def _share_insurers(network: Network):
    """Insurers that may share the costs: the network's insurer partners, those already in
    the verdeelsleutel and those contracted in the network."""
    return (
        Organisation.objects.filter(kind=OrganisationKind.ZORGVERZEKERAAR)
        .filter(
            Q(partnerships__network=network)
            | Q(pk__in=network.verdeelsleutel.values("insurer"))
            | Q(pk__in=Contract.objects.filter(network=network).values("insurer"))
        )
        .distinct()
        .order_by("name")
    )


@login_required
@require_http_methods(["GET", "POST"])
def verdeelsleutel(request, slug: str):
    """All shares at once; exactly 100% or nothing changes (R-BK-2)."""
    network = coordinated_network(request.user, slug)
    current = dict(network.verdeelsleutel.values_list("insurer_id", "share"))
    form = VerdeelsleutelForm(
        request.POST or None, insurers=_share_insurers(network), current=current
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.verdeelsleutel_set(network=network, shares=form.shares())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De verdeelsleutel is vastgelegd."))
            return redirect("bekostiging:contracten", slug=network.slug)
    return render(
        request,
        "bekostiging/verdeelsleutel.html",
        {"network": network, "form": form, "total": form.total() if form.is_bound else None},
    )


urlpatterns = [
    path("<slug:slug>/contracten/", contracten, name="contracten"),
    path("<slug:slug>/contracten/nieuw/", contract_create, name="contract_create"),
    path("<slug:slug>/verdeelsleutel/", verdeelsleutel, name="verdeelsleutel"),
]
