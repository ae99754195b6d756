"""R-NW-6: the transformation plan's pages. Members of the network read the plan, its
coordinators manage it, assigned reviewers see the shared versions and record besluiten;
everyone else gets 404 (selectors/plan.py)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mgn import ics
from mgn.forms import form_add_service_errors
from networks.forms.plan import (
    AandachtspuntForm,
    AfhandelenForm,
    BeoordelaarForm,
    BesluitForm,
    IndienenForm,
    InstemmingForm,
    MiddelForm,
    PlanCreateForm,
    VersieForm,
)
from networks.models.plan import BesluitSoort, PuntStatus
from networks.selectors import plan as selectors
from networks.selectors.netwerken import can_coordinate, network_get_for_user
from networks.selectors.organisaties import acting_organisation_ids_for_user
from networks.services import plan as services


@login_required
def mijn_beoordelingen(request):
    plans = list(selectors.plans_for_reviewer(request.user))
    return render(request, "networks/plan/mijn_beoordelingen.html", {"plans": plans})


@login_required
def plan_index(request, slug: str):
    """The network's plans; a coordinator starts one here. A reviewer sees the plans of this
    network assigned to them; anyone else 404."""
    try:
        network = network_get_for_user(request.user, slug)
    except Http404:
        plans = [p for p in selectors.plans_for_reviewer(request.user) if p.network.slug == slug]
        if not plans:
            raise
        return render(
            request,
            "networks/plan/index.html",
            {"network": plans[0].network, "plans": plans, "manage": False},
        )
    manage = can_coordinate(request.user, network)
    form = PlanCreateForm(request.POST or None, network=network)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                plan = services.plan_create(
                    network=network, created_by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("Het transformatieplan is aangemaakt."))
                return redirect("networks:plan_detail", slug=slug, pk=plan.pk)
    plans = list(selectors.network_plans_for_user(request.user, network))
    return render(
        request,
        "networks/plan/index.html",
        {"network": network, "plans": plans, "manage": manage, "member": True, "form": form},
    )


def _detail(request, plan, access, status=200, **forms):
    planning, warnings = selectors.plan_planning(plan)
    network = plan.network
    if access.manage:
        forms.setdefault("versie_form", VersieForm(prefix="versie"))
        forms.setdefault("indienen_form", IndienenForm(prefix="indienen"))
        forms.setdefault("punt_form", AandachtspuntForm(network=network, prefix="punt"))
        forms.setdefault("middel_form", MiddelForm(prefix="middel"))
    agree_for = _agree_for(request.user, plan, access)
    if agree_for.exists():
        forms.setdefault(
            "instemming_form", InstemmingForm(organisations=agree_for, prefix="instemming")
        )
    if access.assign:
        forms.setdefault("beoordelaar_form", BeoordelaarForm(prefix="beoordelaar"))
    versies = list(selectors.versies_for_user(plan, access))
    partners = list(plan.indienende_partners.order_by("name"))
    for versie in versies:
        agreed = {i.organisation_id for i in versie.instemmingen.all()}
        versie.missing = [p for p in partners if p.pk not in agreed]
    return render(
        request,
        "networks/plan/detail.html",
        {
            "network": network,
            "plan": plan,
            "access": access,
            "planning": planning,
            "warnings": warnings,
            "versies": versies,
            "partners": partners,
            "besluiten": list(plan.besluiten.select_related("recorded_by")),
            "punten": list(plan.aandachtspunten.select_related("eigenaar")),
            "middelen": list(plan.middelen.all()),
            "beoordelaars": list(plan.beoordelaars.select_related("user")),
            "afhandelen_form": AfhandelenForm(prefix="afhandelen") if access.manage else None,
            "open": PuntStatus.OPEN,
            **forms,
        },
        status=status,
    )


@login_required
def plan_detail(request, slug: str, pk: int):
    plan = selectors.plan_get_for_user(request.user, slug, pk)
    return _detail(request, plan, selectors.plan_access(request.user, plan))


def _agree_for(user, plan, access):
    """The submitting partners whose agreement the user records: all of them for a
    coordinator, else those the user acts for."""
    partners = plan.indienende_partners.all()
    if access.manage:
        return partners
    return partners.filter(pk__in=acting_organisation_ids_for_user(user))


def _managed(request, slug, pk):
    plan = selectors.plan_get_for_user(request.user, slug, pk)
    access = selectors.plan_access(request.user, plan)
    if not access.manage:
        raise PermissionDenied
    return plan, access


def _action(request, plan, access, form, name, run, done):
    """Validate the posted form, run the service; on a refusal show the plan page again."""
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("networks:plan_detail", slug=plan.network.slug, pk=plan.pk)
    return _detail(request, plan, access, status=400, **{name: form})


@login_required
@require_POST
def plan_versie(request, slug: str, pk: int):
    plan, access = _managed(request, slug, pk)
    form = VersieForm(request.POST, request.FILES, prefix="versie")
    return _action(
        request,
        plan,
        access,
        form,
        "versie_form",
        lambda d: services.versie_upload(plan=plan, uploaded_by=request.user, **d),
        _("De versie is toegevoegd."),
    )


@login_required
@require_POST
def plan_instemming(request, slug: str, pk: int, versie: int):
    """A coordinator records a partner's agreement; a user acting for a submitting partner
    records their own organisation's."""
    record = selectors.versie_get_for_user(request.user, slug, pk, versie)
    plan = record.plan
    access = selectors.plan_access(request.user, plan)
    agree_for = _agree_for(request.user, plan, access)
    if not agree_for.exists():
        raise PermissionDenied
    form = InstemmingForm(request.POST, organisations=agree_for, prefix="instemming")

    def run(data):
        services.instemming_record(
            versie=record, organisation=data["organisation"], user=request.user
        )

    return _action(
        request, plan, access, form, "instemming_form", run, _("De instemming is vastgelegd.")
    )


