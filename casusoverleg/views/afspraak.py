"""The network's AVG agreement for the casusoverleg (R-DOC-1): the coordinators record it;
the coordinators and the members of the network's series read its document."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from casusoverleg.forms.afspraak import AfspraakForm
from casusoverleg.selectors.reeksen import afspraak_get_for_user
from casusoverleg.services.afspraak import afspraak_gaps, afspraak_record, current_afspraak
from casusoverleg.views.reeksen import casusoverleg_network
from mgn.forms import form_add_service_errors


@login_required
def afspraak(request, slug: str):
    network = casusoverleg_network(request.user, slug)
    form = AfspraakForm(request.POST or None, request.FILES or None, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            afspraak_record(network=network, recorded_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("De verwerkingsafspraak is vastgelegd."))
            return redirect("casusoverleg:afspraak", slug=network.slug)
    afspraken = list(
        network.verwerkingsafspraken.select_related("recorded_by").prefetch_related("signatories")
    )
    current = current_afspraak(network)
    return render(
        request,
        "casusoverleg/afspraak.html",
        {
            "network": network,
            "form": form,
            "afspraken": afspraken,
            "current": current,
            "gaps": [] if current else afspraak_gaps(network),
        },
    )


@login_required
def afspraak_document(request, pk: int):
    record = afspraak_get_for_user(request.user, pk)
    if not record.document or not default_storage.exists(record.document.name):
        raise Http404(_("Het document van de afspraak ontbreekt."))
    response = FileResponse(
        default_storage.open(record.document.name, "rb"),
        as_attachment=True,
        filename=f"verwerkingsafspraak-{record.network.slug}-{record.signed_on:%Y-%m-%d}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
