"""The advies editor (R-VG-6): a concept that autosaves, made definitive once complete,
and corrected through a new version while the old ones stay readable."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from mgn.audit.constants import Event
from mgn.audit.services import log_access
from mgn.forms import form_add_service_errors
from verkennend_gesprek.constants import AdviesStatus
from verkennend_gesprek.forms.advies import (
    AFSPRAKEN_PREFIX,
    AdviesForm,
    AfspraakFormSet,
    CorrectionForm,
    aanbod_choices,
    afspraak_initial,
)
from verkennend_gesprek.models import Advies
from verkennend_gesprek.selectors.aanvraag import vg_get_for_user
from verkennend_gesprek.selectors.advies import can_record_advies, definitive_advies
from verkennend_gesprek.selectors.inzage import persoon_view
from verkennend_gesprek.services.advies import advies_correct, advies_finalise, advies_save_draft

MAX_EXTRA_ROWS = 10
FORM_FIELDS = ("summary", "routes", "overbrugging", "regie", "contact_point", "agreed_with_person")


def _get(request, pk: int):
    """The request if the user may record its advies: 404 if invisible, 403 if not theirs."""
    vg = vg_get_for_user(request.user, pk)
    if not can_record_advies(request.user, vg):
        raise PermissionDenied
    return vg


def _versions(vg) -> list[Advies]:
    return list(
        vg.adviezen.select_related("updated_by", "finalised_by")
        .prefetch_related("afspraken")
        .order_by("-version")
    )


def _extra_rows(value) -> int:
    try:
        return min(max(int(value), 1), MAX_EXTRA_ROWS)
    except (TypeError, ValueError):
        return 1


def _formset(*, data=None, advies=None, extra: int = 1, choices=None):
    formset = AfspraakFormSet(
        data, initial=afspraak_initial(advies), prefix=AFSPRAKEN_PREFIX, aanbod_choices=choices
    )
    formset.extra = extra
    return formset


def _bound_from(advies: Advies, choices=None) -> tuple[AdviesForm, AfspraakFormSet]:
    """Forms bound to a stored concept, so a finalise error can be shown on its field."""
    initial = AdviesForm.initial_from(advies)
    data = {k: v for k, v in initial.items() if v not in (False, None)}
    rows = afspraak_initial(advies)
    data.update(
        {
            f"{AFSPRAKEN_PREFIX}-TOTAL_FORMS": str(len(rows)),
            f"{AFSPRAKEN_PREFIX}-INITIAL_FORMS": "0",
        }
    )
    for i, row in enumerate(rows):
        data.update({f"{AFSPRAKEN_PREFIX}-{i}-{k}": v for k, v in row.items()})
    form = AdviesForm(data)
    formset = AfspraakFormSet(data, prefix=AFSPRAKEN_PREFIX, aanbod_choices=choices)
    form.is_valid()
    formset.is_valid()
    return form, formset


def _add_errors(form: AdviesForm, error: ValidationError) -> list[str]:
    """Put a service's errors on the form; returns those about the agreements."""
    kept = form_add_service_errors(form, error, fields=FORM_FIELDS, keep=("afspraken",))
    return kept.get("afspraken", [])


def _render(
    request,
    vg,
    *,
    versions=None,
    form=None,
    formset=None,
    correction_form=None,
    afspraken_errors=(),
    finalising: bool = False,
):
    versions = versions if versions is not None else _versions(vg)
    concept = next((a for a in versions if a.status == AdviesStatus.CONCEPT), None)
    definitief = next((a for a in versions if a.status == AdviesStatus.DEFINITIEF), None)
    held = vg.gesprekken.filter(held=True).exists()
    editing = held and (concept is not None or definitief is None)
    if editing and form is None:
        form = AdviesForm(initial=AdviesForm.initial_from(concept))
        formset = _formset(
            advies=concept,
            extra=_extra_rows(request.GET.get("rijen")),
            choices=aanbod_choices(request.user, vg),
        )
    if definitief is not None and concept is None and correction_form is None:
        correction_form = CorrectionForm()
    shown = concept if editing else definitief
    history = [a for a in versions if a is not shown]
    return render(
        request,
        "verkennend_gesprek/advies_form.html",
        {
            "vg": vg,
            "persoon": persoon_view(request.user, vg),  # R-PR-2
            "held": held,
            "editing": editing,
            "concept": concept,
            "definitief": definitief,
            "history": history,
            "form": form,
            "formset": formset,
            "correction_form": correction_form if not editing else None,
            "afspraken_errors": list(afspraken_errors),
            "finalising": finalising,
            "has_errors": bool(
                (form is not None and form.errors)
                or afspraken_errors
                or (formset is not None and formset.is_bound and not formset.is_valid())
            ),
        },
    )


