from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from . import selectors
from .constants import OrganisationKind


@login_required
def network_list(request):
    networks = selectors.network_list_for_user(request.user, with_partner_count=True)
    page = Paginator(networks, 25).get_page(request.GET.get("pagina"))
    return render(request, "networks/network_list.html", {"page": page})


@login_required
def network_detail(request, slug: str):
    network = selectors.network_for_user(request.user, slug)
    matrix = selectors.network_role_matrix(network)
    return render(
        request,
        "networks/network_detail.html",
        {
            "network": network,
            "matrix": matrix,
            "role_labels": selectors.ROLE_LABELS,
            "regions": list(network.regions.all()),
            "gemeenten": list(network.gemeenten.all()),
            "principes": list(network.principes.all()),
            "can_coordinate": selectors.can_coordinate(request.user, network),
        },
    )


@login_required
def organisation_list(request):
    organisations = selectors.organisations_for_user(request.user).select_related("gemeente")
    kind = request.GET.get("soort", "")
    if kind in OrganisationKind.values:
        organisations = organisations.filter(kind=kind)
    query = request.GET.get("q", "").strip()
    if query:
        organisations = organisations.filter(name__icontains=query)
    page = Paginator(organisations.order_by("name", "pk"), 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "networks/organisation_list.html",
        {
            "page": page,
            "kinds": OrganisationKind.choices,
            "kind": kind,
            "query": query,
        },
    )


@login_required
def organisation_detail(request, pk: int):
    organisation = selectors.organisation_for_user(request.user, pk)
    visible = selectors.network_ids_for_user(request.user)
    partnerships = organisation.partnerships.filter(network__in=visible).select_related("network")
    professionals = organisation.professionals.filter(is_active=True).order_by("name")
    return render(
        request,
        "networks/organisation_detail.html",
        {
            "organisation": organisation,
            "partnerships": list(partnerships),
            "professionals": list(professionals),
        },
    )
