"""The provider's pages of function III: their offers, uploading a waiting list (R-WT-1),
publishing free intake places (R-WT-5; an SD offer's free places, R-TR-1) and importing monthly figures (R-WT-8).

Only users acting for a provider open these pages (others 403); an offer of another
provider answers 404. An uploaded file may hold BSNs, so it is read from memory only:
Django would otherwise write a large upload to a temporary file on disk. A waiting list
above ``WACHTLIJST_ASYNC_BYTES`` is then stored privately as a background job
(``services.levering_wachtlijst_job``), which deletes it once processed.
"""

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_variables

from mgn.formats import count
from mgn.forms import form_add_service_errors
from mgn.jobs.constants import ACTIVE_STATUSES
from wachttijden.constants import AanbodDomain, EntryStatus, UploadSource
from wachttijden.forms.levering import CsvUploadForm, IntakeSlotsForm
from wachttijden.models import WachtlijstJob, WachtlijstUpload
from wachttijden.selectors.levering import (
    is_provider_user,
    opgaven_for_user,
    provider_aanbod_get_for_user,
    provider_aanbod_overview,
    upload_status_counts,
    wachtlijst_job_get,
)
from wachttijden.services import (
    levering_intakeplekken,
    levering_opgaven,
    levering_wachtlijst,
    levering_wachtlijst_job,
)

PAGE_SIZE = 25
ERROR_PAGE_SIZE = 50
HISTORY_SIZE = 10
OPGAVE_ERRORS_SHOWN = 250  # an import's report is shown at once, not kept: capped


class MemoryOnlyUploadHandler(FileUploadHandler):
    """Keeps an uploaded file in memory, never on disk (it may hold BSNs), and stops
    reading past ``levering_wachtlijst.MAX_UPLOAD_BYTES``; the form then says the file is too big."""

    def __init__(self, request=None):
        super().__init__(request)
        self.too_big = False
        self.buffer = None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > levering_wachtlijst.MAX_UPLOAD_BYTES:
            self.too_big = True
            self.buffer = None
            raise StopUpload(connection_reset=False)
        self.buffer.write(raw_data)

    def file_complete(self, file_size):
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            self.buffer,
            self.field_name,
            self.file_name,
            self.content_type,
            file_size,
            self.charset,
            self.content_type_extra,
        )


def _require_provider(user) -> None:
    if not is_provider_user(user):
        raise PermissionDenied


def _memory_only(request) -> MemoryOnlyUploadHandler:
    handler = MemoryOnlyUploadHandler(request)
    request.upload_handlers = [handler]
    return handler


def _report_counts(errors: list[dict]) -> dict:
    return {
        "error_count": len(errors),
        "line_count": len({e["line"] for e in errors}),
    }


# Provider home ------------------------------------------------------------------------
@login_required
def provider_home(request):
    _require_provider(request.user)
    page = Paginator(provider_aanbod_overview(request.user), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "wachttijden/levering/aanbieder.html",
        {"page": page, "several_providers": len({a.provider_id for a in page}) > 1},
    )


# Waiting list upload (R-WT-1) ---------------------------------------------------------
UPLOAD_HELP = _(
    "Eén regel per wachtende persoon, met kopregel; gescheiden door puntkomma of komma, "
    "in UTF-8. Een bestand met een fout verandert niets."
)


@csrf_exempt  # the upload handler is set before the token is read; _upload checks it
@login_required
def upload(request, pk: int):
    _require_provider(request.user)
    aanbod = provider_aanbod_get_for_user(request.user, pk)
    handler = _memory_only(request)
    return _upload(request, aanbod, handler)


@csrf_protect
@sensitive_variables("form", "bestand")
def _upload(request, aanbod, handler):
    if request.method == "POST":
        form = CsvUploadForm(
            request.POST, request.FILES, help_text=UPLOAD_HELP, too_big=handler.too_big
        )
        if form.is_valid():
            bestand = form.cleaned_data["bestand"]
            if levering_wachtlijst_job.is_large(bestand.size):
                job = levering_wachtlijst_job.wachtlijst_job_request(
                    aanbod=aanbod,
                    user=request.user,
                    content=bestand.read(),
                    source=UploadSource.CSV,
                    filename=bestand.name,
                )
                bestand.close()
                messages.info(
                    request,
                    _("Het bestand is groot en wordt op de achtergrond verwerkt."),
                )
                return redirect("wachttijden:levering_job", pk=aanbod.pk, job=job.pk)
            result = levering_wachtlijst.wachtlijst_upload(
                aanbod=aanbod,
                user=request.user,
                rows=bestand,
                source=UploadSource.CSV,
                filename=bestand.name,
            )
            bestand.close()
            if result.accepted:
                messages.success(
                    request,
                    _("De wachtlijst is vervangen: %(rows)s verwerkt.")
                    % {"rows": count(result.rows_total, _("regel"), _("regels"))},
                )
            url = reverse("wachttijden:levering_wachtlijst", args=[aanbod.pk])
            return redirect(f"{url}?levering={result.pk}#resultaat")
    else:
        form = CsvUploadForm(help_text=UPLOAD_HELP)
    uploads = WachtlijstUpload.objects.filter(aanbod=aanbod).select_related("uploaded_by")
    history = list(uploads.defer("errors").order_by("-uploaded_at", "-pk")[:HISTORY_SIZE])
    wanted = request.GET.get("levering", "")
    shown = uploads.filter(pk=wanted).first() if wanted.isdigit() else None
    context = {
        "aanbod": aanbod,
        "form": form,
        "history": history,
        "running": list(
            WachtlijstJob.objects.filter(aanbod=aanbod, status__in=ACTIVE_STATUSES)
            .only("pk", "status", "progress", "filename", "created_at")
            .order_by("-created_at")[:HISTORY_SIZE]
        ),
        "async_mb": filesizeformat(settings.WACHTLIJST_ASYNC_BYTES),
        **_result_context(request, shown),
    }
    return render(request, "wachttijden/levering/wachtlijst.html", context)


