"""The network's budget against realised declarations, lumpsums and the gemeenten's SD
part, per function and per funder, with a chart.

Who: the network's coordinators. A user who may see the network but not coordinate it
gets 403; a network they may not see 404. Totals only: nothing goes to the access log.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from bekostiging.forms.begroting import BegrotingspostAmountForm, BegrotingspostForm
from bekostiging.forms.financiering import YearForm
from bekostiging.selectors.begroting import begrotingspost_get_for_user, budget_overview
from bekostiging.selectors.contracten import network_get_for_coordinator
from bekostiging.services.begroting import begrotingspost_create as begrotingspost_create_service
from bekostiging.services.begroting import begrotingspost_update
from mgn.forms import form_add_service_errors
from networks.selectors.netwerken import can_coordinate, networks_for_user


def _begroting_url(network, year: int) -> str:
    return f"{reverse('bekostiging:begroting', args=[network.slug])}?{urlencode({'jaar': year})}"


@login_required
def index(request):
    """The menu's way in: the networks the user coordinates, each with its budget."""
    networks = list(networks_for_user(request.user, coordinate=True).order_by("name"))
    if not networks:
        raise PermissionDenied
    return render(request, "bekostiging/begroting_index.html", {"networks": networks})


@login_required
def begroting(request, slug: str):
    network = network_get_for_coordinator(request.user, slug)
    form = YearForm(request.GET)
    year = form.year()
    overview = budget_overview(network, year)
    return render(
        request,
        "bekostiging/begroting.html",
        {"network": network, "form": form, "year": year, "overview": overview},
    )


@login_required
def begrotingspost_create(request, slug: str):
    network = network_get_for_coordinator(request.user, slug)
    year = YearForm(request.GET).year()
    form = BegrotingspostForm(request.POST or None, network=network, year=year)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            post = begrotingspost_create_service(network=network, **data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("De begrotingspost voor %(funder)s is vastgelegd.")
                % {"funder": post.funder.name},
            )
            return redirect(_begroting_url(network, post.year))
    return render(
        request,
        "bekostiging/begrotingspost_form.html",
        {"network": network, "form": form, "year": year},
    )


@login_required
def begrotingspost_edit(request, pk: int):
    """Change a budget line's amount (coordinators of its network)."""
    post = begrotingspost_get_for_user(request.user, pk)
    if not can_coordinate(request.user, post.network):
        raise PermissionDenied
    form = BegrotingspostAmountForm(request.POST or None, initial={"amount": post.amount})
    if request.method == "POST" and form.is_valid():
        try:
            begrotingspost_update(post=post, amount=form.cleaned_data["amount"])
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("De begrotingspost van %(funder)s is aangepast.") % {"funder": post.funder.name},
            )
            return redirect(_begroting_url(post.network, post.year))
    return render(
        request,
        "bekostiging/begrotingspost_edit.html",
        {"network": post.network, "post": post, "form": form, "year": post.year},
    )
