"""The region's central waiting list (R-WT-6) for its coordinators: one anonymous line per
person, the first 8 characters of a pseudonym and never an identity, so nothing is written
to the access log."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from wachttijden.selectors import centrale_wachtlijst
from wachttijden.selectors.dashboard_figures import Norms
from wachttijden.views.dashboard import coordinated_region, region_picker

CENTRAL_PAGE_SIZE = 50


@login_required
def central_list(request):
    """The region's deduplicated, anonymous waiting list (R-WT-6): one line per person
    (pseudonym), most urgent first, then the longest wait."""
    region, regions = coordinated_region(request)
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
            **region_picker(request, region, regions),
        },
    )
