"""The steekproef's pages (R-TR-6). The table's page shows per provider only the counts
per result; the provider's page (its own users only, 404 for anyone else) lists its sampled
entries by its own client reference, never a pseudonym or BSN."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from mgn.forms import form_add_service_errors
from transfer.forms.steekproef import ResultaatForm, SteekproefForm
from transfer.selectors import steekproef as selectors
from transfer.selectors.tafels import can_manage, tafel_get_for_user
from transfer.services import steekproef as services
from transfer.services.werklijst import log_entries_shown
from wachttijden.selectors.levering import is_provider_user


@login_required
def steekproef_list(request, pk: int):
    """The table's steekproeven: counts per result, per provider; the managers order."""
    tafel = tafel_get_for_user(request.user, pk)
    manages = can_manage(request.user, tafel)
    form = None
    if manages:
        form = SteekproefForm(request.POST or None, providers=selectors.provider_choices(tafel))
        if request.method == "POST" and form.is_valid():
            try:
                services.steekproef_bestellen(
                    tafel, form.cleaned_data["provider"], form.cleaned_data["n"], request.user
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("De steekproef is besteld bij de aanbieder."))
                return redirect(reverse("transfer:steekproef_list", args=[tafel.pk]))
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "transfer/steekproef_list.html",
        {
            "tafel": tafel,
            "manages": manages,
            "form": form,
            "uitslagen": selectors.steekproef_uitslagen(tafel),
        },
    )


@login_required
def mijn_steekproeven(request):
    """The steekproeven ordered of the providers the user acts for; 403 for a user who acts
    for no provider (as the provider's own pages)."""
    if not is_provider_user(request.user):
        raise PermissionDenied
    return render(
        request,
        "transfer/mijn_steekproeven.html",
        {"steekproeven": list(selectors.steekproeven_for_provider_user(request.user))},
    )


@login_required
def steekproef_controleren(request, pk: int):
    """The provider checks its sampled entries in its own records and records the result."""
    steekproef = selectors.steekproef_get_for_provider_user(request.user, pk)
    regels = list(selectors.steekproef_regels(steekproef))
    form = ResultaatForm(request.POST or None, regels=regels)
    if request.method == "POST" and form.is_valid():
        changed = 0
        for regel in regels:
            result = form.cleaned_data[f"result_{regel.pk}"]
            if result != regel.result:
                services.steekproef_resultaat(regel, result, request.user)
                changed += 1
        messages.success(request, _("De uitkomsten zijn opgeslagen (%d gewijzigd).") % changed)
        return redirect(reverse("transfer:steekproef_controleren", args=[steekproef.pk]))
    log_entries_shown(
        request, [regel.wachtplek for regel in regels], detail=f"steekproef {steekproef.pk}"
    )
    return render(
        request,
        "transfer/steekproef_controleren.html",
        {"steekproef": steekproef, "form": form},
    )
