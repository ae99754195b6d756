"""Correcting the person's details of one request (R-PR-2): the requesting practice and
the network's planners only; every change is logged as an update by the service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mgn.audit.constants import Event
from mgn.audit.services import log_access
from mgn.forms import form_add_service_errors
from verkennend_gesprek.forms.persoon import PersoonCorrectForm
from verkennend_gesprek.selectors.aanvraag import vg_get_for_user
from verkennend_gesprek.selectors.persoon import may_correct_persoon
from verkennend_gesprek.services.persoon import persoon_correct


@login_required
def correct(request, pk: int):
    vg = vg_get_for_user(request.user, pk)
    if not may_correct_persoon(request.user, vg):
        raise PermissionDenied(
            _("Alleen de aanvragende praktijk en de netwerkcoördinator corrigeren deze gegevens.")
        )
    form = PersoonCorrectForm(request.POST or None, vg=vg)
    if request.method == "POST" and form.is_valid():
        try:
            changed = persoon_correct(vg=vg, user=request.user, request=request, **form.changes())
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            if changed:
                messages.success(request, _("De gegevens van de persoon zijn gecorrigeerd."))
            else:
                messages.info(request, _("Er is niets gewijzigd."))
            return redirect(vg)
    log_access(request, event=Event.READ, subject=vg, obj=vg.persoon, detail="persoon corrigeren")
    return render(
        request,
        "verkennend_gesprek/persoon_form.html",
        {"vg": vg, "persoon": vg.persoon, "form": form},
    )
