"""Writes of function II: tables, members, meetings and invitations."""
