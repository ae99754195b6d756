"""Writes and rules of function II: tables, members, meetings and invitations (``tafels``,
``overleg``) and the matcher that proposes group transfers (``matcher``)."""
