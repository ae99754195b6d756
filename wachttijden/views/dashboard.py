"""The coordinator's regional dashboard (it reads snapshots only) and its CSV download.

Who: the coordinators of a network in the region (``selectors.regions.regions_for_user(user,
coordinate=True)``); anyone else gets 403, and a region that is not theirs 404. The helpers
here pick the region for every coordinator page of function III (the overview, the reports,
the central list). Nothing here shows a person (totals only), so nothing is written to the
access log.
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from mgn.exports import csv_lines, csv_response
from wachttijden.forms.dashboard import DashboardFilterForm, RegionForm
from wachttijden.selectors import dashboard as dashboard_selectors
from wachttijden.selectors.dashboard_csv import csv_rows
from wachttijden.selectors.regions import region_get_for_user, regions_for_user


def coordinated_region(request):
    """(region asked for with ?regio=, the user's regions); 403 for a non-coordinator,
    404 for a region they do not coordinate."""
    regions = list(regions_for_user(request.user, coordinate=True))
    if not regions:
        raise PermissionDenied
    region = region_get_for_user(request.user, request.GET.get("regio") or None)
    return region, regions


def region_picker(request, region, regions) -> dict:
    """The region form, for a coordinator in more than one region (rendered only then)."""
    choices = regions_for_user(request.user, coordinate=True)
    return {
        "region_form": RegionForm(initial={"regio": region}, regions=choices),
        "several_regions": len(regions) > 1,
    }


def dashboard_url(region, **params) -> str:
    query = urlencode({"regio": region.code, **{k: v for k, v in params.items() if v}})
    return f"{reverse('wachttijden:dashboard')}?{query}"


def snapshot_date_asked(request, region) -> date | None:
    """The snapshot asked for (?peildatum= or a posted peildatum, as shown on the page), else
    the region's latest; None when there is none."""
    asked = request.POST.get("peildatum") or request.GET.get("peildatum")
    if asked:
        try:
            return date.fromisoformat(asked)
        except ValueError:
            raise Http404(_("Ongeldige peildatum.")) from None
    return dashboard_selectors.latest_snapshot_date(region)


@login_required
def dashboard(request):
    region, regions = coordinated_region(request)
    run = dashboard_selectors.latest_run(region)
    run_context = {
        "region": region,
        "run": run,
        "run_polling": run is not None and run.is_active,
    }
    if request.htmx and request.GET.get("deel") == "berekening":
        return render(request, "wachttijden/overzicht/_status.html", run_context)

    context = {**run_context, **region_picker(request, region, regions)}
    rows = dashboard_selectors.snapshot_rows(region)  # the latest snapshot
    if not rows:
        return render(request, "wachttijden/dashboard.html", context)
    snapshot_date = rows[0].snapshot_date
    gemeenten, zorgvraagtypen = dashboard_selectors.filter_choices(rows)
    asked = {"gemeente", "zorgvraagtype"} & set(request.GET)
    form = DashboardFilterForm(
        request.GET if asked else None, gemeenten=gemeenten, zorgvraagtypen=zorgvraagtypen
    )
    filters = form.filters()
    data = dashboard_selectors.dashboard(
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


@login_required
def csv_download(request):
    """The overview of one snapshot as CSV: every dimension, one line per snapshot row.

    Comma-separated, UTF-8, a dot as decimal separator, empty where a figure is unknown.
    Columns (``selectors.dashboard_csv.CSV_COLUMNS``):

    - peildatum — the snapshot date (YYYY-MM-DD); regio — the region's name
    - dimensie — what the line is about: regio, gemeente, aanbieder, aanbod, zorgvraagtype,
      urgentie, locatie-hdg (a provider's location and hoofddiagnosegroep)
    - gemeente, aanbieder, aanbod, zorgvraagtype_nummer, zorgvraagtype, urgentie, vestiging,
      hoofddiagnosegroep — the line's key (empty where it does not apply; on a line of its
      own dimension empty means "niet vastgelegd")
    - personen — persons waiting, each counted once however many lists they are on (R-WT-1);
      on urgentie lines at their deciding (most urgent) entry, so those lines add up
    - wachtplekken — waiting entries; wachtplekken − personen is the double registration
    - aanmeldingen_2_maanden — registrations in the two months up to the snapshot (R-WT-2)
    - aanmeldingswachttijd_{gemiddeld,mediaan,p80}_dagen and
      behandelingswachttijd_{…}_dagen — realised waits in the last two months (R-WT-3)
    - samen_aanmelding_tot_behandeling_gemiddeld_dagen — registration to start of treatment,
      averaged over the entries that started treatment in the two months (one cohort)
    - actuele_wachttijd_weken and bron_actuele_wachttijd (slots: third free intake place;
      opgave: the provider's declared figure) — the prospective aanmeldingswachttijd (R-WT-3)
    - actuele_behandelingswachttijd_weken and bron_actuele_behandelingswachttijd (opgave:
      the provider's monthly figure) — the prospective behandelingswachttijd (R-WT-3)
    - geschatte_wachttijd_weken — queue length ÷ intakes per week over the last 8 weeks
    - boven_treeknorm_{aanmelding,behandeling,totaal} — entries waiting past 4 weeks for an
      intake, 10 weeks for treatment, 14 weeks in all (R-WT-4)
    - intakeplekken_4_weken — free intake places published for the next four weeks (R-WT-5)

    Totals only, no person data: nothing to log.
    """
    region, _regions = coordinated_region(request)
    snapshot_date = snapshot_date_asked(request, region)
    if snapshot_date is None:
        messages.info(request, _("Er is nog geen overzicht om te downloaden."))
        return redirect(dashboard_url(region))
    filename = f"wachttijden-{region.code}-{snapshot_date.isoformat()}.csv"
    return csv_response(csv_lines(csv_rows(region, snapshot_date)), filename=filename)
