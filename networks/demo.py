"""The fictional demo region 'Veenland' (idempotent). Later apps add their own demo data.

All names, codes and people are invented; CBS codes GM99xx and UZOVI 99xx are not in use.
"""

from dataclasses import dataclass

from django.db import transaction

from mgn.accounts.constants import NETWORKLESS_ROLES, Role
from mgn.accounts.models import User, role_group

from .constants import Discipline, NationalPrinciple, OrganisationKind, PartnerRole, Ring
from .models import Gemeente, LeidendPrincipe, Network, Organisation, Professional, Region
from .services.netwerken import network_create, network_grant, partnership_set
from .services.organisaties import organisation_create, organisation_grant, professional_create
from .services.regios import gemeente_create, region_create, region_set_mandaatgemeente

DEMO_PASSWORD = "demo-wachtwoord"
B, U, INF, R, M = (
    PartnerRole.BELEID,
    PartnerRole.UITVOERING,
    PartnerRole.INFORMATIE,
    PartnerRole.INROEPBAAR,
    PartnerRole.MONITORING,
)

GEMEENTEN = [
    ("GM9901", "Veendam aan de Aa"),
    ("GM9902", "Turfhaven"),
    ("GM9903", "Moerdorp"),
    ("GM9904", "Lindeveen"),
    ("GM9905", "Hooghalen-West"),
    ("GM9906", "Brugwijk"),
    ("GM9907", "Zandmeer"),
    ("GM9908", "Kanaalzijde"),
    ("GM9909", "Oostervaart"),
]
MANDAATGEMEENTE = "GM9901"

# (name, kind, agb/uzovi, vestigingsgemeente, ring, roles, extra fields)
ORGANISATIONS = [
    (
        "GGZ Veenland",
        OrganisationKind.GGZ_KERNINSTELLING,
        "06290001",
        "GM9901",
        Ring.INNER,
        [B, U, INF, M],
        {},
    ),
    (
        "Ambulante GGZ De Brug",
        OrganisationKind.GGZ_AANBIEDER,
        "22290002",
        "GM9906",
        Ring.INNER,
        [U, INF],
        {},
    ),
    (
        "Psychologenpraktijk Moerland",
        OrganisationKind.GGZ_AANBIEDER,
        "94290003",
        "GM9903",
        Ring.OUTER,
        [INF, R],
        {},
    ),
    (
        "Praktijk De Linde (vrijgevestigd psychotherapeut)",
        OrganisationKind.GGZ_AANBIEDER,
        "94290004",
        "GM9904",
        Ring.OUTER,
        [R, INF],
        {"vrijgevestigd": True},
    ),
    (
        "Huisartsenorganisatie Veenland (HOV)",
        OrganisationKind.RHO,
        "53290005",
        "GM9901",
        Ring.INNER,
        [B, U, M],
        {},
    ),
    ("Zorggroep Kanaalzijde", OrganisationKind.RHO, "53290006", "GM9908", Ring.INNER, [B, U], {}),
    (
        "Huisartsenpraktijk De Venen",
        OrganisationKind.HUISARTSENPRAKTIJK,
        "01290007",
        "GM9901",
        Ring.INNER,
        [U],
        {},
    ),
    (
        "Huisartsen Turfhaven",
        OrganisationKind.HUISARTSENPRAKTIJK,
        "01290008",
        "GM9902",
        Ring.INNER,
        [U],
        {},
    ),
    (
        "Gezondheidscentrum Moerdorp",
        OrganisationKind.HUISARTSENPRAKTIJK,
        "01290009",
        "GM9903",
        Ring.INNER,
        [U],
        {},
    ),
    (
        "Huisartspraktijk Lindeveen",
        OrganisationKind.HUISARTSENPRAKTIJK,
        "01290010",
        "GM9904",
        Ring.INNER,
        [U],
        {},
    ),
    (
        "Praktijk Brugwijk",
        OrganisationKind.HUISARTSENPRAKTIJK,
        "01290011",
        "GM9906",
        Ring.INNER,
        [U],
        {},
    ),
    (
        "Huisartsen Zandmeer",
        OrganisationKind.HUISARTSENPRAKTIJK,
        "01290012",
        "GM9907",
        Ring.INNER,
        [U],
        {},
    ),
    (
        "Welzijn Veenland",
        OrganisationKind.SD_AANBIEDER,
        "98290013",
        "GM9901",
        Ring.INNER,
        [B, U, INF],
        {},
    ),
    (
        "Sociaal Wijkteam Turfhaven",
        OrganisationKind.SD_AANBIEDER,
        None,
        "GM9902",
        Ring.INNER,
        [U, INF],
        {},
    ),
    ("Schuldhulp Kanaalzijde", OrganisationKind.SD_AANBIEDER, None, "GM9908", Ring.INNER, [U], {}),
    (
        "Stichting Herstelhuis (ervaringsdeskundigen)",
        OrganisationKind.SD_AANBIEDER,
        None,
        "GM9904",
        Ring.INNER,
        [U],
        {},
    ),
    (
        "Zorgverzekeraar Noordster",
        OrganisationKind.ZORGVERZEKERAAR,
        "9901",
        None,
        Ring.INNER,
        [B, M],
        {},
    ),
    (
        "Veenzorg Verzekeringen",
        OrganisationKind.ZORGVERZEKERAAR,
        "9902",
        None,
        Ring.INNER,
        [B, M],
        {},
    ),
    (
        "Coöperatie Zorgpolis Oost",
        OrganisationKind.ZORGVERZEKERAAR,
        "9903",
        None,
        Ring.OUTER,
        [INF],
        {},
    ),
    (
        "Gemeente Veendam aan de Aa",
        OrganisationKind.GEMEENTE,
        None,
        "GM9901",
        Ring.INNER,
        [B, U, M],  # R-NW-1: finances, and executes with its own wijkteam
        {},
    ),
    (
        "Woonstichting Veenland",
        OrganisationKind.WONINGCORPORATIE,
        None,
        "GM9901",
        Ring.OUTER,
        [R],
        {},
    ),
    ("UWV Veenland", OrganisationKind.UWV, None, "GM9902", Ring.OUTER, [R], {}),
    (
        "Politie basisteam Veenland",
        OrganisationKind.POLITIE,
        None,
        "GM9901",
        Ring.OUTER,
        [R, INF],
        {},
    ),
    ("CJG Veenland", OrganisationKind.CJG, None, "GM9903", Ring.OUTER, [R], {}),
    (
        "Regionaal Opleidingscentrum Veenland",
        OrganisationKind.ONDERWIJS,
        None,
        "GM9906",
        Ring.OUTER,
        [R],
        {},
    ),
]

