"""R-PR-2, minimum necessary: every route that shows a person × every role.

The policy is ``verkennend_gesprek/selectors/inzage.py``. Each route that shows a person
has an entry in PERSON_ROUTES, each other route of the apps that hold person data an entry
in NO_PERSON with the reason; ``test_R_PR_2_every_route_is_classified`` fails on a new
route in neither, so a new page that shows a person is not silently left out.

Who sees what of the request's person (``world.vg``):
- FULL (every field): the requesting practice's huisarts, the netwerkcoördinator (planner)
  and the ggz professional taking part (the declaring organisation);
- LIMITED (name, age, gemeente): the SD professional and the ervaringsdeskundige;
- NONE: a huisarts of another practice, the insurer, the gemeente, the beheerder and a
  provider's system.
Declaration lines (bekostiging) have their own audience: the coordinators, the insurer
the line is addressed to and the declaring provider; nobody else sees their person.
"""

import io
from dataclasses import dataclass, field
from datetime import date

from django.core import mail
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import pytest
from pypdf import PdfReader

from mgn.accounts.constants import Role
from mgn.audit.models import AccessLogEntry
from networks.constants import Discipline
from networks.services.netwerken import network_grant
from tests import test_authorization_matrix as authz
from tests.accounts.factories import UserFactory
from tests.networks.factories import OrganisationFactory, PartnershipFactory, ProfessionalFactory
from tests.verkennend_gesprek.cast import make_vg
from tests.verkennend_gesprek.factories import DeelnemerFactory
from verkennend_gesprek.constants import ParticipantRole, Status
from verkennend_gesprek.models import Persoon
from verkennend_gesprek.selectors.inzage import (
    FIELD_AUDIENCE,
    IDENTIFYING,
    LIMITED_DETAIL,
    Audience,
)
from verkennend_gesprek.services import notificaties
from verkennend_gesprek.services.brief import brief_data, brief_render_pdf

PROVIDER = authz.PROVIDER
world = authz.world  # the authorization matrix's world, a fixture

HUISARTS_ELDERS = "huisarts-andere-praktijk"
ROLES = [
    Role.HUISARTS,
    HUISARTS_ELDERS,
    Role.NETWERKCOORDINATOR,
    Role.GGZ_PROFESSIONAL,
    Role.SD_PROFESSIONAL,
    Role.ERVARINGSDESKUNDIGE,
    Role.ZORGVERZEKERAAR,
    Role.GEMEENTE,
    Role.BEHEERDER,
    PROVIDER,
]
FULL = frozenset({Role.HUISARTS, Role.NETWERKCOORDINATOR, Role.GGZ_PROFESSIONAL})
LIMITED = frozenset({Role.SD_PROFESSIONAL, Role.ERVARINGSDESKUNDIGE})
DECLARATION_READERS = frozenset({Role.NETWERKCOORDINATOR, Role.ZORGVERZEKERAAR, PROVIDER})

# The request's person: values found nowhere else in the world.
PERSON = {
    "given_name": "Marieke",
    "family_name": "Inzagestra",
    "date_of_birth": date(1979, 11, 23),
    "address": "Kerkstraat 17, 9999 ZZ Noorddorp",
    "phone": "06-98765432",
    "email": "marieke.inzage@example.nl",
    "policy_number": "POLINZAGE77",
}
INSURER_NAME = "Zorgverzekeraar Inzagemaat"
# R-PR-2's identifying and administrative fields, written out here (not read from the policy
# module, so a change of the policy cannot quietly change what is checked).
FORBIDDEN = frozenset(
    {"bsn", "date_of_birth", "address", "phone", "email", "insurer", "policy_number"}
)


def date_forms(day: date) -> list[str]:
    """The ways a page, the API or a PDF writes a date of birth."""
    months = (
        "januari februari maart april mei juni juli augustus september oktober november december"
    )
    month = months.split()[day.month - 1]
    return [
        f"{day.day} {month} {day.year}",
        f"{day:%d-%m-%Y}",
        f"{day.day}-{day.month}-{day.year}",
        day.isoformat(),
    ]


@dataclass(frozen=True)
class Subject:
    """A person's values as the pages would show them."""

    name: str
    family_name: str  # the API gives the parts of the name
    values: dict  # field -> list of renderings

    def forbidden(self, fields) -> list[tuple[str, str]]:
        return [(f, text) for f in fields for text in self.values.get(f, [])]


