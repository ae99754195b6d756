"""The network's budget against realised declarations, lumpsums and the gemeenten's SD
part, per function and per funder, with a chart (issue 5, point 6).

Who: the network's coordinators. A user who may see the network but not coordinate it
gets 403; a network they may not see 404. Totals only: nothing goes to the access log.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from bekostiging import budget
from bekostiging.forms_funding import BegrotingspostAmountForm, BegrotingspostForm, YearForm
from bekostiging.models import Begrotingspost
from networks.selectors.netwerken import (
    can_coordinate,
    network_get_for_user,
    network_ids_for_user,
    networks_for_user,
)


def _coordinated_network(request, slug: str):
    network = network_get_for_user(request.user, slug)
    if not can_coordinate(request.user, network):
        raise PermissionDenied
    return network


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
    network = _coordinated_network(request, slug)
    form = YearForm(request.GET)
    year = form.year()
    overview = budget.budget_overview(network, year)
    return render(
        request,
        "bekostiging/begroting.html",
        {"network": network, "form": form, "year": year, "overview": overview},
    )


@login_required
def begrotingspost_create(request, slug: str):
    network = _coordinated_network(request, slug)
    year = YearForm(request.GET).year()
    form = BegrotingspostForm(request.POST or None, network=network, year=year)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            post = budget.begrotingspost_create(network=network, **data)
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
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
    post = (
        Begrotingspost.objects.select_related("network", "funder")
        .filter(pk=pk, network__in=network_ids_for_user(request.user))
        .first()
    )
    if post is None:
        raise Http404(_("Begrotingspost niet gevonden."))
    if not can_coordinate(request.user, post.network):
        raise PermissionDenied
    form = BegrotingspostAmountForm(request.POST or None, initial={"amount": post.amount})
    if request.method == "POST" and form.is_valid():
        try:
            budget.begrotingspost_update(post=post, amount=form.cleaned_data["amount"])
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
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


urlpatterns = [
    path("begroting/", index, name="begroting_index"),
    path("<slug:slug>/begroting/", begroting, name="begroting"),
    path("<slug:slug>/begroting/post/", begrotingspost_create, name="begrotingspost_create"),
    path("begroting/post/<int:pk>/", begrotingspost_edit, name="begrotingspost_edit"),
]
