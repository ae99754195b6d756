"""The casusoverleg's overview and its series (R-DOC-1): the series a user sees, the AVG
agreement status per network, and a series with its fixed composition and meetings. Every
page goes through ``selectors.reeksen``: members read a series, the network's coordinators
manage it, anyone else gets 404. These pages show counts of cases, never a case."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casusoverleg.forms.reeksen import LidForm, ReeksCreateForm, ReeksForm
from casusoverleg.models import Verwerkingsafspraak
from casusoverleg.selectors import reeksen as selectors
from casusoverleg.services import reeksen as services
from casusoverleg.services.afspraak import afspraak_gaps
from mgn.forms import form_add_service_errors
from networks.constants import Domain
from networks.selectors.netwerken import network_get_for_user


def casusoverleg_network(user, slug: str):
    """A network offering function IV that the user coordinates, or 404."""
    network = network_get_for_user(user, slug, coordinate=True)
    if not network.offers_casusoverleg:
        raise Http404(_("Netwerk niet gevonden."))
    return network


@login_required
def index(request):
    user = request.user
    reeksen = list(
        selectors.reeksen_for_user(user).select_related("network").order_by("network__name", "name")
    )
    member_of = set(selectors.member_reeks_ids(user).values_list("reeks_id", flat=True))
    coordinated = selectors.coordinated_network_ids(user)
    networks = list(selectors.networks_for_casusoverleg(user))
    today = timezone.localdate()
    current = set(
        Verwerkingsafspraak.objects.filter(network__in=networks, signed_on__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .values_list("network_id", flat=True)
    )
    by_network = defaultdict(list)
    for reeks in reeksen:
        reeks.is_member = reeks.pk in member_of
        by_network[reeks.network_id].append(reeks)
    rows = [
        {
            "network": network,
            "reeksen": by_network[network.pk],
            "coordinates": network.pk in coordinated,
            # Only a network without a current agreement asks what is missing.
            "gaps": [] if network.pk in current else afspraak_gaps(network, today=today),
        }
        for network in networks
    ]
    return render(request, "casusoverleg/index.html", {"rows": rows})


@login_required
def reeks_create(request, slug: str):
    network = casusoverleg_network(request.user, slug)
    form = ReeksCreateForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            reeks = services.reeks_create(
                network=network,
                members=list(data.pop("members")),
                voorzitter=data.pop("voorzitter"),
                **data,
            )
        except ValidationError as error:
            form_add_service_errors(
                form, error, rename={"organisation": "members", "professional": "members"}
            )
        else:
            messages.success(request, _("De reeks is aangemaakt en de overleggen zijn gepland."))
            return redirect(reeks)
    return render(request, "casusoverleg/reeks_form.html", {"form": form, "network": network})


def _composition(reeks):
    leden = list(
        reeks.leden.filter(selectors.active_members()).select_related(
            "organisation", "professional", "user"
        )
    )
    groups = []
    for domain in [*services.REQUIRED_DOMAINS, Domain.OVERIG]:
        rows = [lid for lid in leden if lid.domain == domain]
        if rows or domain != Domain.OVERIG:
            groups.append({"label": Domain(domain).label, "leden": rows})
    missing = services.missing_domains(lid.domain for lid in leden)
    return groups, (services.composition_message(missing) if missing else "")


@login_required
def reeks_detail(request, pk: int):
    reeks = selectors.reeks_get_for_user(request.user, pk)
    groups, missing = _composition(reeks)
    coming, past = selectors.overleggen_with_counts(reeks)
    return render(
        request,
        "casusoverleg/reeks_detail.html",
        {
            "reeks": reeks,
            "groups": groups,
            "missing": missing,
            "coming": coming,
            "past": past,
            "manages": selectors.can_manage(request.user, reeks),
            "is_member": selectors.is_member(request.user, reeks),
        },
    )


def _managed(request, pk: int):
    """The series, 404 when not seen, 403 when seen but not managed."""
    reeks = selectors.reeks_get_for_user(request.user, pk)
    if not selectors.can_manage(request.user, reeks):
        raise PermissionDenied
    return reeks


@login_required
def reeks_edit(request, pk: int):
    reeks = _managed(request, pk)
    form = ReeksForm(request.POST or None, instance=reeks)
    if request.method == "POST" and form.is_valid():
        try:
            services.reeks_update(reeks=reeks, **form.cleaned_data)
        except ValidationError as error:
            reeks.refresh_from_db()
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("De instellingen van de reeks zijn opgeslagen."))
            return redirect(reeks)
    return render(
        request,
        "casusoverleg/reeks_form.html",
        {"form": form, "network": reeks.network, "reeks": reeks},
    )


@login_required
def lid_add(request, pk: int):
    reeks = _managed(request, pk)
    form = LidForm(request.POST or None, reeks=reeks)
    if request.method == "POST" and form.is_valid():
        try:
            services.lid_add(
                reeks=reeks,
                professional=form.cleaned_data["professional"],
                is_voorzitter=form.cleaned_data["is_voorzitter"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error, rename={"organisation": "professional"})
        else:
            messages.success(request, _("Het lid is toegevoegd."))
            return redirect(reeks)
    return render(request, "casusoverleg/lid_form.html", {"form": form, "reeks": reeks})


def _lid(reeks, pk: int):
    return get_object_or_404(
        reeks.leden.filter(selectors.active_members()).select_related(
            "reeks__network", "professional", "user"
        ),
        pk=pk,
    )


@login_required
@require_POST
def lid_remove(request, pk: int, lid: int):
    reeks = _managed(request, pk)
    member = _lid(reeks, lid)
    try:
        services.lid_remove(lid=member)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("%(name)s zit niet meer in de reeks.") % {"name": member.display_name}
        )
    return redirect(reeks)


@login_required
@require_POST
def voorzitter_set(request, pk: int, lid: int):
    reeks = _managed(request, pk)
    member = _lid(reeks, lid)
    try:
        services.voorzitter_set(lid=member)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("%(name)s is nu de voorzitter.") % {"name": member.display_name}
        )
    return redirect(reeks)
