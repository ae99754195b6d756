"""Gemeente funding (R-BK-3): per gemeente the agreed VGs, the rate, the realised VGs of
its residents, the amount due and what is left of the agreement.

Who: a gemeente user sees its own gemeente, a user of the region's mandaatgemeente every
gemeente of the region (``selectors.gemeenten_for_user``), in the networks they may see;
coordinators see every gemeente of the networks they coordinate and make or change the
agreements. Anyone else gets 403 on the overview; an agreement that is not theirs 404.
Counts only, no person data: nothing is written to the access log.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from bekostiging import funding, selectors
from bekostiging.forms_funding import AfspraakForm, YearForm
from networks.selectors.netwerken import can_coordinate, network_get_for_user, networks_for_user


def _overview_url(year: int) -> str:
    return f"{reverse('bekostiging:gemeenten')}?{urlencode({'jaar': year})}"


@login_required
def gemeenten(request):
    user = request.user
    form = YearForm(request.GET)
    year = form.year()
    coordinated = list(networks_for_user(user, coordinate=True).order_by("name"))
    own = [g.pk for g in selectors.gemeenten_for_user(user)]
    if not coordinated and not own:
        raise PermissionDenied
    coordinated_ids = {n.pk for n in coordinated}
    # A gemeente user: every network it may see, limited to its own gemeenten.
    networks = list(networks_for_user(user).order_by("name")) if own else coordinated
    networks += [n for n in coordinated if n not in networks]
    limits = {n.pk: None if n.pk in coordinated_ids else own for n in networks}
    overviews = [
        o
        for o in funding.funding_overview(networks, year, gemeente_ids=limits)
        if o.network.pk in coordinated_ids or o.rows or o.unfunded or o.without_agreement
    ]
    return render(
        request,
        "bekostiging/gemeenten.html",
        {
            "form": form,
            "year": year,
            "overviews": overviews,
            "coordinated_ids": coordinated_ids,
            "is_coordinator": bool(coordinated),
        },
    )


def _save(form, save):
    """Run the service; its field errors go back onto the form."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return save(
            gemeente=data["gemeente"],
            year=data["year"],
            agreed_count=data["agreed_count"],
            rate=data["rate"],
            funding_source=data["funding_source"],
        )
    except ValidationError as error:
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return None


@login_required
def afspraak_create(request, slug: str):
    network = network_get_for_user(request.user, slug)
    if not can_coordinate(request.user, network):
        raise PermissionDenied
    form = AfspraakForm(request.POST or None, network=network)
    if request.method == "POST":
        afspraak = _save(
            form,
            lambda **data: funding.afspraak_create(network=network, **data),
        )
        if afspraak is not None:
            messages.success(
                request,
                _("De afspraak met %(gemeente)s voor %(year)s is vastgelegd.")
                % {"gemeente": afspraak.gemeente.name, "year": afspraak.year},
            )
            return redirect(_overview_url(afspraak.year))
    return render(
        request, "bekostiging/gemeente_afspraak_form.html", {"form": form, "network": network}
    )


@login_required
def afspraak_edit(request, pk: int):
    afspraak = (
        selectors.afspraken_for_user(request.user)
        .select_related("network", "gemeente")
        .filter(pk=pk)
        .first()
    )
    if afspraak is None:
        raise Http404(_("Afspraak niet gevonden."))
    network = afspraak.network
    if not can_coordinate(request.user, network):
        raise PermissionDenied  # a gemeente user sees it but does not change it
    initial = {
        "gemeente": afspraak.gemeente,
        "year": afspraak.year,
        "agreed_count": afspraak.agreed_count,
        "rate": afspraak.rate,
        "funding_source": afspraak.funding_source,
    }
    form = AfspraakForm(request.POST or None, network=network, initial=initial)
    if request.method == "POST":
        saved = _save(
            form,
            lambda **data: funding.afspraak_update(afspraak=afspraak, **data),
        )
        if saved is not None:
            messages.success(
                request,
                _("De afspraak met %(gemeente)s voor %(year)s is gewijzigd.")
                % {"gemeente": saved.gemeente.name, "year": saved.year},
            )
            return redirect(_overview_url(saved.year))
    return render(
        request,
        "bekostiging/gemeente_afspraak_form.html",
        {"form": form, "network": network, "afspraak": afspraak},
    )


urlpatterns = [
    path("gemeenten/", gemeenten, name="gemeenten"),
    path("<slug:slug>/gemeenten/afspraak/", afspraak_create, name="afspraak_create"),
    path("gemeenten/afspraak/<int:pk>/bewerken/", afspraak_edit, name="afspraak_edit"),
]