def subject_of(persoon: Persoon) -> Subject:
    values = {
        "bsn": [persoon.bsn],
        "date_of_birth": date_forms(persoon.date_of_birth),
        "policy_number": [persoon.policy_number],
        "insurer": [persoon.insurer.name],
    }
    for name in ("address", "phone", "email"):
        if getattr(persoon, name):
            values[name] = [getattr(persoon, name)]
    return Subject(persoon.full_name, persoon.family_name, values)


@dataclass(frozen=True)
class PersonRoute:
    kwargs: callable = lambda w: {}
    # The person the route shows: "vg" (the request's person) or "regel" (a declaration's).
    subject: str = "vg"
    # What a viewer who sees everything finds on it (beside the name, unless no_name).
    shows: frozenset = frozenset()
    no_name: bool = False  # shows identifiers (e.g. a declaration) but not the name
    kind: str = "html"  # html, json, pdf, csv


def _vg(w):
    return {"pk": w.vg.pk}


def _gesprek(w):
    return {"pk": w.vg.pk, "number": 1}


ALL_FIELDS = frozenset(FIELD_AUDIENCE) - {"given_name", "family_name_prefix", "family_name"}
PERSON_ROUTES = {
    "verkennend_gesprek:list": PersonRoute(),
    "verkennend_gesprek:detail": PersonRoute(kwargs=_vg, shows=ALL_FIELDS),
    # The queue and the coming conversations: the world's request (advised) is on neither.
    "verkennend_gesprek:planning": PersonRoute(no_name=True),
    "verkennend_gesprek:vervolg_list": PersonRoute(),
    "verkennend_gesprek:schedule": PersonRoute(kwargs=_vg, shows=frozenset({"phone", "email"})),
    "verkennend_gesprek:reschedule": PersonRoute(kwargs=_gesprek),
    "verkennend_gesprek:attendance": PersonRoute(kwargs=_gesprek),
    "verkennend_gesprek:cancel": PersonRoute(kwargs=_vg, shows=frozenset({"phone", "email"})),
    "verkennend_gesprek:advies": PersonRoute(kwargs=_vg),
    # Correcting the details as submitted: the requesting practice and the planners only.
    "verkennend_gesprek:persoon": PersonRoute(
        kwargs=_vg, shows=frozenset({"date_of_birth", "address", "policy_number"})
    ),
    "verkennend_gesprek:record_afterwards": PersonRoute(kwargs=_vg),
    "verkennend_gesprek:vervolg": PersonRoute(kwargs=_vg),
    "verkennend_gesprek:brief": PersonRoute(kwargs=_vg),
    "verkennend_gesprek:brief_download": PersonRoute(
        kwargs=_vg, shows=frozenset({"bsn", "date_of_birth"}), kind="pdf"
    ),
    "verkennend-gesprek-list": PersonRoute(shows=frozenset({"date_of_birth", "age"}), kind="json"),
    "verkennend-gesprek-detail": PersonRoute(
        kwargs=_vg, shows=frozenset({"bsn", "date_of_birth", "age"}), kind="json"
    ),
    # Declarations: the line's own copy of the person, for who declares and who pays.
    "bekostiging:regel_detail": PersonRoute(
        kwargs=lambda w: {"pk": w.regel.pk},
        subject="regel",
        shows=frozenset({"bsn", "policy_number", "date_of_birth"}),
        no_name=True,
    ),
    "bekostiging:verzekering_add": PersonRoute(
        kwargs=lambda w: {"pk": w.tegengehouden.pk},
        subject="tegengehouden",
        shows=frozenset({"policy_number"}),
    ),
    "bekostiging:export_download": PersonRoute(
        kwargs=lambda w: {"pk": w.export.pk},
        subject="regel",
        shows=frozenset({"bsn", "policy_number"}),
        no_name=True,
        kind="csv",
    ),
    "declaratie-list": PersonRoute(
        subject="regel",
        shows=frozenset({"bsn", "policy_number", "date_of_birth"}),
        no_name=True,
        kind="json",
    ),
}

