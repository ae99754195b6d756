"""The minutes of a casusoverleg meeting as a PDF made by a Celery task (R-DOC-4): a status
page that asks for them, and their download. Only the active members of the meeting's
series: the minutes hold case texts (R-PR-2), so a coordinator outside the series, a
policy partner and everyone else get 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from casusoverleg.models import CasusOverleg
from casusoverleg.selectors.reeksen import member_reeks_ids
from casusoverleg.services import notulen as notulen_services
from mgn.jobs.constants import JobStatus


def overleg_for_member(user, pk: int) -> CasusOverleg:
    """The meeting when the user is an active member of its series (in a network that
    offers function IV); 404 otherwise."""
    overleg = None
    if user.is_authenticated:
        overleg = (
            CasusOverleg.objects.filter(
                pk=pk,
                reeks__in=member_reeks_ids(user),
                reeks__network__offers_casusoverleg=True,
            )
            .select_related("reeks__network")
            .first()
        )
    if overleg is None:
        raise Http404(_("Overleg niet gevonden."))
    return overleg


def _notulen_url(overleg) -> str:
    return reverse("casusoverleg:notulen", args=[overleg.pk])


@login_required
def notulen(request, pk: int):
    """GET: the latest minutes of the meeting and their status (polled while they are
    made); POST: ask for new ones."""
    overleg = overleg_for_member(request.user, pk)
    if request.method == "POST":
        notulen_services.notulen_request(overleg=overleg, user=request.user)
        messages.success(request, _("De notulen worden gemaakt."))
        return redirect(_notulen_url(overleg))
    job = overleg.notulen.first()
    context = {
        "overleg": overleg,
        "reeks": overleg.reeks,
        "job": job,
        "polling": job is not None and job.is_active,
        "poll_url": _notulen_url(overleg),
        "download_url": (
            reverse("casusoverleg:notulen_download", args=[overleg.pk, job.pk]) if job else ""
        ),
        "status_id": "notulen-status",
        "file_kind": "PDF",
    }
    if request.htmx:
        return render(request, "casusoverleg/notulen_status.html", context)
    return render(request, "casusoverleg/notulen.html", context)


@login_required
def notulen_download(request, pk: int, job_pk: int):
    overleg = overleg_for_member(request.user, pk)
    job = overleg.notulen.filter(pk=job_pk, status=JobStatus.KLAAR).exclude(file="").first()
    if job is None:
        raise Http404(_("De notulen zijn (nog) niet klaar."))
    if not default_storage.exists(job.file.name):
        raise Http404(_("Het bestand van de notulen ontbreekt."))
    response = FileResponse(
        default_storage.open(job.file.name, "rb"),
        as_attachment=True,
        filename=notulen_services.notulen_filename(overleg),
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
