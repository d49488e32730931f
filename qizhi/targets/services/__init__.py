"""The target-responsibility system's rules: building and decomposing a plan, reporting and approving
progress, the roll-up of completion up the decomposition, traffic lights, supervision, scores and
ranks. Plain functions over querysets; every figure a page, the API or a document shows comes from here.

Completion is kept on each target (0–1): a leaf's comes from its indicator (value against goal, or
milestones done), a decomposed target's is the weighted completion of its children. ``refresh``
recomputes a target and its ancestors (two statements per level, at most a handful of levels)
whenever an approval, a weight or the shape of the tree changes; ``rebuild`` recomputes a whole plan
from its leaves and is the reference the tests compare against.
"""

from qizhi.targets.services.completion import *  # noqa: F403
from qizhi.targets.services.plans import *  # noqa: F403
from qizhi.targets.services.progress import *  # noqa: F403
from qizhi.targets.services.scores import *  # noqa: F403
from qizhi.targets.services.supervision import *  # noqa: F403
