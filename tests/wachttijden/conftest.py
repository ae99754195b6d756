"""Function III's cast lives in cast.py (a plugin registered in tests/conftest.py)."""

from .cast import AanbodFactory, WtCast

__all__ = ["AanbodFactory", "WtCast"]
