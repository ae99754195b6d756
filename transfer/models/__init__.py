from .tafel import Aanwezigheid, TafelLid, TafelOverleg, Transfertafel

__all__ = ["Aanwezigheid", "TafelLid", "TafelOverleg", "Transfertafel"]