# Routes of these apps that show no person, and why.
NO_PERSON = {
    "verkennend_gesprek:request": "an empty request form",
    "verkennend_gesprek:indicatoren": "figures over requests, no person",
    "verkennend_gesprek:advies_finalise": "POST only; answers with a redirect",
    "verkennend_gesprek:advies_correct": "POST only; answers with a redirect",
    "verkennend_gesprek:brief_restart": "POST only; answers with a redirect",
    "bekostiging:regels": "declaration references, amounts and statuses",
    "bekostiging:regels_klaar": "POST only",
    "bekostiging:regel_correct": "POST only",
    "bekostiging:genereren": "POST only",
    "bekostiging:tegengehouden": "references and reasons; the person only on verzekering_add",
    "bekostiging:contracten": "contracts between organisations",
    "bekostiging:contract_create": "a contract form",
    "bekostiging:verdeelsleutel": "shares per insurer",
    "bekostiging:kassiers": "kassiers per function and regional amounts",
    "bekostiging:insurer": "exports, with BSNs masked to their last four digits",
    "bekostiging:export_create": "POST only",
    "bekostiging:export_detail": "an export's status and masked BSNs",
    "bekostiging:export_mark": "POST only",
    "bekostiging:retour_upload": "an upload form",
    "bekostiging:gemeenten": "counts per gemeente",
    "bekostiging:overschrijding_besluit": "a gemeente's decision on its over-run (counts)",
    "bekostiging:afspraak_create": "an agreement form",
    "bekostiging:afspraak_edit": "an agreement form",
    "bekostiging:begroting_index": "budgets",
    "bekostiging:begroting": "budgets",
    "bekostiging:begrotingspost_create": "a budget form",
    "bekostiging:begrotingspost_edit": "a budget form",
    "bekostiging:contractering_index": "network names",
    "bekostiging:contractering": "contracting documents, partner organisations, kassiers",
    "bekostiging:contractering_upload": "POST only",
    "bekostiging:contractering_freeze": "POST only",
    "bekostiging:contractering_confirm": "POST only",
    "bekostiging:contractering_download": "a network document (PDF) or budget/partner CSV",
    "bekostiging:contractering_partijen_csv": "partner organisations and their codes",
    "bekostiging:contractering_begroting_csv": "budget totals per function and funder",
    "declaratie-verdict": "POST only",
    "declaratie-retour": "POST only",
    # Function II works on anonymous counts only (R-TR-1, R-TR-2): tables, members who are
    # professionals, meetings; never a waiting person.
    "transfer:tafel_list": "transfer tables, no person",
    "transfer:tafel_create": "a table's settings form",
    "transfer:tafel_detail": "the table's team (professionals) and meetings, no person",
    "transfer:tafel_edit": "a table's settings form",
    "transfer:lid_add": "a form choosing a professional",
    "transfer:lid_remove": "POST only",
    "transfer:overleg_detail": "agenda, attendance of professionals and minutes on groups",
    "transfer:overleg_edit": "agenda, attendance and minutes form",
    "transfer:steekproef_list": "a steekproef's counts per result per provider, no entry",
    "transfer:mijn_steekproeven": "the steekproeven of the user's own providers, no entry",
    # The provider's own sampled entries by its own client reference (or offer and
    # registration date): no field of the person, never a pseudonym; only users acting for
    # the sampled provider, everyone else 404 (tests/transfer/test_steekproef.py).
    "transfer:steekproef_controleren": "the provider's own sampled entries by its own "
    "client reference, no field of the person",
    # The holding provider's worklist: its own entries of the group by its own client
    # reference and registration date, answers and handovers; never a field of the person or
    # a pseudonym; only users acting for that provider (tests/transfer/test_werklijst.py).
    "transfer:mijn_werklijsten": "the accepted proposals of the user's own providers, counts",
    "transfer:werklijst": "the provider's own entries of a group by its own client reference",
    "transfer:werklijst_zoeken": "POST only: a typed BSN, never stored or shown",
    "transfer:antwoord_vastleggen": "POST only",
    "transfer:overdracht": "one own entry by its own client reference, to confirm",
    "transfer:vraagbeeld": "anonymous counts per offer, free places and waits, no person",
    "transfer:voorstel_list": "group proposals and P-codes with counts, no person",
    "transfer:voorstellen_maken": "POST only",
    "transfer:voorstel_create": "a form choosing offers, types and gemeenten",
    "transfer:voorstel_aantal": "POST only",
    "transfer:voorstel_besluit": "POST only",
    # R-TR-7: counts per provider, zorgvraagtype and month; the report names the
    # attending professionals, never a waiting person (tests/transfer/test_effect.py).
    "transfer:effect": "counts of proposals, answers, handovers and weeks saved, no person",
    "transfer:effect_csv": "the same counts as CSV, no person",
    "transfer:verslag": "the report job's status, no person",
    "transfer:verslag_download": "a meeting's report: professionals, agenda, minutes and "
    "counts, no waiting person",
    # The transfer API: counts for the team; for the holding provider its own entries by id
    # and its own client reference, never a BSN or pseudonym (tests/transfer/test_api.py).
    "transfer-overleg-list": "meetings of transfer tables, no person",
    "transfer-vraagbeeld": "anonymous counts per offer, free places and waits, no person",
    "transfer-voorstel-list": "group proposals and P-codes with counts, no person",
    "transfer-werklijst-list": "accepted proposals with counts of answers, no entry",
    "transfer-werklijst-detail": "the provider's own entries by id and its own client "
    "reference, no field of the person",
    "transfer-uitkomst-create": "POST only; answers with the entry's id and client reference",
    "transfer-overdracht": "POST only; answers with the entry's id and client reference",
    # The casusoverleg API keeps no person (R-DOC-2): a case code, an age band and a
    # gemeente, and free texts checked by the identifier guard; case texts for the series'
    # members only, signals without them (tests/casusoverleg/test_api.py).
    "casusoverleg-reeks-list": "series with their members (professionals) and meetings",
    "casusoverleg-overleg-list": "meetings with counts, no case",
    "casusoverleg-overleg-detail": "anonymous cases by code for members, counts for others",
    "casusoverleg-casus-list": "anonymous cases by code, for the series' members",
    "casusoverleg-casus-detail": "an anonymous case by code with outcomes, for the members",
    "casusoverleg-casus-create": "POST only; answers with the anonymous case and its code",
    "casusoverleg-uitkomst-create": "POST only; answers with the outcome",
    "casusoverleg-casus-sluiten": "POST only; answers with the anonymous case",
    "casusoverleg-signaal-create": "POST only; answers with the signal",
    "casusoverleg-signaal-list": "signals with a case code, never a case text",
    # R-DOC-5: signals name a case code, category, gemeenten and a description that passed
    # the identifier guard; never a case text (tests/casusoverleg/test_signalen.py).
    "casusoverleg:signaal_new": "a signal form on an anonymous case (code only), no person",
    "casusoverleg:signalen": "signal counts and signals with a case code, no case text",
    "casusoverleg:signalen_csv": "the same counts and signals as CSV, no person",
    "casusoverleg:signaal_link": "POST only",
    # Function IV keeps no person (R-DOC-2): a case code, an age band and a gemeente, and
    # free texts checked by the identifier guard; case texts for the series' members only
    # (tests/casusoverleg/test_pages.py).
    "casusoverleg:index": "series and the AVG agreement's status per network, no case",
    "casusoverleg:afspraak": "the network's AVG agreements and a form",
    "casusoverleg:afspraak_document": "the signed agreement between organisations (PDF)",
    "casusoverleg:reeks_create": "a form choosing professionals",
    "casusoverleg:reeks_detail": "the series' members (professionals) and meetings with counts",
    "casusoverleg:reeks_edit": "a series' settings form",
    "casusoverleg:lid_add": "a form choosing a professional",
    "casusoverleg:lid_remove": "POST only",
    "casusoverleg:voorzitter_set": "POST only",
    "casusoverleg:casus_register": "an anonymous case form: age band and gemeente, no person",
    "casusoverleg:overleg_detail": "anonymous cases by code for members, counts for others",
    "casusoverleg:overleg_record": "attendance of professionals and notes",
    "casusoverleg:overleg_cancel": "POST only",
    "casusoverleg:overleg_ics": "the meeting's invitation, no case",
    "casusoverleg:uitkomst": "POST only",
    "casusoverleg:casus_detail": "an anonymous case by code, for the series' members",
    "casusoverleg:casus_close": "POST only",
    "casusoverleg:casus_reopen": "POST only",
    # The minutes, for the series' members only.
    "casusoverleg:notulen": "the minutes job's status, no case",
    "casusoverleg:notulen_download": "a meeting's minutes: professionals and anonymous cases "
    "by code, age band and gemeente",
    # R-NW-6: the transformation plan is between organisations; it names users (uploaders,
    # reviewers) and partners, never a person in care.
    "networks:mijn_beoordelingen": "the plans assigned to the reviewer, no person",
    "networks:plan_index": "a network's plans, no person",
    "networks:plan_detail": "the plan's phase, planning, versions, besluiten and points",
    "networks:plan_versie": "POST only",
    "networks:plan_instemming": "POST only",
    "networks:plan_delen": "POST only",
    "networks:plan_versie_document": "the plan (PDF) between organisations, no person",
    "networks:plan_indienen": "POST only",
    "networks:plan_beoordelaar": "POST only",
    "networks:plan_besluit": "a besluit form, no person",
    "networks:plan_brief": "the aandachtspuntenbrief (PDF) to the network, no person",
    "networks:plan_aandachtspunt": "POST only",
    "networks:plan_afhandelen": "POST only",
    "networks:plan_middel": "POST only",
    "networks:plan_ics": "a review meeting's invitation, no person",
    "audit:person_log": "the beheerder's inzageverzoek: who accessed the identifier typed "
    "in; shows no field of the person",
}
PERSON_APPS = (
    "verkennend_gesprek:",
    "bekostiging:",
    "audit:",
    "transfer:",
    "transfer-",
    "casusoverleg:",
    "verkennend-gesprek-",
    "declaratie-",
    "casusoverleg-",
    "casusoverleg:",
    "networks:plan_",
    "networks:mijn_beoordelingen",
)


