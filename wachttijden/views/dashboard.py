"""The coordinator's pages of function III: the regional dashboard (it reads snapshots
only), its CSV and PDF downloads, "Nu berekenen", and the central waiting list (R-WT-6).

Who: the coordinators of a network in the region (``selectors.regions_for_user(user,
coordinate=True)``); anyone else gets 403, and a region or report that is not theirs 404.
The transfer team named in issue 4 has no role yet; when it gets one, it joins the
coordinators in ``_coordinated_region`` for the central list. Nothing here shows a person —
totals, and on the central list the first 8 characters of a pseudonym — so nothing is
written to the access log.
"""

import csv
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseNotAllowed, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wachttijden import dashboard as dash
from wachttijden import report, selectors
from wachttijden.constants import JobStatus
from wachttijden.forms.dashboard import DashboardFilterForm, RegionForm
from wachttijden.models import OverviewRun, ReportJob
from wachttijden.services import overview

CENTRAL_PAGE_SIZE = 50
POLL_STATUSES = (JobStatus.WACHTRIJ, JobStatus.BEZIG)


def _coordinated_region(request):
    """(region asked for with ?regio=, the user's regions); 403 for a non-coordinator,
    404 for a region they do not coordinate."""
    regions = list(selectors.regions_for_user(request.user, coordinate=True))
    if not regions:
        raise PermissionDenied
    region = selectors.dashboard_region_for_user(request.user, request.GET.get("regio") or None)
    return region, regions


def _region_picker(request, region, regions) -> dict:
    """The region form, for a coordinator in more than one region (rendered only then)."""
    choices = selectors.regions_for_user(request.user, coordinate=True)
    return {
        "region_form": RegionForm(initial={"regio": region}, regions=choices),
        "several_regions": len(regions) > 1,
    }


def _dashboard_url(region, **params) -> str:
    query = urlencode({"regio": region.code, **{k: v for k, v in params.items() if v}})
    return f"{reverse('wachttijden:dashboard')}?{query}"


def _snapshot_date(request, region) -> date | None:
    """The snapshot asked for (?peildatum= or a posted peildatum, as shown on the page), else
    the region's latest; None when there is none."""
    asked = request.POST.get("peildatum") or request.GET.get("peildatum")
    if asked:
        try:
            return date.fromisoformat(asked)
        except ValueError:
            raise Http404(_("Ongeldige peildatum.")) from None
    return dash.latest_snapshot_date(region)


def _latest_run(region):
    return OverviewRun.objects.filter(region=region).order_by("-snapshot_date").first()


