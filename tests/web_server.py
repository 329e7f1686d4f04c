"""A real `refsearch serve` process for tests (``webapp.process``), failing the test if it cannot start."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from webapp.process import PROJECT_ROOT, ServerDidNotStart, get_json, serve_process  # noqa: F401


@contextlib.contextmanager
def serve(index_dir: Path, log: Path, *extra: str) -> Iterator[tuple[str, Path]]:
    """``refsearch serve`` over ``index_dir``; yields its base URL and log once /healthz is ok."""
    try:
        with serve_process(index_dir, *extra, log=log) as base:
            yield base, log
    except ServerDidNotStart as error:
        pytest.fail(str(error))
