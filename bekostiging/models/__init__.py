"""Every model of bekostiging (Django loads them from here), one module per capability."""

from .begroting import Begrotingspost
from .contracten import Contract, FunctieKassier, Prestatie, RegionaalBedrag, Verdeelsleutel
from .contractering import ContractDocumentBevestiging, ContractDocumentVersie
from .declaraties import (
    REFERENCE_PREFIX,
    Declaratieregel,
    TegengehoudenDeclaratie,
    Verzekering,
    pk_from_reference,
    reference_for,
)
from .exports import Export, ExportRegel, _export_path
from .financiering import GemeenteAfspraak, OverschrijdingBesluit
from .retour import Retourbericht

__all__ = [
    "REFERENCE_PREFIX",
    "Begrotingspost",
    "Contract",
    "ContractDocumentBevestiging",
    "ContractDocumentVersie",
    "Declaratieregel",
    "Export",
    "ExportRegel",
    "FunctieKassier",
    "GemeenteAfspraak",
    "OverschrijdingBesluit",
    "Prestatie",
    "RegionaalBedrag",
    "Retourbericht",
    "TegengehoudenDeclaratie",
    "Verdeelsleutel",
    "Verzekering",
    "_export_path",
    "pk_from_reference",
    "reference_for",
]