# R-NW-5: Veenland's own principles address all five national ones; some address two.
PRINCIPES = [
    (
        "Eigen regie, samen besloten",
        [NationalPrinciple.REGIE, NationalPrinciple.PERSOON_EERST],
        "De persoon bepaalt samen met ons welke hulp past en wanneer; naasten praten mee als "
        "de persoon dat wil.",
    ),
    (
        "Niemand terug zonder warme overdracht",
        [NationalPrinciple.GEDEELDE_VERANTWOORDELIJKHEID],
        "Huisarts, ggz en sociaal domein zijn samen verantwoordelijk; niemand wordt "
        "teruggestuurd zonder warme overdracht.",
    ),
    (
        "Geen loketten",
        [NationalPrinciple.PERSOON_EERST, NationalPrinciple.DOMEINOVERSTIJGEND],
        "We kijken naar wat iemand nodig heeft, niet naar welk loket erbij hoort.",
    ),
    (
        "Elk kwartaal leren",
        [NationalPrinciple.LEREN],
        "Elk kwartaal bespreken we wachttijden en knelpunten en passen we aan.",
    ),
    (
        "Binnen twee weken duidelijkheid",
        [NationalPrinciple.DOMEINOVERSTIJGEND, NationalPrinciple.REGIE],
        "Binnen twee weken een verkennend gesprek met ggz en sociaal domein.",
    ),
]


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    name: str
    organisation: str | None
    discipline: str | None


LOGINS = [
    DemoLogin(
        "huisarts@demo.mgn.nl",
        Role.HUISARTS,
        "Dr. Fenna de Vries",
        "Huisartsenpraktijk De Venen",
        Discipline.HUISARTS,
    ),
    DemoLogin(
        "ggz@demo.mgn.nl",
        Role.GGZ_PROFESSIONAL,
        "Samir El Amrani",
        "GGZ Veenland",
        Discipline.GGZ_PROFESSIONAL,
    ),
    DemoLogin(
        "praktijk@demo.mgn.nl",
        Role.GGZ_PROFESSIONAL,
        "Lotte Moerland",
        "Psychologenpraktijk Moerland",
        Discipline.GGZ_PROFESSIONAL,
    ),
    DemoLogin(
        "sociaaldomein@demo.mgn.nl",
        Role.SD_PROFESSIONAL,
        "Mirjam Bakker",
        "Welzijn Veenland",
        Discipline.SD_PROFESSIONAL,
    ),
    DemoLogin(
        "ervaringsdeskundige@demo.mgn.nl",
        Role.ERVARINGSDESKUNDIGE,
        "Jeroen Kuipers",
        "Stichting Herstelhuis (ervaringsdeskundigen)",
        Discipline.ERVARINGSDESKUNDIGE,
    ),
    DemoLogin(
        "coordinator@demo.mgn.nl",
        Role.NETWERKCOORDINATOR,
        "Anouk Hendriks",
        "Huisartsenorganisatie Veenland (HOV)",
        Discipline.NETWERKCOORDINATOR,
    ),
    DemoLogin(
        "verzekeraar@demo.mgn.nl",
        Role.ZORGVERZEKERAAR,
        "Peter Smit",
        "Zorgverzekeraar Noordster",
        Discipline.MEDEWERKER_ZORGVERZEKERAAR,
    ),
    DemoLogin(
        "gemeente@demo.mgn.nl",
        Role.GEMEENTE,
        "Lotte Jansen",
        "Gemeente Veendam aan de Aa",
        Discipline.MEDEWERKER_GEMEENTE,
    ),
    DemoLogin("beheerder@demo.mgn.nl", Role.BEHEERDER, "Beheer MGN", None, None),
    # Members of no network (NETWORKLESS_ROLES): the programme and a plan reviewer.
    DemoLogin("programma@demo.mgn.nl", Role.PROGRAMMA, "Programma MGN", None, None),
    DemoLogin(
        "beoordelaar@demo.mgn.nl",
        Role.BEOORDELAAR,
        "Sanne de Wit (Zorgverzekeraar Noordster)",
        None,
        None,
    ),
]


