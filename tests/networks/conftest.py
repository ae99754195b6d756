"""Fixtures of the networks tests."""

import pytest

from tests.networks import indicator_fakes


@pytest.fixture
def fake_providers(settings):
    """The fake indicator providers registered (indicator_fakes); the registry's cache
    cleared before and after. Yields the table of figures to fill."""
    indicator_fakes.register(settings)
    yield indicator_fakes.FIGURES
    indicator_fakes.unregister()
