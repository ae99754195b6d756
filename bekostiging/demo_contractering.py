"""Demo: Veenland's contracting checklist half done (R-NW-7). Runs after
bekostiging.demo.seed_demo (settings.DEMO_SEEDERS) and is idempotent.

- the samenwerkingsovereenkomst is uploaded and confirmed by every confirming partner;
- this year's begroting is frozen and confirmed by about half of them;
- the transformation plan and the list of participating parties are missing;
- the kassier of casusoverleg (function IV) stops at the end of this year, so next year's
  checklist names that function as without regie and kassier.
"""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from bekostiging.constants import ContractDocument, Function
from bekostiging.models import ContractDocumentBevestiging, ContractDocumentVersie, FunctieKassier
from bekostiging.selectors.contractering import confirming_partnerships, contracting_checklist
from bekostiging.services import contractering, kassiers
from mgn.accounts.models import User
from networks.constants import OrganisationPermission
from networks.models import Network, OrganisationUserObjectPermission, Professional

NETWORK = "veenland"
COORDINATOR = "coordinator@demo.mgn.nl"
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _confirmer(organisation, fallback: User) -> User:
    """A demo user acting for the organisation, else one working there, else the
    coordinator (the demo has no login for every partner)."""
    grant = (
        OrganisationUserObjectPermission.objects.filter(
            content_object=organisation, permission__codename=OrganisationPermission.ACT_FOR
        )
        .select_related("user")
        .first()
    )
    if grant:
        return grant.user
    professional = Professional.objects.filter(
        organisation=organisation, user__isnull=False
    ).first()
    return professional.user if professional else fallback


def _confirm(versie, organisations, fallback) -> None:
    for organisation in organisations:
        ContractDocumentBevestiging.objects.get_or_create(
            versie=versie,
            organisation=organisation,
            defaults={"confirmed_by": _confirmer(organisation, fallback)},
        )


@transaction.atomic
def seed_demo() -> str:
    network = Network.objects.get(slug=NETWORK)
    coordinator = User.objects.get(email=COORDINATOR)
    year = timezone.localdate().year
    partners = [p.organisation for p in confirming_partnerships(network)]

    sok = (
        ContractDocumentVersie.objects.filter(
            network=network, soort=ContractDocument.SAMENWERKINGSOVEREENKOMST
        )
        .order_by("-number")
        .first()
    )
    if sok is None:
        sok = contractering.contract_document_upload(
            network=network,
            soort=ContractDocument.SAMENWERKINGSOVEREENKOMST,
            document=SimpleUploadedFile(
                "samenwerkingsovereenkomst-veenland.pdf", DEMO_PDF, "application/pdf"
            ),
            user=coordinator,
        )
    _confirm(sok, partners, coordinator)

    begroting = (
        ContractDocumentVersie.objects.filter(
            network=network, soort=ContractDocument.BEGROTING, year=year
        )
        .order_by("-number")
        .first()
    )
    if begroting is None:
        begroting = contractering.begroting_freeze(network=network, year=year, user=coordinator)
    _confirm(begroting, partners[: len(partners) // 2], coordinator)

    kassier = FunctieKassier.objects.filter(
        network=network, function=Function.CASUSOVERLEG, ends_on__isnull=True
    ).first()
    if kassier is not None and kassier.starts_on <= date(year, 12, 31):
        kassiers.functie_kassier_end(kassier=kassier, ends_on=date(year, 12, 31))

    missing = contracting_checklist(network, year).missing
    return f"contractering {year}: {len(missing)} punten nog nodig"
