"""The insurer's pages (R-BK-4): its lines per period and state with totals, exports in
CSV, XLSX and GDS-shaped XML (573), and marking an export as processed. The upload of a
return message is in views/retour.py.

Who: users acting for an insurer (``act_for_organisation``). Anyone acting for no insurer
gets 403 on the insurer's pages; an insurer, network or export that is not theirs is 404
(existence is never revealed). The lines shown carry a person (a partly masked BSN), so
the page logs a read per person shown and a download logs an export per person in it
(R-PR-1), each in one insert.
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import F
from django.http import FileResponse, Http404, HttpResponseNotAllowed, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bekostiging.constants import ExportFormat, RegelStatus, Soort
from bekostiging.forms.exports import (
    DEFAULT_STATUSES,
    ExportCreateForm,
    InsurerFilterForm,
    default_period,
)
from bekostiging.models import Export
from bekostiging.selectors.declaraties import regels_for_insurer
from bekostiging.selectors.exports import (
    export_get_for_user,
    export_regels,
    export_totals,
    exports_for_user,
    insurer_scope_for_user,
)
from bekostiging.services import exports
from bekostiging.services.exports_csv import csv_filename, export_reference, stream_csv
from mgn.audit.constants import Event, IdentifierType
from mgn.audit.services import log_access_identifiers, log_access_many
from mgn.jobs.constants import ACTIVE_STATUSES, JobStatus
from verkennend_gesprek.models import Persoon

PAGE_SIZE = 50
EXPORTS_SHOWN = 20
CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.XML: "application/zip",
}


def _filter(form) -> tuple[date, date, list[str]]:
    start, end = default_period()
    statuses = DEFAULT_STATUSES
    if form.is_bound and form.is_valid():
        return form.cleaned_data["van"], form.cleaned_data["tot"], form.cleaned_data["status"]
    if form.is_bound:  # keep what was valid, default the rest
        data = getattr(form, "cleaned_data", {})
        return data.get("van", start), data.get("tot", end), data.get("status") or statuses
    return start, end, statuses


def _mask(bsn: str) -> str:
    return f"•••••{bsn[-4:]}" if bsn else ""


def _persons(rows):
    """Persons (id + BSN as declared) of lines as log subjects, each once."""
    seen = {}
    for persoon_id, bsn in rows:
        if persoon_id is not None and persoon_id not in seen:
            seen[persoon_id] = Persoon(pk=persoon_id, bsn=bsn)
    return list(seen.values())


@login_required
def insurer(request):
    """The insurer's lines in a period and states, with totals and the export form."""
    scope = insurer_scope_for_user(request.user, request.GET)
    insurers, insurer, networks, network = (
        scope.insurers,
        scope.insurer,
        scope.networks,
        scope.network,
    )
    asked = {"van", "tot", "status"} & set(request.GET)
    form = InsurerFilterForm(
        request.GET if asked else None,
        insurers=insurers,
        networks=networks,
        initial={"verzekeraar": insurer, "netwerk": network},
    )
    start, end, statuses = _filter(form)
    context = {
        "insurer": insurer,
        "network": network,
        "several_insurers": scope.several_insurers,
        "several_networks": scope.several_networks,
        "form": form,
        "period": (start, end),
        "statuses": [RegelStatus(s).label for s in statuses],
    }
    if network is None:
        return render(request, "bekostiging/insurer.html", context)
    lines = regels_for_insurer(request.user, insurer).filter(
        network=network,
        service_date__gte=start,
        service_date__lte=end,
        status__in=statuses,
    )
    totals = export_totals(lines)
    paginator = Paginator(_page_lines(lines), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("pagina"))
    rows = list(page.object_list)
    subjects = _persons((r.persoon_id, r.bsn) for r in rows if r.soort == Soort.VG)
    if subjects:
        log_access_many(
            request, event=Event.READ, subjects=subjects, detail="verzekeraar: declaratieregels"
        )
    create_form = ExportCreateForm(
        initial={
            "verzekeraar": insurer,
            "netwerk": network,
            "van": start,
            "tot": end,
            "status": statuses,
            "formaat": ExportFormat.CSV,
        },
        insurers=insurers,
        networks=networks,
    )
    context.update(
        totals=totals,
        page=page,
        rows=[(r, _mask(r.bsn)) for r in rows],
        create_form=create_form,
        filter_query=urlencode(
            {
                "verzekeraar": insurer.pk,
                "netwerk": network.slug,
                "van": start.isoformat(),
                "tot": end.isoformat(),
            }
        )
        + "".join(f"&status={s}" for s in statuses),
        exports_list=list(
            exports_for_user(request.user)
            .filter(insurer=insurer, network=network)
            .select_related("requested_by")
            .order_by("-created_at", "-pk")[:EXPORTS_SHOWN]
        ),
    )
    return render(request, "bekostiging/insurer.html", context)


def _page_lines(lines):
    """The table's lines: provider and the person's id (for the access log) joined in."""
    return (
        lines.select_related("provider")
        .annotate(persoon_id=F("gesprek__verkennend_gesprek__persoon_id"))
        .order_by("service_date", "pk")
    )


