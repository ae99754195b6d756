"""The browser fixtures live in tests/browser.py (a plugin registered in tests/conftest.py),
so one Chromium serves every browser test in the session."""

from tests.browser import CHROMIUM, CHROMIUM_ARGS, assert_accessible, login

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "assert_accessible", "login"]
