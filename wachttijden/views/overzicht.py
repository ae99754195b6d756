""" "Nu berekenen": a coordinator asks for the region's overview of today (the Celery task
computes it; the dashboard polls its progress)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from mgn.jobs.constants import JobStatus
from wachttijden.services import overzicht
from wachttijden.views.dashboard import coordinated_region, dashboard_url


@login_required
def run_overview(request):
    """ "Nu berekenen": the region's overview for today, by the Celery task."""
    region, _regions = coordinated_region(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    run = overzicht.overview_request(region=region, user=request.user)
    if run.status == JobStatus.BEZIG:
        messages.info(request, _("Het overzicht wordt al berekend."))
    else:
        messages.success(request, _("Het overzicht van vandaag wordt berekend."))
    return redirect(dashboard_url(region))
