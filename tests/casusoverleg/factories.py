"""Factories of function IV: an AVG agreement, a series (through its service, so the
composition rule and the planned meetings come with it) and a case registered through
``casus_register``."""

from datetime import time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from casusoverleg.constants import Betrokkenheid, Frequency, Leeftijdsgroep, Reden
from casusoverleg.services.afspraak import afspraak_record
from casusoverleg.services.casussen import casus_register
from casusoverleg.services.reeksen import reeks_create

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_file(name="afspraak.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def make_afspraak(network, *, recorded_by, signatories=None, **fields):
    fields.setdefault("title", "Verwerkingsafspraak casusoverleg")
    fields.setdefault("signed_on", timezone.localdate() - timedelta(days=30))
    fields.setdefault("purpose", "Anoniem bespreken van vastgelopen hulpvragen.")
    fields.setdefault("retention_months", 12)
    if signatories is None:
        signatories = [p.organisation for p in network.partnerships.select_related("organisation")]
    return afspraak_record(
        network=network,
        document=fields.pop("document", None) or pdf_file(),
        signatories=signatories,
        recorded_by=recorded_by,
        **fields,
    )


def make_reeks(network, members, **fields):
    fields.setdefault("name", "Casusoverleg Noord")
    fields.setdefault("frequency", Frequency.TWEEWEKELIJKS)
    fields.setdefault("default_time", time(13, 30))
    return reeks_create(network=network, members=members, **fields)


def case_fields(**fields):
    """Valid fields of a case, without identifiers."""
    values = {
        "reden": Reden.NIET_ALLEEN,
        "situatie": "Alleenstaande met schulden en somberheid; de woning dreigt verloren te gaan.",
        "levensdomeinen": ["geld", "wonen"],
        "geprobeerd": "Budgetcoaching en twee gesprekken bij de POH-ggz.",
        "vraag": "Wie kan schuldhulp en behandeling samen oppakken?",
        "leeftijdsgroep": Leeftijdsgroep.L27_44,
        "betrokkenheid": Betrokkenheid.MEEGEDAAN,
    }
    values.update(fields)
    return values


def register(reeks, *, organisation, user, gemeente, **fields):
    return casus_register(
        reeks=reeks,
        organisation=organisation,
        registered_by=user,
        gemeente=gemeente,
        **case_fields(**fields),
    )
