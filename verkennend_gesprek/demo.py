"""Demo data for function I in the fictional region Veenland: about a dozen requests in
every state, made through the services as a huisarts and the professionals would.

Idempotent: each request carries an idempotency key of the demo huisarts, so a second run
finds them and adds nothing. People and phone numbers are invented; the BSNs are RvIG test
numbers (R-PR-3), each checked with the elfproef. Dates are relative to the day of seeding.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from stdnum.nl import bsn as stdnum_bsn

from mgn.accounts.models import User
from networks.constants import Discipline
from networks.models import Gemeente, Network, Organisation, Professional
from networks.services.organisaties import professional_create
from verkennend_gesprek.constants import (
    DEMO_KEY_PREFIX,
    ROUTE_FIELDS,
    Mode,
    ParticipantRole,
    Route,
    Status,
)
from verkennend_gesprek.services import planning as planning_services
from verkennend_gesprek.services.aanvraag import PersoonData, gesprek_request
from verkennend_gesprek.services.advies import advies_finalise, advies_save_draft
from verkennend_gesprek.services.vervolg import vervolg_record

NETWORK = "veenland"
HUISARTS = ("huisarts@demo.mgn.nl", "Huisartsenpraktijk De Venen", Discipline.HUISARTS)
GGZ = ("ggz@demo.mgn.nl", "GGZ Veenland", Discipline.GGZ_PROFESSIONAL)
SD = ("sociaaldomein@demo.mgn.nl", "Welzijn Veenland", Discipline.SD_PROFESSIONAL)
ED = (
    "ervaringsdeskundige@demo.mgn.nl",
    "Stichting Herstelhuis (ervaringsdeskundigen)",
    Discipline.ERVARINGSDESKUNDIGE,
)
# Colleagues without a login, so the conversations are not always with the same three.
COLLEAGUES = [
    ("Daan Verbeek", "Ambulante GGZ De Brug", Discipline.GGZ_PROFESSIONAL),
    ("Karin Dijkstra", "Sociaal Wijkteam Turfhaven", Discipline.SD_PROFESSIONAL),
]
# RvIG test BSNs; one that fails the elfproef is left out at import (R-PR-3).
# fmt: off
TEST_BSNS_ALL = [
    "999996708", "999911120", "999990019", "999990020", "999990032", "999990044",
    "999990056", "999990068", "999990070", "999990081", "999990093", "999990111",
]
# fmt: on
TEST_BSNS = [b for b in TEST_BSNS_ALL if stdnum_bsn.is_valid(b)]
LOCATION = "Wijkcentrum De Schakel, Kerkstraat 12, Veendam aan de Aa"
CONTACT = "POH-ggz Huisartsenpraktijk De Venen, 0599-000 111 (ma–vr 8–17 uur)"


@dataclass(frozen=True)
class Person:
    bsn_index: int
    given_name: str
    family_name: str
    born: str  # ISO date
    gemeente: str  # CBS code of the demo gemeente
    insurer: str  # UZOVI of a demo insurer
    prefix: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    bsn: str = ""  # a test BSN of its own (the history seeder); else TEST_BSNS[bsn_index]


@dataclass(frozen=True)
class Conversation:
    days_ago: int  # negative: still to come
    mode: str = Mode.LOCATIE
    ervaringsdeskundige: bool = False
    naaste: str = ""
    naaste_present: bool = True
    colleagues: bool = False  # with the colleagues without a login instead of the demo users


@dataclass(frozen=True)
class AdviesPlan:
    summary: str
    routes: list[str]
    afspraken: list[dict]
    overbrugging: str = ""
    regie: str = ""
    final: bool = True


@dataclass(frozen=True)
class Scenario:
    key: str
    person: Person
    hulpvraag: str
    life_domains: list[str]
    requested_days_ago: int
    expertise: list[str] = field(default_factory=list)
    naaste_komt: bool = False
    urgency: str = "regulier"
    conversations: list[Conversation] = field(default_factory=list)
    advies: AdviesPlan | None = None
    followup_days_ago: int | None = None
    followup: str = ""
    ggz_takeover_days_ago: int | None = None
    cancel: bool = False
    location: str = ""  # of a conversation on location; else LOCATION (Veenland)


FATIMA = Person(
    0,
    "Fatima",
    "Idrissi",
    "1987-04-12",
    "GM9901",
    "9901",
    prefix="el",
    address="Vaartweg 31, Veendam aan de Aa",
    phone="06-00000001",
)

SCENARIOS = [
    Scenario(
        "01",
        FATIMA,
        "Ik wil eigenlijk eerst zelf een schuldhulpmaatje proberen; misschien later.",
        ["geld", "relaties"],
        40,
        expertise=["schulden"],
        cancel=True,
    ),
    Scenario(
        "02",
        FATIMA,
        "Sinds mijn scheiding heb ik schulden en slaap ik bijna niet meer. Ik pieker de hele "
        "dag en durf de post niet meer open te maken.",
        ["geld", "relaties"],
        2,
        expertise=["schulden"],
    ),
    Scenario(
        "03",
        Person(
            1,
            "Thomas",
            "Bosman",
            "1979-09-03",
            "GM9902",
            "9902",
            address="Turfstraat 8, Turfhaven",
            phone="06-00000002",
        ),
        "Ik ben mijn baan kwijtgeraakt en voel me somber. Ik kom de deur bijna niet meer uit "
        "en zie mijn vrienden niet meer.",
        ["werk", "sociaal-netwerk"],
        9,
    ),
    Scenario(
        "04",
        Person(
            2,
            "Ingrid",
            "Boer-Smit",
            "1961-01-22",
            "GM9903",
            "9901",
            prefix="de",
            address="Molenweg 2, Moerdorp",
        ),
        "Sinds mijn man is overleden voel ik me eenzaam en drink ik 's avonds meer dan goed "
        "voor me is. Ik weet niet goed waar ik het nog voor doe.",
        ["sociaal-netwerk", "zingeving"],
        17,
        expertise=["verslaving", "zingeving"],
        urgency="voorrang",
    ),
    Scenario(
        "05",
        Person(
            3,
            "Kevin",
            "Hoekstra",
            "1998-06-30",
            "GM9906",
            "9903",
            address="Brugstraat 140, Brugwijk",
            phone="06-00000004",
        ),
        "Ik heb paniekaanvallen, en mijn verhuurder dreigt met ontruiming door de "
        "huurachterstand. Daardoor word ik nog angstiger.",
        ["wonen", "geld"],
        5,
        expertise=["schulden"],
        conversations=[Conversation(-3)],
    ),
    Scenario(
        "06",
        Person(
            4,
            "Noor",
            "Jansen",
            "2001-11-15",
            "GM9904",
            "9902",
            address="Lindelaan 5, Lindeveen",
            email="noor.jansen@example.nl",
        ),
        "Ik loop vast in mijn opleiding, heb veel ruzie thuis en voel me vaak angstig. Mijn "
        "moeder wil graag meedenken.",
        ["werk", "relaties"],
        3,
        expertise=["conflicten"],
        naaste_komt=True,
        conversations=[
            Conversation(-6, mode=Mode.ONLINE, ervaringsdeskundige=True, naaste="Els Jansen")
        ],
    ),
    Scenario(
        "07",
        Person(
            5,
            "Mehmet",
            "Yilmaz",
            "1970-02-08",
            "GM9908",
            "9901",
            address="Kanaalkade 77, Kanaalzijde",
        ),
        "Door mijn rugpijn kan ik niet meer werken. Ik lig veel op de bank en word er somber "
        "en prikkelbaar van.",
        ["lichamelijk", "werk"],
        15,
        expertise=["leefstijl"],
        conversations=[Conversation(4, colleagues=True)],
    ),
    Scenario(
        "08",
        Person(
            6,
            "Anke",
            "Brouwer",
            "1984-07-19",
            "GM9907",
            "9902",
            address="Zandpad 3, Zandmeer",
        ),
        "Als alleenstaande moeder van twee kinderen red ik het niet meer. Ik ben uitgeput en "
        "schiet snel uit mijn slof.",
        ["relaties", "geld"],
        16,
        expertise=["ouderschap"],
        conversations=[Conversation(6, ervaringsdeskundige=True)],
        advies=AdviesPlan(
            "Anke is overbelast door de zorg voor haar kinderen en geldzorgen. Ze wil vooral "
            "lucht en praktische steun.",
            [Route.BEGELEIDING_SD],
            [
                {
                    "who": "Mirjam Bakker (Welzijn Veenland)",
                    "what": "Aanvraag gezinsondersteuning thuis via het wijkteam",
                    "where": "Wijkteam Zandmeer",
                    "when": "deze week",
                }
            ],
            final=False,
        ),
    ),
    Scenario(
        "09",
        Person(
            7,
            "Ruud",
            "Mulder",
            "1958-12-01",
            "GM9905",
            "9901",
            address="Heideweg 19, Hooghalen-West",
        ),
        "Sinds mijn pensioen zie ik het nut niet meer van opstaan. Mijn vrouw maakt zich zorgen.",
        ["zingeving", "sociaal-netwerk"],
        22,
        expertise=["zingeving"],
        naaste_komt=True,
        conversations=[Conversation(12, ervaringsdeskundige=True, naaste="Joke Mulder")],
        advies=AdviesPlan(
            "Ruud mist structuur en contact sinds zijn pensioen; er zijn geen aanwijzingen "
            "voor een ernstige depressie. Hij wil graag iets voor anderen betekenen.",
            [Route.SOCIALE_BASIS, Route.BEGELEIDING_SD],
            [
                {
                    "who": "Mirjam Bakker (Welzijn Veenland)",
                    "what": "Kennismaking met de vrijwilligerscentrale",
                    "where": "Welzijn Veenland, Stationsplein 4",
                    "when": "binnen 2 weken",
                    "offer": "Vrijwilligerswerk op maat",
                    "provider": "Welzijn Veenland",
                    "waiting_time": "geen",
                },
                {
                    "who": "Ruud en Joke Mulder",
                    "what": "Samen naar de wandelgroep van het buurthuis",
                    "where": "Buurthuis De Heide",
                    "when": "elke dinsdag",
                },
            ],
            regie="Ruud zelf, met steun van zijn vrouw",
        ),
    ),
    Scenario(
        "10",
        Person(
            8,
            "Linda",
            "Koster",
            "1992-03-27",
            "GM9901",
            "9903",
            address="Dorpsstraat 60, Veendam aan de Aa",
        ),
        "Mensen lenen steeds geld van mij en ik durf geen nee te zeggen. Ik ben bang en slaap "
        "slecht.",
        ["geld", "veiligheid"],
        45,
        expertise=["lvb", "schulden"],
        conversations=[Conversation(35)],
        advies=AdviesPlan(
            "Linda heeft een licht verstandelijke beperking en wordt financieel uitgebuit. "
            "Eerst veiligheid en beschermingsbewind, daarna kijken naar de angstklachten.",
            [Route.BEGELEIDING_SD, Route.GGZ_BASIS],
            [
                {
                    "who": "Mirjam Bakker (Welzijn Veenland)",
                    "what": "Aanvraag beschermingsbewind en Wmo-begeleiding",
                    "where": "Wmo-loket gemeente Veendam aan de Aa",
                    "when": "binnen 1 week",
                    "offer": "Wmo-begeleiding LVB",
                    "provider": "Welzijn Veenland",
                    "waiting_time": "4 weken",
                },
                {
                    "who": "Samir El Amrani (GGZ Veenland)",
                    "what": "Intake basis-ggz voor de angstklachten",
                    "where": "GGZ Veenland",
                    "when": "na de start van het bewind",
                    "offer": "Basis-ggz, aangepast aan LVB",
                    "provider": "GGZ Veenland",
                    "waiting_time": "6 weken",
                },
            ],
            overbrugging="Wekelijks contact met de POH-ggz tot de begeleiding start.",
            regie="Mirjam Bakker, tot de Wmo-begeleiding loopt",
        ),
    ),
    Scenario(
        "11",
        Person(
            9,
            "Dennis",
            "Vos",
            "1989-08-14",
            "GM9902",
            "9901",
            address="Havenstraat 22, Turfhaven",
        ),
        "Ik blow elke dag om rustig te worden. Mijn vriendin wil dat ik stop, anders gaat ze "
        "weg. Ik voel me opgejaagd.",
        ["relaties", "lichamelijk"],
        58,
        expertise=["verslaving"],
        conversations=[Conversation(50, colleagues=True)],
        advies=AdviesPlan(
            "Dagelijks cannabisgebruik om spanning te dempen; Dennis is gemotiveerd om te "
            "stoppen. Behandeling in de specialistische ggz met steun voor het stel.",
            [Route.GGZ_SPECIALISTISCH, Route.BEGELEIDING_SD],
            [
                {
                    "who": "Daan Verbeek (Ambulante GGZ De Brug)",
                    "what": "Aanmelding bij de verslavingszorg met voorrang",
                    "where": "GGZ Veenland, locatie Turfhaven",
                    "when": "binnen 2 weken",
                    "offer": "Behandeling cannabisgebruik",
                    "provider": "GGZ Veenland",
                    "waiting_time": "3 weken",
                },
                {
                    "who": "Karin Dijkstra (Sociaal Wijkteam Turfhaven)",
                    "what": "Gesprek met Dennis en zijn vriendin over de thuissituatie",
                    "where": "Sociaal Wijkteam Turfhaven",
                    "when": "volgende week",
                },
            ],
            overbrugging="Telefonisch contact met de POH-ggz elke week tot de intake.",
            regie="Dennis zelf",
        ),
        followup_days_ago=30,
        followup="Intake verslavingszorg GGZ Veenland",
        ggz_takeover_days_ago=26,
    ),
    Scenario(
        "12",
        Person(
            10,
            "Yvonne",
            "Smits",
            "1966-05-05",
            "GM9909",
            "9902",
            address="Oosterweg 9, Oostervaart",
        ),
        "Ik ben al maanden moe en somber, sinds de mantelzorg voor mijn moeder. Ik heb geen "
        "tijd meer voor mezelf.",
        ["relaties", "sociaal-netwerk"],
        90,
        conversations=[Conversation(80), Conversation(73, mode=Mode.ONLINE)],
        advies=AdviesPlan(
            "Yvonne is overbelast als mantelzorger. Na twee gesprekken: respijtzorg regelen "
            "en een paar gesprekken bij de POH-ggz.",
            [Route.POH_GGZ, Route.SOCIALE_BASIS],
            [
                {
                    "who": "Mirjam Bakker (Welzijn Veenland)",
                    "what": "Respijtzorg en mantelzorgondersteuning regelen",
                    "where": "Steunpunt Mantelzorg Veenland",
                    "when": "binnen 2 weken",
                    "offer": "Respijtzorg",
                    "provider": "Welzijn Veenland",
                    "waiting_time": "2 weken",
                },
                {
                    "who": "Yvonne Smits",
                    "what": "Afspraak maken bij de POH-ggz",
                    "where": "Huisartsenpraktijk De Venen",
                    "when": "deze week",
                },
            ],
        ),
        followup_days_ago=62,
        followup="Respijtzorg gestart; gesprekken bij de POH-ggz",
    ),
]


def _at(days_ago: int, hour: int) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _professional(email: str, organisation: Organisation, discipline: str) -> Professional:
    """The demo user's record at their organisation (networks.demo makes it; make sure)."""
    user = User.objects.get(email=email)
    existing = Professional.objects.filter(user=user, organisation=organisation).first()
    if existing:
        return existing
    return professional_create(
        organisation=organisation,
        user=user,
        name=user.full_name,
        discipline=discipline,
        email=email,
        agb_code="01299101" if discipline == Discipline.HUISARTS else "",
    )