def _result_context(request, shown) -> dict:
    """What ``levering/_result.html`` shows of one delivery (None: nothing)."""
    context = {"shown": shown}
    if shown is not None and shown.accepted:
        counts = upload_status_counts(shown)
        context |= {
            "counts": [(label, counts.get(value, 0)) for value, label in EntryStatus.choices],
            "persons": sum(counts.values()),
            "waiting": sum(counts.get(s, 0) for s in (EntryStatus.AANMELDING, EntryStatus.INTAKE)),
            "replaced": not counts and shown.rows_total > 0,
        }
    elif shown is not None:
        context |= {
            "report_page": Paginator(shown.errors, ERROR_PAGE_SIZE).get_page(
                request.GET.get("pagina")
            ),
            **_report_counts(shown.errors),
        }
    return context


@login_required
def upload_job(request, pk: int, job: int):
    """A large waiting list being processed in the background: its progress while it runs
    (the status polls), then its result with the line report, as for a small list."""
    _require_provider(request.user)
    aanbod = provider_aanbod_get_for_user(request.user, pk)
    job = wachtlijst_job_get(aanbod, job)
    if request.htmx and not job.is_active:
        # Finished or failed: the whole page again, with the result outside the live region.
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    context = {
        "aanbod": aanbod,
        "job": job,
        "polling": job.is_active,
        "poll_url": reverse("wachttijden:levering_job", args=[aanbod.pk, job.pk]),
        "status_id": "lev-job-status",
        **_result_context(request, job.upload if job.is_finished else None),
    }
    if request.htmx:
        return render(request, "wachttijden/levering/_job_status.html", context)
    return render(request, "wachttijden/levering/verwerking.html", context)


# Intake slots (R-WT-5), an SD offer's free places (R-TR-1) ---------------------------
@login_required
def slots(request, pk: int):
    _require_provider(request.user)
    aanbod = provider_aanbod_get_for_user(request.user, pk)
    weeks = levering_intakeplekken.slot_weeks()
    current = dict(
        aanbod.intake_slots.filter(week_start__in=weeks).values_list("week_start", "available")
    )
    initial = {IntakeSlotsForm.field_name(week): current.get(week) for week in weeks}
    places = aanbod.free_places_label  # "Vrije plekken" for an SD offer (R-TR-1)
    if request.method == "POST":
        form = IntakeSlotsForm(request.POST, weeks=weeks, initial=initial, places=places)
        if form.is_valid():
            try:
                levering_intakeplekken.intake_slots_publish(aanbod=aanbod, weeks=form.published())
            except ValidationError as error:
                form_add_service_errors(form, error, rename=lambda key: f"week_{key}")
            else:
                messages.success(
                    request, _("De %(places)s zijn gepubliceerd.") % {"places": places.lower()}
                )
                return redirect("wachttijden:slots", pk=aanbod.pk)
    else:
        form = IntakeSlotsForm(initial=initial, weeks=weeks, places=places)
    return render(
        request,
        "wachttijden/levering/intakeplekken.html",
        {
            "aanbod": aanbod,
            "form": form,
            "places": places,
            # An SD offer's places are for the residents of the gemeenten it serves (R-TR-1).
            "served": list(aanbod.gemeenten_served.order_by("name").values_list("name", flat=True))
            if aanbod.domain == AanbodDomain.SD
            else [],
            "total": sum(v for v in current.values() if v),
        },
    )


# Monthly figures (R-WT-8) -------------------------------------------------------------
OPGAVE_HELP = _(
    "De maandelijkse wachttijden zoals u ze aan Vektis/NZa levert, per vestiging en "
    "hoofddiagnosegroep. Een bestand met een fout verandert niets."
)


@csrf_exempt  # as for upload: the handler first, then _opgave_import checks the token
@login_required
def opgave_import(request):
    _require_provider(request.user)
    handler = _memory_only(request)
    return _opgave_import(request, handler)


@csrf_protect
def _opgave_import(request, handler):
    context = {}
    if request.method == "POST":
        form = CsvUploadForm(
            request.POST, request.FILES, help_text=OPGAVE_HELP, too_big=handler.too_big
        )
        if form.is_valid():
            bestand = form.cleaned_data["bestand"]
            result = levering_opgaven.opgave_import(user=request.user, rows=bestand)
            bestand.close()
            if result.accepted:
                messages.success(
                    request,
                    _("%(rows)s ingelezen: %(created)d nieuw, %(updated)d bijgewerkt.")
                    % {
                        "rows": count(result.rows, _("regel"), _("regels")),
                        "created": result.created,
                        "updated": result.updated,
                    },
                )
                return redirect("wachttijden:opgave_import")
            context = {
                "report_errors": result.errors[:OPGAVE_ERRORS_SHOWN],
                "report_filename": bestand.name,
                **_report_counts(result.errors),
            }
    else:
        form = CsvUploadForm(help_text=OPGAVE_HELP)
    figures = opgaven_for_user(request.user)
    context |= {
        "form": form,
        "page": Paginator(figures, PAGE_SIZE).get_page(request.GET.get("pagina")),
        "shown_cap": OPGAVE_ERRORS_SHOWN,
    }
    return render(request, "wachttijden/levering/opgaven.html", context)
