"""The build's CPU table times the functions it names: each stage's function exists."""
from __future__ import annotations

import importlib

import pytest

from bench.speed.buildcpu import STAGES


@pytest.mark.parametrize("label, module, name, owner", STAGES, ids=[stage[0] for stage in STAGES])
def test_every_timed_stage_names_a_function_the_build_calls_through(label, module, name, owner):
    found = importlib.import_module(module)
    if owner:
        found = getattr(found, owner)
    assert callable(getattr(found, name)), label
