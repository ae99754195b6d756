"""Function I's cast lives in cast.py (registered as a plugin in tests/conftest.py so the
authorization matrix can use it too)."""

from .cast import VgCast, make_vg

__all__ = ["VgCast", "make_vg"]
