"""A meeting of the transfer table: agenda, attendance and minutes (R-TR-5). Read by the
table's members and guests; recorded by the coordinators and the regievoerder."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from mgn.forms import form_add_service_errors
from transfer.forms.overleg import OverlegForm
from transfer.selectors import tafels as selectors
from transfer.services.overleg import overleg_record


@login_required
def overleg_detail(request, pk: int):
    overleg = selectors.overleg_get_for_user(request.user, pk)
    return render(
        request,
        "transfer/overleg_detail.html",
        {
            "overleg": overleg,
            "tafel": overleg.tafel,
            "rows": selectors.overleg_attendance(overleg),
            "manages": selectors.can_manage(request.user, overleg.tafel),
        },
    )


@login_required
def overleg_edit(request, pk: int):
    overleg = selectors.overleg_get_for_user(request.user, pk)
    if not selectors.can_manage(request.user, overleg.tafel):
        raise PermissionDenied
    rows = selectors.overleg_attendance(overleg)
    started = overleg.starts_at <= timezone.now()
    initial = {
        "agenda": overleg.agenda,
        "minutes": overleg.minutes,
        "held": overleg.status == "gehouden",
    }
    form = OverlegForm(request.POST or None, initial=initial, rows=rows, started=started)
    if request.method == "POST" and form.is_valid():
        try:
            overleg_record(
                overleg=overleg,
                agenda=form.cleaned_data["agenda"],
                minutes=form.cleaned_data["minutes"],
                attendance=form.attendance(),
                held=form.cleaned_data.get("held"),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Het overleg is opgeslagen."))
            return redirect(overleg)
    return render(
        request,
        "transfer/overleg_form.html",
        {"form": form, "overleg": overleg, "tafel": overleg.tafel, "started": started},
    )
