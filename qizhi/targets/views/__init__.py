"""The targets pages, one module per part; ``urls.py`` reads them all from here."""

from qizhi.targets.views.plans import *  # noqa: F403
from qizhi.targets.views.progress import *  # noqa: F403
from qizhi.targets.views.records import *  # noqa: F403
from qizhi.targets.views.supervision import *  # noqa: F403
from qizhi.targets.views.targets import *  # noqa: F403