def _route_names(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _route_names(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{prefix}{p.name}"


def test_R_PR_2_every_route_is_classified():
    names = {
        n
        for n in _route_names(get_resolver().url_patterns)
        if n.startswith(PERSON_APPS) and not n.endswith("-format-suffix")
    }
    assert not set(PERSON_ROUTES) & set(NO_PERSON)
    missing = names - set(PERSON_ROUTES) - set(NO_PERSON)
    assert not missing, f"Say in {__file__} whether these routes show a person: {missing}"
    assert set(PERSON_ROUTES) | set(NO_PERSON) == names


def test_R_PR_2_the_policy_is_data():
    """Identifying and administrative fields for the task audiences; name, age and gemeente
    for every participant too."""
    assert {
        "bsn",
        "date_of_birth",
        "address",
        "phone",
        "email",
        "insurer",
        "policy_number",
    } == IDENTIFYING
    for name in IDENTIFYING:
        assert Audience.DEELNEMER not in FIELD_AUDIENCE[name]
    for name in ("given_name", "family_name", "age", "gemeente"):
        assert Audience.DEELNEMER in FIELD_AUDIENCE[name]


@dataclass
class Inzagewereld:
    world: object
    users: dict
    subjects: dict = field(default_factory=dict)


@pytest.fixture
def inzage(world):
    """The authorization matrix's world, with a person whose every field is filled, an
    ervaringsdeskundige at the conversation, a huisarts of a second practice and the real
    advice letter."""
    vg_cast = world.bk.vg_cast
    insurer = OrganisationFactory(name=INSURER_NAME, zorgverzekeraar=True)
    Persoon.objects.filter(pk=world.vg.persoon_id).update(insurer=insurer, **PERSON)
    world.vg.refresh_from_db()
    world.vg.persoon.refresh_from_db()
    gesprek = world.vg.gesprekken.get()
    DeelnemerFactory(
        gesprek=gesprek,
        role=ParticipantRole.ERVARINGSDESKUNDIGE,
        professional=vg_cast.ervaringsdeskundige,
        present=True,
    )
    practice = OrganisationFactory(name="Praktijk Elders", huisartsenpraktijk=True)
    PartnershipFactory(network=world.network, organisation=practice, role_beleid=False)
    elders = UserFactory(email="elders@noord.test", roles=[Role.HUISARTS])
    network_grant(network=world.network, user=elders)
    ProfessionalFactory(
        organisation=practice, user=elders, discipline=Discipline.HUISARTS, agb_code="01999999"
    )
    tegengehouden_vg = world.tegengehouden.gesprek.verkennend_gesprek
    return Inzagewereld(
        world,
        {**world.cast, HUISARTS_ELDERS: elders},
        {
            "vg": subject_of(world.vg.persoon),
            "regel": _regel_subject(world.regel),
            "tegengehouden": subject_of(tegengehouden_vg.persoon),
        },
    )


def _regel_subject(regel) -> Subject:
    """A declaration line's own copy of the person (its insurance from the COV check)."""
    persoon = regel.gesprek.verkennend_gesprek.persoon
    return Subject(
        persoon.full_name,
        persoon.family_name,
        {
            "bsn": [regel.bsn],
            "policy_number": [regel.policy_number],
            "date_of_birth": date_forms(regel.date_of_birth),
        },
    )


def _text(response, kind: str) -> str:
    if kind == "pdf":
        content = b"".join(response.streaming_content)
        reader = PdfReader(io.BytesIO(content))
        return "\n".join(page.extract_text() for page in reader.pages)
    if kind == "csv":
        return b"".join(response.streaming_content).decode("utf-8-sig")
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _view(route: PersonRoute, role: str) -> str:
    """'full', 'limited' or 'none': what this role may see of the route's person."""
    if route.subject == "vg":
        return "full" if role in FULL else "limited" if role in LIMITED else "none"
    return "full" if role in DECLARATION_READERS else "none"


def _real_letter(w) -> None:
    """Replace the world's placeholder file with the advice letter as it is rendered."""
    brief = w.vg.adviezen.get().brief
    pdf = brief_render_pdf(brief_data(brief))
    brief.file.save("adviesbrief.pdf", ContentFile(pdf), save=True)


@pytest.mark.parametrize("name", sorted(PERSON_ROUTES))
def test_R_PR_2_no_forbidden_person_field_on_any_route_for_any_role(client, inzage, name):
    """Every role on this route: each is a separate check, all reported together."""
    if PERSON_ROUTES[name].kind == "pdf":
        _real_letter(inzage.world)
    failures = []
    for role in ROLES:
        try:
            _check(client, inzage, name, role)
        except AssertionError as error:
            failures.append(f"{role}: {error}")
    assert not failures, "\n".join(failures)


def _check(client, inzage, name: str, role: str) -> None:
    route = PERSON_ROUTES[name]
    w = inzage.world
    client.force_login(inzage.users[role])
    response = client.get(reverse(name, kwargs=route.kwargs(w)))
    subject = inzage.subjects[route.subject]
    view = _view(route, role)
    if response.status_code != 200:
        # Refused (403/404) or sent on: nothing of the person in the answer.
        assert response.status_code in {302, 403, 404}, (name, role, response.status_code)
        if response.status_code != 302:
            text = _text(response, "html")
            assert subject.family_name not in text
            assert not [v for _, v in subject.forbidden(FORBIDDEN) if v in text]
        assert not (
            view == "full" and route.subject == "vg" and name.endswith(("detail", "download"))
        ), f"{role} should open {name}: {response.status_code}"
        return
    text = _text(response, route.kind)
    if view == "full":
        for field_name in route.shows & FORBIDDEN:
            renderings = subject.values.get(field_name, [])
            assert any(v in text for v in renderings), (name, role, field_name)
        if not route.no_name:
            assert subject.family_name in text, (name, role)
        return
    shown = [(f, v) for f, v in subject.forbidden(FORBIDDEN) if v in text]
    assert not shown, f"{role} sees {shown} on {name}"
    if view == "none":
        assert subject.family_name not in text, f"{role} sees the person's name on {name}"
    elif not route.no_name:
        assert subject.family_name in text, (name, role)
        if "age" in route.shows:
            age = w.vg.persoon.age_on(date.today())
            assert str(age) in text


def test_R_PR_2_the_sd_professional_sees_name_age_gemeente_and_the_question(client, inzage):
    w = inzage.world
    client.force_login(inzage.users[Role.SD_PROFESSIONAL])
    page = client.get(reverse("verkennend_gesprek:detail", args=[w.vg.pk])).content.decode()
    persoon = w.vg.persoon
    assert persoon.full_name in page
    assert f"{persoon.age_on(date.today())} jaar" in page
    assert persoon.gemeente.name in page
    assert "geldzorgen" in page  # the hulpvraag
    assert persoon.bsn not in page
    api = client.get(reverse("verkennend-gesprek-detail", args=[w.vg.pk])).json()
    assert set(api["persoon"]) == {
        "given_name",
        "family_name_prefix",
        "family_name",
        "age",
        "gemeente",
    }
    assert api["hulpvraag"]
    assert api["letter"]["download_url"] is None
    letter = client.get(reverse("verkennend_gesprek:brief", args=[w.vg.pk]))
    assert (
        reverse("verkennend_gesprek:brief_download", args=[w.vg.pk]) not in letter.content.decode()
    )


def test_R_PR_2_the_requesting_huisarts_gets_the_letter_with_the_bsn(client, inzage):
    w = inzage.world
    _real_letter(w)
    client.force_login(inzage.users[Role.HUISARTS])
    response = client.get(reverse("verkennend_gesprek:brief_download", args=[w.vg.pk]))
    text = _text(response, "pdf")
    assert w.vg.persoon.bsn in text
    assert w.vg.persoon.full_name in text


def test_R_PR_1_the_access_log_records_the_limited_view(client, inzage):
    w = inzage.world
    client.force_login(inzage.users[Role.ERVARINGSDESKUNDIGE])
    client.get(reverse("verkennend_gesprek:detail", args=[w.vg.pk]))
    entry = AccessLogEntry.objects.filter(person_identifier=w.vg.persoon.bsn).latest("id")
    assert entry.detail == LIMITED_DETAIL
    client.force_login(inzage.users[Role.HUISARTS])
    client.get(reverse("verkennend_gesprek:detail", args=[w.vg.pk]))
    entry = AccessLogEntry.objects.filter(person_identifier=w.vg.persoon.bsn).latest("id")
    assert LIMITED_DETAIL not in entry.detail


# E-mails -----------------------------------------------------------------------------
def _mail_text(message) -> str:
    parts = [message.subject, message.body]
    parts += [content for content, _mime in getattr(message, "alternatives", [])]
    for attachment in message.attachments:
        content = attachment[1] if isinstance(attachment, tuple) else attachment.get_payload()
        parts.append(content.decode() if isinstance(content, bytes) else str(content))
    return "\n".join(parts)


def test_R_PR_2_no_email_carries_an_identifying_field(vg_cast):
    """The planners' notice, the invitations and the letter-ready mail: no identifying
    field of the person to anyone; the person's own invitation goes to the person alone
    and holds no BSN, date of birth or insurance either."""
    vg = make_vg(vg_cast, Status.GEPLAND)
    insurer = OrganisationFactory(name=INSURER_NAME, zorgverzekeraar=True)
    Persoon.objects.filter(pk=vg.persoon_id).update(insurer=insurer, **PERSON)
    vg.persoon.refresh_from_db()
    gesprek = vg.gesprekken.get()
    DeelnemerFactory(
        gesprek=gesprek,
        role=ParticipantRole.ERVARINGSDESKUNDIGE,
        professional=vg_cast.ervaringsdeskundige,
    )
    for deelnemer in gesprek.deelnemers.select_related("professional"):
        deelnemer.email = deelnemer.professional.email
        deelnemer.save(update_fields=["email"])
    subject = subject_of(vg.persoon)
    mail.outbox.clear()
    notificaties.planners_notify(vg.pk)
    notificaties.invitations_send(gesprek.pk)
    advies_vg = make_vg(vg_cast, Status.ADVIES)
    Persoon.objects.filter(pk=advies_vg.persoon_id).update(insurer=insurer, **PERSON)
    from verkennend_gesprek.models import AdviesBrief

    brief = AdviesBrief.objects.create(advies=advies_vg.adviezen.get())
    notificaties.brief_ready_notify(brief)
    recipients = {to for m in mail.outbox for to in m.to}
    assert {"ggz@noord.test", "sd@noord.test", "ed@noord.test", PERSON["email"]} <= recipients
    assert "huisarts@noord.test" in recipients
    assert vg_cast.users[Role.NETWERKCOORDINATOR].email in recipients
    for message in mail.outbox:
        text = _mail_text(message)
        if message.to == [PERSON["email"]]:
            fields = FORBIDDEN - {"email", "address", "phone"}
        else:
            fields = FORBIDDEN
            assert subject.name not in text, message.to
        shown = [(f, v) for f, v in subject.forbidden(fields) if v in text]
        assert not shown, f"mail to {message.to} shows {shown}"
