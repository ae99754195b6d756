"""A synthetic national-scale dataset, built once with bulk inserts and reused.

Shape (deterministic for a given seed): 44 IZA-regions, 345 gemeenten (GM0001…),
~5,000 organisations of every kind (8-digit AGB codes where the kind has one,
4-digit UZOVI for 10 insurers), ~150 networks (3–4 per region) with 30–60
partnerships each that satisfy the model constraints, 10,000 users in role groups,
and guardian object permissions in the direct foreign-key tables: most users may
view one or two networks, network coordinators also coordinate theirs.

A few named users are what the scenarios log in as (see ``CAST``). For function I the
member huisarts has an API token (``CAST.api_key``) and one realistic request with a
definitive advies and its letter (``verkennend_gesprek``). Function III's offers and
waiting lists come from ``bench.dataset_wachttijden``, bekostiging's 1,000,000 declaration
lines and their export from ``bench.dataset_bekostiging``.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from bench import dataset_bekostiging, dataset_wachttijden
from mgn.accounts.constants import Role
from mgn.accounts.models import ApiToken, User
from networks.constants import (
    Discipline,
    NationalPrinciple,
    OrganisationKind,
    Ring,
)
from networks.models import (
    Gemeente,
    LeidendPrincipe,
    Network,
    NetworkUserObjectPermission,
    Organisation,
    OrganisationUserObjectPermission,
    Partnership,
    Professional,
    Region,
)
from verkennend_gesprek.constants import AdviesStatus, ParticipantRole, Status
from verkennend_gesprek.models import (
    Advies,
    AdviesBrief,
    Afspraak,
    Deelnemer,
    Gesprek,
    Persoon,
    VerkennendGesprek,
)

# Bump when the shape changes: a database marked with another version is rebuilt.
# 2: function I (the member's API token, a request with a definitive advies and letter).
# 3: function III (offers, intake slots, monthly figures, 1,000,000 waiting entries).
# 4: bekostiging (1,000,000 declaration lines for one insurer in one export).
# 5: the SD offers' waiting lists and free places (the transfer matcher's SD groups).
VERSION = "5"
SEED = 20261123

REGIONS = 44
GEMEENTEN = 345
USERS = 10_000
INSURERS = 10
# Networks per region: the first 18 regions have four, the rest three (150 in all).
FOUR_NETWORK_REGIONS = 18
PARTNERS_PER_NETWORK = (30, 60)

K = OrganisationKind
# Organisations of each kind per region (gemeenten come one per gemeente; insurers are national).
KINDS_PER_REGION = {
    K.GGZ_KERNINSTELLING: 2,
    K.RHO: 1,
    K.GGZ_AANBIEDER: 20,
    K.HUISARTSENPRAKTIJK: 45,
    K.SD_AANBIEDER: 18,
    K.VG_VVT: 4,
    K.WONINGCORPORATIE: 4,
    K.UWV: 1,
    K.POLITIE: 1,
    K.ONDERWIJS: 4,
    K.CJG: 2,
    K.LEVENSBESCHOUWELIJK: 2,
    K.OVERIG: 2,
}
# First two AGB digits (zorgsoort); synthetic but stable, followed by a running number.
AGB_PREFIX = {
    K.HUISARTSENPRAKTIJK: "01",
    K.RHO: "02",
    K.GGZ_KERNINSTELLING: "22",
    K.GGZ_AANBIEDER: "94",
    K.SD_AANBIEDER: "75",
    K.VG_VVT: "33",
}
OUTER_KINDS = [
    K.VG_VVT,
    K.WONINGCORPORATIE,
    K.UWV,
    K.POLITIE,
    K.ONDERWIJS,
    K.CJG,
    K.LEVENSBESCHOUWELIJK,
    K.OVERIG,
]
ORG_LABEL = {
    K.GGZ_KERNINSTELLING: "GGZ {}",
    K.RHO: "Huisartsen Coöperatie {}",
    K.GGZ_AANBIEDER: "Praktijk voor Psychologie {}",
    K.HUISARTSENPRAKTIJK: "Huisartsenpraktijk {}",
    K.SD_AANBIEDER: "Welzijn {}",
    K.VG_VVT: "Zorggroep {}",
    K.WONINGCORPORATIE: "Woonstichting {}",
    K.UWV: "UWV {}",
    K.POLITIE: "Politie basisteam {}",
    K.ONDERWIJS: "Onderwijsgroep {}",
    K.CJG: "CJG {}",
    K.LEVENSBESCHOUWELIJK: "Stichting Zingeving {}",
    K.OVERIG: "Stichting {}",
}


def _words(text: str, sep: str | None = None) -> list[str]:
    return text.split(sep)


STEMS = _words(
    "Aal Bree Cul Dal Eem Fries Gra Hol IJssel Kam Lin Mar Neer Oos Pey Ros Schoon "
    "Tie Uit Vel Wa Zee"
)
SUFFIXES = _words(
    "dam dorp veen hoven wijk broek horst sloot berg beek hem lo mond zijl drecht gum"
)
FIRST_NAMES = _words(
    "Anna Bram Daan Emma Fleur Gijs Hanna Ilse Jan Kees Lotte Mila Noah Olivier Pien "
    "Ruben Sanne Thijs Yara Zoë"
)
LAST_NAMES = _words(
    "de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, "
    "Janssen, Visser, Smit, Meijer, de Boer, Mulder, "
    "de Groot, Bos, Vos, Peters, Hendriks, van Leeuwen, "
    "Dekker, Brouwer, de Wit, Dijkstra, Smits, de Graaf",
    sep=", ",
)
QUARTERS = ["Noord", "Zuid", "Oost", "West"]

# Roles of the generated users, in proportion (the named users below come on top).
ROLE_SHARE = [
    (Role.HUISARTS, 40),
    (Role.GGZ_PROFESSIONAL, 20),
    (Role.SD_PROFESSIONAL, 18),
    (Role.ERVARINGSDESKUNDIGE, 5),
    (Role.GEMEENTE, 8),
    (Role.ZORGVERZEKERAAR, 1),
]
ROLE_DISCIPLINE = {
    Role.HUISARTS: Discipline.HUISARTS,
    Role.GGZ_PROFESSIONAL: Discipline.GGZ_PROFESSIONAL,
    Role.SD_PROFESSIONAL: Discipline.SD_PROFESSIONAL,
    Role.ERVARINGSDESKUNDIGE: Discipline.ERVARINGSDESKUNDIGE,
    Role.NETWERKCOORDINATOR: Discipline.NETWERKCOORDINATOR,
    Role.ZORGVERZEKERAAR: Discipline.MEDEWERKER_ZORGVERZEKERAAR,
    Role.GEMEENTE: Discipline.MEDEWERKER_GEMEENTE,
}
ROLE_EMPLOYER_KINDS = {
    Role.HUISARTS: [K.HUISARTSENPRAKTIJK],
    Role.GGZ_PROFESSIONAL: [K.GGZ_AANBIEDER, K.GGZ_KERNINSTELLING],
    Role.SD_PROFESSIONAL: [K.SD_AANBIEDER],
    Role.ERVARINGSDESKUNDIGE: [K.GGZ_KERNINSTELLING, K.SD_AANBIEDER],
    Role.NETWERKCOORDINATOR: [K.GGZ_KERNINSTELLING, K.RHO],
    Role.GEMEENTE: [K.GEMEENTE],
}
COORDINATORS_PER_NETWORK = 2
UNGRANTED_SHARE = 0.02  # invited users whose network has not granted them anything yet
SECOND_NETWORK_SHARE = 0.3


@dataclass(frozen=True)
class _Plan:
    """One user to create: role group, network grants (network, coordinate), employer."""

    email: str
    name: str
    role: str
    grants: list
    employer: Organisation | None = None
    superuser: bool = False


@dataclass(frozen=True)
class Cast:
    """The named users the scenarios log in as."""

    coordinator: str = "coordinator@bench.example"  # view + coordinate on 3 networks
    member: str = "huisarts@bench.example"  # view on 1 network
    insurer: str = "zorgverzekeraar@bench.example"  # view on 100 networks, not superuser
    superuser: str = "beheerder@bench.example"  # sees all networks
    coordinator_networks: int = 3
    insurer_networks: int = 100
    # The member huisarts's API token (a HIS); only its hash is stored, as for any token.
    api_key: str = "bench-his-token-not-a-secret-00000000000001"
    letter_reference_bsn: str = "999996708"  # RvIG test BSN (R-PR-3)


CAST = Cast()


def counts() -> dict[str, int]:
    """Rows per table, for the header of every run."""
    return {
        "regions": Region.objects.count(),
        "gemeenten": Gemeente.objects.count(),
        "organisations": Organisation.objects.count(),
        "networks": Network.objects.count(),
        "partnerships": Partnership.objects.count(),
        "professionals": Professional.objects.count(),
        "users": User.objects.count(),
        "network_grants": NetworkUserObjectPermission.objects.count(),
        "organisation_grants": OrganisationUserObjectPermission.objects.count(),
        "verkennende_gesprekken": VerkennendGesprek.objects.count(),
        **dataset_wachttijden.counts(),
        **dataset_bekostiging.counts(),
    }


def _place_names(rng: random.Random, n: int) -> list[str]:
    names = [stem + suffix for stem in STEMS for suffix in SUFFIXES]
    rng.shuffle(names)
    if n > len(names):
        raise ValueError(f"Only {len(names)} synthetic place names for {n} gemeenten.")
    return names[:n]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _pick_roles(rng: random.Random, ring: str) -> dict[str, bool]:
    """Roles for a partnership; never empty, and the outer ring always has I or R."""
    if ring == Ring.OUTER:
        informatie, inroepbaar = rng.choice([(True, False), (False, True), (True, True)])
        return {"role_informatie": informatie, "role_inroepbaar": inroepbaar}
    return {"role_uitvoering": True, "role_informatie": rng.random() < 0.5}


class _Builder:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.agb_seq = 0

    def agb(self, kind: str) -> str | None:
        prefix = AGB_PREFIX.get(kind)
        if prefix is None:
            return None
        self.agb_seq += 1
        return f"{prefix}{self.agb_seq:06d}"

    # Geography ------------------------------------------------------------------------
    def geography(self) -> None:
        rng = self.rng
        names = _place_names(rng, GEMEENTEN)
        per_region = [GEMEENTEN // REGIONS + (i < GEMEENTEN % REGIONS) for i in range(REGIONS)]
        self.region_places: list[list[str]] = []
        start = 0
        for size in per_region:
            self.region_places.append(names[start : start + size])
            start += size
        self.regions = Region.objects.bulk_create(
            Region(name=f"IZA-regio {places[0]} e.o.", code=slugify(f"{places[0]}-eo"))
            for places in self.region_places
        )
        gemeenten = []
        code = 0
        for region, places in zip(self.regions, self.region_places, strict=True):
            for place in places:
                code += 1
                gemeenten.append(Gemeente(cbs_code=f"GM{code:04d}", name=place, region=region))
        gemeenten = Gemeente.objects.bulk_create(gemeenten)
        self.region_gemeenten: dict[int, list[Gemeente]] = {r.pk: [] for r in self.regions}
        for gemeente in gemeenten:
            self.region_gemeenten[gemeente.region_id].append(gemeente)
        for region in self.regions:
            region.mandaatgemeente = self.region_gemeenten[region.pk][0]
        Region.objects.bulk_update(self.regions, ["mandaatgemeente"])

    # Organisations --------------------------------------------------------------------
    def organisations(self) -> None:
        rng = self.rng
        orgs: list[Organisation] = []
        for i in range(INSURERS):
            orgs.append(
                Organisation(
                    name=f"Zorgverzekeraar {chr(ord('A') + i)}",
                    kind=K.ZORGVERZEKERAAR,
                    uzovi=f"{3301 + i}",
                    website=f"https://zv{i + 1}.example",
                )
            )
        for region in self.regions:
            gemeenten = self.region_gemeenten[region.pk]
            for gemeente in gemeenten:
                orgs.append(
                    Organisation(
                        name=f"Gemeente {gemeente.name}",
                        kind=K.GEMEENTE,
                        gemeente=gemeente,
                        email=f"mgn@{slugify(gemeente.name)}.example",
                    )
                )
            for kind, n in KINDS_PER_REGION.items():
                for j in range(n):
                    gemeente = rng.choice(gemeenten)
                    label = ORG_LABEL[kind].format(
                        gemeente.name if n == 1 else f"{gemeente.name} {j + 1}"
                    )
                    orgs.append(
                        Organisation(
                            name=label,
                            kind=kind,
                            agb_code=self.agb(kind),
                            gemeente=gemeente,
                            vrijgevestigd=kind == K.GGZ_AANBIEDER and rng.random() < 0.6,
                            address=f"Dorpsstraat {rng.randint(1, 250)}, {gemeente.name}",
                            phone=f"0{rng.randint(100000000, 999999999)}",
                        )
                    )
        orgs = Organisation.objects.bulk_create(orgs, batch_size=2000)
        self.insurers = [o for o in orgs if o.kind == K.ZORGVERZEKERAAR]
        region_of_gemeente = {g.pk: rid for rid, gs in self.region_gemeenten.items() for g in gs}
        self.region_orgs: dict[int, dict[str, list[Organisation]]] = {
            r.pk: {} for r in self.regions
        }
        for org in orgs:
            if org.gemeente_id is None:
                continue
            by_kind = self.region_orgs[region_of_gemeente[org.gemeente_id]]
            by_kind.setdefault(org.kind, []).append(org)

    # Networks and partnerships ----------------------------------------------------------
    def networks(self) -> None:
        rng = self.rng
        networks: list[Network] = []
        network_region: list[Region] = []
        for index, region in enumerate(self.regions):
            n = 4 if index < FOUR_NETWORK_REGIONS else 3
            leaders = (
                self.region_orgs[region.pk][K.GGZ_KERNINSTELLING]
                + self.region_orgs[region.pk][K.RHO]
            )
            place = self.region_places[index][0]
            for q in range(n):
                networks.append(
                    Network(
                        name=f"MGN {place} {QUARTERS[q]}",
                        slug=slugify(f"mgn-{place}-{QUARTERS[q]}"),
                        description=f"Mentale gezondheidsnetwerk voor {place} {QUARTERS[q]}.",
                        regievoerder=leaders[q % len(leaders)],
                        preferente_zorgverzekeraar=rng.choice(self.insurers),
                        offers_casusoverleg=rng.random() < 0.4,
                    )
                )
                network_region.append(region)
        self.networks_list = Network.objects.bulk_create(networks)
        self.network_region = dict(
            zip((n.pk for n in self.networks_list), network_region, strict=True)
        )

        region_links, gemeente_links, principes, partnerships = [], [], [], []
        RegionLink = Network.regions.through
        GemeenteLink = Network.gemeenten.through
        by_region: dict[int, list[Network]] = {}
        for network in self.networks_list:
            by_region.setdefault(self.network_region[network.pk].pk, []).append(network)
        region_ids = [r.pk for r in self.regions]
        self.network_partners: dict[int, list[Organisation]] = {}
        for position, network in enumerate(self.networks_list):
            region = self.network_region[network.pk]
            region_links.append(RegionLink(network_id=network.pk, region_id=region.pk))
            if position % 10 == 9:  # some networks reach into the neighbouring region
                other = region_ids[(region_ids.index(region.pk) + 1) % len(region_ids)]
                region_links.append(RegionLink(network_id=network.pk, region_id=other))
            siblings = by_region[region.pk]
            share = siblings.index(network)
            own_gemeenten = self.region_gemeenten[region.pk][share :: len(siblings)]
            for gemeente in own_gemeenten:
                gemeente_links.append(GemeenteLink(network_id=network.pk, gemeente_id=gemeente.pk))
            for order, principle in enumerate(NationalPrinciple.values):
                principes.append(
                    LeidendPrincipe(
                        network=network,
                        title=f"Principe {order + 1}",
                        national_principles=[principle],
                        order=order,
                        text=f"Zo werken wij in {network.name} aan '{principle}'.",
                    )
                )
            partnerships.extend(self._partnerships(network, region, own_gemeenten))
        Network.regions.through.objects.bulk_create(region_links)
        Network.gemeenten.through.objects.bulk_create(gemeente_links)
        LeidendPrincipe.objects.bulk_create(principes)
        Partnership.objects.bulk_create(partnerships, batch_size=2000)

    def _partnerships(self, network, region, own_gemeenten) -> list[Partnership]:
        rng = self.rng
        orgs = self.region_orgs[region.pk]
        target = rng.randint(*PARTNERS_PER_NETWORK)
        chosen: dict[int, Partnership] = {}

        def add(org, ring=Ring.INNER, **roles):
            if org.pk not in chosen:
                roles = roles or _pick_roles(rng, ring)
                chosen[org.pk] = Partnership(network=network, organisation=org, ring=ring, **roles)

        add(network.regievoerder, role_beleid=True, role_uitvoering=True, role_monitoring=True)
        for org in orgs[K.GGZ_KERNINSTELLING] + orgs[K.RHO]:
            add(org, role_beleid=True, role_uitvoering=True)
        for gemeente in own_gemeenten:
            gemeente_org = next(o for o in orgs[K.GEMEENTE] if o.gemeente_id == gemeente.pk)
            add(gemeente_org, role_beleid=True, role_monitoring=True)
        add(network.preferente_zorgverzekeraar, role_beleid=True, role_monitoring=True)
        for kind in rng.sample(OUTER_KINDS, 5):
            add(rng.choice(orgs[kind]), ring=Ring.OUTER)
        pool = orgs[K.HUISARTSENPRAKTIJK] + orgs[K.GGZ_AANBIEDER] + orgs[K.SD_AANBIEDER]
        for org in rng.sample(pool, len(pool)):
            if len(chosen) >= target:
                break
            ring = Ring.OUTER if org.kind == K.GGZ_AANBIEDER and rng.random() < 0.2 else Ring.INNER
            add(org, ring=ring)
        self.network_partners[network.pk] = [p.organisation for p in chosen.values()]
        return list(chosen.values())

    # Users, roles, grants ----------------------------------------------------------------
    def users(self) -> None:
        rng = self.rng
        groups = {role: Group.objects.get_or_create(name=role)[0] for role in Role.values}
        perm = {
            codename: Permission.objects.get(content_type__app_label="networks", codename=codename)
            for codename in (
                "view_network",
                "coordinate_network",
                "view_organisation",
                "act_for_organisation",
            )
        }
        networks = self.networks_list
        spread = rng.sample(networks, CAST.coordinator_networks)
        plans = [
            _Plan(
                CAST.coordinator,
                "Coördinator Bench",
                Role.NETWERKCOORDINATOR,
                [(n, True) for n in spread],
            ),
            _Plan(CAST.member, "Huisarts Bench", Role.HUISARTS, [(networks[0], False)]),
            _Plan(
                CAST.insurer,
                "Zorgverzekeraar Bench",
                Role.ZORGVERZEKERAAR,
                [(n, False) for n in networks[: CAST.insurer_networks]],
                self.insurers[0],
            ),
            _Plan(CAST.superuser, "Beheerder Bench", Role.BEHEERDER, [], superuser=True),
        ]
        for network in networks:
            for c in range(COORDINATORS_PER_NETWORK):
                email = f"coordinator-{network.slug}-{c + 1}@bench.example"
                plans.append(_Plan(email, _person(rng), Role.NETWERKCOORDINATOR, [(network, True)]))
        roles = [role for role, _ in ROLE_SHARE]
        weights = [share for _, share in ROLE_SHARE]
        for i in range(USERS - len(plans)):
            role = rng.choices(roles, weights)[0]
            insurer = rng.choice(self.insurers) if role == Role.ZORGVERZEKERAAR else None
            if rng.random() < UNGRANTED_SHARE:
                grants = []
            elif insurer is not None:
                grants = [
                    (n, False) for n in networks if n.preferente_zorgverzekeraar_id == insurer.pk
                ]
            else:
                first = rng.choice(networks)
                grants = [(first, False)]
                if rng.random() < SECOND_NETWORK_SHARE:
                    second = rng.choice(networks)
                    if second.pk != first.pk:
                        grants.append((second, False))
            email = f"{role}-{i + 1:05d}@bench.example"
            plans.append(_Plan(email, _person(rng), role, grants, insurer))

        users = User.objects.bulk_create(
            (
                User(
                    email=p.email,
                    full_name=p.name,
                    password="!bench",
                    is_superuser=p.superuser,
                    is_staff=p.superuser,
                )
                for p in plans
            ),
            batch_size=2000,
        )
        memberships, network_grants, org_grants, professionals = [], [], [], []
        for user, plan in zip(users, plans, strict=True):
            name, role, grants, employer = plan.name, plan.role, plan.grants, plan.employer
            memberships.append(User.groups.through(user_id=user.pk, group_id=groups[role].pk))
            for network, coordinate in grants:
                codenames = (
                    ["view_network", "coordinate_network"] if coordinate else ["view_network"]
                )
                for codename in codenames:
                    network_grants.append(
                        NetworkUserObjectPermission(
                            user=user,
                            permission=perm[codename],
                            content_object=network,
                        )
                    )
            if role == Role.ZORGVERZEKERAAR:
                for codename in ("view_organisation", "act_for_organisation"):
                    org_grants.append(
                        OrganisationUserObjectPermission(
                            user=user,
                            permission=perm[codename],
                            content_object=employer,
                        )
                    )
            if role == Role.BEHEERDER:
                continue
            employer = employer or self._employer(role, grants)
            professionals.append(
                Professional(
                    organisation=employer,
                    user=user,
                    name=name,
                    discipline=ROLE_DISCIPLINE[role],
                    agb_code=f"01{rng.randint(0, 999999):06d}" if role == Role.HUISARTS else "",
                    email=user.email,
                )
            )
        User.groups.through.objects.bulk_create(memberships, batch_size=5000)
        NetworkUserObjectPermission.objects.bulk_create(network_grants, batch_size=5000)
        OrganisationUserObjectPermission.objects.bulk_create(org_grants, batch_size=5000)
        Professional.objects.bulk_create(professionals, batch_size=5000)

    def _employer(self, role: str, grants) -> Organisation:
        rng = self.rng
        kinds = ROLE_EMPLOYER_KINDS[role]
        if grants:
            partners = [o for o in self.network_partners[grants[0][0].pk] if o.kind in kinds]
            if partners:
                return rng.choice(partners)
        region = rng.choice(self.regions)
        return rng.choice(self.region_orgs[region.pk][kinds[0]])

    # Function I --------------------------------------------------------------------------
    def verkennend_gesprek(self) -> None:
        """The member huisarts's API token, and one request as far as a definitive advies
        with a letter to render: three professionals and a naaste, four agreements."""
        network = self.networks_list[0]
        member = User.objects.get(email=CAST.member)
        huisarts = Professional.objects.select_related("organisation").get(user=member)
        practice = huisarts.organisation
        if practice.kind != K.HUISARTSENPRAKTIJK:  # pragma: no cover - seed dependent
            raise ValueError(f"{CAST.member} works at {practice}, not at a practice.")
        partners = {org.kind: org for org in reversed(self.network_partners[network.pk])}
        region_orgs = self.region_orgs[self.network_region[network.pk].pk]
        for kind in (K.GGZ_KERNINSTELLING, K.SD_AANBIEDER):
            partners.setdefault(kind, region_orgs[kind][0])
        for org in (practice, partners[K.GGZ_KERNINSTELLING], partners[K.SD_AANBIEDER]):
            Partnership.objects.get_or_create(
                network=network,
                organisation=org,
                defaults={"ring": Ring.INNER, "role_uitvoering": True},
            )
        ApiToken.objects.create(
            user=member,
            name="HIS Bench",
            prefix=CAST.api_key[:8],
            key_hash=ApiToken.hash_key(CAST.api_key),
        )
        ggz, sd, ed = Professional.objects.bulk_create(
            [
                Professional(
                    organisation=partners[K.GGZ_KERNINSTELLING],
                    name="Samira Bouzid",
                    discipline=Discipline.GGZ_PROFESSIONAL,
                    email="s.bouzid@ggz.bench.example",
                ),
                Professional(
                    organisation=partners[K.SD_AANBIEDER],
                    name="Peter van der Linden",
                    discipline=Discipline.SD_PROFESSIONAL,
                    email="p.vanderlinden@welzijn.bench.example",
                ),
                Professional(
                    organisation=partners[K.SD_AANBIEDER],
                    name="Marieke Hofstra",
                    discipline=Discipline.ERVARINGSDESKUNDIGE,
                ),
            ]
        )
        persoon = Persoon.objects.create(
            network=network,
            bsn=CAST.letter_reference_bsn,
            given_name="Johanna",
            family_name_prefix="van",
            family_name="Wijk",
            date_of_birth=date(1976, 10, 4),
            gemeente=network.gemeenten.order_by("pk").first(),
            address="Dorpsstraat 14",
            phone="06-00000000",
            insurer=self.insurers[0],
            policy_number="BENCH000001",
        )
        requested = timezone.now() - timedelta(days=30)
        vg = VerkennendGesprek.objects.create(
            network=network,
            persoon=persoon,
            practice=practice,
            huisarts=huisarts,
            huisarts_agb=huisarts.agb_code,
            requested_by=member,
            requested_at=requested,
            hulpvraag="Sinds ik mijn baan kwijt ben, loopt alles vast: schulden, slecht slapen, "
            "ruzie thuis. Ik wil weer overzicht en rust.",
            life_domains=["geld", "werk", "relaties"],
            expertise=["schulden"],
            naaste_komt=True,
            consent=True,
            status=Status.ADVIES,
        )
        gesprek = Gesprek.objects.create(
            verkennend_gesprek=vg,
            starts_at=requested + timedelta(days=9),
            location="Wijkcentrum De Brug, Dorpsstraat 1",
            held=True,
        )
        Deelnemer.objects.bulk_create(
            [
                Deelnemer(
                    gesprek=gesprek, role=ParticipantRole.GGZ, professional=ggz, present=True
                ),
                Deelnemer(gesprek=gesprek, role=ParticipantRole.SD, professional=sd, present=True),
                Deelnemer(
                    gesprek=gesprek,
                    role=ParticipantRole.ERVARINGSDESKUNDIGE,
                    professional=ed,
                    present=True,
                ),
                Deelnemer(
                    gesprek=gesprek, role=ParticipantRole.NAASTE, name="Kees van Wijk", present=True
                ),
            ]
        )
        advies = Advies.objects.create(
            verkennend_gesprek=vg,
            status=AdviesStatus.DEFINITIEF,
            summary="Johanna raakte na het verlies van haar baan in de schulden; de spanning "
            "geeft slaapproblemen en ruzies thuis. Zij wil eerst overzicht over haar geld en "
            "daarna hulp bij de somberheid. Er zijn geen signalen van acuut gevaar.",
            route_begeleiding_sd=True,
            route_poh_ggz=True,
            route_sociale_basis=True,
            overbrugging="Wekelijks een telefonisch contact met de POH-ggz tot de intake.",
            regie="Johanna zelf, met steun van haar partner",
            contact_point="POH-ggz van de huisartsenpraktijk, op werkdagen 8–17 uur",
            agreed_with_person=True,
            finalised_at=requested + timedelta(days=10),
        )
        Afspraak.objects.bulk_create(
            Afspraak(advies=advies, order=i, **row)
            for i, row in enumerate(
                [
                    {
                        "who": "Peter van der Linden",
                        "what": "Aanmelding schuldhulpverlening en een eerste overzicht",
                        "where": "Loket Werk en Inkomen",
                        "when": "binnen 2 weken",
                        "offer": "Schuldhulpverlening",
                        "provider": "Welzijn",
                        "waiting_time": "3 weken",
                    },
                    {
                        "who": "Johanna",
                        "what": "Afspraak bij de POH-ggz over slapen en somberheid",
                        "where": "Huisartsenpraktijk",
                        "when": "deze week",
                        "offer": "Behandeling POH-ggz",
                    },
                    {
                        "who": "Marieke Hofstra",
                        "what": "Samen naar de lotgenotengroep 'Opnieuw aan het werk'",
                        "where": "Buurthuis",
                        "when": "elke donderdag",
                        "offer": "Lotgenotengroep",
                        "provider": "Herstelhuis",
                    },
                    {
                        "who": "Samira Bouzid",
                        "what": "Telefonisch evalueren met de huisarts na zes weken",
                        "when": "over 6 weken",
                    },
                ]
            )
        )
        AdviesBrief.objects.create(advies=advies)


def build(seed: int = SEED) -> None:
    """Fill an empty, migrated database; all or nothing."""
    builder = _Builder(seed)
    with transaction.atomic():
        builder.geography()
        builder.organisations()
        builder.networks()
        builder.users()
        builder.verkennend_gesprek()
        dataset_wachttijden.build(builder)
        dataset_bekostiging.build(builder)
    # Fresh statistics, so the planner sees the national-scale row counts.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def is_empty() -> bool:
    return not (User.objects.exists() or Network.objects.exists() or Region.objects.exists())
