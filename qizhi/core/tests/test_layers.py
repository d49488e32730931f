"""The layers: no module imports from an app above its own (tests, conftest and migrations aside).

    demo, dashboard, documents, … (every app not listed below: they may use everything)
    meetings   study   targets        the work of party organizations and units
    party      statistics             party organizations and members; monthly figures
    accounts   org                    who (users, grants) and where (the unit tree, people)
    core                              the framework: scoping, base models/views/forms/API, workflow

``core`` imports one module above it, ``qizhi.accounts.roles`` — the role table the scoping layer
reads (plain data with no import of its own); grants reach it through ``register_grant_source`` and
the unit model through its label (``core.scoping.UNIT_MODEL``).
"""

from __future__ import annotations

import ast
from pathlib import Path

LAYERS = [("core",), ("accounts", "org"), ("party", "statistics"), ("meetings", "study", "targets")]
ALLOWED = {("core", "qizhi.accounts.roles")}
ROOT = Path(__file__).resolve().parents[2]  # the qizhi package


def layer_of(app: str) -> int:
    return next((index for index, apps in enumerate(LAYERS) if app in apps), len(LAYERS))


def imported_modules(source: str) -> list[tuple[int, str]]:
    """(line, module) of every absolute ``qizhi.…`` import, wherever it is written (inside a function too)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.count(".") <= 1:  # from qizhi.accounts import roles: each name is a module
                found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return [(line, module) for line, module in found if module.startswith("qizhi.")]


def violations(app: str, source: str, where: str) -> list[str]:
    wrong = []
    for line, module in imported_modules(source):
        other = module.split(".")[1]
        if other == app or layer_of(other) <= layer_of(app):
            continue
        if any(app == low and module.startswith(allowed) for low, allowed in ALLOWED):
            continue
        wrong.append(f"{where}:{line} imports {module} (layer {layer_of(other)}) from layer {layer_of(app)}")
    return wrong


def application_modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if len(parts) < 2 or "tests" in parts or "migrations" in parts or path.name == "conftest.py":
            continue
        yield parts[0], path


def test_no_module_imports_from_a_layer_above_its_own():
    wrong = []
    for app, path in application_modules():
        wrong += violations(app, path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert not wrong, "\n".join(wrong)


def test_the_check_sees_an_upward_import_even_inside_a_function():
    source = "def home():\n    from qizhi.org.models import Unit\n    return Unit\n"
    assert violations("core", source, "core/home.py") == [
        "core/home.py:2 imports qizhi.org.models (layer 1) from layer 0"
    ]
    assert violations("party", "from qizhi.meetings import services\n", "party/x.py")
    assert not violations("core", "from qizhi.accounts.roles import Action\n", "core/x.py")
    assert violations("core", "from qizhi.accounts.models import Grant\n", "core/x.py")
    assert not violations("targets", "from qizhi.statistics.services import rollup\n", "targets/x.py")