@login_required
@require_POST
def plan_delen(request, slug: str, pk: int, versie: int):
    plan, _access = _managed(request, slug, pk)
    record = selectors.versie_get_for_user(request.user, slug, pk, versie)
    try:
        services.versie_share(versie=record)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Versie %(v)s is gedeeld met de beoordelaars.") % {"v": record.nummer}
        )
    return redirect("networks:plan_detail", slug=slug, pk=plan.pk)


@login_required
def plan_versie_document(request, slug: str, pk: int, versie: int):
    record = selectors.versie_get_for_user(request.user, slug, pk, versie)
    return _pdf(record.document, f"transformatieplan-{slug}-{record.nummer}.pdf")


def _pdf(field, filename):
    if not field or not default_storage.exists(field.name):
        raise Http404(_("Het document ontbreekt."))
    response = FileResponse(
        default_storage.open(field.name, "rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def plan_indienen(request, slug: str, pk: int):
    plan, access = _managed(request, slug, pk)
    form = IndienenForm(request.POST, prefix="indienen")
    return _action(
        request,
        plan,
        access,
        form,
        "indienen_form",
        lambda d: services.plan_submit(plan=plan, **d),
        _("De indiendatum is vastgelegd; de blokkenplanning staat hieronder."),
    )


@login_required
@require_POST
def plan_beoordelaar(request, slug: str, pk: int):
    plan = selectors.plan_get_for_user(request.user, slug, pk)
    access = selectors.plan_access(request.user, plan)
    if not access.assign:
        raise PermissionDenied
    form = BeoordelaarForm(request.POST, prefix="beoordelaar")
    return _action(
        request,
        plan,
        access,
        form,
        "beoordelaar_form",
        lambda d: services.beoordelaar_assign(plan=plan, assigned_by=request.user, **d),
        _("De beoordelaar is toegewezen."),
    )


@login_required
def plan_besluit(request, slug: str, pk: int):
    """An assigned reviewer (first or second insurer, gemeente) records a besluit."""
    plan = selectors.plan_get_for_user(request.user, slug, pk)
    access = selectors.plan_access(request.user, plan)
    if not access.decides:
        raise PermissionDenied
    initial = {"datum": timezone.localdate(), "soort": _next_soort(plan)}
    form = BesluitForm(
        request.POST or None, request.FILES or None, network=plan.network, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.besluit_record(
                plan=plan,
                soort=data["soort"],
                uitkomst=data["uitkomst"],
                reden=data["reden"],
                datum=data["datum"],
                brief=data["brief"],
                punten=data["punten"],
                user=request.user,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Het besluit is vastgelegd."))
            return redirect("networks:plan_detail", slug=slug, pk=plan.pk)
    return render(
        request, "networks/plan/besluit.html", {"network": plan.network, "plan": plan, "form": form}
    )


def _next_soort(plan) -> str:
    return BesluitSoort.DEFINITIEF if plan.fase == "C" else BesluitSoort.VOORGENOMEN


@login_required
def plan_brief(request, slug: str, pk: int, besluit: int):
    plan = selectors.plan_get_for_user(request.user, slug, pk)
    record = plan.besluiten.filter(pk=besluit).first()
    if record is None:
        raise Http404(_("Besluit niet gevonden."))
    return _pdf(record.brief, f"aandachtspuntenbrief-{slug}-{record.datum:%Y-%m-%d}.pdf")


@login_required
@require_POST
def plan_aandachtspunt(request, slug: str, pk: int):
    plan, access = _managed(request, slug, pk)
    form = AandachtspuntForm(request.POST, network=plan.network, prefix="punt")
    return _action(
        request,
        plan,
        access,
        form,
        "punt_form",
        lambda d: services.aandachtspunt_add(plan=plan, **d),
        _("Het aandachtspunt is toegevoegd."),
    )


@login_required
@require_POST
def plan_afhandelen(request, slug: str, pk: int, punt: int):
    plan, access = _managed(request, slug, pk)
    record = plan.aandachtspunten.filter(pk=punt).first()
    if record is None:
        raise Http404(_("Aandachtspunt niet gevonden."))
    form = AfhandelenForm(request.POST, prefix="afhandelen")
    if form.is_valid():
        try:
            services.aandachtspunt_afhandelen(punt=record, op=form.cleaned_data["op"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Het aandachtspunt is afgehandeld."))
    else:
        messages.error(request, _("Geef de datum van afhandeling."))
    return redirect("networks:plan_detail", slug=slug, pk=plan.pk)


@login_required
@require_POST
def plan_middel(request, slug: str, pk: int):
    plan, access = _managed(request, slug, pk)
    form = MiddelForm(request.POST, prefix="middel")
    return _action(
        request,
        plan,
        access,
        form,
        "middel_form",
        lambda d: services.middel_record(plan=plan, user=request.user, **d),
        _("De stap van de transformatiemiddelen is vastgelegd."),
    )


MEETINGS = {
    "voorgenomen": (_("Overleg voorgenomen besluit"), "voorgenomen_besluit"),
    "definitief": (_("Overleg definitief besluit"), "definitief_besluit"),
}


@login_required
def plan_ics(request, slug: str, pk: int, besluit: str):
    """The meeting at the end of B (voorgenomen) or C (definitief), as an invitation."""
    plan = selectors.plan_get_for_user(request.user, slug, pk)
    planning, _warnings = selectors.plan_planning(plan)
    if planning is None or besluit not in MEETINGS:
        raise Http404(_("Er is nog geen planning."))
    label, attribute = MEETINGS[besluit]
    day = getattr(planning, attribute)
    zone = ZoneInfo(settings.TIME_ZONE)
    start = datetime.combine(day, time(10), tzinfo=zone)
    event = ics.Event(
        uid=f"plan-{plan.pk}-{besluit}@mgn.example",
        start=start,
        end=start + timedelta(hours=1),
        summary=f"{label}: {plan.titel}",
        description=str(_("Blokkenplanning transformatieplan (R-NW-6).")),
    )
    response = HttpResponse(
        ics.calendar(event, stamp=timezone.now()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{besluit}-besluit-{day:%Y-%m-%d}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
