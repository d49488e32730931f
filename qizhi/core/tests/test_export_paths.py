"""Whose data an export holds: the lowest unit over every exported row, from the rows' smallest and largest unit
paths (``core.exports.common_path``), held to a naive walk up every path."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qizhi.core.exports import common_path
from qizhi.core.scoping import ancestor_paths
from qizhi.org.models import Unit

STEP = Unit.steplen
# Paths of a small tree: 1 to 4 steps, each step one of three siblings, so shared ancestors are common.
paths = st.lists(st.sampled_from(["0001", "0002", "0003"]), min_size=1, max_size=4).map("".join)


def naive(given_paths: list[str]) -> str:
    shared = set(ancestor_paths(given_paths[0], STEP))
    for path in given_paths[1:]:
        shared &= set(ancestor_paths(path, STEP))
    return max(shared, key=len, default="")


@settings(max_examples=200, deadline=None)
@given(st.lists(paths, min_size=1, max_size=8))
def test_the_common_path_is_the_deepest_shared_ancestor(given_paths):
    assert common_path(given_paths) == naive(given_paths)


def test_no_paths_have_no_common_unit():
    assert common_path([]) == common_path([None, ""]) == ""
    assert common_path(["00010002", "00010003"]) == "0001"
    assert common_path(["00010002", "000100020001"]) == "00010002"  # a unit and one below it: the unit
    assert common_path(["00010012", "00010013"]) == "0001"  # a shared character inside a step does not count