def _colleague(name: str, organisation: Organisation, discipline: str) -> Professional:
    existing = Professional.objects.filter(name=name, organisation=organisation).first()
    return existing or professional_create(
        organisation=organisation, name=name, discipline=discipline
    )


@dataclass
class _Cast:
    huisarts: Professional
    ggz: Professional
    sd: Professional
    ed: Professional
    colleague_ggz: Professional
    colleague_sd: Professional


def _cast() -> _Cast:
    organisations = {o.name: o for o in Organisation.objects.all()}
    own = [_professional(email, organisations[org], d) for email, org, d in (HUISARTS, GGZ, SD, ED)]
    colleagues = [_colleague(name, organisations[org], d) for name, org, d in COLLEAGUES]
    return _Cast(*own, *colleagues)


def _persoon(person: Person) -> PersoonData:
    bsn = person.bsn or TEST_BSNS[person.bsn_index]
    return PersoonData(
        bsn=bsn,
        given_name=person.given_name,
        family_name_prefix=person.prefix,
        family_name=person.family_name,
        date_of_birth=datetime.fromisoformat(person.born).date(),
        gemeente=Gemeente.objects.get(cbs_code=person.gemeente),
        insurer=Organisation.objects.get(uzovi=person.insurer),
        policy_number=f"VL{bsn[-6:]}",
        address=person.address,
        phone=person.phone,
        email=person.email,
    )


