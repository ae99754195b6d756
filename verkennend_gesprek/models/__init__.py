from .advies import Advies, AdviesBrief, Afspraak
from .gesprek import Deelnemer, Gesprek, Persoon, VerkennendGesprek

__all__ = [
    "Advies",
    "AdviesBrief",
    "Afspraak",
    "Deelnemer",
    "Gesprek",
    "Persoon",
    "VerkennendGesprek",
]
