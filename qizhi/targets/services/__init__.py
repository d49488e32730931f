"""The target-responsibility system's rules: building and decomposing a plan, reporting and approving
progress, the roll-up of completion up the decomposition, traffic lights, supervision, scores and
ranks. Plain functions over querysets; every figure a page, the API or a document shows comes from here.

Completion is kept on each target (0–1): a leaf's comes from its indicator (value against goal, or
milestones done), a decomposed target's is the weighted completion of its children, written by one
set-based roll-up (``rebuild_plans``; ``refresh`` runs it on a target's plan whenever an approval, a
weight or the shape of the tree changes). A target's light is one SQL expression, ``LightOf``, that
lists annotate (``with_lights``) and counts group by.
"""

from qizhi.targets.services.completion import *  # noqa: F403
from qizhi.targets.services.lights import *  # noqa: F403
from qizhi.targets.services.plans import *  # noqa: F403
from qizhi.targets.services.progress import *  # noqa: F403
from qizhi.targets.services.scores import *  # noqa: F403
from qizhi.targets.services.supervision import *  # noqa: F403
