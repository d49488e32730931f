"""Our own stylesheets parse: a brace lost in a merge silently swallows every rule after it (it once
folded the print rules into the phone-width block, and printed pages kept their menu)."""

from __future__ import annotations

from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "static" / "qizhi"


def _blocks_balance(css: str) -> bool:
    depth = 0
    in_comment = False
    i = 0
    while i < len(css):
        pair = css[i : i + 2]
        if in_comment:
            if pair == "*/":
                in_comment, i = False, i + 2
                continue
        elif pair == "/*":
            in_comment, i = True, i + 2
            continue
        elif css[i] == "{":
            depth += 1
        elif css[i] == "}":
            depth -= 1
            if depth < 0:
                return False
        i += 1
    return depth == 0 and not in_comment


@pytest.mark.parametrize("path", sorted(STATIC.glob("*.css")), ids=lambda p: p.name)
def test_stylesheet_braces_balance(path):
    assert _blocks_balance(path.read_text(encoding="utf-8"))


def test_the_print_rules_are_at_the_top_level():
    css = (STATIC / "qizhi.css").read_text(encoding="utf-8")
    before = css[: css.index("@media print")]
    assert _blocks_balance(before), "a block opened before @media print is still open"