def _play(network: Network, cast: _Cast, scenario: Scenario) -> bool:
    """Make one request and take it as far as its scenario goes. False if it existed."""
    vg, created = gesprek_request(
        network=network,
        huisarts=cast.huisarts,
        requested_by=cast.huisarts.user,
        persoon=_persoon(scenario.person),
        hulpvraag=scenario.hulpvraag,
        life_domains=scenario.life_domains,
        expertise=scenario.expertise,
        naaste_komt=scenario.naaste_komt,
        urgency=scenario.urgency,
        consent=True,
        idempotency_key=DEMO_KEY_PREFIX + scenario.key,
        requested_at=_at(scenario.requested_days_ago, 9),
    )
    if not created:
        return False
    for talk in scenario.conversations:
        starts_at = _at(talk.days_ago, 10 if talk.mode == Mode.LOCATIE else 14)
        gesprek = planning_services.gesprek_schedule(
            vg=vg,
            starts_at=starts_at,
            ggz=cast.colleague_ggz if talk.colleagues else cast.ggz,
            sd=cast.colleague_sd if talk.colleagues else cast.sd,
            mode=talk.mode,
            location=(scenario.location or LOCATION) if talk.mode == Mode.LOCATIE else "",
            online_link=f"https://beeldbellen.example.nl/{network.slug}/vg-{scenario.key}"
            if talk.mode == Mode.ONLINE
            else "",
            ervaringsdeskundige=cast.ed if talk.ervaringsdeskundige else None,
            naaste_name=talk.naaste,
            # Replayed history: planned on the day of the request, as a planner would have.
            now=vg.requested_at,
        )
        if talk.days_ago > 0:
            attendance = {
                d.pk: (talk.naaste_present if d.role == ParticipantRole.NAASTE else True, "")
                for d in gesprek.deelnemers.all()
            }
            planning_services.gesprek_record_attendance(
                gesprek=gesprek, attendance=attendance, now=starts_at + timedelta(hours=2)
            )
    plan = scenario.advies
    if plan is not None:
        author = cast.ggz.user
        advies = advies_save_draft(
            vg=vg,
            user=author,
            data={
                "summary": plan.summary,
                "overbrugging": plan.overbrugging,
                "regie": plan.regie,
                "contact_point": CONTACT,
                "agreed_with_person": True,
                **{ROUTE_FIELDS[route]: True for route in plan.routes},
            },
            afspraken=plan.afspraken,
        )
        if plan.final:
            advies_finalise(advies=advies, user=author)
    if scenario.followup_days_ago is not None:
        vg.refresh_from_db()
        today = timezone.localdate()
        vervolg_record(
            vg=vg,
            started_on=today - timedelta(days=scenario.followup_days_ago),
            description=scenario.followup,
            ggz_takeover_on=(
                today - timedelta(days=scenario.ggz_takeover_days_ago)
                if scenario.ggz_takeover_days_ago is not None
                else None
            ),
        )
    if scenario.cancel:
        planning_services.gesprek_cancel(vg=vg)
    return True


@transaction.atomic
def seed_demo() -> str:
    network = Network.objects.get(slug=NETWORK)
    cast = _cast()
    made = sum(_play(network, cast, scenario) for scenario in SCENARIOS)
    total = network.verkennende_gesprekken.filter(idempotency_key__startswith=DEMO_KEY_PREFIX)
    by_status = dict.fromkeys(Status.values, 0)
    for status in total.values_list("status", flat=True):
        by_status[status] += 1
    states = ", ".join(f"{Status(s).label.lower()} {n}" for s, n in by_status.items() if n)
    return f"{total.count()} verkennende gesprekken ({made} nieuw): {states}"
