from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from mgn.pagination import CountInPagePaginator
from networks.constants import ROLE_LABELS
from networks.selectors.netwerken import (
    can_coordinate,
    network_get_for_user,
    network_list_for_user,
    network_role_matrix,
)
from networks.selectors.plan import aandachtspunten_for_network
from networks.selectors.principes import principes_for_network, unaddressed_national_principles


@login_required
def network_list(request):
    networks = network_list_for_user(request.user, page=True)
    page = CountInPagePaginator(networks, 25).get_page(request.GET.get("pagina"))
    return render(request, "networks/network_list.html", {"page": page})


@login_required
def network_detail(request, slug: str):
    network = network_get_for_user(request.user, slug)
    principes = list(principes_for_network(network))
    return render(
        request,
        "networks/network_detail.html",
        {
            "network": network,
            "matrix": network_role_matrix(network),
            "role_labels": ROLE_LABELS,
            "regions": list(network.regions.all()),
            "gemeenten": list(network.gemeenten.all()),
            "principes": principes,
            "unaddressed": unaddressed_national_principles(network, principes),
            "can_coordinate": can_coordinate(request.user, network),
            "plan_aandachtspunten": aandachtspunten_for_network(network),
        },
    )
