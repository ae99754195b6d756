"""The PDF report of the dashboard: asked for from the dashboard, made by a Celery task,
its status page polls until it is ready, and a coordinator of its region downloads it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from mgn.jobs.constants import JobStatus
from wachttijden.forms.dashboard import DashboardFilterForm
from wachttijden.selectors import dashboard as dashboard_selectors
from wachttijden.selectors.rapport import report_get_for_user
from wachttijden.services import rapport
from wachttijden.views.dashboard import (
    coordinated_region,
    dashboard_url,
    snapshot_date_asked,
)


@login_required
def report_create(request):
    """Ask for the PDF report of the snapshot on the page, with its filter."""
    region, _regions = coordinated_region(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    snapshot_date = snapshot_date_asked(request, region)
    rows = dashboard_selectors.snapshot_rows(region, snapshot_date) if snapshot_date else []
    if not rows:
        messages.error(request, _("Er is nog geen overzicht om een rapport van te maken."))
        return redirect(dashboard_url(region))
    gemeenten, zorgvraagtypen = dashboard_selectors.filter_choices(rows)
    form = DashboardFilterForm(request.POST, gemeenten=gemeenten, zorgvraagtypen=zorgvraagtypen)
    if not form.is_valid():
        messages.error(request, _("Het filter van het rapport klopt niet; kies het opnieuw."))
        return redirect(dashboard_url(region))
    try:
        job = rapport.report_request(
            region=region, snapshot_date=snapshot_date, filters=form.filters(), user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(dashboard_url(region))
    return redirect("wachttijden:rapport", pk=job.pk)


@login_required
def report_status(request, pk: int):
    job = report_get_for_user(request.user, pk)
    context = {
        "job": job,
        "region": job.region,
        "polling": job.is_active,
        "reference": rapport.reference(job),
        "filters": job.filters or {},
        "poll_url": reverse("wachttijden:rapport", args=[job.pk]),
        "download_url": reverse("wachttijden:rapport_download", args=[job.pk]),
        "status_id": "report-status",
        "status_class": "wt-report-status",
        "file_kind": "PDF",
    }
    if request.htmx:
        return render(request, "wachttijden/rapport/_status.html", context)
    return render(request, "wachttijden/rapport/status.html", context)


@login_required
def report_download(request, pk: int):
    job = report_get_for_user(request.user, pk)
    if job.status != JobStatus.KLAAR or not job.file:
        raise Http404(_("Het rapport is (nog) niet klaar."))
    if not default_storage.exists(job.file.name):
        raise Http404(_("Het bestand van het rapport ontbreekt."))
    response = FileResponse(
        default_storage.open(job.file.name, "rb"),
        as_attachment=True,
        filename=f"wachttijdrapport-{rapport.reference(job)}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
