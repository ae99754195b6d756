"""The declaration lines as coordinators and providers manage them (R-BK-1, R-BK-2): the
list with its totals, one line with its history, marking lines ready, a correction
(credit + new line), running the generation, and the held-back conversations with what
resolves them. The contracts and the verdeelsleutel are in views/contracten.py.

Who (bekostiging.selectors): a coordinator sees and manages every line of the network;
a provider user those its organisation declares; an insurer user reads the lines
addressed to its insurer and may not manage them (403). A line or conversation the user
may not see is 404. The list shows no person data (a line's reference and the request's
reference only); one line's page shows the BSN, policy number and date of birth as
declared, and writes that to the access log (R-PR-1), as does recording an insurance.
"""

from itertools import batched

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from bekostiging.constants import HeldBackReason, RegelStatus
from bekostiging.forms.declaraties import GenererenForm, RegelFilterForm, VerzekeringForm
from bekostiging.models import Declaratieregel
from bekostiging.selectors.contracten import network_get_for_coordinator
from bekostiging.selectors.declaraties import (
    can_manage_regel,
    declaratie_manage_networks_for_user,
    declaratie_networks_for_user,
    insurers_for_regel_filter,
    regel_get_for_user,
    regel_statuses_for_user,
    regels_for_user,
    regels_manageable_for_user,
    tegengehouden_for_user,
    tegengehouden_get_for_user,
)
from bekostiging.services.declaraties import (
    CORRECTABLE,
    declaraties_generate,
    person_periods,
    regels_mark_ready,
)
from bekostiging.services.declaraties import regel_correct as regel_correct_service
from bekostiging.services.lumpsum import lumpsum_generate
from mgn.audit.constants import Event, IdentifierType
from mgn.audit.services import PersonRef, log_access
from mgn.formats import count, date_long
from networks.models import Network
from networks.selectors.netwerken import can_coordinate, network_get_for_user, network_ids_for_user

PAGE_SIZE = 25
KLAAR_BATCH = 5000  # ids per UPDATE when all filtered lines are marked ready


