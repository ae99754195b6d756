"""The region's central waiting list (R-WT-6) for its coordinators, and for whom
settings.CENTRAL_LIST_READERS adds (the transfer table's team and guests, R-TR-5): one anonymous line per
person, the first 8 characters of a pseudonym and never an identity, so nothing is written
to the access log."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from wachttijden.forms.dashboard import RegionForm
from wachttijden.selectors import centrale_wachtlijst
from wachttijden.selectors.dashboard_figures import Norms
from wachttijden.selectors.regions import (
    central_list_region_get_for_user,
    central_list_regions_for_user,
    regions_for_user,
)

CENTRAL_PAGE_SIZE = 50


@login_required
def central_list(request):
    """The region's deduplicated, anonymous waiting list (R-WT-6): one line per person
    (pseudonym), most urgent first, then the longest wait."""
    regions = list(central_list_regions_for_user(request.user))
    if not regions:
        raise PermissionDenied
    region = central_list_region_get_for_user(request.user, request.GET.get("regio") or None)
    today = timezone.localdate()
    paginator = Paginator(centrale_wachtlijst.central_list_rows(region), CENTRAL_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("pagina"))
    entries = centrale_wachtlijst.central_entries(region, list(page.object_list), today=today)
    return render(
        request,
        "wachttijden/centrale_wachtlijst.html",
        {
            "region": region,
            "page": page,
            "entries": entries,
            "today": today,
            "norms": Norms.current(),
            "region_form": RegionForm(
                initial={"regio": region}, regions=central_list_regions_for_user(request.user)
            ),
            "several_regions": len(regions) > 1,
            # The dashboard is the coordinators' (the team reads only this list).
            "coordinates_region": regions_for_user(request.user, coordinate=True)
            .filter(pk=region.pk)
            .exists(),
        },
    )
