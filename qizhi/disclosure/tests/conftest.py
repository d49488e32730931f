import pytest

from qizhi.disclosure import services


@pytest.fixture(autouse=True)
def _fresh_portal_cache():
    # The cache outlives the test database (a file cache under var/): start from a new generation, so that
    # no page cached by an earlier run with other rows is served.
    services.bump_portal()
