"""Shared fixtures: the personas of every behaviour test live in qizhi.org.testing; every app's
``testing`` module (its samples for the scoping meta-test) is imported once here."""

import pytest

from qizhi.core.testing import discover_samples
from qizhi.org.testing import Personas, build_personas

discover_samples()


@pytest.fixture
def personas(db) -> Personas:
    return build_personas()
