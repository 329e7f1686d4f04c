"""Time budgets: work that must stop when its caller stops waiting.

A web request runs inside ``time_budget(seconds)``; the engine calls
``check()`` at the points where its work can be interrupted cleanly (between
the words of a query, the segments of an index, the facets, the hits whose
snippets are made, the paragraphs of a document), and ``check`` raises
``SearchTimeout`` once the budget is spent, so a costly request frees its
worker instead of running on after its client has given up. Outside a
budget (the command line, tests) ``check`` costs one context-variable read
and never raises.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from .errors import SearchTimeout

# (deadline on the monotonic clock, seconds granted), or None outside a budget.
_BUDGET: ContextVar[tuple[float, float] | None] = ContextVar("refsearch_budget", default=None)


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Run the block with ``seconds`` of work allowed (None or 0: no limit)."""
    token = _BUDGET.set((time.monotonic() + seconds, seconds) if seconds else None)
    try:
        yield
    finally:
        _BUDGET.reset(token)


def start(seconds: float | None):
    """Begin a budget that ``stop(token)`` ends (for frameworks with before/after hooks)."""
    return _BUDGET.set((time.monotonic() + seconds, seconds) if seconds else None)


def stop(token) -> None:
    _BUDGET.reset(token)


def check() -> None:
    """Raise ``SearchTimeout`` when the current budget is spent."""
    budget = _BUDGET.get()
    if budget is not None and time.monotonic() > budget[0]:
        raise SearchTimeout(budget[1])
