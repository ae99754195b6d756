"""The programme's demo: a second network to compare, targets for Veenland and a
programme login (idempotent). Runs right after ``networks.demo.seed_demo``.

- "MGN Rivierenland" (slug ``rivierenland``) in the new "IZA-regio Rivierenland" with four
  gemeenten and the three domains' partners (R-NW-1): a ggz-kerninstelling (regievoerder),
  an RHO, a sociaal-domein provider and a gemeente, with Veenland's preferred insurer as
  financier, and a huisartsenpraktijk. All names and codes are invented (CBS GM98xx).
- Rivierenland's own huisarts, ggz and sociaal-domein professional, with logins, so
  ``verkennend_gesprek.demo_history`` can play its requests (R-VG-1, R-VG-4).
- Veenland's own targets, for the indicators the registered providers offer: specialist-ggz
  referrals −30 % against 2024, days to the conversation ≤ 7 (a target on an indicator no
  provider registers is left out, so the seeder runs whatever the settings hold).
- ``programma@demo.mgn.nl`` with the role "programma": member of no network.
"""

from django.db import transaction

from mgn import indicators
from mgn.accounts.constants import Role
from mgn.accounts.models import User, role_group

from .constants import Discipline, OrganisationKind, Ring
from .demo import DEMO_PASSWORD, INF, B, M, U, _organisation
from .models import Doel, DoelKind, Gemeente, Network, Organisation, Professional, Region
from .services.netwerken import network_create, network_grant, partnership_set
from .services.organisaties import professional_create
from .services.regios import gemeente_create, region_create, region_set_mandaatgemeente

REGION = ("IZA-regio Rivierenland", "rivierenland")
GEMEENTEN = [
    ("GM9801", "Waaldorp"),
    ("GM9802", "Lingewaard-Oost"),
    ("GM9803", "Dijkzicht"),
    ("GM9804", "Uiterwaarden"),
]
MANDAATGEMEENTE = "GM9801"
# (name, kind, agb, vestigingsgemeente, ring, roles)
ORGANISATIONS = [
    (
        "GGZ Rivierenland",
        OrganisationKind.GGZ_KERNINSTELLING,
        "06380001",
        "GM9801",
        Ring.INNER,
        [B, U, INF, M],
    ),
    ("Huisartsen Rivierenland", OrganisationKind.RHO, "53380002", "GM9802", Ring.INNER, [B, U]),
    ("Welzijn Rivierenland", OrganisationKind.SD_AANBIEDER, "98380003", "GM9803", Ring.INNER, [U]),
    ("Gemeente Waaldorp", OrganisationKind.GEMEENTE, None, "GM9801", Ring.INNER, [B, M]),
    (
        "Huisartsenpraktijk Aan de Waal",
        OrganisationKind.HUISARTSENPRAKTIJK,
        "01380005",
        "GM9802",
        Ring.INNER,
        [U],
    ),
]
# Rivierenland's professionals with a login: (email, role, name, organisation, discipline).
PROFESSIONALS = [
    (
        "huisarts.rivierenland@demo.mgn.nl",
        Role.HUISARTS,
        "Dr. Joost van Gelder",
        "Huisartsenpraktijk Aan de Waal",
        Discipline.HUISARTS,
    ),
    (
        "ggz.rivierenland@demo.mgn.nl",
        Role.GGZ_PROFESSIONAL,
        "Eva Lindhout",
        "GGZ Rivierenland",
        Discipline.GGZ_PROFESSIONAL,
    ),
    (
        "sociaaldomein.rivierenland@demo.mgn.nl",
        Role.SD_PROFESSIONAL,
        "Ahmed Benali",
        "Welzijn Rivierenland",
        Discipline.SD_PROFESSIONAL,
    ),
]
HUISARTS_AGB = "01389101"
INSURER = "Zorgverzekeraar Noordster"  # Veenland's preferred insurer finances here too
PROGRAMMA_LOGIN = ("programma@demo.mgn.nl", "Landelijk programma MGN")


def _is_specialist_referrals(item) -> bool:
    return "specialist" in f"{item.key} {item.label}".lower()


def _is_days_to_conversation(item) -> bool:
    return item.unit == indicators.Unit.DAYS and item.rule == "R-VG-3"


# (which indicator, kind, value, baseline year, note)
VEENLAND_TARGETS = [
    (
        _is_specialist_referrals,
        DoelKind.RELATIEF,
        -30,
        2024,
        "Minder verwijzingen naar de specialistische ggz dan in 2024.",
    ),
    (
        _is_days_to_conversation,
        DoelKind.ABSOLUUT,
        7,
        None,
        "Het verkennend gesprek binnen een week na de aanvraag.",
    ),
]


def _rivierenland() -> Network:
    region = Region.objects.filter(code=REGION[1]).first() or region_create(
        name=REGION[0], code=REGION[1]
    )
    gemeenten = {}
    for cbs, name in GEMEENTEN:
        gemeenten[cbs] = Gemeente.objects.filter(cbs_code=cbs).first() or gemeente_create(
            cbs_code=cbs, name=name, region=region
        )
    region_set_mandaatgemeente(region=region, gemeente=gemeenten[MANDAATGEMEENTE])
    organisations = {
        name: _organisation(name, kind, code, gemeenten.get(gm), {})
        for name, kind, code, gm, _ring, _roles in ORGANISATIONS
    }
    insurer = Organisation.objects.filter(
        name=INSURER, kind=OrganisationKind.ZORGVERZEKERAAR
    ).first()
    network = Network.objects.filter(slug="rivierenland").first() or network_create(
        name="MGN Rivierenland",
        slug="rivierenland",
        regievoerder=organisations["GGZ Rivierenland"],
        regions=[region],
        gemeenten=list(gemeenten.values()),
        preferente_zorgverzekeraar=insurer,
        description="Mentale gezondheidsnetwerk van de vier gemeenten langs de rivieren.",
    )
    for name, _kind, _code, _gm, ring, roles in ORGANISATIONS:
        partnership_set(network=network, organisation=organisations[name], ring=ring, roles=roles)
    if insurer is not None:
        partnership_set(network=network, organisation=insurer, ring=Ring.INNER, roles=[B, M])
    _professionals(network, organisations)
    return network


def _professionals(network: Network, organisations: dict) -> None:
    for email, role, name, organisation_name, discipline in PROFESSIONALS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name)
        user.groups.add(role_group(role))
        network_grant(network=network, user=user)
        organisation = organisations[organisation_name]
        if not Professional.objects.filter(user=user, organisation=organisation).exists():
            professional_create(
                organisation=organisation,
                user=user,
                name=name,
                discipline=discipline,
                email=email,
                agb_code=HUISARTS_AGB if discipline == Discipline.HUISARTS else "",
            )


def _veenland_targets() -> None:
    veenland = Network.objects.filter(slug="veenland").first()
    if veenland is None:
        return
    offered = [i for p in indicators.providers_for(veenland) for i in p.indicators]
    for matches, kind, value, baseline_year, note in VEENLAND_TARGETS:
        item = next((i for i in offered if matches(i)), None)
        if item is None:
            continue
        Doel.objects.update_or_create(
            network=veenland,
            indicator_key=item.key,
            defaults={"kind": kind, "value": value, "baseline_year": baseline_year, "note": note},
        )


def _programma_login() -> User:
    email, name = PROGRAMMA_LOGIN
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name)
    user.groups.add(role_group(Role.PROGRAMMA))
    return user


@transaction.atomic
def seed_demo() -> Network:
    network = _rivierenland()
    _veenland_targets()
    _programma_login()
    return network