def _next_or(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _regels_url(network: Network, **params) -> str:
    return f"{reverse('bekostiging:regels')}?{urlencode({'netwerk': network.slug, **params})}"


def _tegengehouden_url(network: Network) -> str:
    return f"{reverse('bekostiging:tegengehouden')}?{urlencode({'netwerk': network.slug})}"


def _person(regel: Declaratieregel):
    """Who a line is about, as declared (lumpsum lines are about nobody)."""
    return PersonRef(IdentifierType.BSN, regel.bsn) if regel.bsn else None


def _filter_form(user, data, networks, coordinated_ids, managed_ids=None):
    """The list's filter; with `managed_ids` (networks where the user manages lines) an
    insurer is offered only the statuses it can see (R-PR-2)."""
    return RegelFilterForm(
        data,
        networks=networks,
        insurers_for=lambda n: insurers_for_regel_filter(
            user, n, coordinator=n.pk in coordinated_ids
        ),
        statuses_for=None
        if managed_ids is None
        else lambda n: regel_statuses_for_user(manages=n.pk in managed_ids),
    )


def _filtered(lines, filters: dict):
    return lines.filter(**{key: value for key, value in filters.items() if value is not None})


def _attach_links(user, rows: list[Declaratieregel]) -> None:
    """Each row's credit and replacement, as far as the user may see those lines: one
    query for the page."""
    pks = [r.pk for r in rows]
    others = {r.credit_of_id for r in rows} | {r.replaces_id for r in rows}
    related = regels_for_user(user).filter(
        Q(credit_of__in=pks) | Q(replaces__in=pks) | Q(pk__in=others - {None})
    )
    visible, credit_by, replaced_by = set(), {}, {}
    for pk, credit_of, replaces in related.values_list("pk", "credit_of_id", "replaces_id"):
        visible.add(pk)
        if credit_of is not None:
            credit_by[credit_of] = pk
        if replaces is not None:
            replaced_by[replaces] = pk
    for row in rows:
        row.link_credit_of = row.credit_of_id if row.credit_of_id in visible else None
        row.link_replaces = row.replaces_id if row.replaces_id in visible else None
        row.link_credit = credit_by.get(row.pk)
        row.link_replaced_by = replaced_by.get(row.pk)


@login_required
@require_GET
def regels(request):
    """The lines of one network the user may see, filtered, with totals (R-BK-1, R-BK-2)."""
    user = request.user
    networks = list(declaratie_networks_for_user(user))
    if not networks:
        raise PermissionDenied
    coordinated = set(
        Network.objects.filter(pk__in=network_ids_for_user(user, coordinate=True)).values_list(
            "pk", flat=True
        )
    )
    managed = set(declaratie_manage_networks_for_user(user).values_list("pk", flat=True))
    form = _filter_form(user, request.GET or None, networks, coordinated, managed)
    network = form.network
    coordinator = network.pk in coordinated
    lines = _filtered(regels_for_user(user).filter(network=network), form.filters())
    totals = lines.aggregate(
        count=Count("pk"),
        concept=Count("pk", filter=Q(status=RegelStatus.CONCEPT)),
        debit=Sum("amount", filter=Q(credit_of__isnull=True)),
        credit=Sum("amount", filter=Q(credit_of__isnull=False)),
        net=Sum("amount"),
    )
    paginator = Paginator(
        lines.select_related("insurer", "provider", "gesprek").order_by("-service_date", "-pk"),
        PAGE_SIZE,
    )
    paginator.count = totals["count"]  # the aggregate counted already
    page = paginator.get_page(request.GET.get("pagina"))
    rows = list(page.object_list)
    page.object_list = rows
    _attach_links(user, rows)
    manageable = set(
        regels_manageable_for_user(user, network)
        .filter(pk__in=[r.pk for r in rows], status=RegelStatus.CONCEPT)
        .values_list("pk", flat=True)
    )
    may_manage = coordinator or network.pk in managed
    return render(
        request,
        "bekostiging/regels.html",
        {
            "form": form,
            "network": network,
            "several_networks": len(networks) > 1,
            "page": page,
            "totals": totals,
            "filtered": form.active(),
            "coordinator": coordinator,
            "may_manage": may_manage,
            "manageable": manageable,
            "open_held_back": _open_held_back(user, network) if may_manage else 0,
            "hidden_filter": form.hidden_values(),
            "generate_form": GenererenForm() if coordinator else None,
        },
    )


def _open_held_back(user, network: Network) -> int:
    return tegengehouden_for_user(user).filter(network=network, resolved_at__isnull=True).count()


@login_required
@require_GET
def regel_detail(request, pk: int):
    """One line with what it says about the person (logged), and its history: the credit
    line and the replacement of a correction, as far as the user may see them."""
    user = request.user
    regel = regel_get_for_user(user, pk)
    regel = (
        Declaratieregel.objects.select_related(
            "network", "insurer", "provider", "contract", "professional", "gesprek"
        )
        .filter(pk=regel.pk)
        .get()
    )
    if regel.gesprek_id:
        history = {"gesprek": regel.gesprek_id, "provider": regel.provider_id}
    else:  # a lumpsum term: the same function, insurer and term (R-BK-2)
        history = {
            "network": regel.network_id,
            "function": regel.function,
            "insurer": regel.insurer_id,
            "service_date": regel.service_date,
        }
    history_rows = list(
        regels_for_user(user)
        .filter(soort=regel.soort, **history)
        .select_related("insurer")
        .order_by("pk")
    )
    may_manage = can_manage_regel(user, regel)
    person = _person(regel)
    if person is not None:
        log_access(request, event=Event.READ, subject=person, obj=regel)
    return render(
        request,
        "bekostiging/regel_detail.html",
        {
            "regel": regel,
            "history": history_rows if len(history_rows) > 1 else [],
            "may_manage": may_manage,
            "may_mark_ready": may_manage and regel.status == RegelStatus.CONCEPT,
            "may_correct": may_manage
            and regel.status in CORRECTABLE
            and not regel.is_credit
            and not regel.credited,
            "coordinator": can_coordinate(user, regel.network),
        },
    )


@login_required
@require_POST
def regels_klaar(request, slug: str):
    """Mark the chosen concept lines — or all concept lines the filter shows — ready for
    the export. Who may see the network but not manage its lines gets 403."""
    user = request.user
    network = network_get_for_user(user, slug)
    if not declaratie_manage_networks_for_user(user).filter(pk=network.pk).exists():
        raise PermissionDenied
    fallback = _regels_url(network)
    manageable = regels_manageable_for_user(user, network).filter(status=RegelStatus.CONCEPT)
    if request.POST.get("alle"):
        form = _filter_form(user, request.POST, [network], set())
        if not form.is_valid():
            messages.error(request, _("Het filter klopt niet; kies het opnieuw."))
            return redirect(_next_or(request, fallback))
        lines = _filtered(manageable, form.filters())
    else:
        chosen = [int(v) for v in request.POST.getlist("regel") if v.isdigit()]
        if not chosen:
            messages.warning(request, _("Kies eerst de regels die klaar zijn voor de export."))
            return redirect(_next_or(request, fallback))
        lines = manageable.filter(pk__in=chosen)
    moved = 0
    with transaction.atomic():
        ids = lines.order_by("pk").values_list("pk", flat=True)
        for chunk in batched(ids.iterator(chunk_size=KLAAR_BATCH), KLAAR_BATCH):
            moved += regels_mark_ready([Declaratieregel(pk=pk) for pk in chunk])
    if moved:
        messages.success(
            request,
            ngettext(
                "%(count)s regel staat klaar voor de export.",
                "%(count)s regels staan klaar voor de export.",
                moved,
            )
            % {"count": moved},
        )
    else:
        messages.info(request, _("Er waren geen conceptregels om klaar te zetten."))
    return redirect(_next_or(request, fallback))


@login_required
@require_POST
def regel_correct(request, pk: int):
    """R-BK-1: a sent line is never changed; it gets a credit line and (VG) a new line."""
    user = request.user
    regel = regel_get_for_user(user, pk)
    if not can_manage_regel(user, regel):
        raise PermissionDenied
    try:
        credit, new = regel_correct_service(regel, user=user)
    except ValidationError as error:
        messages.error(
            request,
            _("Regel %(ref)s is niet gecorrigeerd. %(why)s")
            % {"ref": regel.reference, "why": " ".join(error.messages)},
        )
        return redirect("bekostiging:regel_detail", pk=regel.pk)
    person = _person(regel)
    if person is not None:
        for line in (credit, new):
            if line is not None:
                log_access(request, event=Event.CREATE, subject=person, obj=line)
    if new is not None:
        messages.success(
            request,
            _(
                "Regel %(ref)s is gecrediteerd met %(credit)s; de nieuwe regel %(new)s staat "
                "als concept klaar."
            )
            % {"ref": regel.reference, "credit": credit.reference, "new": new.reference},
        )
        return redirect("bekostiging:regel_detail", pk=new.pk)
    messages.success(
        request,
        _("Regel %(ref)s is gecrediteerd met %(credit)s.")
        % {"ref": regel.reference, "credit": credit.reference},
    )
    return redirect("bekostiging:regel_detail", pk=credit.pk)


def _run_message(request, result) -> None:
    text = _("Declaraties gemaakt: %(created)s, %(held)s tegengehouden, %(resolved)s opgelost.") % {
        "created": count(result.created, _("nieuwe regel"), _("nieuwe regels")),
        "held": count(result.held_back, _("gesprek"), _("gesprekken")),
        "resolved": count(
            result.resolved, _("eerder tegengehouden gesprek"), _("eerder tegengehouden gesprekken")
        ),
    }
    if result.held_back:
        messages.warning(request, text)
    else:
        messages.success(request, text)


@login_required
@require_POST
def genereren(request, slug: str):
    """The coordinator makes the lines now (the nightly run does the same, R-BK-1), and
    with a year the lumpsum terms of that year (R-BK-2)."""
    user = request.user
    network = network_get_for_coordinator(user, slug)
    fallback = _tegengehouden_url(network)
    form = GenererenForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(_next_or(request, fallback))
    _run_message(request, declaraties_generate(network=network, user=user))
    year = form.cleaned_data.get("jaar")
    if year:
        try:
            lumpsum = lumpsum_generate(network=network, year=year, user=user)
        except ValidationError as error:
            messages.error(
                request,
                _("De lumpsumtermijnen van %(year)s zijn niet gemaakt. %(why)s")
                % {"year": year, "why": " ".join(error.messages)},
            )
        else:
            messages.success(
                request,
                _("Lumpsum %(year)s: %(count)s.")
                % {
                    "year": year,
                    "count": count(
                        lumpsum.created, _("nieuwe termijnregel"), _("nieuwe termijnregels")
                    ),
                },
            )
            if lumpsum.unassigned:
                # R-BK-2: a term without kassier or contracting insurer is not declared.
                messages.warning(
                    request,
                    _("Niet gedeclareerd: %(terms)s") % {"terms": " ".join(lumpsum.unassigned)},
                )
    return redirect(_next_or(request, fallback))


@login_required
@require_GET
def tegengehouden(request):
    """Held conversations without a line yet, the open ones first, with the reason and
    what resolves it (R-BK-1)."""
    user = request.user
    networks = list(declaratie_manage_networks_for_user(user))
    if not networks:
        raise PermissionDenied
    slug = request.GET.get("netwerk")
    network = next((n for n in networks if n.slug == slug), networks[0])
    coordinator = can_coordinate(user, network)
    held = tegengehouden_for_user(user).filter(network=network)
    counts = held.aggregate(total=Count("pk"), open=Count("pk", filter=Q(resolved_at=None)))
    paginator = Paginator(
        held.select_related("provider", "insurer", "gesprek").order_by(
            F("resolved_at").desc(nulls_first=True), "service_date", "pk"
        ),
        PAGE_SIZE,
    )
    paginator.count = counts["total"]
    page = paginator.get_page(request.GET.get("pagina"))
    return render(
        request,
        "bekostiging/tegengehouden.html",
        {
            "network": network,
            "networks": networks,
            "several_networks": len(networks) > 1,
            "page": page,
            "counts": counts,
            "coordinator": coordinator,
            "reasons": HeldBackReason,
            "generate_form": GenererenForm() if coordinator else None,
            "here": request.get_full_path(),
        },
    )


@login_required
def verzekering_add(request, pk: int):
    """Record the person's insurance (COV) for a conversation held back for it, then run
    the generation for the network again. The person's data: every view is logged."""
    user = request.user
    held = tegengehouden_get_for_user(user, pk)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    vg = held.gesprek.verkennend_gesprek
    persoon = vg.persoon
    form = VerzekeringForm(
        request.POST or None,
        persoon=persoon,
        initial={"insurer": held.insurer_id or persoon.insurer_id, "starts_on": None},
    )
    verzekering = None
    if request.method == "POST" and form.is_valid():
        verzekering = form.save(user=user)
    if verzekering is not None:
        log_access(request, event=Event.CREATE, subject=persoon, obj=verzekering)
        result = declaraties_generate(network=held.network, user=user)
        held.refresh_from_db()
        if held.resolved_at is not None:
            messages.success(
                request,
                _(
                    "De verzekering is vastgelegd en het gesprek van %(day)s is nu gedeclareerd "
                    "(%(count)s)."
                )
                % {
                    "day": date_long(held.service_date),
                    "count": count(result.created, _("nieuwe regel"), _("nieuwe regels")),
                },
            )
        else:
            messages.warning(
                request,
                _("De verzekering is vastgelegd, maar het gesprek blijft tegengehouden: %(why)s")
                % {"why": f"{held.get_reason_display()}. {held.detail}"},
            )
        return redirect(_tegengehouden_url(held.network))
    periods = list(person_periods(persoon).select_related("insurer"))
    log_access(request, event=Event.READ, subject=persoon, obj=persoon)
    return render(
        request,
        "bekostiging/tegengehouden_verzekering.html",
        {"held": held, "vg": vg, "persoon": persoon, "periods": periods, "form": form},
    )
