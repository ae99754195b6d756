"""An anonymous case (R-DOC-2 … R-DOC-4): registered by a member for a coming meeting of
its series, read by the series' members only (``selectors.reeksen.casus_get_for_user``),
closed by the chair once it has an outcome."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casusoverleg.constants import OverlegStatus
from casusoverleg.forms.casussen import CasusForm
from casusoverleg.selectors import reeksen as selectors
from casusoverleg.services import casussen as services
from casusoverleg.services.afspraak import afspraak_gaps
from casusoverleg.views.overleg import life_domain_labels
from mgn.forms import form_add_service_errors
from networks.selectors.netwerken import gemeenten_served


@login_required
def casus_register(request, pk: int):
    reeks = selectors.reeks_get_for_user(request.user, pk)
    if not selectors.is_member(request.user, reeks):
        raise PermissionDenied
    gaps = afspraak_gaps(reeks.network)
    organisations = selectors.member_organisations(request.user, reeks)
    overleggen = reeks.overleggen.filter(
        starts_at__gt=timezone.now(), status=OverlegStatus.GEPLAND
    ).order_by("starts_at")
    first = overleggen.first()
    initial = {"overleg": first.pk if first else None}
    if len(organisations) == 1:
        initial["organisation"] = organisations[0].pk
    form = CasusForm(
        (request.POST or None) if not gaps else None,
        initial=initial,
        organisations=organisations,
        gemeenten=gemeenten_served([reeks.network_id]),
        overleggen=overleggen,
        disabled=bool(gaps),
    )
    if request.method == "POST" and not gaps and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            casus = services.casus_register(reeks=reeks, registered_by=request.user, **data)
        except ValidationError as error:
            form_add_service_errors(form, error, rename={"reeks": "overleg"})
        else:
            messages.success(
                request,
                _(
                    "De casus is aangemeld als %(code)s. Noteer deze code bij uw eigen "
                    "gegevens: het platform bewaart niet wie het is."
                )
                % {"code": casus.code},
            )
            return redirect(casus)
    return render(
        request,
        "casusoverleg/casus_form.html",
        {"form": form, "reeks": reeks, "gaps": gaps},
    )


@login_required
def casus_detail(request, pk: int):
    casus = selectors.casus_get_for_user(request.user, pk)
    reeks = casus.reeks
    return render(
        request,
        "casusoverleg/casus_detail.html",
        {
            "casus": casus,
            "reeks": reeks,
            "domain_labels": life_domain_labels(casus.levensdomeinen),
            "uitkomsten": list(casus.uitkomsten.select_related("overleg", "eigenaar")),
            "chair": selectors.can_chair(request.user, reeks),
            "signaal_url": reverse("casusoverleg:signaal_new", args=[casus.pk]),
        },
    )


def _back(request, casus):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(casus)


def _chaired_casus(request, pk: int):
    casus = selectors.casus_get_for_user(request.user, pk)
    if not selectors.can_chair(request.user, casus.reeks):
        raise PermissionDenied
    return casus


@login_required
@require_POST
def casus_close(request, pk: int):
    casus = _chaired_casus(request, pk)
    try:
        services.casus_close(casus=casus, closed_by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Casus %(code)s is gesloten.") % {"code": casus.code})
    return _back(request, casus)


@login_required
@require_POST
def casus_reopen(request, pk: int):
    casus = _chaired_casus(request, pk)
    services.casus_reopen(casus=casus)
    messages.success(
        request,
        _("Casus %(code)s staat weer op de agenda van het volgende overleg.")
        % {"code": casus.code},
    )
    return _back(request, casus)
