"""The huisarts's request (R-VG-1/2), the list of requests and one request's page.

Every page shows a person's data, so each logs the access (R-PR-1).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from mgn.audit.constants import Event, Outcome
from mgn.audit.services import PersonRef, log_access, log_access_many
from mgn.forms import form_add_service_errors
from networks.constants import LifeDomain
from verkennend_gesprek.constants import MAX_GESPREKKEN, Expertise, Status
from verkennend_gesprek.forms.aanvraag import RequestForm
from verkennend_gesprek.models import Deelnemer
from verkennend_gesprek.selectors.aanvraag import (
    huisarts_records_for_user,
    is_participant,
    vg_for_user,
    vg_get_for_user,
)
from verkennend_gesprek.selectors.advies import definitive_advies
from verkennend_gesprek.selectors.inzage import inzage_for
from verkennend_gesprek.selectors.persoon import may_correct_persoon, refused_attempts
from verkennend_gesprek.selectors.planning import can_plan, planning_networks_for_user
from verkennend_gesprek.services.aanvraag import OpenRequestExists, gesprek_request

PAGE_SIZE = 25


@login_required
def overview(request):
    """The requests this user may see, newest first."""
    requests = (
        vg_for_user(request.user)
        .select_related("persoon", "practice")
        .order_by("-requested_at", "-pk")
    )
    status = request.GET.get("status", "")
    if status in Status.values:
        requests = requests.filter(status=status)
    else:
        status = ""
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("pagina"))
    page.object_list = list(page.object_list)
    log_access_many(request, event=Event.READ, subjects=page.object_list)
    return render(
        request,
        "verkennend_gesprek/aanvraag_list.html",
        {
            "page": page,
            "statuses": Status.choices,
            "status": status,
            "can_request": huisarts_records_for_user(request.user).exists(),
            "can_plan": planning_networks_for_user(request.user).exists(),
        },
    )


@login_required
def request_create(request):
    """A huisarts requests a verkennend gesprek (R-VG-1); the service checks R-VG-2."""
    practices = list(huisarts_records_for_user(request.user))
    if not practices:
        raise PermissionDenied(_("Alleen een huisarts kan een verkennend gesprek aanvragen."))
    form = RequestForm(request.POST or None, user=request.user, practices=practices)
    if request.method == "POST" and form.networks and form.is_valid():
        kwargs = form.service_kwargs()
        try:
            vg, created = gesprek_request(requested_by=request.user, **kwargs)
        except OpenRequestExists as exc:
            # Only that there is an open request and whom to contact (R-PR-2).
            log_access(
                request,
                event=Event.CREATE,
                subject=PersonRef("bsn", kwargs["persoon"].bsn),
                obj=exc.attempt,
                outcome=Outcome.DENIED,
                detail="aanvraag geweigerd, er staat al een aanvraag open",
            )
            form_add_service_errors(form, exc)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            if created:
                log_access(request, event=Event.CREATE, subject=vg, obj=vg)
            messages.success(
                request,
                _(
                    "De aanvraag %(ref)s voor %(name)s is verstuurd. De netwerkcoördinator "
                    "plant het gesprek en u ziet hier de voortgang."
                )
                % {"ref": vg.reference, "name": vg.persoon.full_name},
            )
            return redirect(vg)
    return render(
        request,
        "verkennend_gesprek/aanvraag_form.html",
        {"form": form, "has_network": bool(form.networks)},
    )


@login_required
def detail(request, pk: int):
    """One request: the person, the question, the conversations, advies and follow-up."""
    vg = vg_get_for_user(request.user, pk)
    gesprekken = list(
        vg.gesprekken.prefetch_related(
            Prefetch(
                "deelnemers",
                queryset=Deelnemer.objects.select_related("professional__organisation"),
            )
        )
    )
    may_plan = can_plan(request.user, vg)
    may_record = may_plan or is_participant(request.user, vg)
    advies = definitive_advies(vg)
    now = timezone.now()
    open_gesprek = next((g for g in gesprekken if not g.held), None)
    held = [g for g in gesprekken if g.held]
    inzage = inzage_for(request.user, [vg])  # R-PR-2: only the fields this viewer sees
    log_access(request, event=Event.READ, subject=vg, obj=vg, detail=inzage.log_detail(vg))
    return render(
        request,
        "verkennend_gesprek/aanvraag_detail.html",
        {
            "vg": vg,
            "persoon": inzage.persoon(vg, today=timezone.localdate(now)),
            "gesprekken": gesprekken,
            "life_domains": [
                LifeDomain(v).label for v in vg.life_domains if v in LifeDomain.values
            ],
            "expertise": [Expertise(v).label for v in vg.expertise if v in Expertise.values],
            "advies": advies,
            "may_plan": may_plan,
            "may_record": may_record,
            "may_schedule": may_plan
            and open_gesprek is None
            and len(gesprekken) < MAX_GESPREKKEN
            and vg.status in (Status.AANGEVRAAGD, Status.GEHOUDEN),
            "may_cancel": may_plan and vg.status in (Status.AANGEVRAAGD, Status.GEPLAND),
            "may_record_advies": may_record and bool(held),
            "may_correct": may_correct_persoon(request.user, vg),
            # Requests refused because this one was open: for the planners only.
            "refused": refused_attempts(vg) if may_plan else [],
            "now": now,
        },
    )