@login_required
def dashboard(request):
    region, regions = _coordinated_region(request)
    run = _latest_run(region)
    run_context = {
        "region": region,
        "run": run,
        "run_polling": run is not None and run.status in POLL_STATUSES,
    }
    if request.htmx and request.GET.get("deel") == "berekening":
        return render(request, "wachttijden/_dash_run.html", run_context)

    context = {**run_context, **_region_picker(request, region, regions)}
    rows = dash.snapshot_rows(region)  # the latest snapshot
    if not rows:
        return render(request, "wachttijden/dashboard.html", context)
    snapshot_date = rows[0].snapshot_date
    gemeenten, zorgvraagtypen = dash.filter_choices(rows)
    asked = {"gemeente", "zorgvraagtype"} & set(request.GET)
    form = DashboardFilterForm(
        request.GET if asked else None, gemeenten=gemeenten, zorgvraagtypen=zorgvraagtypen
    )
    filters = form.filters()
    data = dash.dashboard(
        region, snapshot_date=snapshot_date, user=request.user, rows=rows, **filters
    )
    context.update(
        data=data,
        charts=data.charts,
        form=form,
        csv_url=reverse("wachttijden:dashboard_csv")
        + "?"
        + urlencode({"regio": region.code, "peildatum": snapshot_date.isoformat()}),
    )
    return render(request, "wachttijden/dashboard.html", context)


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a stream."""

    def write(self, value):
        return value


@login_required
def csv_download(request):
    """The overview of one snapshot as CSV: every dimension, one line per snapshot row.

    Comma-separated, UTF-8, a dot as decimal separator, empty where a figure is unknown.
    Columns (``dashboard.CSV_COLUMNS``):

    - peildatum — the snapshot date (YYYY-MM-DD); regio — the region's name
    - dimensie — what the line is about: regio, gemeente, aanbieder, aanbod, zorgvraagtype,
      urgentie, locatie-hdg (a provider's location and hoofddiagnosegroep)
    - gemeente, aanbieder, aanbod, zorgvraagtype_nummer, zorgvraagtype, urgentie, vestiging,
      hoofddiagnosegroep — the line's key (empty where it does not apply; on a line of its
      own dimension empty means "niet vastgelegd")
    - personen — persons waiting, each counted once however many lists they are on (R-WT-1)
    - wachtplekken — waiting entries; wachtplekken − personen is the double registration
    - aanmeldingen_2_maanden — registrations in the two months up to the snapshot (R-WT-2)
    - aanmeldingswachttijd_{gemiddeld,mediaan,p80}_dagen and
      behandelingswachttijd_{…}_dagen — realised waits in the last two months (R-WT-3)
    - actuele_wachttijd_weken and bron_actuele_wachttijd (slots: third free intake place;
      opgave: the provider's declared figure) — the prospective wait (R-WT-3)
    - geschatte_wachttijd_weken — queue length ÷ intakes per week over the last 8 weeks
    - boven_treeknorm_{aanmelding,behandeling,totaal} — entries waiting past 4 weeks for an
      intake, 10 weeks for treatment, 14 weeks in all (R-WT-4)
    - intakeplekken_4_weken — free intake places published for the next four weeks (R-WT-5)

    Totals only, no person data: nothing to log.
    """
    region, _regions = _coordinated_region(request)
    snapshot_date = _snapshot_date(request, region)
    if snapshot_date is None:
        messages.info(request, _("Er is nog geen overzicht om te downloaden."))
        return redirect(_dashboard_url(region))
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in dash.csv_rows(region, snapshot_date)),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"wachttijden-{region.code}-{snapshot_date.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def run_overview(request):
    """ "Nu berekenen": the region's overview for today, by the Celery task."""
    region, _regions = _coordinated_region(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    run = overview.overview_request(region=region, user=request.user)
    if run.status == JobStatus.BEZIG:
        messages.info(request, _("Het overzicht wordt al berekend."))
    else:
        messages.success(request, _("Het overzicht van vandaag wordt berekend."))
    return redirect(_dashboard_url(region))


@login_required
def report_create(request):
    """Ask for the PDF report of the snapshot on the page, with its filter."""
    region, _regions = _coordinated_region(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    snapshot_date = _snapshot_date(request, region)
    rows = dash.snapshot_rows(region, snapshot_date) if snapshot_date else []
    if not rows:
        messages.error(request, _("Er is nog geen overzicht om een rapport van te maken."))
        return redirect(_dashboard_url(region))
    gemeenten, zorgvraagtypen = dash.filter_choices(rows)
    form = DashboardFilterForm(request.POST, gemeenten=gemeenten, zorgvraagtypen=zorgvraagtypen)
    if not form.is_valid():
        messages.error(request, _("Het filter van het rapport klopt niet; kies het opnieuw."))
        return redirect(_dashboard_url(region))
    try:
        job = report.report_request(
            region=region, snapshot_date=snapshot_date, filters=form.filters(), user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_dashboard_url(region))
    return redirect("wachttijden:report", pk=job.pk)


def _report_for_user(user, pk: int) -> ReportJob:
    """The report, for a coordinator of its region; 403 for a non-coordinator, else 404."""
    if not selectors.regions_for_user(user, coordinate=True).exists():
        raise PermissionDenied
    job = (
        ReportJob.objects.select_related("region")
        .filter(pk=pk, region__in=selectors.region_ids_for_user(user, coordinate=True))
        .first()
    )
    if job is None:
        raise Http404(_("Rapport niet gevonden."))
    return job


@login_required
def report_status(request, pk: int):
    job = _report_for_user(request.user, pk)
    context = {
        "job": job,
        "region": job.region,
        "polling": job.status in POLL_STATUSES,
        "reference": report.reference(job),
        "filters": job.filters or {},
    }
    if request.htmx:
        return render(request, "wachttijden/_dash_report_status.html", context)
    return render(request, "wachttijden/report.html", context)


@login_required
def report_download(request, pk: int):
    job = _report_for_user(request.user, pk)
    if job.status != JobStatus.KLAAR or not job.file:
        raise Http404(_("Het rapport is (nog) niet klaar."))
    if not default_storage.exists(job.file.name):
        raise Http404(_("Het bestand van het rapport ontbreekt."))
    response = FileResponse(
        default_storage.open(job.file.name, "rb"),
        as_attachment=True,
        filename=f"wachttijdrapport-{report.reference(job)}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def central_list(request):
    """The region's deduplicated, anonymous waiting list (R-WT-6): one line per person
    (pseudonym), most urgent first, then the longest wait."""
    region, regions = _coordinated_region(request)
    today = timezone.localdate()
    paginator = Paginator(dash.central_list_rows(region), CENTRAL_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("pagina"))
    entries = dash.central_entries(region, list(page.object_list), today=today)
    return render(
        request,
        "wachttijden/central_list.html",
        {
            "region": region,
            "page": page,
            "entries": entries,
            "today": today,
            "norms": dash.Norms.current(),
            **_region_picker(request, region, regions),
        },
    )
