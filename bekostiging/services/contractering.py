"""R-NW-7: a coordinator adds a version of a contracting document (an uploaded PDF of the
plan or the samenwerkingsovereenkomst, or the generated begroting of a year or list of
participating parties frozen as CSV); a partner confirms the latest version for its own
organisation."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from bekostiging.constants import (
    UPLOADED_DOCUMENTS,
    ContractDocument,
    DocumentFormat,
)
from bekostiging.models import ContractDocumentBevestiging, ContractDocumentVersie
from bekostiging.selectors.begroting import budget_overview
from bekostiging.selectors.contractering import (
    CONFIRMING,
    begroting_csv_rows,
    partijen_csv_rows,
)
from mgn.exports import csv_lines
from mgn.validators import check_pdf_upload
from networks.models import Network, Organisation, Partnership
from networks.selectors.organisaties import can_act_for


def _add_version(
    *, network: Network, soort: str, fmt: str, content, user, year=None, file_name=""
) -> ContractDocumentVersie:
    """The next version number under a lock on the network."""
    Network.objects.select_for_update().filter(pk=network.pk).first()
    last = ContractDocumentVersie.objects.filter(network=network, soort=soort).aggregate(
        m=Max("number")
    )["m"]
    versie = ContractDocumentVersie(
        network=network,
        soort=soort,
        number=(last or 0) + 1,
        year=year,
        format=fmt,
        file_name=file_name[-200:],
        uploaded_by=user,
    )
    versie.file.save(versie.download_name, content, save=False)
    versie.save()
    return versie


@transaction.atomic
def contract_document_upload(*, network: Network, soort: str, document, user):
    """A new version of the plan or the samenwerkingsovereenkomst (an uploaded PDF)."""
    if soort not in UPLOADED_DOCUMENTS:
        raise ValidationError(
            {"soort": _("De begroting en de lijst van partijen worden gegenereerd, niet geüpload.")}
        )
    check_pdf_upload(document)
    name = (getattr(document, "name", "") or "").replace("\n", " ").replace("\r", " ")
    return _add_version(
        network=network,
        soort=soort,
        fmt=DocumentFormat.PDF,
        content=document,
        user=user,
        file_name=name,
    )


def _csv_file(rows) -> ContentFile:
    return ContentFile("".join(csv_lines(rows)).encode("utf-8"))


@transaction.atomic
def partijen_freeze(*, network: Network, user) -> ContractDocumentVersie:
    """Freeze the generated list of participating parties as a CSV version."""
    return _add_version(
        network=network,
        soort=ContractDocument.PARTIJEN,
        fmt=DocumentFormat.CSV,
        content=_csv_file(partijen_csv_rows(network)),
        user=user,
    )


@transaction.atomic
def begroting_freeze(*, network: Network, year: int, user) -> ContractDocumentVersie:
    """Freeze the year's begroting (budget_overview) as a CSV version; a year without
    budget lines is refused."""
    overview = budget_overview(network, year)
    if not overview.functions or not overview.total.budget:
        raise ValidationError(
            _("De begroting van %(year)s heeft nog geen posten: voeg eerst begrotingsposten toe.")
            % {"year": year}
        )
    return _add_version(
        network=network,
        soort=ContractDocument.BEGROTING,
        fmt=DocumentFormat.CSV,
        content=_csv_file(begroting_csv_rows(overview)),
        user=user,
        year=year,
    )


@transaction.atomic
def contract_document_confirm(
    *, versie: ContractDocumentVersie, organisation: Organisation, user
) -> ContractDocumentBevestiging:
    """The organisation confirms the version: it must be a confirming partner of the
    network (inner ring, role B or U), the user must act for it, and the version must be
    the latest of its document (of its year, for a begroting)."""
    if not Partnership.objects.filter(
        CONFIRMING, network_id=versie.network_id, organisation=organisation
    ).exists():
        raise ValidationError(
            _("%(org)s is geen formele partner met rol B of U in dit netwerk en bevestigt niet.")
            % {"org": organisation.name}
        )
    if not can_act_for(user, organisation):
        raise ValidationError(_("U handelt niet namens %(org)s.") % {"org": organisation.name})
    newer = ContractDocumentVersie.objects.filter(
        network_id=versie.network_id, soort=versie.soort, number__gt=versie.number
    )
    if versie.soort == ContractDocument.BEGROTING:
        newer = newer.filter(year=versie.year)
    if newer.exists():
        raise ValidationError(_("Er is een nieuwere versie; bevestig die."))
    try:
        with transaction.atomic():
            return ContractDocumentBevestiging.objects.create(
                versie=versie, organisation=organisation, confirmed_by=user
            )
    except IntegrityError:
        raise ValidationError(
            _("%(org)s heeft deze versie al bevestigd.") % {"org": organisation.name}
        ) from None
