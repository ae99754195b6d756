"""Business rules of function II: the matcher that proposes group transfers (``matcher``)."""
