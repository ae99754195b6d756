"""R-NW-7: the network's contracting documents, their versions and confirmations, and the
checklist of what is missing (selectors/contractering.py says who reads it). Coordinators
upload and freeze versions; a user acting for a confirming partner confirms for it.
No person data: nothing here is written to the access log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bekostiging.constants import ContractDocument, DocumentFormat
from bekostiging.forms.contractering import ConfirmForm, FreezeForm, UploadForm
from bekostiging.forms.financiering import YearForm
from bekostiging.selectors.begroting import budget_overview
from bekostiging.selectors.contractering import (
    begroting_csv_rows,
    contractering_get_for_user,
    contractering_networks_for_user,
    contracting_checklist,
    deelnemende_partijen,
    partijen_csv_rows,
    versie_get_for_user,
)
from bekostiging.services import contractering as services
from mgn.exports import csv_lines, csv_response
from mgn.forms import form_add_service_errors


def _page_url(network, year: int) -> str:
    url = reverse("bekostiging:contractering", args=[network.slug])
    return f"{url}?{urlencode({'jaar': year})}"


def _render(request, access, year: int, upload_form=None):
    network = access.network
    checklist = contracting_checklist(network, year)
    for doc in checklist.documents:
        doc.set_viewer(access.acting_for)
    return render(
        request,
        "bekostiging/contractering.html",
        {
            "network": network,
            "access": access,
            "year": year,
            "form": YearForm(request.GET),
            "checklist": checklist,
            "partijen": deelnemende_partijen(network),
            "upload_form": upload_form or UploadForm(),
            "confirm_form": ConfirmForm(organisations=access.acting_for),
            "soorten": ContractDocument,
        },
    )


@login_required
@require_GET
def index(request):
    """The menu's way in: the networks whose contracting the user takes part in."""
    networks = list(contractering_networks_for_user(request.user))
    if not networks:
        raise PermissionDenied
    return render(request, "bekostiging/contractering_index.html", {"networks": networks})


@login_required
@require_GET
def contractering(request, slug: str):
    access = contractering_get_for_user(request.user, slug)
    return _render(request, access, YearForm(request.GET).year())


@login_required
@require_POST
def upload(request, slug: str):
    access = contractering_get_for_user(request.user, slug)
    if not access.coordinator:
        raise PermissionDenied
    year = YearForm(request.GET).year()
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            versie = services.contract_document_upload(
                network=access.network,
                soort=form.cleaned_data["soort"],
                document=form.cleaned_data["document"],
                user=request.user,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Versie %(number)s van %(document)s is toegevoegd.")
                % {"number": versie.number, "document": versie.get_soort_display().lower()},
            )
            return redirect(_page_url(access.network, year))
    return _render(request, access, year, upload_form=form)


@login_required
@require_POST
def freeze(request, slug: str):
    """Freeze the generated begroting of a year or the list of parties as a CSV version."""
    access = contractering_get_for_user(request.user, slug)
    if not access.coordinator:
        raise PermissionDenied
    form = FreezeForm(request.POST)
    year = YearForm(request.GET).year()
    if not form.is_valid():
        messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
        return redirect(_page_url(access.network, year))
    try:
        if form.cleaned_data["soort"] == ContractDocument.BEGROTING:
            year = form.cleaned_data["jaar"]
            versie = services.begroting_freeze(network=access.network, year=year, user=request.user)
        else:
            versie = services.partijen_freeze(network=access.network, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(document)s is vastgelegd als versie %(number)s.")
            % {"document": versie.get_soort_display(), "number": versie.number},
        )
    return redirect(_page_url(access.network, year))


@login_required
@require_POST
def confirm(request, pk: int):
    """A partner confirms the version for the organisation it acts for (the one chosen, or
    its only one)."""
    versie, access = versie_get_for_user(request.user, pk)
    if not access.acting_for:
        raise PermissionDenied
    form = ConfirmForm(request.POST, organisations=access.acting_for)
    organisation = form.cleaned_data["organisation"] if form.is_valid() else None
    if organisation is None and len(access.acting_for) == 1:
        organisation = access.acting_for[0]
    year = versie.year or YearForm(request.GET).year()
    if organisation is None:
        messages.error(request, _("Kies de organisatie namens wie u bevestigt."))
        return redirect(_page_url(access.network, year))
    try:
        services.contract_document_confirm(
            versie=versie, organisation=organisation, user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(org)s heeft versie %(number)s van %(document)s bevestigd.")
            % {
                "org": organisation.name,
                "number": versie.number,
                "document": versie.get_soort_display().lower(),
            },
        )
    return redirect(_page_url(access.network, year))


@login_required
@require_GET
def download(request, pk: int):
    versie, _access = versie_get_for_user(request.user, pk)
    if not versie.file or not default_storage.exists(versie.file.name):
        raise Http404(_("Het bestand van deze versie ontbreekt."))
    pdf = versie.format == DocumentFormat.PDF
    response = FileResponse(
        default_storage.open(versie.file.name, "rb"),
        as_attachment=True,
        filename=f"{versie.network.slug}-{versie.download_name}",
        content_type="application/pdf" if pdf else "text/csv; charset=utf-8",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def partijen_csv(request, slug: str):
    """The generated list of participating parties, as it is now."""
    access = contractering_get_for_user(request.user, slug)
    return csv_response(
        csv_lines(partijen_csv_rows(access.network)),
        filename=f"deelnemende-partijen-{access.network.slug}.csv",
    )


@login_required
@require_GET
def begroting_csv(request, slug: str):
    """The generated begroting of the year, as it is now."""
    access = contractering_get_for_user(request.user, slug)
    year = YearForm(request.GET).year()
    overview = budget_overview(access.network, year)
    return csv_response(
        csv_lines(begroting_csv_rows(overview)),
        filename=f"begroting-{access.network.slug}-{year}.csv",
    )
