import uuid

import pytest


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """Each test counts its own attempts (the rate limits live in the cache, shared on disk otherwise)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}
    }
