"""Shared fixtures: the personas of every behaviour test live in qizhi.core.testing."""

import pytest

from qizhi.core.testing import Personas, build_personas


@pytest.fixture
def personas(db) -> Personas:
    return build_personas()
