"""The transfer table, its members and meetings (R-TR-5, R-TR-4)."""

from .tafel import Aanwezigheid, TafelLid, TafelOverleg, Transfertafel

__all__ = ["Aanwezigheid", "TafelLid", "TafelOverleg", "Transfertafel"]
