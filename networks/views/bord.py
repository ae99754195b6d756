"""The indicator board of one network: the page, its CSV, the network's
targets and the quarterly PDF. Readers: the network's coordinators and users acting for a
partner with role B or M (``selectors.bord``); targets are kept by the coordinators (other
readers 403); everyone else and other networks 404. No person data on any of them."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mgn import indicators
from mgn.exports import csv_chunks, csv_response, csv_value
from mgn.forms import form_add_service_errors
from mgn.jobs.constants import JobStatus
from networks.models import Doel
from networks.selectors import bord as selectors
from networks.selectors.netwerken import can_coordinate
from networks.selectors.plan import aandachtspunten_for_network
from networks.services import bord as services


class DoelForm(forms.ModelForm):
    class Meta:
        model = Doel
        fields = ["indicator_key", "kind", "value", "baseline_year", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.network = network
        self.fields["indicator_key"] = forms.ChoiceField(
            label=gettext_lazy("Indicator"), choices=selectors.indicator_choices_for(network)
        )


@login_required
def bord_index(request):
    """The networks whose board the user reads (the menu's "Indicatorbord"); 403 without any."""
    networks = list(selectors.board_networks_for_user(request.user))
    if not networks:
        raise PermissionDenied
    return render(request, "networks/bord/index.html", {"networks": networks})


@login_required
def bord(request, slug: str):
    network = selectors.board_network_get_for_user(request.user, slug)
    period = selectors.period_chosen(request.GET.get("periode"))
    board = selectors.board_build(network, period)
    return render(
        request,
        "networks/bord/board.html",
        {
            "network": network,
            "board": board,
            "period": period,
            "choices": selectors.period_choices(),
            "can_coordinate": can_coordinate(request.user, network),
            # R-NW-6: the aandachtspuntenbrief's points are the network's first KPIs.
            "aandachtspunten": aandachtspunten_for_network(network),
        },
    )


CSV_HEADER = [
    "sectie",
    "indicator",
    "omschrijving",
    "regel",
    "eenheid",
    "periode",
    "waarde",
    "basis",
    "doel",
    "doel gehaald",
]


def board_csv_rows(board):
    """The board's figures, one line per indicator and trend quarter (the chosen one last)."""
    yield CSV_HEADER
    for section in board.sections:
        for row in section.rows:
            for point in row.trend:
                last = point.period == board.period
                met = ""
                if last and row.stand is not None and row.stand.met is not None:
                    met = "ja" if row.stand.met else "nee"
                yield [
                    csv_value(v)
                    for v in (
                        section.title,
                        row.indicator.key,
                        row.indicator.label,
                        row.indicator.rule,
                        row.indicator.unit,
                        point.period.key,
                        point.value.value,
                        point.value.basis,
                        row.doel_text if last else "",
                        met,
                    )
                ]


@login_required
def bord_csv(request, slug: str):
    network = selectors.board_network_get_for_user(request.user, slug)
    period = selectors.period_chosen(request.GET.get("periode"))
    board = selectors.board_build(network, period)
    return csv_response(
        csv_chunks(board_csv_rows(board)),
        filename=f"indicatorbord-{network.slug}-{period.key}.csv",
    )


# Targets ---------------------------------------------------------------------------------
def _coordinated(request, slug):
    """The network for its targets: coordinators only; other readers 403, others 404."""
    network = selectors.board_network_get_for_user(request.user, slug)
    if not can_coordinate(request.user, network):
        raise PermissionDenied
    return network


def _save(request, network, form, doel=None) -> bool:
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        services.doel_save(
            network=network,
            indicator_key=data["indicator_key"],
            kind=data["kind"],
            value=data["value"],
            baseline_year=data["baseline_year"],
            note=data["note"],
            doel=doel,
        )
    except ValidationError as error:
        form_add_service_errors(form, error)
        return False
    messages.success(request, _("Het doel is opgeslagen."))
    return True


@login_required
def doelen(request, slug: str):
    """The network's targets and a form to add one."""
    network = _coordinated(request, slug)
    form = DoelForm(request.POST or None, network=network)
    if request.method == "POST" and _save(request, network, form):
        return redirect("networks:doelen", slug=network.slug)
    rows = []
    for doel in network.doelen.all():
        try:
            item = indicators.indicator(doel.indicator_key)
        except KeyError:  # a provider left the settings: the target stays, undescribed
            item = None
        rows.append(
            {
                "doel": doel,
                "label": item.label if item else doel.indicator_key,
                "text": selectors.doel_describe(item, doel) if item else "",
            }
        )
    return render(
        request, "networks/bord/doelen.html", {"network": network, "rows": rows, "form": form}
    )


@login_required
def doel_edit(request, slug: str, pk: int):
    network = _coordinated(request, slug)
    doel = get_object_or_404(Doel, pk=pk, network=network)
    form = DoelForm(request.POST or None, instance=doel, network=network)
    if request.method == "POST" and _save(request, network, form, doel):
        return redirect("networks:doelen", slug=network.slug)
    return render(
        request, "networks/bord/doel_form.html", {"network": network, "form": form, "doel": doel}
    )


@require_POST
@login_required
def doel_delete(request, slug: str, pk: int):
    network = _coordinated(request, slug)
    doel = get_object_or_404(Doel, pk=pk, network=network)
    services.doel_delete(doel=doel)
    messages.success(request, _("Het doel is verwijderd."))
    return redirect("networks:doelen", slug=network.slug)


# The PDF ---------------------------------------------------------------------------------
def _pdf_url(network, period) -> str:
    return reverse("networks:bord_pdf", args=[network.slug]) + f"?periode={period.key}"


@login_required
def bord_pdf(request, slug: str):
    """GET: the quarter's PDF and its status (polled while it is made); POST: make it."""
    network = selectors.board_network_get_for_user(request.user, slug)
    period = selectors.period_chosen(request.POST.get("periode") or request.GET.get("periode"))
    if request.method == "POST":
        services.bordrapport_request(network=network, period=period, user=request.user)
        messages.success(request, _("De PDF van het indicatorbord wordt gemaakt."))
        return redirect(_pdf_url(network, period))
    job = network.bordrapporten.filter(period=period.key).first()
    context = {
        "network": network,
        "period": period,
        "job": job,
        "polling": job is not None and job.is_active,
        "poll_url": _pdf_url(network, period),
        "download_url": (
            reverse("networks:bord_pdf_download", args=[network.slug, job.pk]) if job else ""
        ),
        "status_id": "bord-pdf-status",
        "file_kind": "PDF",
    }
    if request.htmx:
        return render(request, "networks/bord/pdf_status.html", context)
    return render(request, "networks/bord/pdf.html", context)


@login_required
def bord_pdf_download(request, slug: str, pk: int):
    network = selectors.board_network_get_for_user(request.user, slug)
    job = network.bordrapporten.filter(pk=pk, status=JobStatus.KLAAR).exclude(file="").first()
    if job is None:
        raise Http404(_("De PDF is (nog) niet klaar."))
    if not default_storage.exists(job.file.name):
        raise Http404(_("Het bestand ontbreekt."))
    response = FileResponse(
        default_storage.open(job.file.name, "rb"),
        as_attachment=True,
        filename=f"indicatorbord-{network.slug}-{job.period}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
