"""Gemeente funding (R-BK-3): per gemeente the agreed VGs, the rate, the realised VGs of
its residents, the amount due (within the agreement, plus an accepted over-run), the
over-run apart ("ter beslissing door de gemeente") and what is left of the agreement.

Who: a gemeente user sees its own gemeente, a user of the region's mandaatgemeente every
gemeente of the region (``gemeenten_for_user``), in the networks they may see;
coordinators see every gemeente of the networks they coordinate and make or change the
agreements. Anyone else gets 403 on the overview; an agreement that is not theirs 404.
The gemeente (or its mandaatgemeente) decides on the over-run of its agreement; a
coordinator sees the decision but does not take it (403).
Counts only, no person data: nothing is written to the access log.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from bekostiging.forms.financiering import AfspraakForm, OverschrijdingBesluitForm, YearForm
from bekostiging.selectors.contracten import network_get_for_coordinator
from bekostiging.selectors.financiering import (
    afspraak_get_for_user,
    deciding_organisation,
    funding_overview,
    gemeenten_for_user,
)
from bekostiging.services.financiering import afspraak_create as afspraak_create_service
from bekostiging.services.financiering import afspraak_update, overschrijding_besluit
from mgn.forms import form_add_service_errors
from networks.selectors.netwerken import can_coordinate, networks_for_user


def _overview_url(year: int) -> str:
    return f"{reverse('bekostiging:gemeenten')}?{urlencode({'jaar': year})}"


@login_required
def gemeenten(request):
    user = request.user
    form = YearForm(request.GET)
    year = form.year()
    coordinated = list(networks_for_user(user, coordinate=True).order_by("name"))
    own = [g.pk for g in gemeenten_for_user(user)]
    if not coordinated and not own:
        raise PermissionDenied
    coordinated_ids = {n.pk for n in coordinated}
    # A gemeente user: every network it may see, limited to its own gemeenten.
    networks = list(networks_for_user(user).order_by("name")) if own else coordinated
    networks += [n for n in coordinated if n not in networks]
    limits = {n.pk: None if n.pk in coordinated_ids else own for n in networks}
    overviews = [
        o
        for o in funding_overview(networks, year, gemeente_ids=limits)
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
            # The gemeenten whose over-run this user decides on (its own, or its region's).
            "decide_ids": set(own),
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
        form_add_service_errors(form, error)
        return None


@login_required
def afspraak_create(request, slug: str):
    network = network_get_for_coordinator(request.user, slug)
    form = AfspraakForm(request.POST or None, network=network)
    if request.method == "POST":
        afspraak = _save(
            form,
            lambda **data: afspraak_create_service(network=network, **data),
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
    afspraak = afspraak_get_for_user(request.user, pk)
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
            lambda **data: afspraak_update(afspraak=afspraak, **data),
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


@login_required
@require_POST
def overschrijding_besluit_view(request, pk: int):
    """R-BK-3: the gemeente accepts or declines the over-run of its agreement."""
    afspraak = afspraak_get_for_user(request.user, pk)
    if deciding_organisation(request.user, afspraak) is None:
        raise PermissionDenied  # a coordinator sees the over-run, the gemeente decides
    form = OverschrijdingBesluitForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_overview_url(afspraak.year))
    try:
        besluit = overschrijding_besluit(
            afspraak=afspraak,
            user=request.user,
            accepted=form.accepted(),
            note=form.cleaned_data["toelichting"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            (
                ngettext(
                    "%(gemeente)s %(year)s: %(count)s gesprek boven de afspraak geaccepteerd.",
                    "%(gemeente)s %(year)s: %(count)s gesprekken boven de afspraak geaccepteerd.",
                    besluit.over_run_count,
                )
                if besluit.accepted
                else ngettext(
                    "%(gemeente)s %(year)s: %(count)s gesprek boven de afspraak afgewezen.",
                    "%(gemeente)s %(year)s: %(count)s gesprekken boven de afspraak afgewezen.",
                    besluit.over_run_count,
                )
            )
            % {
                "gemeente": afspraak.gemeente.name,
                "year": afspraak.year,
                "count": besluit.over_run_count,
            },
        )
    return redirect(_overview_url(afspraak.year))
