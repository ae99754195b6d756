"""Demo: Veenland's transformation plan for round 2025, in phase C (R-NW-6).

Versions 0.1 and 1.0 (1.0 shared after every submitting partner agreed), submitted on
20 November 2025, a positive voorgenomen besluit with an aandachtspuntenbrief and two
tracked points (one open, one afgehandeld), two reviewers (``beoordelaar@demo.mgn.nl`` and
``beoordelaar2@demo.mgn.nl``) and the transformatiemiddelen reserved. Idempotent."""

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from mgn.accounts.constants import Role
from mgn.accounts.models import role_group
from networks.demo import DEMO_PASSWORD
from networks.models import Network, Organisation, Transformatieplan
from networks.models.plan import BeoordelaarSoort, BesluitSoort, MiddelenStap, Uitkomst
from networks.services import plan as services

RONDE = 2025
COORDINATOR = "coordinator@demo.mgn.nl"
REVIEWERS = [
    (
        "beoordelaar@demo.mgn.nl",
        "Sanne de Wit (Zorgverzekeraar Noordster)",
        BeoordelaarSoort.EERSTE,
    ),
    ("beoordelaar2@demo.mgn.nl", "Ruud Mulder (tweede zorgverzekeraar)", BeoordelaarSoort.TWEEDE),
]
PARTNERS = ["GGZ Veenland", "Huisartsenorganisatie Veenland (HOV)", "Welzijn Veenland"]
# A tiny valid one-page PDF: the plan's and the letter's stand-in.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _pdf(name: str) -> ContentFile:
    return ContentFile(DEMO_PDF, name=name)


def _reviewer(email: str, name: str):
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name)
    user.groups.add(role_group(Role.BEOORDELAAR))
    return user


def seed_demo():
    network = Network.objects.filter(slug="veenland").first()
    coordinator = get_user_model().objects.filter(email=COORDINATOR).first()
    if network is None or coordinator is None:
        return None
    reviewers = [(_reviewer(email, name), soort) for email, name, soort in REVIEWERS]
    plan = Transformatieplan.objects.filter(network=network, ronde=RONDE).first()
    if plan is not None:
        return plan
    partners = list(Organisation.objects.filter(name__in=PARTNERS))
    plan = services.plan_create(
        network=network,
        ronde=RONDE,
        titel="Transformatieplan MGN Veenland 2025",
        indienende_partners=partners,
        created_by=coordinator,
    )
    services.versie_upload(
        plan=plan, nummer="0.1", document=_pdf("concept.pdf"), uploaded_by=coordinator
    )
    final = services.versie_upload(
        plan=plan, nummer="1.0", document=_pdf("plan.pdf"), uploaded_by=coordinator
    )
    for partner in partners:
        services.instemming_record(versie=final, organisation=partner, user=coordinator)
    services.versie_share(versie=final)
    for user, soort in reviewers:
        services.beoordelaar_assign(plan=plan, user=user, soort=soort, assigned_by=coordinator)
    services.plan_submit(plan=plan, ingediend_op=date(2025, 11, 20))
    ggz, hov = (next(p for p in partners if p.name == n) for n in PARTNERS[:2])
    besluit = services.besluit_record(
        plan=plan,
        soort=BesluitSoort.VOORGENOMEN,
        uitkomst=Uitkomst.POSITIEF,
        reden="Het plan sluit aan op de landelijke afspraken; twee punten vragen aandacht.",
        datum=date(2025, 12, 18),
        user=reviewers[0][0],
        brief=_pdf("aandachtspuntenbrief.pdf"),
        punten=[
            (
                "Betrek de ervaringsdeskundigen bij de evaluatie van het verkennend gesprek.",
                ggz,
                date(2026, 6, 30),
            ),
            (
                "Maak afspraken met alle huisartsenpraktijken over het aanvragen van een VG.",
                hov,
                date(2026, 3, 31),
            ),
        ],
    )
    services.aandachtspunt_afhandelen(
        punt=besluit.aandachtspunten.get(eigenaar=hov), op=date(2026, 3, 15)
    )
    services.middel_record(
        plan=plan,
        stap=MiddelenStap.RESERVERING,
        datum=date(2025, 12, 1),
        bedrag=Decimal("250000.00"),
        user=coordinator,
    )
    plan.refresh_from_db()
    return plan
