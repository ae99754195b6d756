"""Every URL × every role × a user of another network (DESIGN.md, Permissions).

Each named route must have an entry in ROUTES — a new URL without one fails
`test_every_route_is_in_the_matrix`, so later issues extend this table. An entry
says who may open the route for network 'noord' and what everyone else gets.
"""

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import pytest

from bekostiging.constants import ExportFormat, RegelStatus
from bekostiging.models import (
    Begrotingspost,
    Declaratieregel,
    Export,
    ExportRegel,
    TegengehoudenDeclaratie,
)
from bekostiging.services.declaraties import (
    declaraties_generate,
    regel_transition,
    regels_mark_ready,
)
from casusoverleg.models import NotulenJob
from mgn.accounts.constants import NETWORKLESS_ROLES, Role
from mgn.jobs.constants import JobStatus
from tests.bekostiging.factories import matrix_afspraak
from tests.casusoverleg.factories import make_afspraak, make_reeks, register
from tests.networks.factories import OrganisationFactory
from tests.transfer.factories import make_tafel, seat
from tests.verkennend_gesprek.cast import make_vg
from tests.wachttijden.factories import WachtplekFactory
from transfer.constants import Antwoord, GuestRole, MemberKind, VoorstelStatus
from transfer.models import Transfervoorstel, VerslagJob
from transfer.selectors.werklijst import group_entries
from transfer.services.steekproef import steekproef_bestellen
from transfer.services.werklijst import uitkomst_vastleggen
from verkennend_gesprek.constants import Status
from verkennend_gesprek.models import AdviesBrief
from wachttijden.models import OntbrekendAanbod, ReportJob, WachtlijstJob

# The roles of a network's members; the programme and the reviewers are members of none
# (NETWORKLESS_ROLES): on a network's routes they fare like the outsider.
ALL_ROLES = frozenset(Role.values) - NETWORKLESS_ROLES
ANONYMOUS = "anonymous"
OUTSIDER = "outsider"
PROVIDER = "provider"  # a user acting for noord's ggz-kerninstelling (act_for_organisation)
ACTORS = [*Role.values, OUTSIDER, ANONYMOUS, PROVIDER]


@dataclass(frozen=True)
class Route:
    kwargs: callable = lambda w: {}
    allowed: frozenset = ALL_ROLES
    denied_status: int = 404  # what a logged-in user without access gets
    anonymous_status: int = 302  # pages redirect to login; the API answers 401/403
    secret: callable = None  # text from network 'noord' that an outsider must never see
    secret_for: frozenset | None = None  # who must see the secret (default: allowed)
    public: bool = False
    # Users who may see the object but not do this: they get 403 instead of 404.
    readers: frozenset = frozenset()
    method: str = "get"  # POST-only actions are posted with no data: allowed users are not refused
    redirect_only: bool = False  # holds no data: every logged-in user is sent on
    query: callable = None  # query string, e.g. the region a coordinator asks for
    # What the provider actor gets; None: the route is not about providers (not walked).
    provider_status: int | None = None


def _noord_partner(w):
    return {
        "pk": w.network.partnerships.exclude(organisation=w.network.regievoerder)
        .first()
        .organisation_id
    }


def _principe(w):
    from tests.networks.factories import LeidendPrincipeFactory

    principe = w.network.principes.first() or LeidendPrincipeFactory(network=w.network)
    return {"slug": w.network.slug, "pk": principe.pk}


def _vg(w):
    return {"pk": w.vg.pk}


def _gesprek(w):
    return {"pk": w.vg.pk, "number": 1}


PLANNER = frozenset({Role.NETWERKCOORDINATOR})
NOBODY = frozenset()


def _aanbod(w):
    return {"pk": w.wt.aanbod.pk}


def _werklijst(w):
    return {"pk": w.werklijst.pk}


def _region(w):
    return {"regio": w.wt.region.code}


def _report(w):
    return {"pk": w.report.pk}


# The world's request comes from the huisarts's practice; ggz and SD took part in it.
VG_READERS = frozenset(
    {Role.HUISARTS, Role.NETWERKCOORDINATOR, Role.GGZ_PROFESSIONAL, Role.SD_PROFESSIONAL}
)
VG_RECORDERS = frozenset({Role.NETWERKCOORDINATOR, Role.GGZ_PROFESSIONAL, Role.SD_PROFESSIONAL})

CONTRACTING_READERS = frozenset({Role.NETWERKCOORDINATOR, Role.ZORGVERZEKERAAR, Role.GEMEENTE})

TAFEL_MEMBERS = frozenset({Role.GGZ_PROFESSIONAL, Role.ZORGVERZEKERAAR})
TAFEL_READERS = PLANNER | TAFEL_MEMBERS


def _tafel(w):
    return {"pk": w.tafel.pk}


def _overleg(w):
    return {"pk": w.tafel.overleggen.order_by("starts_at").first().pk}


def _voorstel(w):
    return {"pk": w.voorstel.pk}


# Function IV: noord's series seats the huisarts (for the RHO), the ggz professional and the
# SD professional (for the gemeente, the chair); the coordinators manage it without reading
# a case; everyone else 404.
CO_CHAIR = frozenset({Role.SD_PROFESSIONAL})
CO_MEMBERS = frozenset({Role.HUISARTS, Role.GGZ_PROFESSIONAL}) | CO_CHAIR
CO_READERS = PLANNER | CO_MEMBERS
CO_CASE_TEXT = "Matrixcasus: vastgelopen schuldhulp en somberheid"
# Signals: the coordinators, the series' members and who acts for a policy partner (role B).
SIGNAL_READERS = PLANNER | CO_MEMBERS | frozenset({Role.ZORGVERZEKERAAR, Role.GEMEENTE})


# The indicator board: noord's coordinators and the users acting for its monitoring (M) or
# policy (B) partners; the programme view: the programme role and the beheerder.
BOARD_READERS = PLANNER | frozenset({Role.ZORGVERZEKERAAR, Role.GEMEENTE})
PROGRAMME = frozenset({Role.PROGRAMMA, Role.BEHEERDER})


def _slug(w):
    return {"slug": w.network.slug}


def _doel(w):
    return {"slug": w.network.slug, "pk": w.doel.pk}


def _reeks(w):
    return {"pk": w.reeks.pk}


def _co_overleg(w):
    return {"pk": w.casus.overleg_id}


def _reeks_lid(w):
    return {"pk": w.reeks.pk, "lid": w.reeks.leden.get(user=w.cast[Role.GGZ_PROFESSIONAL]).pk}


def _casus(w):
    return {"pk": w.casus.pk}


# R-NW-6: noord's plan is read by every member of noord and by its assigned reviewer (the
# cast's beoordelaar, a member of no network); only the coordinators manage it, the
# coordinators and the beheerder assign reviewers, only the reviewer records a besluit.
PLAN_READERS = ALL_ROLES | {Role.BEOORDELAAR}
PLAN_OTHERS = PLAN_READERS - PLANNER


def _plan(w):
    return {"slug": w.network.slug, "pk": w.plan.pk}


def _plan_manage(method="post", **extra):
    return Route(
        kwargs=lambda w: {**_plan(w), **{k: f(w) for k, f in extra.items()}},
        allowed=PLANNER,
        readers=PLAN_OTHERS,
        method=method,
    )


