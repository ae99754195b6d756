"""The demand picture and the stored proposals of a meeting (R-TR-1, R-TR-7). Read by the
table's members and guests like the meeting; proposals made, added and decided by the
managers; the number adjusted by the managers and the teamleden. Counts only: no page here
shows a person."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mgn.forms import form_add_service_errors
from networks.models import Gemeente
from transfer.forms.voorstel import AantalForm, VoorstelForm
from transfer.selectors import tafels as selectors
from transfer.selectors import voorstellen as voorstel_selectors
from transfer.selectors.vraagbeeld import WAIT_BANDS
from transfer.services import voorstellen as services
from wachttijden.constants import Urgency
from wachttijden.models import Aanbod, Zorgvraagtype


def _voorstellen_url(overleg) -> str:
    return reverse("transfer:voorstel_list", args=[overleg.pk])


@login_required
def vraagbeeld(request, pk: int):
    overleg = selectors.overleg_get_for_user(request.user, pk)
    picture = voorstel_selectors.picture_for_overleg(overleg)
    types = {label.pk: label.text for label in picture.zorgvraagtypes}
    gemeenten = {label.pk: label.text for label in picture.gemeenten}
    rows = []
    for offer in picture.offers:
        cells = [
            {
                "zorgvraagtype": types.get(cell.zorgvraagtype_id, "onbekend"),
                "gemeente": gemeenten.get(cell.gemeente_id, "–"),
                "urgency": Urgency(cell.urgency).label if cell.urgency in Urgency.values else "–",
                "cell": cell,
            }
            for cell in picture.cells_of(offer.aanbod_id)
        ]
        rows.append({"offer": offer, "cells": cells})
    return render(
        request,
        "transfer/vraagbeeld.html",
        {
            "overleg": overleg,
            "tafel": overleg.tafel,
            "picture": picture,
            "rows": rows,
            "bands": {band.key: band.label for band in WAIT_BANDS},
            "types": types,
        },
    )


@login_required
def voorstel_list(request, pk: int):
    overleg = selectors.overleg_get_for_user(request.user, pk)
    manages = selectors.can_manage(request.user, overleg.tafel)
    return render(
        request,
        "transfer/voorstel_list.html",
        {
            "overleg": overleg,
            "tafel": overleg.tafel,
            "voorstellen": voorstel_selectors.voorstellen_of(overleg),
            "manages": manages,
            "adjusts": manages or voorstel_selectors.is_teamlid(request.user, overleg),
        },
    )


@login_required
@require_POST
def voorstellen_maken(request, pk: int):
    overleg = selectors.overleg_get_for_user(request.user, pk)
    if not selectors.can_manage(request.user, overleg.tafel):
        raise PermissionDenied
    count = services.voorstellen_maken(overleg=overleg, user=request.user)
    messages.success(request, f"De matcher heeft {count} voorstellen gemaakt.")
    return redirect(_voorstellen_url(overleg))


@login_required
def voorstel_create(request, pk: int):
    overleg = selectors.overleg_get_for_user(request.user, pk)
    if not selectors.can_manage(request.user, overleg.tafel):
        raise PermissionDenied
    picture = voorstel_selectors.picture_for_overleg(overleg)
    form = VoorstelForm(request.POST or None, picture=picture)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.voorstel_handmatig(
                overleg=overleg,
                user=request.user,
                from_aanbod=Aanbod.objects.get(pk=data["from_aanbod"]),
                to_aanbod=Aanbod.objects.get(pk=data["to_aanbod"]),
                zorgvraagtype=Zorgvraagtype.objects.filter(pk=data["zorgvraagtype"]).first(),
                gemeente=Gemeente.objects.filter(pk=data["gemeente"]).first(),
                persons=data["persons"],
                min_waiting_weeks=data["min_waiting_weeks"],
                individual=data["individual"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "Het voorstel is toegevoegd.")
            return redirect(_voorstellen_url(overleg))
    return render(
        request,
        "transfer/voorstel_form.html",
        {"form": form, "overleg": overleg, "tafel": overleg.tafel},
    )


@login_required
@require_POST
def voorstel_aantal(request, pk: int):
    voorstel = voorstel_selectors.voorstel_get_for_user(request.user, pk)
    overleg = voorstel.overleg
    if not voorstel_selectors.can_adjust(request.user, overleg):
        raise PermissionDenied
    form = AantalForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Vul een aantal van minstens 1 in.")
        services.voorstel_aantal_wijzigen(voorstel=voorstel, persons=form.cleaned_data["persons"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Het aantal is aangepast.")
    return redirect(_voorstellen_url(overleg))


@login_required
@require_POST
def voorstel_besluit(request, pk: int):
    voorstel = voorstel_selectors.voorstel_get_for_user(request.user, pk)
    overleg = voorstel.overleg
    if not selectors.can_manage(request.user, overleg.tafel):
        raise PermissionDenied
    accept = request.POST.get("besluit") == "aanvaarden"
    try:
        services.voorstel_besluit(voorstel=voorstel, user=request.user, accept=accept)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, "Het voorstel is aanvaard." if accept else "Het voorstel is afgewezen."
        )
    return redirect(_voorstellen_url(overleg))
