"""The network's contracts, verdeelsleutel per year, kassier per function and regional
amounts, for its coordinators (R-BK-1, R-BK-2, R-NW-3, R-NW-4). Anyone else who sees the
network gets 403, a network they do not see 404. None of it is person data, so nothing
here is logged."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from bekostiging.constants import Function
from bekostiging.forms.contracten import (
    ContractForm,
    KassierEndForm,
    KassierForm,
    RegionaalBedragForm,
    VerdeelsleutelForm,
)
from bekostiging.models import Contract, FunctieKassier
from bekostiging.selectors.contracten import (
    kassiers_for_network,
    network_get_for_coordinator,
    regionale_bedragen_for_network,
    share_insurers_for_network,
    verdeelsleutel_by_year,
)
from bekostiging.services.contracten import contract_create as contract_create_service
from bekostiging.services.contracten import verdeelsleutel_set
from bekostiging.services.declaraties import declaraties_generate
from bekostiging.services.kassiers import (
    functie_kassier_create,
    functie_kassier_end,
    regionaal_bedrag_set,
)
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
    keys = [
        (year, rows, sum(r.share for r in rows)) for year, rows in verdeelsleutel_by_year(network)
    ]
    return render(
        request,
        "bekostiging/contracten.html",
        {
            "network": network,
            "page": page,
            "keys": keys,
            "kassiers": list(kassiers_for_network(network)),
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


def _year_from(value, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


@login_required
@require_http_methods(["GET", "POST"])
def verdeelsleutel(request, slug: str):
    """One year's shares at once; exactly 100% or nothing changes (R-BK-2). ?jaar= picks
    the year (default this year); the other years keep their keys."""
    user = request.user
    network = network_get_for_coordinator(user, slug)
    this_year = timezone.localdate().year
    year = _year_from(request.POST.get("jaar") or request.GET.get("jaar"), this_year)
    current = dict(network.verdeelsleutel.filter(year=year).values_list("insurer_id", "share"))
    form = VerdeelsleutelForm(
        request.POST or None,
        insurers=share_insurers_for_network(network),
        current=current,
        initial={"jaar": year},
    )
    if request.method == "POST" and form.is_valid():
        try:
            verdeelsleutel_set(
                network=network, year=form.cleaned_data["jaar"], shares=form.shares(), user=user
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("De verdeelsleutel van %(year)s is vastgelegd.")
                % {"year": form.cleaned_data["jaar"]},
            )
            return redirect("bekostiging:contracten", slug=network.slug)
    keys = verdeelsleutel_by_year(network)
    years = sorted({this_year, this_year + 1, year, *(y for y, _rows in keys)}, reverse=True)
    return render(
        request,
        "bekostiging/verdeelsleutel.html",
        {
            "network": network,
            "form": form,
            "year": year,
            "years": years,
            "keys": dict(keys),
            "total": form.total() if form.is_bound else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def kassiers(request, slug: str):
    """R-NW-3/R-NW-4/R-BK-2: who has regie and is kassier per function, and the regional
    amount per function and year. Two forms on one page (`formulier` tells them apart)."""
    user = request.user
    network = network_get_for_coordinator(user, slug)
    which = request.POST.get("formulier") if request.method == "POST" else None
    kassier_form = KassierForm(
        request.POST if which == "kassier" else None, network=network, prefix="kassier"
    )
    bedrag_form = RegionaalBedragForm(
        request.POST if which == "bedrag" else None,
        network=network,
        prefix="bedrag",
        initial={"year": timezone.localdate().year},
    )
    end_form = KassierEndForm(request.POST if which == "einde" else None, prefix="einde")
    if end_form.is_valid():
        # Only a kassier of this network (another network's id: 404).
        kassier = get_object_or_404(
            FunctieKassier, pk=end_form.cleaned_data["kassier"], network=network
        )
        try:
            functie_kassier_end(kassier=kassier, ends_on=end_form.cleaned_data["ends_on"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Beëindigd: %(what)s.") % {"what": kassier})
        return redirect("bekostiging:kassiers", slug=network.slug)
    if end_form.is_bound:
        messages.error(request, _("Geef een geldige einddatum."))
        return redirect("bekostiging:kassiers", slug=network.slug)
    form = {"kassier": kassier_form, "bedrag": bedrag_form}.get(which)
    if form is not None and form.is_valid():
        service = functie_kassier_create if which == "kassier" else regionaal_bedrag_set
        try:
            made = service(**form.service_kwargs(), user=user)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Vastgelegd: %(what)s.") % {"what": made})
            return redirect("bekostiging:kassiers", slug=network.slug)
    return render(
        request,
        "bekostiging/kassiers.html",
        {
            "network": network,
            "kassier_form": kassier_form,
            "bedrag_form": bedrag_form,
            "kassiers": list(kassiers_for_network(network)),
            "bedragen": list(regionale_bedragen_for_network(network)[:200]),
        },
    )
