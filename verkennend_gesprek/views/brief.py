"""The advice letter: its rendering status (polled with htmx), the private download, and
"start again" after a failure or when the letter got stuck. The PDF itself is made by a
Celery task (services/brief.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from mgn.audit.constants import Event
from mgn.audit.services import log_access
from mgn.jobs.constants import JobStatus, RestartOutcome
from verkennend_gesprek.constants import AdviesStatus
from verkennend_gesprek.models import AdviesBrief
from verkennend_gesprek.selectors.aanvraag import vg_get_for_user
from verkennend_gesprek.selectors.advies import can_record_advies, definitive_advies
from verkennend_gesprek.selectors.brief import can_read_brief
from verkennend_gesprek.selectors.inzage import inzage_for
from verkennend_gesprek.services.brief import brief_restart

# "Opnieuw maken" says what it did: only a failed, finished or stale letter starts again.
RESTART_MESSAGES = {
    RestartOutcome.RESTARTED: _lazy("De adviesbrief wordt opnieuw gemaakt."),
    RestartOutcome.QUEUED: _lazy(
        "De adviesbrief staat al in de wachtrij en wordt gemaakt zodra er ruimte is. Er is "
        "niets opnieuw gestart."
    ),
    RestartOutcome.BUSY: _lazy(
        "De adviesbrief wordt op dit moment gemaakt. Er is niets opnieuw gestart."
    ),
}


def _get(request, pk: int):
    vg = vg_get_for_user(request.user, pk)
    if not can_read_brief(request.user, vg):
        raise PermissionDenied
    return vg


def _letter(vg):
    """(definitive advies, its letter) — either may be None."""
    advies = definitive_advies(vg)
    if advies is None:
        return None, None
    try:
        return advies, advies.brief
    except AdviesBrief.DoesNotExist:
        return advies, None


@login_required
def status(request, pk: int):
    vg = _get(request, pk)
    advies, brief = _letter(vg)
    # R-PR-2: the letter prints the BSN and date of birth; only who sees those downloads it.
    inzage = inzage_for(request.user, [vg])
    may_download = inzage.identifying(vg)
    context = {
        "vg": vg,
        "advies": advies,
        "brief": brief,
        "job": brief,
        "polling": brief is not None and brief.is_active,
        "poll_url": reverse("verkennend_gesprek:brief", args=[vg.pk]),
        "download_url": (
            reverse("verkennend_gesprek:brief_download", args=[vg.pk]) if may_download else None
        ),
        "may_download": may_download,
        "status_id": "letter-status",
        "status_class": "vg-letter-status",
        "progress_class": "vg-letter-progress",
        "file_kind": "PDF",
        "may_restart": can_record_advies(request.user, vg),
    }
    if request.htmx:
        # The polled fragment holds no person data: status and progress only.
        return render(request, "verkennend_gesprek/_brief_status.html", context)
    context["persoon"] = inzage.persoon(vg)
    context["correction_open"] = vg.adviezen.filter(status=AdviesStatus.CONCEPT).exists()
    log_access(
        request,
        event=Event.READ,
        subject=vg,
        obj=brief or vg,
        detail=inzage.log_detail(vg, "adviesbrief"),
    )
    return render(request, "verkennend_gesprek/brief.html", context)


@login_required
def download(request, pk: int):
    vg = _get(request, pk)
    if not inzage_for(request.user, [vg]).identifying(vg):
        # R-PR-2: the letter holds the BSN and date of birth; a participant without those
        # reads the advies in the application instead.
        raise PermissionDenied(
            _(
                "De adviesbrief bevat het BSN en de geboortedatum. Alleen de aanvragende "
                "praktijk, de planners en de declarerende ggz-organisatie downloaden hem."
            )
        )
    _advies, brief = _letter(vg)
    if brief is None or brief.status != JobStatus.KLAAR or not brief.file:
        raise Http404(_("Er is (nog) geen adviesbrief om te downloaden."))
    if not default_storage.exists(brief.file.name):
        raise Http404(_("Het bestand van de adviesbrief ontbreekt."))
    log_access(request, event=Event.PRINT, subject=vg, obj=brief, detail="adviesbrief (PDF)")
    response = FileResponse(
        default_storage.open(brief.file.name, "rb"),
        as_attachment=True,
        filename=f"adviesbrief-{vg.reference}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def restart(request, pk: int):
    vg = _get(request, pk)
    if not can_record_advies(request.user, vg):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    _advies, brief = _letter(vg)
    if brief is None:
        raise Http404(_("Er is geen adviesbrief om opnieuw te maken."))
    outcome = brief_restart(brief=brief)
    if outcome == RestartOutcome.RESTARTED:
        log_access(request, event=Event.UPDATE, subject=vg, obj=brief, detail="adviesbrief opnieuw")
    messages.info(request, RESTART_MESSAGES[outcome])
    return redirect("verkennend_gesprek:brief", pk=vg.pk)
