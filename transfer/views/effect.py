"""The effect of a transfer table (R-TR-7): the page with a period filter, its CSV, and a
meeting's report as a PDF made by a Celery task. Read by whoever sees the table (members,
guests, the network's coordinators, the regievoerder); 404 for anyone else. Counts only:
nothing here shows a person."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from mgn.exports import csv_chunks, csv_response, csv_value
from mgn.jobs.constants import JobStatus
from transfer.forms.effect import EffectPeriodForm
from transfer.selectors import tafels as selectors
from transfer.selectors.effect import COLUMNS, MONTH_SERIES, default_period, effect_for_tafel
from transfer.services import verslag as verslag_services


def _effect(request, pk: int):
    """The table (404 unless the user sees it), the form and the figures of its period; an
    invalid period shows the form's errors over the default period's figures."""
    tafel = selectors.tafel_get_for_user(request.user, pk)
    default = default_period()
    asked = "start" in request.GET or "end" in request.GET
    form = EffectPeriodForm(
        request.GET if asked else None, initial={"start": default.start, "end": default.end}
    )
    start, end = default.start, default.end
    if asked and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return tafel, form, effect_for_tafel(tafel, start, end)


@login_required
def effect(request, pk: int):
    tafel, form, data = _effect(request, pk)
    return render(
        request,
        "transfer/effect.html",
        {
            "tafel": tafel,
            "form": form,
            "effect": data,
            "columns": COLUMNS,
            "month_series": MONTH_SERIES,
            "csv_query": f"start={data.period.start:%Y-%m-%d}&end={data.period.end:%Y-%m-%d}",
        },
    )


def _csv_rows(data):
    header = ["indeling", "naam", *(name for name, _label in COLUMNS)]
    yield header
    sections = (
        ("totaal", [data.total]),
        ("aanbieder", data.providers),
        ("zorgvraagtype", data.types),
        ("maand", data.months),
    )
    for section, rows in sections:
        for figures in rows:
            name = figures.key.isoformat()[:7] if section == "maand" else figures.label
            yield [
                section,
                csv_value(name),
                *(csv_value(getattr(figures, field)) for field, _label in COLUMNS),
            ]


@login_required
def effect_csv(request, pk: int):
    tafel, _form, data = _effect(request, pk)
    filename = (
        f"effect-transfertafel-{tafel.pk}-{data.period.start:%Y%m%d}-{data.period.end:%Y%m%d}.csv"
    )
    return csv_response(csv_chunks(_csv_rows(data)), filename=filename)


# The meeting's report (PDF) ------------------------------------------------------------------
def _verslag_url(overleg) -> str:
    return reverse("transfer:verslag", args=[overleg.pk])


@login_required
def verslag(request, pk: int):
    """GET: the latest report of the meeting and its status (polled while it is made);
    POST: ask for a new one."""
    overleg = selectors.overleg_get_for_user(request.user, pk)
    if request.method == "POST":
        verslag_services.verslag_request(overleg=overleg, user=request.user)
        messages.success(request, _("Het verslag wordt gemaakt."))
        return redirect(_verslag_url(overleg))
    job = overleg.verslagen.first()
    context = {
        "overleg": overleg,
        "tafel": overleg.tafel,
        "job": job,
        "polling": job is not None and job.is_active,
        "poll_url": _verslag_url(overleg),
        "download_url": reverse("transfer:verslag_download", args=[overleg.pk]),
        "status_id": "verslag-status",
        "file_kind": "PDF",
    }
    if request.htmx:
        return render(request, "transfer/effect_verslag_status.html", context)
    return render(request, "transfer/effect_verslag.html", context)


@login_required
def verslag_download(request, pk: int):
    overleg = selectors.overleg_get_for_user(request.user, pk)
    job = overleg.verslagen.filter(status=JobStatus.KLAAR).exclude(file="").first()
    if job is None:
        raise Http404(_("Het verslag is (nog) niet klaar."))
    if not default_storage.exists(job.file.name):
        raise Http404(_("Het bestand van het verslag ontbreekt."))
    response = FileResponse(
        default_storage.open(job.file.name, "rb"),
        as_attachment=True,
        filename=verslag_services.verslag_filename(overleg),
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