PLAN_ROUTES = {
    "networks:mijn_beoordelingen": Route(
        allowed=PLAN_READERS,
        secret=lambda w: w.plan.titel,
        secret_for=frozenset({Role.BEOORDELAAR}),
    ),
    "networks:plan_index": Route(kwargs=lambda w: {"slug": w.network.slug}, allowed=PLAN_READERS),
    "networks:plan_detail": Route(kwargs=_plan, allowed=PLAN_READERS),
    "networks:plan_versie": _plan_manage(),
    "networks:plan_instemming": _plan_manage(versie=lambda w: w.plan_versie.pk),
    "networks:plan_delen": _plan_manage(versie=lambda w: w.plan_versie.pk),
    "networks:plan_versie_document": Route(
        kwargs=lambda w: {**_plan(w), "versie": w.plan_versie.pk}, allowed=PLAN_READERS
    ),
    "networks:plan_indienen": _plan_manage(),
    "networks:plan_beoordelaar": Route(
        kwargs=_plan,
        allowed=PLANNER | {Role.BEHEERDER},
        readers=PLAN_OTHERS - {Role.BEHEERDER},
        method="post",
    ),
    "networks:plan_besluit": Route(
        kwargs=_plan, allowed=frozenset({Role.BEOORDELAAR}), readers=ALL_ROLES
    ),
    "networks:plan_brief": Route(
        kwargs=lambda w: {**_plan(w), "besluit": w.plan_besluit.pk}, allowed=PLAN_READERS
    ),
    "networks:plan_aandachtspunt": _plan_manage(),
    "networks:plan_afhandelen": _plan_manage(punt=lambda w: w.plan_punt.pk),
    "networks:plan_middel": _plan_manage(),
    "networks:plan_ics": Route(
        kwargs=lambda w: {**_plan(w), "besluit": "voorgenomen"}, allowed=PLAN_READERS
    ),
}

