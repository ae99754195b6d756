"""The holding provider's worklists (R-TR-3, R-TR-2), in its own environment: only users
acting for the provider that holds the group's entries see them (404 for anyone else, a guest
or teamlid of another provider included). Entries are shown by the provider's own client
reference and registration date; showing them is logged (with the pseudonym, never shown)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from mgn.forms import form_add_service_errors
from transfer.forms.werklijst import AntwoordForm, BsnZoekForm
from transfer.models import Uitkomst
from transfer.selectors import werklijst as selectors
from transfer.services import werklijst as services
from wachttijden.selectors.levering import is_provider_user


@login_required
def mijn_werklijsten(request):
    """The accepted proposals of the providers the user acts for; 403 for a user who acts
    for no provider (as the provider's other own pages)."""
    if not is_provider_user(request.user):
        raise PermissionDenied
    return render(
        request,
        "transfer/mijn_werklijsten.html",
        {"voorstellen": list(selectors.werklijsten_for_provider_user(request.user))},
    )


def _render_werklijst(request, voorstel, *, zoek_form=None, found=None, status=200, errors=None):
    regels = selectors.werklijst(voorstel)
    services.log_entries_shown(
        request,
        [r.entry for r in regels],
        detail=f"werklijst transfervoorstel {voorstel.pk}",
    )
    return render(
        request,
        "transfer/werklijst.html",
        {
            "voorstel": voorstel,
            "regels": regels,
            "zoek_form": zoek_form or BsnZoekForm(),
            "found": found,
            "row_errors": errors or {},
            "antwoord_choices": AntwoordForm.base_fields["antwoord"].choices,
        },
        status=status,
    )


@login_required
def werklijst(request, pk: int):
    voorstel = selectors.werklijst_get_for_provider_user(request.user, pk)
    return _render_werklijst(request, voorstel)


@login_required
@require_POST
@sensitive_post_parameters("bsn")
def werklijst_zoeken(request, pk: int):
    """Find the group's entry of a person by the BSN the provider types (never stored)."""
    voorstel = selectors.werklijst_get_for_provider_user(request.user, pk)
    form = BsnZoekForm(request.POST)
    found = None
    if form.is_valid():
        try:
            found = services.entry_by_bsn(
                voorstel=voorstel, bsn=form.cleaned_data["bsn"], user=request.user, request=request
            )
        except ValidationError as error:
            form.add_error("bsn", error.messages)
    if found is None:
        return _render_werklijst(request, voorstel, zoek_form=form, status=400)
    # The field is emptied: the BSN is not sent back to the browser.
    return _render_werklijst(request, voorstel, found=found)


@login_required
@require_POST
def antwoord_vastleggen(request, pk: int, plek: int):
    voorstel = selectors.werklijst_get_for_provider_user(request.user, pk)
    entry = selectors.entry_in_group(voorstel, plek)
    form = AntwoordForm(request.POST)
    if form.is_valid():
        try:
            services.uitkomst_vastleggen(
                voorstel=voorstel,
                wachtplek=entry,
                antwoord=form.cleaned_data["antwoord"],
                user=request.user,
                request=request,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            label = entry.client_reference or _("de wachtplek van %(datum)s") % {
                "datum": entry.registered_on.strftime("%d-%m-%Y")
            }
            messages.success(
                request, _("Het antwoord voor %(wie)s is vastgelegd.") % {"wie": label}
            )
            return redirect(reverse("transfer:werklijst", args=[voorstel.pk]) + f"#plek-{entry.pk}")
    errors = {entry.pk: [m for msgs in form.errors.values() for m in msgs]}
    return _render_werklijst(request, voorstel, status=400, errors=errors)


def _uitkomst_for_user(user, pk: int) -> Uitkomst:
    uitkomst = Uitkomst.objects.filter(pk=pk).only("pk", "voorstel_id").first()
    if uitkomst is None:
        raise Http404(_("Niet gevonden."))
    voorstel = selectors.werklijst_get_for_provider_user(user, uitkomst.voorstel_id)
    return Uitkomst.objects.select_related("wachtplek").get(pk=pk, voorstel=voorstel), voorstel


@login_required
def overdracht(request, pk: int):
    """Confirm the warm handover of an accepted person: a page that says what happens, and
    the POST that records it (once)."""
    uitkomst, voorstel = _uitkomst_for_user(request.user, pk)
    error = None
    if request.method == "POST":
        try:
            services.overdracht_bevestigen(uitkomst=uitkomst, user=request.user, request=request)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("De warme overdracht aan %(naar)s is vastgelegd.")
                % {"naar": voorstel.to_aanbod.provider},
            )
            return redirect(reverse("transfer:werklijst", args=[voorstel.pk]))
    services.log_entries_shown(
        request, [uitkomst.wachtplek], detail=f"overdracht transfervoorstel {voorstel.pk}"
    )
    return render(
        request,
        "transfer/overdracht.html",
        {"uitkomst": uitkomst, "voorstel": voorstel, "error": error},
        status=400 if error else 200,
    )
