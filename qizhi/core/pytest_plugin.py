"""Loaded with `-p` before pytest-django configures Django: environment for the test run."""

import datetime
import os

# Tests render templates without running collectstatic: plain storage, no manifest.
os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")
# Playwright's sync API runs an event loop; Django's live_server must tolerate it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Background imports run inline in tests.
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

# The day every test runs on (root conftest.py freezes the clock there). A test module that needs
# "today" at import time reads this, not the clock: modules are imported before the clock is frozen.
TEST_TODAY = datetime.date.fromisoformat(os.environ.get("QIZHI_TEST_TODAY", "2026-12-03"))
