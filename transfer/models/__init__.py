"""The transfer table, its members and meetings (R-TR-5, R-TR-4), and its proposals."""

from .steekproef import Steekproef, SteekproefRegel
from .tafel import Aanwezigheid, TafelLid, TafelOverleg, Transfertafel
from .uitkomst import Uitkomst
from .verslag import VerslagJob
from .voorstel import Transfervoorstel

__all__ = [
    "Aanwezigheid",
    "Steekproef",
    "SteekproefRegel",
    "TafelLid",
    "TafelOverleg",
    "Transfertafel",
    "Transfervoorstel",
    "Uitkomst",
    "VerslagJob",
]
