"""Reads of function II: who sees and manages which transfer table."""
