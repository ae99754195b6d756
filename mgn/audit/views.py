from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from .constants import Event
from .forms import PersonLogForm
from .selectors import can_read_log, entries_page_for_person
from .services import PersonRef, log_access


@login_required
def person_log(request):
    """ "Who saw this person's data", by period (R-PR-1). Reading it is logged too."""
    if not can_read_log(request.user):
        raise PermissionDenied
    form = PersonLogForm(request.GET or None)
    page = None
    if form.is_valid():
        data = form.cleaned_data
        # The rows are read before this lookup is logged; later lookups will show it.
        page = entries_page_for_person(
            identifier=data["identifier"],
            start=data["start"],
            end=data["end"],
            number=request.GET.get("pagina") or 1,
        )
        page.object_list = list(page.object_list)
        log_access(
            request,
            event=Event.LOG_READ,
            subject=PersonRef("", data["identifier"]),
            detail=f"persoon {data['start']:%Y-%m-%d} t/m {data['end']:%Y-%m-%d}",
        )
    return render(request, "audit/person_log.html", {"form": form, "page": page})
