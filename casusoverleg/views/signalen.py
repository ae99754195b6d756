"""Bottleneck signals (R-DOC-5): raising one from a case (members of the case's series),
the network's signals page with counts per period and category and its CSV (coordinators,
policy partners and series members), and the link of a missing-offer signal to the sociale
kaart (coordinators). The signals page shows no case text (R-PR-2)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casusoverleg.constants import SignaalCategorie
from casusoverleg.forms.signalen import SignaalForm, SignaalLinkForm, SignalenFilterForm
from casusoverleg.selectors import reeksen as reeks_selectors
from casusoverleg.selectors import signalen as selectors
from casusoverleg.services.signalen import signaal_link_ontbrekend, signaal_raise
from mgn.exports import csv_chunks, csv_date, csv_response, csv_value
from mgn.forms import form_add_service_errors
from networks.selectors.netwerken import gemeenten_served
from wachttijden.constants import Category


def _signalen_url(network, **params) -> str:
    return reverse("casusoverleg:signalen") + "?" + urlencode({"netwerk": network.slug, **params})


@login_required
def signaal_new(request, pk: int):
    """Raise a signal from a case: members of its series only (404 for anyone else)."""
    casus = reeks_selectors.casus_get_for_user(request.user, pk)
    network = casus.reeks.network
    organisation = reeks_selectors.member_organisations(request.user, casus.reeks).first()
    if organisation is None:
        raise Http404(_("Casus niet gevonden."))
    gemeenten = gemeenten_served([network.pk])
    if request.method == "POST":
        form = SignaalForm(request.POST, gemeenten=gemeenten)
        if form.is_valid():
            try:
                signaal_raise(
                    casus=casus,
                    category=form.cleaned_data["category"],
                    gemeenten=form.cleaned_data["gemeenten"],
                    description=form.cleaned_data["description"],
                    organisation=organisation,
                    raised_by=request.user,
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("Het signaal is vastgelegd."))
                return redirect(_signalen_url(network))
    else:
        form = SignaalForm(gemeenten=gemeenten, initial={"gemeenten": [casus.gemeente_id]})
    return render(
        request,
        "casusoverleg/signaal_form.html",
        {"form": form, "casus": casus, "network": network, "organisation": organisation},
    )


def _signalen(request):
    """The networks the user reads (403 without any), the chosen one (404 when asked for
    one the user does not read), the filter form and the period's counts."""
    networks = list(selectors.signal_networks_for_user(request.user))
    if not networks:
        raise PermissionDenied
    by_slug = {n.slug: n for n in networks}
    asked = request.GET.get("netwerk")
    if asked and asked not in by_slug:
        raise Http404(_("Netwerk niet gevonden."))
    network = by_slug.get(asked) or networks[0]
    period = selectors.default_period()
    # Always bound: what was not asked for shows its default (the network, the last twelve
    # months, per month, every category).
    data = request.GET.copy()
    for name, value in (
        ("netwerk", network.slug),
        ("van", f"{period.start:%Y-%m-%d}"),
        ("tot", f"{period.end:%Y-%m-%d}"),
        ("per", selectors.MAAND),
    ):
        if not data.get(name):
            data[name] = value
    form = SignalenFilterForm(data, networks=networks)
    grouping, category = selectors.MAAND, None
    if form.is_valid():
        data = form.cleaned_data
        period = selectors.Period(data.get("van") or period.start, data.get("tot") or period.end)
        if period.start > period.end:
            period = selectors.default_period()
        grouping = data.get("per") or selectors.MAAND
        category = data.get("categorie") or None
    counts = selectors.signal_counts(network, period, grouping, category)
    return networks, network, form, counts, category


def _query(counts, category) -> dict:
    params = {
        "van": f"{counts.period.start:%Y-%m-%d}",
        "tot": f"{counts.period.end:%Y-%m-%d}",
        "per": counts.grouping,
    }
    if category:
        params["categorie"] = category
    return params


@login_required
def signalen(request):
    networks, network, form, counts, category = _signalen(request)
    signals = selectors.signal_list(network, counts.period, category)
    page = Paginator(signals, selectors.LIST_SIZE).get_page(request.GET.get("pagina"))
    linking = selectors.can_link(request.user, network)
    query = _query(counts, category)
    other_grouping = selectors.KWARTAAL if counts.grouping == selectors.MAAND else selectors.MAAND
    return render(
        request,
        "casusoverleg/signalen.html",
        {
            "networks": networks,
            "network": network,
            "form": form,
            "counts": counts,
            "page": page,
            "linking": linking,
            "open_ontbrekend": selectors.open_ontbrekend_for_network(network) if linking else [],
            "kaart_categories": Category.choices,
            "csv_query": urlencode({"netwerk": network.slug, **query}),
            "toggle_query": urlencode({"netwerk": network.slug, **query, "per": other_grouping}),
            "other_grouping": other_grouping,
            "ontbrekend_value": SignaalCategorie.ONTBREKEND_AANBOD.value,
        },
    )


CSV_HEADER = [
    "soort",
    "periode",
    "categorie",
    "aantal",
    "datum",
    "gemeenten",
    "toelichting",
    "casuscode",
    "ontbrekend_aanbod",
]


def _period_key(key, grouping) -> str:
    if grouping == selectors.KWARTAAL:
        return f"{key.year}-K{(key.month - 1) // 3 + 1}"
    return f"{key:%Y-%m}"


def _csv_rows(counts, signals):
    yield CSV_HEADER
    for row in counts.rows:
        for (value, _label), n in zip(counts.categories, row.counts, strict=True):
            yield [
                "telling",
                _period_key(row.key, counts.grouping),
                value,
                str(n),
                "",
                "",
                "",
                "",
                "",
            ]
    for signaal in signals.iterator(chunk_size=2000):
        missing = signaal.ontbrekend_aanbod
        yield [
            "signaal",
            "",
            signaal.category,
            "",
            csv_date(signaal.created_at.date()),
            csv_value(signaal.gemeente_names or ""),
            csv_value(signaal.description),
            csv_value(signaal.casus_code),
            csv_value(missing.description if missing else ""),
        ]


@login_required
def signalen_csv(request):
    _networks, network, _form, counts, category = _signalen(request)
    signals = selectors.signal_list(network, counts.period, category)
    filename = (
        f"signalen-{network.slug}-{counts.period.start:%Y%m%d}-{counts.period.end:%Y%m%d}.csv"
    )
    return csv_response(csv_chunks(_csv_rows(counts, signals)), filename=filename)


@login_required
@require_POST
def signaal_link(request, pk: int):
    """Link a missing-offer signal to the sociale kaart: the network's coordinators (403 for
    other readers of the signals, 404 for everyone else)."""
    signaal = selectors.signaal_get_for_link(request.user, pk)
    form = SignaalLinkForm(request.POST, network=signaal.network)
    if form.is_valid():
        try:
            signaal_link_ontbrekend(
                user=request.user,
                signaal=signaal,
                ontbrekend_aanbod=form.cleaned_data["ontbrekend_aanbod"],
                category=form.cleaned_data["category"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Het signaal is gekoppeld aan ontbrekend aanbod."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(_signalen_url(signaal.network))
