from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from networks.constants import OrganisationKind
from networks.selectors.organisaties import (
    organisation_get_for_user,
    organisation_partnerships_for_user,
    organisations_for_user,
)


@login_required
def organisation_list(request):
    organisations = organisations_for_user(request.user).select_related("gemeente")
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
    organisation = organisation_get_for_user(request.user, pk)
    professionals = organisation.professionals.filter(is_active=True).order_by("name")
    return render(
        request,
        "networks/organisation_detail.html",
        {
            "organisation": organisation,
            "partnerships": list(organisation_partnerships_for_user(request.user, organisation)),
            "professionals": list(professionals),
        },
    )
