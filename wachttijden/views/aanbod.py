"""The sociale kaart (R-WT-7): every logged-in user searches the offers of their regions;
providers maintain their own offers; coordinators note what the network misses.

Offers hold no person data, so these pages write no access log.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from networks.selectors.netwerken import networks_for_user
from wachttijden import selectors
from wachttijden.forms.aanbod import (
    AanbodForm,
    KaartFilterForm,
    OntbrekendForm,
    ResolveForm,
    kaart_gemeenten,
    provider_choices,
    regions_for_providers,
)
from wachttijden.models import Aanbod
from wachttijden.services import aanbod as services

PAGE_SIZE = 20
MISSING_PAGE_SIZE = 25
MISSING_ON_KAART = 5  # the short "wat ontbreekt" section on the kaart


def _is_coordinator(user) -> bool:
    return selectors.regions_for_user(user, coordinate=True).exists()


@login_required
def sociale_kaart(request):
    user = request.user
    form = KaartFilterForm(request.GET or None, gemeenten=kaart_gemeenten(user))
    filters = form.filters()
    offers = selectors.aanbod_search(
        selectors.with_wait_weeks(selectors.aanbod_for_user(user)), **filters
    )
    offers = (
        offers.select_related("provider", "gemeente")
        .prefetch_related("gemeenten_served")
        .order_by("name", "pk")
    )
    page = Paginator(offers, PAGE_SIZE).get_page(request.GET.get("pagina"))
    coordinator = _is_coordinator(user)
    missing = []
    if coordinator:
        missing = list(
            selectors.ontbrekend_for_user(user).filter(resolved_at__isnull=True)[:MISSING_ON_KAART]
        )
    return render(
        request,
        "wachttijden/sociale_kaart.html",
        {
            "form": form,
            "page": page,
            "filtered": any(value not in ("", None, False) for value in filters.values()),
            "is_provider": selectors.is_provider_user(user),
            "is_coordinator": coordinator,
            "missing": missing,
        },
    )


@login_required
def detail(request, pk: int):
    user = request.user
    aanbod = selectors.aanbod_get_for_user(user, pk)
    wait = (
        selectors.with_wait_weeks(Aanbod.objects.filter(pk=aanbod.pk))
        .values("wait_weeks", "overview_weeks", "overview_date")
        .get()
    )
    return render(
        request,
        "wachttijden/aanbod_detail.html",
        {
            "aanbod": aanbod,
            "wait": wait,
            "zorgvraagtypes": list(aanbod.zorgvraagtypes.all()),
            "gemeenten_served": list(aanbod.gemeenten_served.all()),
            "can_edit": selectors.provider_ids_for_user(user)
            .filter(pk=aanbod.provider_id)
            .exists(),
        },
    )


def _providers_or_403(user):
    providers = provider_choices(user)
    if not providers:
        raise PermissionDenied
    return providers


def _save(form, call):
    """Run the service; its errors go onto the form's fields. Returns the offer or None."""
    try:
        return call()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, messages_ in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages_)
        else:
            form.add_error(None, error)
    return None


@login_required
def create(request):
    user = request.user
    providers = _providers_or_403(user)
    regions = regions_for_providers(providers)
    form = AanbodForm(request.POST or None, providers=providers, regions=regions)
    if request.method == "POST" and form.is_valid():
        aanbod = _save(
            form,
            lambda: services.aanbod_create(user=user, **form.service_kwargs()),
        )
        if aanbod is not None:
            messages.success(request, _("Het aanbod staat op de sociale kaart."))
            return redirect("wachttijden:aanbod_detail", pk=aanbod.pk)
    return render(
        request,
        "wachttijden/aanbod_form.html",
        {"form": form, "aanbod": None, "no_regions": not regions},
    )


@login_required
def edit(request, pk: int):
    user = request.user
    _providers_or_403(user)
    aanbod = selectors.provider_aanbod_get(user, pk)  # another provider's offer: 404
    regions = regions_for_providers([aanbod.provider])
    if aanbod.region not in regions:  # keep the current region choosable
        regions = sorted([*regions, aanbod.region], key=lambda r: r.name)
    form = AanbodForm(
        request.POST or None, instance=aanbod, providers=[aanbod.provider], regions=regions
    )
    if request.method == "POST" and form.is_valid():
        saved = _save(
            form,
            lambda: services.aanbod_update(user=user, aanbod=aanbod, **form.service_kwargs()),
        )
        if saved is not None:
            messages.success(
                request,
                _("Het aanbod is bijgewerkt.")
                if saved.is_active
                else _("Het aanbod is bijgewerkt en staat niet meer op de sociale kaart."),
            )
            return redirect("wachttijden:aanbod_detail", pk=saved.pk)
    return render(
        request,
        "wachttijden/aanbod_form.html",
        {"form": form, "aanbod": aanbod, "no_regions": False},
    )


@login_required
def missing(request):
    user = request.user
    networks = list(networks_for_user(user, coordinate=True).order_by("name"))
    if not networks:
        raise PermissionDenied
    notes = selectors.ontbrekend_for_user(user)
    form = OntbrekendForm(networks=networks)
    if request.method == "POST":
        if "opgelost" in request.POST:
            resolve = ResolveForm(request.POST, queryset=notes)
            if resolve.is_valid():
                services.ontbrekend_resolve(user=user, ontbrekend=resolve.cleaned_data["opgelost"])
                messages.success(request, _("Gemarkeerd als opgelost."))
            else:
                messages.error(request, _("Deze melding kon niet worden gevonden."))
            return redirect("wachttijden:missing")
        form = OntbrekendForm(request.POST, networks=networks)
        if form.is_valid():
            note = _save(
                form,
                lambda: services.ontbrekend_create(user=user, **form.service_kwargs()),
            )
            if note is not None:
                messages.success(request, _("Het ontbrekende aanbod is vastgelegd."))
                return redirect("wachttijden:missing")
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    # Open notes first, newest first; resolved ones after them as history.
    ordered = notes.order_by(F("resolved_at").desc(nulls_first=True), "-created_at", "-pk")
    page = Paginator(ordered, MISSING_PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "wachttijden/missing.html",
        {"form": form, "page": page, "several_networks": len(networks) > 1},
    )
