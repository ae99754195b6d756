"""The transfer table, its members and meetings (R-TR-5, R-TR-4), and its proposals."""

from .tafel import Aanwezigheid, TafelLid, TafelOverleg, Transfertafel
from .voorstel import Transfervoorstel

__all__ = ["Aanwezigheid", "TafelLid", "TafelOverleg", "Transfertafel", "Transfervoorstel"]
