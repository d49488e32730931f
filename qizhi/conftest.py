"""Shared fixtures: the personas of every behaviour test live in qizhi.org.testing; every app's
``testing`` module (its samples for the scoping meta-test) is imported once here."""

import copy

import pytest

from qizhi.core.testing import discover_samples
from qizhi.org.testing import Personas, build_personas

discover_samples()


@pytest.fixture
def personas(request, db) -> Personas:
    if SHARED in request.fixturenames:
        return copy.deepcopy(request.getfixturevalue(SHARED))  # each test its own instances of the rows
    return build_personas()


# The personas built once for a module, for the walkers that request hundreds of routes with them.
#
# A module opts in with ``pytest.mark.usefixtures("personas_per_module")``. The personas are built inside
# a transaction that stays open for the module's tests (as the demo's, root conftest.py): each test runs in
# a savepoint of it, rolled back at its end, so it starts from the personas as built and gets its own copy
# of their model instances. Building them took a quarter of a second for each of 2,700 tests.
SHARED = "personas_per_module"


@pytest.fixture(scope="module")
def personas_per_module(django_db_setup, django_db_blocker):
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_personas()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
