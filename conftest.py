"""Fixtures for every test folder (qizhi/ and tests/)."""

import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; Argon2 is tested
    settings.AXES_ENABLED = False  # lock-out is tested on its own
    settings.MEDIA_ROOT = tmp_path / "media"  # uploads stay out of the real var/media
