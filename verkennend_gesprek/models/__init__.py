from .advies import Advies, AdviesBrief, Afspraak
from .gesprek import Deelnemer, Gesprek, GeweigerdeAanvraag, Persoon, VerkennendGesprek

__all__ = [
    "Advies",
    "AdviesBrief",
    "Afspraak",
    "Deelnemer",
    "Gesprek",
    "GeweigerdeAanvraag",
    "Persoon",
    "VerkennendGesprek",
]