def _new_row(request, vg):
    """htmx: one more empty agreement row, and the management count and button updated."""
    try:
        index = min(max(int(request.GET.get("rij", "0")), 0), AfspraakFormSet.max_num)
    except ValueError:
        index = 0
    formset = _formset(choices=aanbod_choices(request.user, vg))
    form = formset.form(
        prefix=formset.add_prefix(index),
        auto_id=formset.auto_id,
        empty_permitted=True,
        use_required_attribute=False,
        aanbod_choices=formset.aanbod_choices,
    )
    formset.add_fields(form, index)
    return render(
        request,
        "verkennend_gesprek/_advies_new_row.html",
        {"vg": vg, "form": form, "index": index, "next_index": index + 1},
    )


def _save(request, vg):
    """Parse the editor, save the concept. Returns (advies, form, formset, afspraken_errors)."""
    form = AdviesForm(request.POST)
    formset = AfspraakFormSet(
        request.POST, prefix=AFSPRAKEN_PREFIX, aanbod_choices=aanbod_choices(request.user, vg)
    )
    if not (form.is_valid() and formset.is_valid()):
        return None, form, formset, []
    try:
        advies = advies_save_draft(
            vg=vg, user=request.user, data=form.service_data(), afspraken=formset.agreements()
        )
    except ValidationError as error:
        return None, form, formset, _add_errors(form, error)
    log_access(request, event=Event.UPDATE, subject=vg, obj=advies, detail="advies (concept)")
    return advies, form, formset, []


@login_required
def edit(request, pk: int):
    vg = _get(request, pk)
    if request.method == "GET" and request.htmx and "rij" in request.GET:
        return _new_row(request, vg)
    if request.method == "POST":
        advies, form, formset, afspraken_errors = _save(request, vg)
        if request.htmx:
            return render(
                request,
                "verkennend_gesprek/_advies_autosave.html",
                {"advies": advies, "failed": advies is None},
            )
        if advies is None:
            return _render(
                request, vg, form=form, formset=formset, afspraken_errors=afspraken_errors
            )
        url = reverse("verkennend_gesprek:advies", args=[vg.pk])
        if request.POST.get("action") == "add_row":
            blank = formset.total_form_count() - len(formset.agreements())
            return redirect(f"{url}?rijen={_extra_rows(blank + 1)}#afspraken")
        messages.success(request, _("Het concept-advies is opgeslagen."))
        return redirect(url)
    log_access(request, event=Event.READ, subject=vg, obj=vg, detail="advies")
    return _render(request, vg)


@login_required
def finalise(request, pk: int):
    vg = _get(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = formset = None
    afspraken_errors: list[str] = []
    if f"{AFSPRAKEN_PREFIX}-TOTAL_FORMS" in request.POST:
        # The editor's own fields come along: save them first, then lock.
        advies, form, formset, afspraken_errors = _save(request, vg)
        if advies is None:
            return _render(
                request,
                vg,
                form=form,
                formset=formset,
                afspraken_errors=afspraken_errors,
                finalising=True,
            )
    versions = _versions(vg)
    concept = next((a for a in versions if a.status == AdviesStatus.CONCEPT), None)
    if concept is None:
        messages.error(request, _("Er is geen concept-advies om definitief te maken."))
        return redirect("verkennend_gesprek:advies", pk=vg.pk)
    try:
        advies_finalise(advies=concept, user=request.user)
    except ValidationError as error:
        if form is None:
            form, formset = _bound_from(concept, aanbod_choices(request.user, vg))
        afspraken_errors = _add_errors(form, error)
        return _render(
            request,
            vg,
            versions=versions,
            form=form,
            formset=formset,
            afspraken_errors=afspraken_errors,
            finalising=True,
        )
    log_access(request, event=Event.UPDATE, subject=vg, obj=concept, detail="advies definitief")
    messages.success(
        request, _("Het advies is definitief. De adviesbrief voor de huisarts wordt gemaakt.")
    )
    return redirect("verkennend_gesprek:brief", pk=vg.pk)


@login_required
def correct(request, pk: int):
    vg = _get(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    correction_form = CorrectionForm(request.POST)
    definitief = definitive_advies(vg)
    if definitief is None:
        messages.error(request, _("Er is geen definitief advies om te corrigeren."))
        return redirect("verkennend_gesprek:advies", pk=vg.pk)
    if correction_form.is_valid():
        try:
            new = advies_correct(
                advies=definitief, user=request.user, reason=correction_form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form_add_service_errors(
                correction_form,
                error,
                rename={"correction_reason": "reason"},
                fields=("reason",),
            )
        else:
            log_access(request, event=Event.UPDATE, subject=vg, obj=new, detail="advies correctie")
            messages.success(
                request,
                _("Versie %(n)s is geopend als concept. Pas het advies aan en maak het definitief.")
                % {"n": new.version},
            )
            return redirect("verkennend_gesprek:advies", pk=vg.pk)
    return _render(request, vg, correction_form=correction_form)
