"""The sociale kaart (R-WT-7): every logged-in user searches the offers of their regions;
providers maintain their own offers; coordinators note what the network misses.

Offers hold no person data, so these pages write no access log.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from mgn.forms import form_add_service_errors
from networks.selectors.netwerken import networks_for_user
from wachttijden.forms.aanbod import (
    AanbodForm,
    KaartFilterForm,
    OntbrekendForm,
    ResolveForm,
    regions_for_providers,
)
from wachttijden.selectors.aanbod import (
    aanbod_for_user,
    aanbod_get_for_user,
    aanbod_search,
    aanbod_wait,
    can_edit_aanbod,
    kaart_gemeenten_for_user,
    ontbrekend_for_user,
    with_wait_weeks,
)
from wachttijden.selectors.levering import (
    is_provider_user,
    provider_aanbod_get_for_user,
    providers_for_user,
)
from wachttijden.selectors.regions import is_region_coordinator
from wachttijden.services import aanbod as services

PAGE_SIZE = 20
MISSING_PAGE_SIZE = 25
MISSING_ON_KAART = 5  # the short "wat ontbreekt" section on the kaart


@login_required
def sociale_kaart(request):
    user = request.user
    form = KaartFilterForm(request.GET or None, gemeenten=kaart_gemeenten_for_user(user))
    filters = form.filters()
    offers = aanbod_search(with_wait_weeks(aanbod_for_user(user)), **filters)
    offers = (
        offers.select_related("provider", "gemeente")
        .prefetch_related("gemeenten_served")
        .order_by("name", "pk")
    )
    page = Paginator(offers, PAGE_SIZE).get_page(request.GET.get("pagina"))
    coordinator = is_region_coordinator(user)
    missing = []
    if coordinator:
        missing = list(
            ontbrekend_for_user(user).filter(resolved_at__isnull=True)[:MISSING_ON_KAART]
        )
    return render(
        request,
        "wachttijden/aanbod/sociale_kaart.html",
        {
            "form": form,
            "page": page,
            "filtered": any(value not in ("", None, False) for value in filters.values()),
            "is_provider": is_provider_user(user),
            "is_coordinator": coordinator,
            "missing": missing,
        },
    )


@login_required
def detail(request, pk: int):
    user = request.user
    aanbod = aanbod_get_for_user(user, pk)
    wait = aanbod_wait(aanbod)
    return render(
        request,
        "wachttijden/aanbod/detail.html",
        {
            "aanbod": aanbod,
            "wait": wait,
            "zorgvraagtypes": list(aanbod.zorgvraagtypes.all()),
            "gemeenten_served": list(aanbod.gemeenten_served.all()),
            "can_edit": can_edit_aanbod(user, aanbod),
        },
    )


def _providers_or_403(user):
    providers = list(providers_for_user(user))
    if not providers:
        raise PermissionDenied
    return providers


def _save(form, call):
    """Run the service; its errors go onto the form's fields. Returns the result or None."""
    try:
        return call()
    except ValidationError as error:
        form_add_service_errors(form, error)
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
        "wachttijden/aanbod/form.html",
        {"form": form, "aanbod": None, "no_regions": not regions},
    )


@login_required
def edit(request, pk: int):
    user = request.user
    _providers_or_403(user)
    aanbod = provider_aanbod_get_for_user(user, pk)  # another provider's offer: 404
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
        "wachttijden/aanbod/form.html",
        {"form": form, "aanbod": aanbod, "no_regions": False},
    )


def linked_signal_counts(ids: list[int]) -> dict[int, int]:
    """R-DOC-5: how many signals of higher apps (the casusoverleg's) are linked to each
    missing offer, from the hooks in settings.ONTBREKEND_AANBOD_SIGNALS, summed (wachttijden
    names no higher app); one query per hook for the whole page."""
    counts: dict[int, int] = {}
    if not ids:
        return counts
    for path in getattr(settings, "ONTBREKEND_AANBOD_SIGNALS", ()):
        for pk, n in import_string(path)(ids).items():
            counts[pk] = counts.get(pk, 0) + n
    return counts


@login_required
def missing(request):
    user = request.user
    networks = list(networks_for_user(user, coordinate=True).order_by("name"))
    if not networks:
        raise PermissionDenied
    notes = ontbrekend_for_user(user)
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
    counts = linked_signal_counts([note.pk for note in page])
    for note in page:
        note.signal_count = counts.get(note.pk, 0)
    return render(
        request,
        "wachttijden/aanbod/ontbrekend.html",
        {"form": form, "page": page, "several_networks": len(networks) > 1},
    )