ROUTES = {
    **PLAN_ROUTES,
    "home": Route(redirect_only=True),
    "networks:network_list": Route(secret=lambda w: w.network.name),
    "networks:network_detail": Route(kwargs=lambda w: {"slug": w.network.slug}),
    "networks:organisation_list": Route(secret=lambda w: "Verzekeraar Noord"),
    "networks:organisation_detail": Route(kwargs=_noord_partner),
    # R-NW-5: everyone in noord reads the principes; coordinators change them (others 403).
    "networks:principes": Route(kwargs=lambda w: {"slug": w.network.slug}),
    "networks:principe_edit": Route(kwargs=_principe, allowed=PLANNER, readers=ALL_ROLES - PLANNER),
    "networks:principe_delete": Route(
        kwargs=_principe, allowed=PLANNER, readers=ALL_ROLES - PLANNER, method="post"
    ),
    "networks:principe_move": Route(
        kwargs=_principe, allowed=PLANNER, readers=ALL_ROLES - PLANNER, method="post"
    ),
    "audit:person_log": Route(allowed=frozenset({Role.BEHEERDER}), denied_status=403),
    "network-list": Route(anonymous_status=401, secret=lambda w: w.network.slug),
    "network-detail": Route(kwargs=lambda w: {"slug": w.network.slug}, anonymous_status=401),
    "organisation-list": Route(anonymous_status=401, secret=lambda w: "Verzekeraar Noord"),
    "organisation-detail": Route(kwargs=_noord_partner, anonymous_status=401),
    # Function I: verkennend gesprek. Readers who lack the right for an action get 403;
    # everyone else gets 404 (existence is not revealed).
    "verkennend_gesprek:list": Route(
        secret=lambda w: w.vg.persoon.family_name, secret_for=VG_READERS
    ),
    "verkennend_gesprek:request": Route(allowed=frozenset({Role.HUISARTS}), denied_status=403),
    "verkennend_gesprek:detail": Route(kwargs=_vg, allowed=VG_READERS),
    # R-PR-2: the requesting practice and the planners correct the person's details.
    "verkennend_gesprek:persoon": Route(
        kwargs=_vg,
        allowed=frozenset({Role.HUISARTS, Role.NETWERKCOORDINATOR}),
        readers=VG_READERS,
    ),
    # The outsider coordinates network zuid: they get their own lists, never noord's.
    "verkennend_gesprek:planning": Route(
        allowed=PLANNER, denied_status=403, secret=lambda w: w.network.name
    ),
    "verkennend_gesprek:vervolg_list": Route(
        allowed=PLANNER, denied_status=403, secret=lambda w: w.vg.persoon.family_name
    ),
    "verkennend_gesprek:schedule": Route(kwargs=_vg, allowed=PLANNER, readers=VG_READERS),
    "verkennend_gesprek:record_afterwards": Route(kwargs=_vg, allowed=PLANNER, readers=VG_READERS),
    "verkennend_gesprek:reschedule": Route(kwargs=_gesprek, allowed=PLANNER, readers=VG_READERS),
    "verkennend_gesprek:cancel": Route(kwargs=_vg, allowed=PLANNER, readers=VG_READERS),
    "verkennend_gesprek:attendance": Route(
        kwargs=_gesprek, allowed=VG_RECORDERS, readers=VG_READERS
    ),
    "verkennend_gesprek:vervolg": Route(kwargs=_vg, allowed=VG_RECORDERS, readers=VG_READERS),
    "verkennend_gesprek:advies": Route(kwargs=_vg, allowed=VG_RECORDERS, readers=VG_READERS),
    "verkennend_gesprek:advies_finalise": Route(
        kwargs=_vg, allowed=VG_RECORDERS, readers=VG_READERS, method="post"
    ),
    "verkennend_gesprek:advies_correct": Route(
        kwargs=_vg, allowed=VG_RECORDERS, readers=VG_READERS, method="post"
    ),
    "verkennend_gesprek:brief": Route(kwargs=_vg, allowed=VG_READERS),
    # The letter prints the BSN (R-PR-2): the SD professional reads the request, not the PDF.
    "verkennend_gesprek:brief_download": Route(
        kwargs=_vg,
        allowed=VG_READERS - {Role.SD_PROFESSIONAL},
        readers=frozenset({Role.SD_PROFESSIONAL}),
    ),
    "verkennend_gesprek:brief_restart": Route(
        kwargs=_vg, allowed=VG_RECORDERS, readers=VG_READERS, method="post"
    ),
    "verkennend_gesprek:indicatoren": Route(kwargs=lambda w: {"slug": w.network.slug}),
    "verkennend-gesprek-list": Route(
        anonymous_status=401, secret=lambda w: w.vg.reference, secret_for=VG_READERS
    ),
    "verkennend-gesprek-detail": Route(kwargs=_vg, allowed=VG_READERS, anonymous_status=401),
    # Function III: wachttijden en aanbod. Providers act for their organisation; the
    # dashboard and its reports are for coordinators of the region (others 403, a
    # coordinator of another region 404).
    "wachttijden:sociale_kaart": Route(secret=lambda w: w.wt.aanbod.name, provider_status=200),
    "wachttijden:aanbod_detail": Route(kwargs=_aanbod, provider_status=200),
    "wachttijden:aanbod_create": Route(allowed=NOBODY, denied_status=403, provider_status=200),
    "wachttijden:aanbod_edit": Route(
        kwargs=_aanbod, allowed=NOBODY, denied_status=403, provider_status=200
    ),
    "wachttijden:missing": Route(
        allowed=PLANNER, denied_status=403, secret=lambda w: w.missing.description
    ),
    "wachttijden:provider": Route(allowed=NOBODY, denied_status=403, provider_status=200),
    "wachttijden:levering_wachtlijst": Route(
        kwargs=_aanbod, allowed=NOBODY, denied_status=403, provider_status=200
    ),
    "wachttijden:slots": Route(
        kwargs=_aanbod, allowed=NOBODY, denied_status=403, provider_status=200
    ),
    "wachttijden:opgave_import": Route(allowed=NOBODY, denied_status=403, provider_status=200),
    "wachttijden:dashboard": Route(allowed=PLANNER, denied_status=403, query=_region),
    "wachttijden:dashboard_csv": Route(allowed=PLANNER, denied_status=403, query=_region),
    # R-TR-5: the transfer table's teamlid (ggz) and guest (insurer) read it too.
    "wachttijden:centrale_wachtlijst": Route(
        allowed=PLANNER | frozenset({Role.GGZ_PROFESSIONAL, Role.ZORGVERZEKERAAR}),
        denied_status=403,
        query=_region,
    ),
    "wachttijden:rapport_create": Route(
        allowed=PLANNER, denied_status=403, query=_region, method="post"
    ),
    "wachttijden:overzicht_run": Route(
        allowed=PLANNER, denied_status=403, query=_region, method="post"
    ),
    "wachttijden:rapport": Route(kwargs=_report, allowed=PLANNER, denied_status=403),
    "wachttijden:rapport_download": Route(kwargs=_report, allowed=PLANNER, denied_status=403),
    "wachttijden:levering_job": Route(
        kwargs=lambda w: {"pk": w.wt.aanbod.pk, "job": w.wachtlijst_job.pk},
        allowed=NOBODY,
        denied_status=403,
        provider_status=200,
    ),
    "aanbod-wachtlijst-verwerking": Route(
        kwargs=lambda w: {"pk": w.wt.aanbod.pk, "job": w.wachtlijst_job.pk},
        allowed=NOBODY,
        denied_status=404,
        anonymous_status=401,
        provider_status=200,
    ),
    "wachttijden-vestigingen": Route(
        allowed=PLANNER, denied_status=403, anonymous_status=401, query=_region
    ),
    "aanbod-list": Route(anonymous_status=401, secret=lambda w: w.wt.aanbod.name),
    "aanbod-detail": Route(kwargs=_aanbod, anonymous_status=401),
    "aanbod-wachtlijst": Route(
        kwargs=_aanbod,
        allowed=NOBODY,
        denied_status=404,
        anonymous_status=401,
        method="post",
        provider_status=400,
    ),
    "aanbod-intakeplekken": Route(
        kwargs=_aanbod,
        allowed=NOBODY,
        denied_status=404,
        anonymous_status=401,
        method="put",
        provider_status=400,
    ),
    # Bekostiging. Insurers act for their insurer (the cast's zorgverzekeraar for Verzekeraar
    # Noord); the provider actor declares for the kerninstelling; coordinators see all.
    # --- bekostiging: declaraties, contracten (views/declaraties.py) ---
    # Coordinators manage every line of noord; the provider actor manages the lines it
    # declares; the insurer reads its own lines and gets 403 on the actions. Who deals with
    # no declarations at all gets 403 on the lists; contracts are the coordinators'.
    "bekostiging:regels": Route(
        allowed=frozenset({Role.NETWERKCOORDINATOR, Role.ZORGVERZEKERAAR}),
        denied_status=403,
        secret=lambda w: w.regel.reference,
        provider_status=200,
    ),
    "bekostiging:regel_detail": Route(
        kwargs=lambda w: {"pk": w.regel.pk},
        allowed=frozenset({Role.NETWERKCOORDINATOR, Role.ZORGVERZEKERAAR}),
        provider_status=200,
    ),
    "bekostiging:regels_klaar": Route(
        kwargs=lambda w: {"slug": w.network.slug},
        allowed=PLANNER,
        denied_status=403,
        method="post",
        provider_status=302,
    ),
    "bekostiging:regel_correct": Route(
        kwargs=lambda w: {"pk": w.regel.pk},
        allowed=PLANNER,
        readers=frozenset({Role.ZORGVERZEKERAAR}),
        method="post",
        provider_status=302,
    ),
    "bekostiging:genereren": Route(
        kwargs=lambda w: {"slug": w.network.slug},
        allowed=PLANNER,
        denied_status=403,
        method="post",
    ),
    "bekostiging:tegengehouden": Route(
        allowed=PLANNER,
        denied_status=403,
        secret=lambda w: w.tegengehouden.gesprek.verkennend_gesprek.reference,
        provider_status=200,
    ),
    "bekostiging:verzekering_add": Route(
        kwargs=lambda w: {"pk": w.tegengehouden.pk}, allowed=PLANNER, provider_status=200
    ),
    "bekostiging:contracten": Route(
        kwargs=lambda w: {"slug": w.network.slug},
        allowed=PLANNER,
        denied_status=403,
        provider_status=403,
    ),
    "bekostiging:contract_create": Route(
        kwargs=lambda w: {"slug": w.network.slug},
        allowed=PLANNER,
        denied_status=403,
        provider_status=403,
    ),
    "bekostiging:verdeelsleutel": Route(
        kwargs=lambda w: {"slug": w.network.slug},
        allowed=PLANNER,
        denied_status=403,
        provider_status=403,
    ),
    "bekostiging:kassiers": Route(
        kwargs=lambda w: {"slug": w.network.slug},
        allowed=PLANNER,
        denied_status=403,
        provider_status=403,
    ),
    # --- bekostiging: insurer exports (views/exports.py) ---
    # Only users acting for an insurer have these pages (others 403); an export is its
    # insurer's: anyone else gets 404 (another UZOVI or network: tests/bekostiging/test_exports.py).
    "bekostiging:insurer": Route(
        allowed=frozenset({Role.ZORGVERZEKERAAR}), denied_status=403, provider_status=403
    ),
    "bekostiging:export_create": Route(
        allowed=frozenset({Role.ZORGVERZEKERAAR}), denied_status=403, method="post"
    ),
    "bekostiging:export_detail": Route(
        kwargs=lambda w: {"pk": w.export.pk},
        allowed=frozenset({Role.ZORGVERZEKERAAR}),
        provider_status=404,
    ),
    "bekostiging:export_download": Route(
        kwargs=lambda w: {"pk": w.export.pk},
        allowed=frozenset({Role.ZORGVERZEKERAAR}),
        provider_status=404,
    ),
    "bekostiging:export_mark": Route(
        kwargs=lambda w: {"pk": w.export.pk},
        allowed=frozenset({Role.ZORGVERZEKERAAR}),
        method="post",
    ),
    "bekostiging:retour_upload": Route(
        allowed=frozenset({Role.ZORGVERZEKERAAR}), denied_status=403, provider_status=403
    ),
    # --- bekostiging: gemeenten, begroting (views/funding.py, views/budget.py) ---
    # Coordinators and the cast's gemeente user (acting for Gemeente Noord, whose gemeente is
    # the cast's Noorddorp) see noord's gemeente funding; coordinators make the agreements
    # (the gemeente user sees its own: 403) and alone see the budget.
    "bekostiging:gemeenten": Route(
        allowed=frozenset({Role.NETWERKCOORDINATOR, Role.GEMEENTE}),
        denied_status=403,
        secret=lambda w: w.bk.vg_cast.gemeente.name,
    ),
    "bekostiging:afspraak_create": Route(
        kwargs=lambda w: {"slug": w.network.slug}, allowed=PLANNER, denied_status=403
    ),
    "bekostiging:afspraak_edit": Route(
        kwargs=matrix_afspraak, allowed=PLANNER, readers=frozenset({Role.GEMEENTE})
    ),
    # R-BK-3: the gemeente decides on its over-run; the coordinator sees it (403).
    "bekostiging:overschrijding_besluit": Route(
        kwargs=matrix_afspraak,
        allowed=frozenset({Role.GEMEENTE}),
        readers=PLANNER,
        method="post",
    ),
    "bekostiging:begroting_index": Route(
        allowed=PLANNER, denied_status=403, secret=lambda w: w.network.name
    ),
    "bekostiging:begroting": Route(
        kwargs=lambda w: {"slug": w.network.slug}, allowed=PLANNER, denied_status=403
    ),
    "bekostiging:begrotingspost_create": Route(
        kwargs=lambda w: {"slug": w.network.slug}, allowed=PLANNER, denied_status=403
    ),
    # Everyone else in noord sees the network but may not edit its budget (403).
    "bekostiging:begrotingspost_edit": Route(
        kwargs=lambda w: {"pk": w.begrotingspost.pk},
        allowed=PLANNER,
        readers=ALL_ROLES - PLANNER,
    ),
    # --- bekostiging: contracting documents (views/contractering.py, R-NW-7) ---
    # Readers: coordinators and users acting for a confirming partner (inner ring, B or U:
    # the insurer, the gemeente and the provider actor) or an insurer partner; everyone
    # else in noord sees the network and gets 403. Coordinators upload and freeze; a
    # partner's user confirms for its organisation (a coordinator acting for none: 403).
    "bekostiging:contractering_index": Route(
        allowed=CONTRACTING_READERS,
        denied_status=403,
        secret=lambda w: w.network.name,
        provider_status=200,
    ),
    "bekostiging:contractering": Route(
        kwargs=lambda w: {"slug": w.network.slug},
        allowed=CONTRACTING_READERS,
        denied_status=403,
        provider_status=200,
    ),
    "bekostiging:contractering_partijen_csv": Route(
        kwargs=lambda w: {"slug": w.network.slug},
        allowed=CONTRACTING_READERS,
        denied_status=403,
        provider_status=200,
    ),
    "bekostiging:contractering_begroting_csv": Route(
        kwargs=lambda w: {"slug": w.network.slug},
        allowed=CONTRACTING_READERS,
        denied_status=403,
        provider_status=200,
    ),
    "bekostiging:contractering_download": Route(
        kwargs=lambda w: {"pk": w.contract_versie.pk},
        allowed=CONTRACTING_READERS,
        denied_status=403,
        provider_status=200,
    ),
    "bekostiging:contractering_upload": Route(
        kwargs=lambda w: {"slug": w.network.slug},
        allowed=PLANNER,
        readers=CONTRACTING_READERS - PLANNER,
        denied_status=403,
        method="post",
    ),
    "bekostiging:contractering_freeze": Route(
        kwargs=lambda w: {"slug": w.network.slug},
        allowed=PLANNER,
        readers=CONTRACTING_READERS - PLANNER,
        denied_status=403,
        method="post",
    ),
    "bekostiging:contractering_confirm": Route(
        kwargs=lambda w: {"pk": w.contract_versie.pk},
        allowed=CONTRACTING_READERS - PLANNER,
        readers=PLANNER,
        denied_status=403,
        method="post",
        provider_status=302,
    ),
    # --- bekostiging: API (api.py) ---
    # Only users acting for an insurer use the declaration API (others 403, anonymous 401);
    # a line of another insurer or network is 404 (tests/bekostiging/test_api.py).
    "declaratie-list": Route(
        allowed=frozenset({Role.ZORGVERZEKERAAR}),
        denied_status=403,
        anonymous_status=401,
        provider_status=403,
    ),
    "declaratie-verdict": Route(
        kwargs=lambda w: {"reference": w.regel.reference},
        allowed=frozenset({Role.ZORGVERZEKERAAR}),
        denied_status=403,
        anonymous_status=401,
        method="post",
    ),
    "declaratie-retour": Route(
        allowed=frozenset({Role.ZORGVERZEKERAAR}),
        denied_status=403,
        anonymous_status=401,
        method="post",
    ),
    # --- transfer: the transfer table (R-TR-5, R-TR-4) ---
    # Noord's table seats the ggz professional as teamlid and the insurer as gast; the
    # coordinators and the provider actor (acting for the regievoerder) manage it; members
    # read it (403 on managing); everyone else 404.
    "transfer:tafel_list": Route(
        secret=lambda w: w.tafel.name, secret_for=TAFEL_READERS, provider_status=200
    ),
    "transfer:tafel_create": Route(
        kwargs=lambda w: {"slug": w.network.slug}, allowed=PLANNER, provider_status=404
    ),
    "transfer:tafel_detail": Route(kwargs=_tafel, allowed=TAFEL_READERS, provider_status=200),
    "transfer:tafel_edit": Route(
        kwargs=_tafel, allowed=PLANNER, readers=TAFEL_MEMBERS, provider_status=200
    ),
    "transfer:lid_add": Route(
        kwargs=_tafel, allowed=PLANNER, readers=TAFEL_MEMBERS, provider_status=200
    ),
    "transfer:lid_remove": Route(
        kwargs=lambda w: {"pk": w.tafel.pk, "lid": w.tafel_lid.pk},
        allowed=PLANNER,
        readers=TAFEL_MEMBERS,
        method="post",
        provider_status=302,
    ),
    "transfer:overleg_detail": Route(kwargs=_overleg, allowed=TAFEL_READERS, provider_status=200),
    "transfer:overleg_edit": Route(
        kwargs=_overleg, allowed=PLANNER, readers=TAFEL_MEMBERS, provider_status=200
    ),
    # R-TR-6: the table (readers as above) sees a steekproef's counts; only users acting
    # for the sampled provider open its entries (everyone else 404).
    "transfer:steekproef_list": Route(kwargs=_tafel, allowed=TAFEL_READERS, provider_status=200),
    "transfer:mijn_steekproeven": Route(allowed=NOBODY, denied_status=403, provider_status=200),
    "transfer:steekproef_controleren": Route(
        kwargs=lambda w: {"pk": w.steekproef.pk}, allowed=NOBODY, provider_status=200
    ),
    # The meeting's picture and proposals (R-TR-1, R-TR-7): read like the meeting; made,
    # added and decided by the managers; the number adjusted by them and the teamlid.
    "transfer:vraagbeeld": Route(kwargs=_overleg, allowed=TAFEL_READERS, provider_status=200),
    "transfer:voorstel_list": Route(kwargs=_overleg, allowed=TAFEL_READERS, provider_status=200),
    "transfer:voorstellen_maken": Route(
        kwargs=_overleg, allowed=PLANNER, readers=TAFEL_MEMBERS, method="post", provider_status=302
    ),
    "transfer:voorstel_create": Route(
        kwargs=_overleg, allowed=PLANNER, readers=TAFEL_MEMBERS, provider_status=200
    ),
    "transfer:voorstel_aantal": Route(
        kwargs=_voorstel,
        allowed=PLANNER | {Role.GGZ_PROFESSIONAL},
        readers=frozenset({Role.ZORGVERZEKERAAR}),
        method="post",
        provider_status=302,
    ),
    "transfer:voorstel_besluit": Route(
        kwargs=_voorstel, allowed=PLANNER, readers=TAFEL_MEMBERS, method="post", provider_status=302
    ),
    # R-TR-3, R-TR-2: the holding provider's worklist of an accepted proposal, its answers
    # and handovers: only users acting for that provider (everyone else 404; the list of
    # worklists is 403 for a user who acts for no provider).
    "transfer:mijn_werklijsten": Route(allowed=NOBODY, denied_status=403, provider_status=200),
    "transfer:werklijst": Route(kwargs=_werklijst, allowed=NOBODY, provider_status=200),
    "transfer:werklijst_zoeken": Route(
        kwargs=_werklijst, allowed=NOBODY, method="post", provider_status=400
    ),
    "transfer:antwoord_vastleggen": Route(
        kwargs=lambda w: {"pk": w.werklijst.pk, "plek": w.werklijst_plek.pk},
        allowed=NOBODY,
        method="post",
        provider_status=400,
    ),
    "transfer:overdracht": Route(
        kwargs=lambda w: {"pk": w.uitkomst.pk}, allowed=NOBODY, provider_status=200
    ),
    # The effect (R-TR-7), its CSV and a meeting's report (PDF): read like the table and the
    # meeting, guests included; everyone else 404.
    "transfer:effect": Route(kwargs=_tafel, allowed=TAFEL_READERS, provider_status=200),
    "transfer:effect_csv": Route(kwargs=_tafel, allowed=TAFEL_READERS, provider_status=200),
    "transfer:verslag": Route(kwargs=_overleg, allowed=TAFEL_READERS, provider_status=200),
    "transfer:verslag_download": Route(kwargs=_overleg, allowed=TAFEL_READERS, provider_status=200),
    # The transfer API (transfer/api/): the meeting's picture and proposals read like the
    # pages; the worklists, answers and handovers only by users acting for the holding
    # provider (everyone else 404, the table's guest included; tests/transfer/test_api.py).
    "transfer-overleg-list": Route(
        anonymous_status=401,
        secret=lambda w: w.tafel.name,
        secret_for=TAFEL_READERS,
        provider_status=200,
    ),
    "transfer-vraagbeeld": Route(
        kwargs=_overleg, allowed=TAFEL_READERS, anonymous_status=401, provider_status=200
    ),
    "transfer-voorstel-list": Route(
        kwargs=_overleg, allowed=TAFEL_READERS, anonymous_status=401, provider_status=200
    ),
    "transfer-werklijst-list": Route(
        anonymous_status=401,
        secret=lambda w: w.tafel.name,
        secret_for=frozenset({PROVIDER}),  # no role: only the provider actor sees it
        provider_status=200,
    ),
    "transfer-werklijst-detail": Route(
        kwargs=lambda w: {"pk": w.werklijst.pk},
        allowed=NOBODY,
        anonymous_status=401,
        provider_status=200,
    ),
    "transfer-uitkomst-create": Route(
        kwargs=lambda w: {"pk": w.werklijst.pk},
        allowed=NOBODY,
        anonymous_status=401,
        method="post",
        provider_status=400,
    ),
    "transfer-overdracht": Route(
        kwargs=lambda w: {"pk": w.uitkomst.pk},
        allowed=NOBODY,
        anonymous_status=401,
        method="post",
        provider_status=200,
    ),
    # The casusoverleg API (casusoverleg/api/): read like the pages, a case's texts for the
    # series' members only; registering and signals for members, outcomes and closing for
    # the chair (others who see the case 403, everyone else 404; tests/casusoverleg/test_api.py).
    "casusoverleg-reeks-list": Route(
        anonymous_status=401, secret=lambda w: w.reeks.name, secret_for=CO_READERS
    ),
    "casusoverleg-overleg-list": Route(kwargs=_reeks, allowed=CO_READERS, anonymous_status=401),
    "casusoverleg-overleg-detail": Route(
        kwargs=_co_overleg, allowed=CO_READERS, anonymous_status=401
    ),
    "casusoverleg-casus-create": Route(
        kwargs=_reeks, allowed=CO_MEMBERS, readers=PLANNER, anonymous_status=401, method="post"
    ),
    "casusoverleg-casus-list": Route(
        anonymous_status=401, secret=lambda w: w.casus.code, secret_for=CO_MEMBERS
    ),
    "casusoverleg-casus-detail": Route(kwargs=_casus, allowed=CO_MEMBERS, anonymous_status=401),
    "casusoverleg-uitkomst-create": Route(
        kwargs=_casus,
        allowed=CO_CHAIR,
        readers=CO_MEMBERS - CO_CHAIR,
        anonymous_status=401,
        method="post",
    ),
    "casusoverleg-casus-sluiten": Route(
        kwargs=_casus,
        allowed=CO_CHAIR,
        readers=CO_MEMBERS - CO_CHAIR,
        anonymous_status=401,
        method="post",
    ),
    "casusoverleg-signaal-create": Route(
        kwargs=_casus, allowed=CO_MEMBERS, anonymous_status=401, method="post"
    ),
    "casusoverleg-signaal-list": Route(
        anonymous_status=401,
        secret=lambda w: w.signaal.description,
        secret_for=SIGNAL_READERS,
        provider_status=200,
    ),
    # --- casusoverleg: bottleneck signals (R-DOC-5, R-PR-2) ---
    # Noord's series seats the huisarts, the ggz and the SD professional; the signals page is
    # theirs, the coordinators' and the policy partners' (the insurer and the gemeente act for
    # a role-B partner, so does the provider actor); others have no such network (403).
    # Only members raise a signal from a case (everyone else 404); only coordinators link one
    # to the sociale kaart (other readers 403).
    "casusoverleg:signaal_new": Route(kwargs=_casus, allowed=CO_MEMBERS, provider_status=404),
    "casusoverleg:signalen": Route(
        allowed=SIGNAL_READERS,
        denied_status=403,
        provider_status=200,
    ),
    "casusoverleg:signalen_csv": Route(
        allowed=SIGNAL_READERS, denied_status=403, provider_status=200
    ),
    "casusoverleg:signaal_link": Route(
        kwargs=lambda w: {"pk": w.signaal.pk},
        allowed=PLANNER,
        readers=SIGNAL_READERS - PLANNER,
        method="post",
    ),
    # --- casusoverleg: function IV (R-DOC-1 … R-DOC-4); case texts for members only ---
    "casusoverleg:index": Route(secret=lambda w: w.reeks.name, secret_for=CO_READERS),
    "casusoverleg:afspraak": Route(kwargs=lambda w: {"slug": w.network.slug}, allowed=PLANNER),
    "casusoverleg:afspraak_document": Route(
        kwargs=lambda w: {"pk": w.co_afspraak.pk}, allowed=CO_READERS
    ),
    "casusoverleg:reeks_create": Route(kwargs=lambda w: {"slug": w.network.slug}, allowed=PLANNER),
    "casusoverleg:reeks_detail": Route(kwargs=_reeks, allowed=CO_READERS),
    "casusoverleg:reeks_edit": Route(kwargs=_reeks, allowed=PLANNER, readers=CO_MEMBERS),
    "casusoverleg:lid_add": Route(kwargs=_reeks, allowed=PLANNER, readers=CO_MEMBERS),
    "casusoverleg:lid_remove": Route(
        kwargs=_reeks_lid, allowed=PLANNER, readers=CO_MEMBERS, method="post"
    ),
    "casusoverleg:voorzitter_set": Route(
        kwargs=_reeks_lid, allowed=PLANNER, readers=CO_MEMBERS, method="post"
    ),
    "casusoverleg:casus_register": Route(kwargs=_reeks, allowed=CO_MEMBERS, readers=PLANNER),
    # A coordinator reads the meeting with counts, never the case text
    # (tests/casusoverleg/test_pages.py).
    "casusoverleg:overleg_detail": Route(kwargs=_co_overleg, allowed=CO_READERS),
    "casusoverleg:overleg_record": Route(
        kwargs=_co_overleg, allowed=CO_CHAIR, readers=CO_READERS - CO_CHAIR
    ),
    "casusoverleg:overleg_cancel": Route(
        kwargs=_co_overleg,
        allowed=CO_CHAIR | PLANNER,
        readers=CO_MEMBERS - CO_CHAIR,
        method="post",
    ),
    "casusoverleg:overleg_ics": Route(kwargs=_co_overleg, allowed=CO_READERS),
    # The coordinator outside the series does not see the case: 404.
    "casusoverleg:uitkomst": Route(
        kwargs=lambda w: {"pk": w.casus.overleg_id, "casus": w.casus.pk},
        allowed=CO_CHAIR,
        readers=CO_MEMBERS - CO_CHAIR,
        method="post",
    ),
    "casusoverleg:casus_detail": Route(kwargs=_casus, allowed=CO_MEMBERS),
    "casusoverleg:casus_close": Route(
        kwargs=_casus, allowed=CO_CHAIR, readers=CO_MEMBERS - CO_CHAIR, method="post"
    ),
    "casusoverleg:casus_reopen": Route(
        kwargs=_casus, allowed=CO_CHAIR, readers=CO_MEMBERS - CO_CHAIR, method="post"
    ),
    # R-DOC-4: the minutes hold case texts: the series' members only, the coordinator 404.
    "casusoverleg:notulen": Route(kwargs=_co_overleg, allowed=CO_MEMBERS),
    "casusoverleg:notulen_download": Route(
        kwargs=lambda w: {"pk": w.casus.overleg_id, "job_pk": w.notulen.pk}, allowed=CO_MEMBERS
    ),
    # --- networks: the indicator board (issue 15, part 4) and the programme view (part 5) ---
    # The board: noord's coordinators and who acts for a partner with role B or M (the
    # insurer and the gemeente act for monitoring partners, so does the provider actor for
    # the regievoerder); everyone else 404. Targets: the coordinators (other readers 403).
    "networks:bord_index": Route(
        allowed=BOARD_READERS,
        denied_status=403,
        secret=lambda w: w.network.name,
        provider_status=200,
    ),
    "networks:bord": Route(kwargs=_slug, allowed=BOARD_READERS, provider_status=200),
    "networks:bord_csv": Route(kwargs=_slug, allowed=BOARD_READERS, provider_status=200),
    "networks:bord_pdf": Route(kwargs=_slug, allowed=BOARD_READERS, provider_status=200),
    "networks:bord_pdf_download": Route(
        kwargs=lambda w: {"slug": w.network.slug, "pk": w.bordrapport.pk},
        allowed=BOARD_READERS,
        provider_status=200,
    ),
    "networks:doelen": Route(
        kwargs=_slug, allowed=PLANNER, readers=BOARD_READERS - PLANNER, provider_status=403
    ),
    "networks:doel_edit": Route(
        kwargs=_doel, allowed=PLANNER, readers=BOARD_READERS - PLANNER, provider_status=403
    ),
    "networks:doel_delete": Route(
        kwargs=_doel, allowed=PLANNER, readers=BOARD_READERS - PLANNER, method="post"
    ),
    "netwerk-indicatoren": Route(
        kwargs=_slug, allowed=BOARD_READERS, anonymous_status=401, provider_status=200
    ),
    # The programme role and the platform's beheerder; everyone else 403.
    "networks:programma": Route(allowed=PROGRAMME, denied_status=403),
    "networks:programma_csv": Route(allowed=PROGRAMME, denied_status=403),
    "programma-indicatoren": Route(allowed=PROGRAMME, denied_status=403, anonymous_status=401),
    "api-schema": Route(public=True),
    "api-docs": Route(public=True),
    "api-redoc": Route(public=True),
    "healthz": Route(public=True),
}
# Login, logout and password reset are public by nature; the admin has its own staff gate,
# tested in test_admin_is_only_for_staff.
PUBLIC_PREFIXES = ("accounts:", "admin:")