# R-NW-1: the gemeente's own staff who may take the SD seat in a VG (no login).
WIJKTEAM = [("Noor Bosman (wijkteam)", "Gemeente Veendam aan de Aa", "wijkteam@demo.mgn.nl")]


def _organisation(name, kind, code, gemeente, extra) -> Organisation:
    existing = Organisation.objects.filter(name=name, kind=kind).first()
    if existing:
        return existing
    codes = {"uzovi": code} if kind == OrganisationKind.ZORGVERZEKERAAR else {"agb_code": code}
    return organisation_create(name=name, kind=kind, gemeente=gemeente, **codes, **extra)


@transaction.atomic
def seed_demo() -> Network:
    region = Region.objects.filter(code="veenland").first() or region_create(
        name="IZA-regio Veenland", code="veenland"
    )
    gemeenten = {}
    for cbs, name in GEMEENTEN:
        gemeenten[cbs] = Gemeente.objects.filter(cbs_code=cbs).first() or gemeente_create(
            cbs_code=cbs, name=name, region=region
        )
    region_set_mandaatgemeente(region=region, gemeente=gemeenten[MANDAATGEMEENTE])

    organisations = {}
    for name, kind, code, gm, _ring, _roles, extra in ORGANISATIONS:
        organisations[name] = _organisation(name, kind, code, gemeenten.get(gm), extra)

    network = Network.objects.filter(slug="veenland").first() or network_create(
        name="MGN Veenland",
        slug="veenland",
        regievoerder=organisations["GGZ Veenland"],
        regions=[region],
        gemeenten=list(gemeenten.values()),
        preferente_zorgverzekeraar=organisations["Zorgverzekeraar Noordster"],
        description="Mentale gezondheidsnetwerk van de negen Veenlandse gemeenten: huisartsen, "
        "ggz en sociaal domein samen, zodat inwoners met psychische klachten en problemen op "
        "andere levensgebieden snel de juiste hulp vinden.",
        offers_casusoverleg=True,
    )
    for name, _kind, _code, _gm, ring, roles, _extra in ORGANISATIONS:
        partnership_set(network=network, organisation=organisations[name], ring=ring, roles=roles)
    # Principles migrated from the one-national-principle model carry its label as title.
    network.principes.filter(title__in=[str(label) for label in NationalPrinciple.labels]).delete()
    for order, (title, principles, text) in enumerate(PRINCIPES):
        LeidendPrincipe.objects.update_or_create(
            network=network,
            title=title,
            defaults={
                "text": text,
                "order": order,
                "national_principles": [str(p) for p in principles],
            },
        )

    for login in LOGINS:
        user = User.objects.filter(email=login.email).first()
        if user is None:
            user = User.objects.create_user(login.email, DEMO_PASSWORD, full_name=login.name)
        user.groups.add(role_group(login.role))
        if login.role == Role.BEHEERDER:
            User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
        if login.role in NETWORKLESS_ROLES:
            continue
        network_grant(network=network, user=user, coordinate=login.role == Role.NETWERKCOORDINATOR)
        if login.organisation:
            organisation = organisations[login.organisation]
            if login.role in {Role.ZORGVERZEKERAAR, Role.GEMEENTE}:
                organisation_grant(organisation=organisation, user=user)
            if not Professional.objects.filter(user=user, organisation=organisation).exists():
                agb = "01299101" if login.discipline == Discipline.HUISARTS else ""
                professional_create(
                    organisation=organisation,
                    user=user,
                    name=login.name,
                    discipline=login.discipline,
                    email=login.email,
                    agb_code=agb,
                )
    for name, organisation, email in WIJKTEAM:
        if not Professional.objects.filter(name=name, organisation__name=organisation).exists():
            professional_create(
                organisation=organisations[organisation],
                name=name,
                discipline=Discipline.SD_PROFESSIONAL,
                email=email,
            )
    for group in Role.values:
        role_group(group)
    return network