def insurer_url(insurer, network, params=None) -> str:
    query = {"verzekeraar": insurer.pk}
    if network is not None:
        query["netwerk"] = network.slug
    query.update(params or {})
    return f"{reverse('bekostiging:insurer')}?{urlencode(query, doseq=True)}"


@login_required
def export_create(request):
    """Make an export of the filtered lines; CSV is ready at once, XLSX and XML are made
    by the Celery task (the detail page shows the progress)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    scope = insurer_scope_for_user(request.user, request.POST)
    insurer, network = scope.insurer, scope.network
    form = ExportCreateForm(request.POST, insurers=scope.insurers, networks=scope.networks)
    if network is None or not form.is_valid():
        problems = [
            f"{form.fields[name].label}: {' '.join(errors)}"
            for name, errors in form.errors.items()
            if name in form.fields
        ]
        messages.error(
            request,
            _("De export is niet gemaakt: %(why)s")
            % {"why": " ".join(problems) or _("kies een periode en een status.")},
        )
        return redirect(insurer_url(insurer, network))
    data = form.cleaned_data
    back = insurer_url(
        insurer,
        network,
        {"van": data["van"].isoformat(), "tot": data["tot"].isoformat(), "status": data["status"]},
    )
    try:
        export = exports.export_create(
            user=request.user,
            network=network,
            insurer=insurer,
            period_start=data["van"],
            period_end=data["tot"],
            statuses=data["status"],
            format=data["formaat"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    return redirect("bekostiging:export_detail", pk=export.pk)


@login_required
def export_detail(request, pk: int):
    export = export_get_for_user(request.user, pk)
    context = {
        "export": export,
        "reference": export_reference(export),
        "polling": export.status in ACTIVE_STATUSES,
        "statuses": [RegelStatus(s).label for s in export.statuses],
        # The shared status partial (jobs/status.html)
        "job": export,
        "poll_url": reverse("bekostiging:export_detail", args=[export.pk]),
        "download_url": reverse("bekostiging:export_download", args=[export.pk]),
        "status_id": "export-status",
        "progress_id": "export-progress",
        "file_kind": "ZIP met XML-berichten"
        if export.format == ExportFormat.XML
        else export.format.upper(),
        "ready_lines": export_regels(export).filter(status=RegelStatus.KLAAR).count(),
        "back": insurer_url(export.insurer, export.network),
    }
    if request.htmx:
        return render(request, "bekostiging/_export_status.html", context)
    return render(request, "bekostiging/export_detail.html", context)


def _log_export(request, export: Export) -> int:
    """R-PR-1: one export event per person in the file (the BSN as declared on its lines),
    each pointing at the export. Read from the export's own lines only (no join to the
    persons; a plain ``SELECT DISTINCT``, which PostgreSQL may run in parallel) and written
    in one ``INSERT … SELECT unnest(…)``: a million-line file is logged in well under a
    second."""
    bsns = list(
        export_regels(export)
        .filter(soort=Soort.VG)
        .exclude(bsn="")
        .order_by()
        .values_list("bsn", flat=True)
        .distinct()
    )
    return log_access_identifiers(
        request,
        event=Event.EXPORT,
        identifier_type=IdentifierType.BSN,
        identifiers=bsns,
        obj=export,
        detail=f"export {export_reference(export)} ({export.format})",
    )


@login_required
def export_download(request, pk: int):
    """The export's file: the same bytes on every download (CSV streamed from the fixed
    lines, XLSX and XML stored once with their checksum)."""
    export = export_get_for_user(request.user, pk)
    if export.format == ExportFormat.CSV:
        _log_export(request, export)
        response = StreamingHttpResponse(
            stream_csv(export), content_type=CONTENT_TYPES[ExportFormat.CSV]
        )
        filename = csv_filename(export)
    else:
        if export.status != JobStatus.KLAAR or not export.file:
            raise Http404(_("Het bestand is (nog) niet klaar."))
        if not default_storage.exists(export.file.name):
            raise Http404(_("Het bestand van de export ontbreekt."))
        _log_export(request, export)
        response = FileResponse(
            default_storage.open(export.file.name, "rb"),
            content_type=CONTENT_TYPES[ExportFormat(export.format)],
        )
        filename = exports.file_name(export)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    if export.checksum:
        response["X-Checksum-SHA256"] = export.checksum
    return response


@login_required
def export_mark(request, pk: int):
    """The insurer has processed the export: its klaar lines become geëxporteerd."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    export = export_get_for_user(request.user, pk)
    if export.status != JobStatus.KLAAR:
        messages.error(request, _("Het bestand is nog niet klaar; markeer het daarna."))
        return redirect("bekostiging:export_detail", pk=export.pk)
    moved = exports.export_mark(export=export, user=request.user)
    messages.success(
        request,
        ngettext(
            "Export gemarkeerd als verwerkt: %(n)s regel op geëxporteerd gezet.",
            "Export gemarkeerd als verwerkt: %(n)s regels op geëxporteerd gezet.",
            moved,
        )
        % {"n": moved},
    )
    return redirect("bekostiging:export_detail", pk=export.pk)