def _route_names(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _route_names(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{prefix}{p.name}"


def test_every_route_is_in_the_matrix():
    names = {
        n for n in _route_names(get_resolver().url_patterns) if not n.startswith(PUBLIC_PREFIXES)
    }
    names -= {n for n in names if n.endswith("-format-suffix")}
    missing = names - set(ROUTES)
    assert not missing, f"Add these routes to ROUTES in {__file__}: {sorted(missing)}"


@dataclass
class World:
    network: object
    other_network: object
    cast: dict = field(default_factory=dict)
    vg: object = None
    wt: object = None
    missing: object = None
    report: object = None
    wachtlijst_job: object = None  # a processed large waiting list of wt.aanbod
    bk: object = None  # tests.bekostiging.cast.BkCast
    regel: object = None  # noord's VG line to Verzekeraar Noord, exported
    export: object = None  # Verzekeraar Noord's CSV export holding `regel`
    tegengehouden: object = None  # a held-back conversation (no contract)
    begrotingspost: object = None  # noord's budget line for Verzekeraar Noord
    tafel: object = None  # noord's transfer table (transfer)
    tafel_lid: object = None  # the ggz professional's seat at it
    steekproef: object = None  # a steekproef of the provider's list, ordered by the table
    voorstel: object = None  # a proposal on its first meeting
    werklijst: object = None  # an accepted proposal from the provider's offer
    werklijst_plek: object = None  # an entry of the provider in its group
    uitkomst: object = None  # that entry's recorded acceptance
    co_afspraak: object = None  # noord's AVG agreement for the casusoverleg (function IV)
    reeks: object = None  # noord's casusoverleg series (CO_MEMBERS)
    casus: object = None  # a case on the agenda of its first meeting
    signaal: object = None  # a missing-offer signal raised from it
    notulen: object = None  # the minutes (PDF) of that meeting
    plan: object = None  # noord's transformation plan in phase C, reviewed by the beoordelaar
    plan_versie: object = None  # its shared version 1.0
    plan_besluit: object = None  # the positive voorgenomen besluit with its brief
    plan_punt: object = None  # the brief's open aandachtspunt
    contract_versie: object = None  # noord's samenwerkingsovereenkomst, version 1 (R-NW-7)
    doel: object = None  # a target of noord's indicator board
    bordrapport: object = None  # noord's board of a quarter as a PDF


@pytest.fixture
def world(network, other_network, cast, vg_cast, wt_cast, bk_cast):
    """Network 'noord' with one request whose advies is definitive and whose letter is
    ready; offers of two providers, a missing-offer note and a finished waiting-time report."""
    vg = make_vg(vg_cast, Status.ADVIES)
    advies = vg.adviezen.get()
    brief = AdviesBrief.objects.create(advies=advies, status=JobStatus.KLAAR, progress=100)
    brief.file.save("adviesbrief.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    missing = OntbrekendAanbod.objects.create(
        network=network,
        category="wonen",
        description="Ontbreekt in noord: beschermd wonen",
        created_by=cast[Role.NETWERKCOORDINATOR],
    )
    report = ReportJob.objects.create(
        region=wt_cast.region,
        snapshot_date=date.today(),
        requested_by=cast[Role.NETWERKCOORDINATOR],
        status="klaar",
        progress=100,
    )
    report.file.save("rapport.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    world = World(network, other_network, cast, vg, wt_cast, missing, report)
    world.cast = {**cast, PROVIDER: wt_cast.provider_user}
    world.wachtlijst_job = WachtlijstJob.objects.create(
        aanbod=wt_cast.aanbod, requested_by=wt_cast.provider_user, status="klaar", progress=100
    )
    _bekostiging(world, bk_cast)
    _transfer(world)
    _casusoverleg(world)
    _plan_world(world)
    _contractering(world)
    _bord(world)
    return world


def _plan_world(world):
    """R-NW-6: noord's plan submitted by its regievoerder, version 1.0 shared, the cast's
    beoordelaar as first insurer, a positive voorgenomen besluit with a brief and one point."""
    from networks.services import plan as plan_services
    from tests.networks.plan_factories import pdf, positive_voorgenomen, reviewer

    coordinator = world.cast[Role.NETWERKCOORDINATOR]
    plan = plan_services.plan_create(
        network=world.network,
        ronde=2025,
        titel="Matrixplan Noord 2025",
        indienende_partners=[world.network.regievoerder],
        created_by=coordinator,
    )
    versie = plan_services.versie_upload(
        plan=plan, nummer="1.0", document=pdf(), uploaded_by=coordinator
    )
    plan_services.instemming_record(
        versie=versie, organisation=world.network.regievoerder, user=coordinator
    )
    world.plan_versie = plan_services.versie_share(versie=versie)
    plan_services.plan_submit(plan=plan, ingediend_op=date(2025, 11, 20))
    reviewer(plan, coordinator, user=world.cast[Role.BEOORDELAAR])
    world.plan_besluit = positive_voorgenomen(
        plan,
        world.cast[Role.BEOORDELAAR],
        brief=pdf("brief.pdf"),
        punten=[("Matrixpunt", world.network.regievoerder, date(2026, 6, 1))],
    )
    plan.refresh_from_db()
    world.plan = plan
    world.plan_punt = plan.aandachtspunten.get()


def _contractering(world):
    """Noord's samenwerkingsovereenkomst, version 1, uploaded by its coordinator."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from bekostiging.constants import ContractDocument
    from bekostiging.services.contractering import contract_document_upload

    world.contract_versie = contract_document_upload(
        network=world.network,
        soort=ContractDocument.SAMENWERKINGSOVEREENKOMST,
        document=SimpleUploadedFile("sok.pdf", b"%PDF-1.4 matrix", "application/pdf"),
        user=world.cast[Role.NETWERKCOORDINATOR],
    )


def _bord(world):
    """Noord's board: a target (on a key not checked here: no providers are needed) and a
    finished PDF of a quarter."""
    from networks.models import BordRapport, Doel

    world.doel = Doel.objects.create(
        network=world.network, indicator_key="vg.aanvragen", kind="absoluut", value=10
    )
    world.bordrapport = BordRapport.objects.create(
        network=world.network, period="2026-K1", status="klaar", progress=100
    )
    world.bordrapport.file.save("bord.pdf", ContentFile(b"%PDF-1.7 test"), save=True)


def _casusoverleg(world):
    """Noord offers function IV: an AVG agreement, a series of the huisarts (for the RHO),
    the ggz professional (for the regievoerder) and the SD professional (for the gemeente,
    the chair), one case on its first meeting's agenda and a missing-offer signal from it."""
    from casusoverleg.services.signalen import signaal_raise
    from networks.constants import OrganisationKind
    from networks.selectors.netwerken import gemeenten_served
    from tests.networks.factories import GemeenteFactory

    network = world.network
    network.offers_casusoverleg = True
    network.save(update_fields=["offers_casusoverleg"])
    world.co_afspraak = make_afspraak(network, recorded_by=world.cast[Role.NETWERKCOORDINATOR])
    partners = {p.organisation.kind: p.organisation for p in network.partnerships.all()}
    rho = partners[OrganisationKind.RHO]
    gemeente = partners[OrganisationKind.GEMEENTE]
    sd = (gemeente, world.cast[Role.SD_PROFESSIONAL])
    world.reeks = make_reeks(
        network,
        [
            sd,
            (rho, world.cast[Role.HUISARTS]),
            (network.regievoerder, world.cast[Role.GGZ_PROFESSIONAL]),
        ],
        name="Matrixreeks Noord",
        voorzitter=world.cast[Role.SD_PROFESSIONAL],
    )
    place = gemeenten_served([network.pk]).first() or GemeenteFactory(
        region=network.regions.first()
    )
    world.casus = register(
        world.reeks,
        organisation=gemeente,
        user=world.cast[Role.SD_PROFESSIONAL],
        gemeente=place,
        situatie=CO_CASE_TEXT,
    )
    world.notulen = NotulenJob.objects.create(
        overleg_id=world.casus.overleg_id, status="klaar", progress=100
    )
    world.notulen.file.save("notulen.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    world.signaal = signaal_raise(
        casus=world.casus,
        category="ontbrekend-aanbod",
        gemeenten=[place],
        description="Matrixsignaal: geen beschermd wonen voor jongeren.",
        organisation=gemeente,
        raised_by=world.cast[Role.SD_PROFESSIONAL],
    )


def _transfer(world):
    """Noord's transfer table: the ggz professional as teamlid, the insurer as gast."""
    tafel = make_tafel(world.network)
    world.tafel = tafel
    world.tafel_lid = seat(
        tafel, world.network.regievoerder, user=world.cast[Role.GGZ_PROFESSIONAL]
    )
    insurer = world.network.partnerships.get(organisation__name="Verzekeraar Noord").organisation
    seat(
        tafel,
        insurer,
        user=world.cast[Role.ZORGVERZEKERAAR],
        kind=MemberKind.GAST,
        guest_role=GuestRole.ZORGBEMIDDELING,
    )
    WachtplekFactory.create_batch(2, aanbod=world.wt.aanbod)
    world.steekproef = steekproef_bestellen(
        tafel, world.wt.provider, 1, world.cast[Role.NETWERKCOORDINATOR]
    )
    world.voorstel = Transfervoorstel.objects.create(
        overleg=tafel.overleggen.order_by("starts_at").first(),
        from_aanbod=world.wt.aanbod,
        to_aanbod=world.wt.other_aanbod,
        min_waiting_weeks=10,
        persons=1,
        room=2,
        weeks=4,
        wait_from_weeks=12,
        wait_to_weeks=3,
        picture_on=tafel.overleggen.order_by("starts_at").first().starts_at.date(),
    )
    world.werklijst = Transfervoorstel.objects.create(
        overleg=world.voorstel.overleg,
        from_aanbod=world.wt.aanbod,
        to_aanbod=world.wt.other_aanbod,
        min_waiting_weeks=0,
        persons=1,
        room=2,
        weeks=4,
        wait_from_weeks=12,
        wait_to_weeks=3,
        picture_on=world.voorstel.picture_on,
        status=VoorstelStatus.AANVAARD,
    )
    world.werklijst_plek = group_entries(world.werklijst).first()
    world.uitkomst = uitkomst_vastleggen(
        voorstel=world.werklijst,
        wachtplek=world.werklijst_plek,
        antwoord=Antwoord.AANVAARD,
        user=world.wt.provider_user,
    )
    verslag = VerslagJob.objects.create(
        overleg=tafel.overleggen.order_by("starts_at").first(), status="klaar", progress=100
    )
    verslag.file.save("verslag.pdf", ContentFile(b"%PDF-1.7 test"), save=True)


def _bekostiging(world, bk):
    """A line exported to Verzekeraar Noord and one conversation held back."""
    bk.held_vg()
    bk.held_vg(insurer=OrganisationFactory(name="Verzekeraar Elders", zorgverzekeraar=True))
    declaraties_generate(network=bk.network)
    regel = Declaratieregel.objects.filter(insurer=bk.insurer).first()
    regels_mark_ready([regel])
    regel.refresh_from_db()
    regel_transition(regel, RegelStatus.GEEXPORTEERD)
    export = Export.objects.create(
        network=bk.network,
        insurer=bk.insurer,
        format=ExportFormat.CSV,
        period_start=date(2025, 1, 1),
        period_end=date.today(),
        statuses=[RegelStatus.KLAAR],
        line_count=1,
        total_amount=regel.amount,
        requested_by=bk.insurer_user,
        status="klaar",
        progress=100,
    )
    ExportRegel.objects.create(export=export, regel=regel)
    world.bk = bk
    world.regel = regel
    world.export = export
    world.tegengehouden = TegengehoudenDeclaratie.objects.get()
    world.begrotingspost = Begrotingspost.objects.create(
        network=bk.network,
        year=date.today().year,
        function="vg",
        funder=bk.insurer,
        amount=1000,
    )


def _actors(name: str) -> list[str]:
    return [a for a in ACTORS if a != PROVIDER or ROUTES[name].provider_status is not None]


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_route_access(client, world, name):
    """Every actor on the route, each in a savepoint rolled back afterwards (so a POST of one
    actor changes nothing the next one sees) and with an empty cache: the world is built
    once per route instead of once per route and actor. Every actor is tried; the failures
    are reported together."""
    from django.core.cache import cache
    from django.db import transaction

    failures = []
    for actor in _actors(name):
        cache.clear()
        client.logout()
        try:
            with transaction.atomic():
                _check_route_access(client, world, name, actor)
                transaction.set_rollback(True)
        except AssertionError as error:
            failures.append(f"{actor}: {error}")
    assert not failures, f"{name}: " + "; ".join(failures)


def _check_route_access(client, world, name, actor):
    route = ROUTES[name]
    url = reverse(name, kwargs=route.kwargs(world))
    if route.query is not None:
        url += "?" + urlencode(route.query(world))
    if actor != ANONYMOUS:
        client.force_login(world.cast[actor])
    response = getattr(client, route.method)(url)
    status = response.status_code
    if route.public:
        assert status == 200
        return
    if actor == ANONYMOUS:
        assert status == route.anonymous_status, f"anonymous got {status} on {name}"
        if status == 302:
            assert response["Location"].startswith(reverse("accounts:login"))
        return
    if route.redirect_only:
        assert status == 302
        return
    if actor == PROVIDER:
        if route.method != "get":
            assert status not in {401, 403, 404, 405}, f"provider may post to {name}: {status}"
        else:
            assert status == route.provider_status, f"provider on {name}: got {status}"
        return
    if actor in NETWORKLESS_ROLES and actor not in route.allowed:
        # Not a member of any network: refused, or an empty list without noord in it.
        assert status in {200, route.denied_status, 403, 404}, f"{actor} on {name}: {status}"
        if status == 200:
            assert route.secret is not None, f"{actor} opens {name}"
            assert route.secret(world) not in response.content.decode()
        return
    if actor == OUTSIDER:
        if route.secret is not None:  # a list: the outsider gets a page, without noord in it
            assert status == 200
            assert route.secret(world) not in response.content.decode()
        else:
            assert status in {route.denied_status, 403, 404}
            assert status != 200
        return
    if actor in route.allowed:
        if route.method != "get":
            assert status not in {401, 403, 404, 405}, f"{actor} may post to {name}, got {status}"
        else:
            assert status in {200, 302}, f"{actor} should open {name}, got {status}"
        if route.secret is not None:
            shown = route.secret(world) in response.content.decode()
            assert shown == (actor in (route.secret_for or route.allowed)), (
                f"{actor} on {name}: noord's data {'shown' if shown else 'missing'}"
            )
    elif actor in route.readers:
        assert status == 403, f"{actor} sees the object but may not use {name}: got {status}"
    else:
        assert status == route.denied_status, f"{actor} on {name}: got {status}"


@pytest.mark.parametrize("actor", [*Role.values])
def test_nobody_in_noord_sees_the_other_networks_pages(client, world, actor):
    client.force_login(world.cast[actor])
    other = world.other_network
    if actor == Role.BEHEERDER:  # the platform's beheerder is global by design
        url = reverse("networks:network_detail", args=[world.other_network.slug])
        assert client.get(url).status_code == 200
        return
    assert client.get(reverse("networks:network_detail", args=[other.slug])).status_code == 404
    assert client.get(reverse("network-detail", args=[other.slug])).status_code == 404
    org = other.partnerships.exclude(organisation=other.regievoerder).first().organisation
    assert client.get(reverse("networks:organisation_detail", args=[org.pk])).status_code == 404
    assert client.get(reverse("organisation-detail", args=[org.pk])).status_code == 404


@pytest.mark.parametrize("actor", [r for r in Role.values if r != Role.BEHEERDER] + [OUTSIDER])
def test_admin_is_only_for_staff(client, world, actor):
    client.force_login(world.cast[actor])
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_beheerder_opens_the_admin(client, world):
    client.force_login(world.cast[Role.BEHEERDER])
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:networks_network_changelist")).status_code == 200


@pytest.mark.parametrize(
    "model",
    [
        "wachttijden_aanbod",
        "wachttijden_wachttijdopgave",  # wachtplekken are person data: not in the admin
        "wachttijden_overviewrun",
        "bekostiging_contract",
        "bekostiging_verdeelsleutel",
        "bekostiging_functiekassier",
        "bekostiging_regionaalbedrag",
        "transfer_transfertafel",
        "transfer_tafeloverleg",
        "casusoverleg_verwerkingsafspraak",
        "casusoverleg_casusreeks",
        "casusoverleg_casusoverleg",
    ],
)
def test_the_beheerder_opens_the_admin_of_every_app(client, world, model):
    client.force_login(world.cast[Role.BEHEERDER])
    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 200


def test_R_NW_6_another_networks_reviewer_opens_none_of_noords_plan(client, world):
    """A beoordelaar assigned to zuid's plan gets 404 on every GET route of noord's plan."""
    from tests.accounts.factories import UserFactory
    from tests.networks.plan_factories import reviewer, submitted_plan

    zuid_plan = submitted_plan(world.other_network, world.cast[OUTSIDER], titel="Plan Zuid")
    elders = reviewer(zuid_plan, world.cast[OUTSIDER], user=UserFactory(roles=[Role.BEOORDELAAR]))
    client.force_login(elders)
    for name, route in PLAN_ROUTES.items():
        if route.method != "get" or name == "networks:mijn_beoordelingen":
            continue
        url = reverse(name, kwargs=route.kwargs(world))
        assert client.get(url).status_code in {403, 404}, name
        if name != "networks:plan_besluit":
            assert client.get(url).status_code == 404, name
    mine = client.get(reverse("networks:mijn_beoordelingen")).content.decode()
    assert "Plan Zuid" in mine and world.plan.titel not in mine
