"""Append-only access log of personal data following NEN 7513 (R-PR-1).

Views call :func:`mgn.audit.services.log_access` — one line per access.
"""
