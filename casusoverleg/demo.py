"""Demo data for function IV in the fictional region Veenland (runs after networks.demo,
wachttijden.demo and transfer.demo; issue 14 part 9).

MGN Veenland offers the casusoverleg: it recorded its AVG agreement, and one series meets
every two weeks on Thursday with a fixed composition — a huisarts (De Venen), a ggz
professional (GGZ Veenland), a sociaal-domein professional (Welzijn Veenland) and the
gemeente's own wijkteam member, who chairs (login ``voorzitter@demo.mgn.nl``). Eight meetings
were held, in the rhythm of the series before its first planned one; the next three are
planned from the frequency. Cases in every state: registered for the next meeting,
discussed with an outcome and carried on, closed with their outcome; signals of several
categories over the months, one linked to the sociale kaart's missing offer.

Everything goes through the services, except what only the past can have: the held
meetings are created as they were (the services plan only ahead) and the cases'
registration, closing and signals' dates are set back to their meetings. Idempotent: the
agreement, series, meetings, cases (by their situation text) and signals are found again.
No person: cases are anonymous, the texts name no one."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from casusoverleg.constants import (
    Betrokkenheid,
    CasusStatus,
    Frequency,
    Leeftijdsgroep,
    OverlegStatus,
    Reden,
    SignaalCategorie,
)
from casusoverleg.models import (
    Casus,
    CasusAanwezigheid,
    CasusOverleg,
    Casusreeks,
    Signaal,
    Verwerkingsafspraak,
)
from casusoverleg.services.afspraak import afspraak_record
from casusoverleg.services.casussen import casus_close, casus_register, uitkomst_record
from casusoverleg.services.overleggen import cases_carry, overleggen_generate
from casusoverleg.services.reeksen import reeks_create
from casusoverleg.services.signalen import signaal_link_ontbrekend, signaal_raise
from mgn.accounts.constants import Role
from mgn.accounts.models import role_group
from networks.constants import Discipline
from networks.models import Gemeente, Network, Organisation, Professional
from networks.services.netwerken import network_grant
from networks.services.organisaties import organisation_grant, professional_create
from wachttijden.constants import Category
from wachttijden.models import OntbrekendAanbod

NETWORK = "veenland"
REEKS = "Casusoverleg Veenland"
AFSPRAAK = "Verwerkingsafspraak casusoverleg MGN Veenland"
COORDINATOR = "coordinator@demo.mgn.nl"
PAST_MEETINGS = 8  # held, every two weeks before the first planned one
# A tiny valid PDF: the signed agreement's stand-in.
AFSPRAAK_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
SIGNATORIES = [
    "GGZ Veenland",
    "Huisartsenorganisatie Veenland (HOV)",
    "Huisartsenpraktijk De Venen",
    "Welzijn Veenland",
    "Gemeente Veendam aan de Aa",
]


@dataclass(frozen=True)
class DemoLogin:
    email: str
    name: str
    organisation: str
    role: str
    discipline: str


# The chair: the gemeente's own wijkteam member (R-DOC-1: counts as sociaal domein).
VOORZITTER = DemoLogin(
    "voorzitter@demo.mgn.nl",
    "Karin Visser (wijkteam)",
    "Gemeente Veendam aan de Aa",
    Role.SD_PROFESSIONAL,
    Discipline.SD_PROFESSIONAL,
)
# The other members: the demo's existing logins (networks.demo.LOGINS).
MEMBER_LOGINS = [
    ("huisarts@demo.mgn.nl", "Huisartsenpraktijk De Venen"),
    ("ggz@demo.mgn.nl", "GGZ Veenland"),
    ("sociaaldomein@demo.mgn.nl", "Welzijn Veenland"),
]
# Who registers for which organisation: the member sitting in the series for it.
REGISTRANTS = {
    **{organisation: email for email, organisation in MEMBER_LOGINS},
    VOORZITTER.organisation: VOORZITTER.email,
}


@dataclass(frozen=True)
class DemoSignaal:
    category: str
    description: str
    gemeenten: tuple[str, ...]
    link_missing: bool = False  # linked to the sociale kaart's missing offer


@dataclass(frozen=True)
class DemoCasus:
    situatie: str  # also the key the demo finds the case by again
    reden: str
    levensdomeinen: tuple[str, ...]
    geprobeerd: str
    vraag: str
    leeftijdsgroep: str
    gemeente: str
    organisation: str
    # The held meetings (0: the oldest) where an outcome was agreed; empty: not yet discussed
    # (registered for the next meeting).
    outcomes: tuple[int, ...] = ()
    closed: bool = False
    signalen: tuple[DemoSignaal, ...] = field(default_factory=tuple)


OUTCOME_TEXTS = [
    (
        "Schuldhulp en de POH-ggz starten samen; het wijkteam houdt het overzicht.",
        "Gezamenlijk gesprek met de persoon plannen.",
        "Welzijn Veenland",
    ),
    (
        "GGZ Veenland neemt de behandeling op; het wijkteam regelt dagbesteding.",
        "Intake bij GGZ Veenland en kennismaking met de dagbesteding.",
        "GGZ Veenland",
    ),
    (
        "De huisarts blijft aanspreekpunt; het wijkteam zoekt een passende woonplek.",
        "Aanvraag bij de woonstichting met een ondersteuningsplan.",
        "Gemeente Veendam aan de Aa",
    ),
]

CASES = [
    DemoCasus(
        situatie="Jongvolwassene uit de jeugdzorg zonder woonplek, slaapt afwisselend bij "
        "familie; somber en trekt zich terug.",
        reden=Reden.NIET,
        levensdomeinen=("wonen", "sociaal-netwerk"),
        geprobeerd="Gesprekken bij de POH-ggz en aanmelding bij de woonstichting.",
        vraag="Wie kan een beschermde woonplek met begeleiding bieden?",
        leeftijdsgroep=Leeftijdsgroep.L18_26,
        gemeente="GM9901",
        organisation="Huisartsenpraktijk De Venen",
        outcomes=(0, 2),
        closed=True,
        signalen=(
            DemoSignaal(
                SignaalCategorie.ONTBREKEND_AANBOD,
                "Beschermd wonen voor jongvolwassenen ontbreekt in de regio.",
                ("GM9901", "GM9902"),
                link_missing=True,
            ),
        ),
    ),
    DemoCasus(
        situatie="Alleenstaande met oplopende schulden en paniekklachten; de behandeling "
        "stopte toen de eigen bijdrage niet meer kon worden betaald.",
        reden=Reden.NIET_ALLEEN,
        levensdomeinen=("geld", "lichamelijk"),
        geprobeerd="Budgetcoaching en een verwijzing naar de basis-ggz.",
        vraag="Hoe combineren we schuldhulp en behandeling zonder dat de kosten blokkeren?",
        leeftijdsgroep=Leeftijdsgroep.L27_44,
        gemeente="GM9908",
        organisation="Welzijn Veenland",
        outcomes=(1,),
        closed=True,
        signalen=(
            DemoSignaal(
                SignaalCategorie.REGELS_BEKOSTIGING,
                "De eigen bijdrage blokkeert behandeling bij mensen in de schuldhulp.",
                ("GM9908",),
            ),
        ),
    ),
    DemoCasus(
        situatie="Oudere met beginnende geheugenklachten en depressieve klachten, woont "
        "alleen; mantelzorger raakt overbelast.",
        reden=Reden.NIET_OP_TIJD,
        levensdomeinen=("relaties", "sociaal-netwerk"),
        geprobeerd="Huisbezoeken door de praktijkondersteuner en dagbesteding aangevraagd.",
        vraag="Wie kan sneller dan de wachttijd behandeling aan huis bieden?",
        leeftijdsgroep=Leeftijdsgroep.L65_PLUS,
        gemeente="GM9903",
        organisation="GGZ Veenland",
        outcomes=(4,),
        signalen=(
            DemoSignaal(
                SignaalCategorie.WACHTTIJD,
                "Ouderenpsychiatrie aan huis heeft een wachttijd van maanden.",
                ("GM9903", "GM9904"),
            ),
        ),
    ),
    DemoCasus(
        situatie="Werkende ouder met burn-outklachten en spanningen thuis; de huidige "
        "begeleiding via het werk sluit niet aan.",
        reden=Reden.PAST_NIET_MEER,
        levensdomeinen=("werk", "relaties"),
        geprobeerd="Bedrijfsarts, gesprekken bij maatschappelijk werk.",
        vraag="Welke hulp past beter, en wie stemt werk en gezin op elkaar af?",
        leeftijdsgroep=Leeftijdsgroep.L45_64,
        gemeente="GM9906",
        organisation="Welzijn Veenland",
        outcomes=(6, 7),
        signalen=(
            DemoSignaal(
                SignaalCategorie.SAMENWERKING,
                "Bedrijfsarts en wijkteam weten elkaar niet te vinden bij gezinsproblemen.",
                ("GM9906",),
            ),
            DemoSignaal(
                SignaalCategorie.AANBOD_PAST_NIET,
                "Groepsaanbod voor burn-out alleen overdag; werkenden kunnen niet.",
                ("GM9906", "GM9901"),
            ),
        ),
    ),
    DemoCasus(
        situatie="Jongvolwassene met angstklachten die school heeft verlaten en het huis "
        "nauwelijks uitkomt.",
        reden=Reden.NIET_ALLEEN,
        levensdomeinen=("werk", "sociaal-netwerk"),
        geprobeerd="E-health module en contact met de leerplichtambtenaar.",
        vraag="Wie kan behandeling en een leer-werktraject samen oppakken?",
        leeftijdsgroep=Leeftijdsgroep.L18_26,
        gemeente="GM9902",
        organisation="Gemeente Veendam aan de Aa",
    ),
    DemoCasus(
        situatie="Inwoner met psychische klachten en overlast in de buurt; de "
        "woningcorporatie dreigt met ontruiming.",
        reden=Reden.NIET,
        levensdomeinen=("wonen", "veiligheid"),
        geprobeerd="Buurtbemiddeling en twee gesprekken met de wijkagent.",
        vraag="Wie neemt de regie zodat ontruiming kan worden voorkomen?",
        leeftijdsgroep=Leeftijdsgroep.L45_64,
        gemeente="GM9901",
        organisation="Huisartsenpraktijk De Venen",
    ),
]

NOTES = [  # one per held meeting, oldest first
    "Kennismaking met de werkwijze en de verwerkingsafspraak; eerste casus besproken.",
    "Casus over schulden en behandeling besproken; afspraken over de eigen bijdrage.",
    "Vervolg op de woonvraag: er is een plek gevonden, de casus wordt gesloten.",
    "Geen nieuwe casussen; terugblik op de signalen van de afgelopen maanden.",
    "Ouderenzorg aan huis besproken; signaal over wachttijden opgesteld.",
    "Rondvraag over de bereikbaarheid in de vakantieperiode.",
    "Casus over werk en gezin besproken; twee signalen opgesteld.",
    "Vervolg werk en gezin; de casus komt terug op het volgende overleg.",
]


def _user(email):
    return get_user_model().objects.filter(email=email).first()


def _voorzitter(network: Network, coordinator) -> Professional:
    organisation = Organisation.objects.get(name=VOORZITTER.organisation)
    user = _user(VOORZITTER.email)
    if user is None:
        # The demo's one password (networks.demo, which this app does not import): the
        # coordinator's hash.
        user = get_user_model().objects.create_user(
            VOORZITTER.email, None, full_name=VOORZITTER.name
        )
        user.password = coordinator.password
        user.save(update_fields=["password"])
    user.groups.add(role_group(VOORZITTER.role))
    network_grant(network=network, user=user)
    organisation_grant(organisation=organisation, user=user)
    professional = Professional.objects.filter(user=user, organisation=organisation).first()
    if professional is None:
        professional = professional_create(
            organisation=organisation,
            user=user,
            name=VOORZITTER.name,
            discipline=VOORZITTER.discipline,
            email=VOORZITTER.email,
        )
    return professional


def _afspraak(network: Network, coordinator, today) -> Verwerkingsafspraak:
    found = Verwerkingsafspraak.objects.filter(network=network, title=AFSPRAAK).first()
    if found is not None:
        return found
    return afspraak_record(
        network=network,
        title=AFSPRAAK,
        document=SimpleUploadedFile(
            "verwerkingsafspraak.pdf", AFSPRAAK_PDF, content_type="application/pdf"
        ),
        signed_on=today - timedelta(days=7 * 2 * PAST_MEETINGS + 30),
        signatories=list(Organisation.objects.filter(name__in=SIGNATORIES)),
        purpose="Anoniem bespreken van vastgelopen hulpvragen van inwoners met psychische "
        "klachten en problemen op andere levensgebieden, met hun toestemming; het "
        "signaleren van knelpunten voor het beleid.",
        retention_months=24,
        recorded_by=coordinator,
        remark="Ondertekend in de stuurgroep van het netwerk.",
    )


def _reeks(network: Network, voorzitter: Professional, today) -> Casusreeks:
    found = Casusreeks.objects.filter(network=network, name=REEKS).first()
    if found is not None:
        return found
    members = [voorzitter]
    for email, organisation in MEMBER_LOGINS:
        members.append(Professional.objects.get(user__email=email, organisation__name=organisation))
    return reeks_create(
        network=network,
        name=REEKS,
        frequency=Frequency.TWEEWEKELIJKS,
        members=members,
        voorzitter=voorzitter,
        weekday=3,
        default_time=time(13, 30),
        duration_minutes=90,
        location="Gemeentehuis Veendam aan de Aa, zaal De Aa (of online via de link)",
        joined_on=today - timedelta(days=7 * 2 * PAST_MEETINGS + 14),
    )


def _held_meetings(reeks: Casusreeks) -> list[CasusOverleg]:
    """The held meetings, every two weeks before the series' first planned one (a fixed
    anchor, so seeding again on another day finds the same ones), oldest first."""
    first = reeks.overleggen.filter(generated=True).order_by("starts_at").first()
    tz = timezone.get_current_timezone()
    anchor = timezone.localtime(first.starts_at, tz)
    members = list(reeks.leden.order_by("pk"))
    held = []
    for index in range(PAST_MEETINGS):
        day = anchor.date() - timedelta(weeks=2 * (PAST_MEETINGS - index))
        starts_at = datetime.combine(day, reeks.default_time, tzinfo=tz)
        overleg, created = CasusOverleg.objects.get_or_create(
            reeks=reeks,
            starts_at=starts_at,
            defaults={
                "duration_minutes": reeks.duration_minutes,
                "status": OverlegStatus.GEHOUDEN,
                "notes": NOTES[index % len(NOTES)],
                "invitations_sent_at": starts_at - timedelta(days=14),
            },
        )
        if created:
            # Everyone came, except one member now and then.
            CasusAanwezigheid.objects.bulk_create(
                [
                    CasusAanwezigheid(overleg=overleg, lid=lid, present=(index + i) % 4 != 3)
                    for i, lid in enumerate(members)
                ]
            )
        held.append(overleg)
    return held


def _casus(spec: DemoCasus, reeks, held, users, coordinator, missing) -> Casus | None:
    if Casus.objects.filter(reeks=reeks, situatie=spec.situatie).exists():
        return None
    chair = users[VOORZITTER.email]
    organisation = Organisation.objects.get(name=spec.organisation)
    member = users.get(REGISTRANTS[spec.organisation]) or chair
    casus = casus_register(
        reeks=reeks,
        organisation=organisation,
        registered_by=member,
        reden=spec.reden,
        situatie=spec.situatie,
        levensdomeinen=list(spec.levensdomeinen),
        geprobeerd=spec.geprobeerd,
        vraag=spec.vraag,
        leeftijdsgroep=spec.leeftijdsgroep,
        gemeente=Gemeente.objects.get(cbs_code=spec.gemeente),
        betrokkenheid=Betrokkenheid.TOESTEMMING,
    )
    if not spec.outcomes:
        return casus  # on the agenda of the next meeting
    first = held[spec.outcomes[0]]
    Casus.objects.filter(pk=casus.pk).update(
        overleg=first, registered_at=first.starts_at - timedelta(days=6)
    )
    casus.refresh_from_db()
    for n, index in enumerate(spec.outcomes):
        overleg = held[index]
        if casus.overleg_id != overleg.pk:  # carried on to this meeting (R-DOC-4)
            Casus.objects.filter(pk=casus.pk).update(overleg=overleg)
            casus.refresh_from_db()
        oplossing, stap, eigenaar = OUTCOME_TEXTS[(index + n) % len(OUTCOME_TEXTS)]
        uitkomst_record(
            casus=casus,
            overleg=overleg,
            oplossing=oplossing,
            volgende_stap=stap,
            eigenaar=Organisation.objects.get(name=eigenaar),
            datum=timezone.localtime(overleg.starts_at).date() + timedelta(weeks=3),
            recorded_by=chair,
        )
        casus.refresh_from_db()
    last = held[spec.outcomes[-1]]
    for signaal_spec in spec.signalen:
        signaal = signaal_raise(
            casus=casus,
            category=signaal_spec.category,
            gemeenten=list(Gemeente.objects.filter(cbs_code__in=signaal_spec.gemeenten)),
            description=signaal_spec.description,
            organisation=organisation,
            raised_by=member,
        )
        Signaal.objects.filter(pk=signaal.pk).update(created_at=last.starts_at + timedelta(hours=2))
        if signaal_spec.link_missing:
            signaal_link_ontbrekend(
                user=coordinator,
                signaal=signaal,
                ontbrekend_aanbod=missing,
                category=Category.WONEN,
            )
    if spec.closed:
        casus = casus_close(casus=casus, closed_by=chair)
        Casus.objects.filter(pk=casus.pk).update(closed_at=last.starts_at + timedelta(days=1))
    else:
        cases_carry(last)  # an open case returns on the next meeting's agenda
    return casus


@transaction.atomic
def seed_demo() -> str:
    network = Network.objects.filter(slug=NETWORK, offers_casusoverleg=True).first()
    coordinator = _user(COORDINATOR)
    if network is None or coordinator is None:
        return "geen demonetwerk met casusoverleg"
    today = timezone.localdate()
    voorzitter = _voorzitter(network, coordinator)
    users = {VOORZITTER.email: voorzitter.user}
    for email, _organisation in MEMBER_LOGINS:
        users[email] = _user(email)
    _afspraak(network, coordinator, today)
    reeks = _reeks(network, voorzitter, today)
    held = _held_meetings(reeks)
    overleggen_generate(reeks=reeks)  # the next meetings, as the nightly run keeps them
    missing = (
        OntbrekendAanbod.objects.filter(network=network, category=Category.WONEN)
        .order_by("pk")
        .first()
    )
    made = 0
    for spec in CASES:
        made += _casus(spec, reeks, held, users, coordinator, missing) is not None
    states = dict.fromkeys(CasusStatus.values, 0)
    for status in reeks.casussen.values_list("status", flat=True):
        states[status] += 1
    logins = ", ".join(
        [f"{VOORZITTER.email} (voorzitter)"] + [email for email, _org in MEMBER_LOGINS]
    )
    return (
        f"{reeks.name}: {reeks.leden.count()} leden, {len(held)} gehouden en "
        f"{reeks.overleggen.filter(status=OverlegStatus.GEPLAND).count()} geplande overleggen, "
        f"{sum(states.values())} casussen ({made} nieuw; "
        + ", ".join(f"{k}: {v}" for k, v in states.items())
        + f"), {Signaal.objects.filter(reeks=reeks).count()} signalen; leden: {logins}"
    )
