"""Function IV: the AVG agreement, meeting series with their members and meetings,
anonymous cases with outcomes, bottleneck signals, and the minutes as PDF."""

from .afspraak import Verwerkingsafspraak
from .casus import Casus, CasusTelling, CasusUitkomst
from .notulen import NotulenJob
from .reeks import CasusAanwezigheid, CasusOverleg, Casusreeks, ReeksLid
from .signaal import Signaal

__all__ = [
    "Casus",
    "CasusAanwezigheid",
    "CasusOverleg",
    "CasusTelling",
    "CasusUitkomst",
    "Casusreeks",
    "NotulenJob",
    "ReeksLid",
    "Signaal",
    "Verwerkingsafspraak",
]
