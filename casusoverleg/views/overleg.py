"""A meeting of a series (R-DOC-1, R-DOC-4): its agenda of cases, attendance and notes,
the outcome per case, cancelling and the invitation as .ics.

Members read the cases on the agenda; the chair (or a coordinator who is a member) records
the meeting and the outcomes. A coordinator outside the series sees the meeting with the
number of cases on its agenda, never a case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casusoverleg.constants import CasusStatus, OverlegStatus
from casusoverleg.forms.overleg import CancelForm, OverlegForm, UitkomstForm
from casusoverleg.models import CasusUitkomst
from casusoverleg.selectors import reeksen as selectors
from casusoverleg.services import casussen as casus_services
from casusoverleg.services import overleggen as services
from mgn import ics
from mgn.forms import form_add_service_errors
from networks.constants import LifeDomain
from networks.models import Organisation

LIFE_DOMAINS = dict(LifeDomain.choices)


def partner_organisations(network) -> list:
    return list(Organisation.objects.filter(partnerships__network=network).order_by("name"))


def life_domain_labels(values) -> list[str]:
    return [str(LIFE_DOMAINS.get(v, v)) for v in values]


def _attendance(overleg):
    return list(
        overleg.aanwezigheid.select_related("lid__organisation", "lid__professional", "lid__user")
    )


def _agenda(user, overleg, *, chair: bool, organisations, bound=None):
    """The cases on the agenda with the outcome recorded at this meeting, and for the chair
    an outcome form per open case (``bound``: the form that was posted, with its errors)."""
    casussen = list(
        selectors.agenda_casussen(user, overleg).prefetch_related(
            Prefetch(
                "uitkomsten",
                queryset=CasusUitkomst.objects.filter(overleg=overleg).select_related("eigenaar"),
                to_attr="uitkomst_hier",
            )
        )
    )
    can_record = chair and overleg.status != OverlegStatus.GEANNULEERD
    for casus in casussen:
        casus.domain_labels = life_domain_labels(casus.levensdomeinen)
        casus.uitkomst = casus.uitkomst_hier[0] if casus.uitkomst_hier else None
        casus.form = None
        if can_record and casus.status != CasusStatus.GESLOTEN:
            if bound is not None and bound[0] == casus.pk:
                casus.form = bound[1]
            else:
                u = casus.uitkomst
                initial = (
                    {
                        "oplossing": u.oplossing,
                        "volgende_stap": u.volgende_stap,
                        "eigenaar": u.eigenaar_id,
                        "datum": u.datum,
                    }
                    if u
                    else {"eigenaar": casus.organisation_id}
                )
                casus.form = UitkomstForm(
                    initial=initial, organisations=organisations, prefix=f"c{casus.pk}"
                )
        casus.signaal_url = reverse("casusoverleg:signaal_new", args=[casus.pk])
    return casussen


def _detail(request, overleg, *, bound=None, status=200):
    user = request.user
    reeks = overleg.reeks
    member = selectors.is_member(user, reeks)
    chair = member and selectors.can_chair(user, reeks)
    manages = selectors.can_manage(user, reeks)
    started = overleg.starts_at <= timezone.now()
    context = {
        "overleg": overleg,
        "reeks": reeks,
        "is_member": member,
        "chair": chair,
        "manages": manages,
        "started": started,
        "rows": _attendance(overleg),
        "may_cancel": (chair or manages) and overleg.status == OverlegStatus.GEPLAND,
        "cancel_form": CancelForm(),
    }
    if member:
        organisations = partner_organisations(reeks.network) if chair else []
        context["casussen"] = _agenda(
            user, overleg, chair=chair, organisations=organisations, bound=bound
        )
        context["notulen_url"] = reverse("casusoverleg:notulen", args=[overleg.pk])
    else:
        context["n_casussen"] = selectors.agenda_count(overleg)
    return render(request, "casusoverleg/overleg_detail.html", context, status=status)


@login_required
def overleg_detail(request, pk: int):
    overleg = selectors.overleg_get_for_user(request.user, pk)
    return _detail(request, overleg)


def _chaired(request, pk: int):
    """The meeting, 404 when not seen, 403 when seen but not chaired."""
    overleg = selectors.overleg_get_for_user(request.user, pk)
    if not selectors.can_chair(request.user, overleg.reeks):
        raise PermissionDenied
    return overleg


@login_required
def overleg_record(request, pk: int):
    overleg = _chaired(request, pk)
    rows = _attendance(overleg)
    started = overleg.starts_at <= timezone.now()
    initial = {"notes": overleg.notes, "held": overleg.status == OverlegStatus.GEHOUDEN}
    form = OverlegForm(request.POST or None, initial=initial, rows=rows, started=started)
    if request.method == "POST" and form.is_valid():
        try:
            services.overleg_record(
                overleg=overleg,
                notes=form.cleaned_data["notes"],
                attendance=form.attendance(),
                held=bool(form.cleaned_data.get("held")),
            )
        except ValidationError as error:
            overleg.refresh_from_db()
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Het overleg is opgeslagen."))
            return redirect(overleg)
    return render(
        request,
        "casusoverleg/overleg_form.html",
        {"form": form, "overleg": overleg, "reeks": overleg.reeks, "started": started},
    )


@login_required
@require_POST
def overleg_cancel(request, pk: int):
    overleg = selectors.overleg_get_for_user(request.user, pk)
    reeks = overleg.reeks
    if not (selectors.can_chair(request.user, reeks) or selectors.can_manage(request.user, reeks)):
        raise PermissionDenied
    form = CancelForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Geef een reden op om het overleg te annuleren."))
        services.overleg_cancel(overleg=overleg, reason=form.cleaned_data["cancel_reason"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Het overleg is geannuleerd; de casussen gaan naar het volgende overleg.")
        )
    return redirect(overleg)


@login_required
def overleg_ics(request, pk: int):
    overleg = selectors.overleg_get_for_user(request.user, pk)
    text = ics.calendar(services.invitation_event(overleg), stamp=timezone.now())
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="casusoverleg-{timezone.localtime(overleg.starts_at):%Y-%m-%d}.ics"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def uitkomst(request, pk: int, casus: int):
    """R-DOC-4: the chair's outcome of one case on the agenda (posted from the meeting page;
    a refusal shows the meeting page again with the form's errors)."""
    overleg = selectors.overleg_get_for_user(request.user, pk)
    case = selectors.casus_get_for_user(request.user, casus)
    if not selectors.can_chair(request.user, overleg.reeks):
        raise PermissionDenied
    if request.method != "POST":
        return redirect(overleg)
    form = UitkomstForm(
        request.POST,
        organisations=partner_organisations(overleg.reeks.network),
        prefix=f"c{case.pk}",
    )
    if form.is_valid():
        try:
            casus_services.uitkomst_record(
                casus=case,
                overleg=overleg,
                oplossing=form.cleaned_data["oplossing"],
                volgende_stap=form.cleaned_data["volgende_stap"],
                eigenaar=form.eigenaar_organisation(),
                datum=form.cleaned_data["datum"],
                recorded_by=request.user,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request, _("De uitkomst van %(code)s is vastgelegd.") % {"code": case.code}
            )
            return redirect(f"{overleg.get_absolute_url()}#casus-{case.pk}")
    return _detail(request, overleg, bound=(case.pk, form), status=400)
