"""Whole numbers typed by users (page numbers, page sizes, years): ASCII digits only.

Python's ``int`` takes more than a user means by a number ("+5", "1_000",
Arabic-Indic digits) and refuses some of what ``str.isdigit`` calls a digit
("²" is one): one check here, used by every numeric parameter, gives each
malformed value the same ``QueryError`` naming the parameter, so that the
web app answers 400 with what is allowed, never a 500.
"""
from __future__ import annotations

import re

from .errors import QueryError

_DIGITS = re.compile(r"[0-9]+")
# Characters of a refused value quoted back in the message.
_SHOWN = 20


def whole_number(text: str, name: str, low: int, high: int) -> int:
    """``text`` as a number from ``low`` to ``high``; ``QueryError`` naming ``name`` otherwise."""
    value = text.strip()
    shown = value if len(value) <= _SHOWN else value[:_SHOWN] + "…"
    if not _DIGITS.fullmatch(value):
        raise QueryError(f"'{name}' must be a whole number from {low} to {high}, not '{shown}'")
    digits = value.lstrip("0") or "0"
    if len(digits) > len(str(high)) or not low <= int(digits) <= high:
        raise QueryError(f"'{name}' must be from {low} to {high}, not {shown}")
    return int(digits)
