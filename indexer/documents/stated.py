"""What a document prints about itself on its cover: its date, its UN document symbol.

A PDF or Word file has no labelled header fields the way a Refworld page
has, but its first page often says when it was published ("Published: 12
August 2025", "Released August 12, 2025") and, for a United Nations
document, its symbol and date ("A/HRC/57/24", "Distr.: General 5 August
2024"). Such a date is the document's own statement, so it outranks the
file's creation date, which only says when this copy was made.

Only whole lines near the top of the text are read (``STATED_LINES``): a
date or a symbol in a sentence is one the text mentions, not its own. The
same lines, and table captions, are also what ``structure`` never takes for
a section heading, however large or bold a PDF draws them.
"""
from __future__ import annotations

import re

from .. import config
from ..dates import MONTHS, parse_date

_MONTH = r"(?:" + "|".join(m.capitalize() for m in MONTHS) + r"|" + "|".join(
    m[:3].capitalize() for m in MONTHS) + r")\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# A date written out: "12 August 2025", "August 12, 2025", "August 2025", "2025-08-12".
DATE = rf"(?:(?:{_DAY}\s+)?{_MONTH}\s+(?:{_DAY},?\s+)?\d{{4}}|\d{{4}}-\d\d-\d\d)"
_DATE_ONLY_RE = re.compile(rf"^(?:[A-Z][a-z]+day,?\s+)?{DATE}\.?$")
# A line that states when the document came out, and nothing else.
_PUBLISHED_RE = re.compile(
    rf"^(?:Published|Publication\s+date|Date\s+of\s+publication|Date\s+published|Released|"
    rf"Release\s+date|Date\s+of\s+release|Issued|Date\s+of\s+issue)\s*(?::\s*|\s+on\s+|\s+)"
    rf"(?P<date>{DATE})\.?$", re.I)
# A United Nations cover's distribution line, with its date or alone (the date on a line below).
_DISTRIBUTION_RE = re.compile(
    rf"^Distr\.?\s*:?\s*(?:General|Limited|Restricted)\b\s*,?\s*(?P<date>{DATE})?\.?$", re.I)
# The same inside a cover's lines read as one paragraph ("United Nations Distr.: General 5 August 2024 ...").
_DISTRIBUTION_IN_RE = re.compile(rf"\bDistr\.?\s*:\s*(?:General|Limited|Restricted)\s*,?\s*(?P<date>{DATE})\b")
# Longest cover paragraph searched for a distribution date or a leading symbol.
_COVER_CHARS = 200
# United Nations document symbols: organ or body, then parts separated by slashes, one of them
# a number ("A/HRC/57/24", "S/2024/123", "E/CN.4/2005/7", "CCPR/C/GBR/CO/8").
_UN_ORGANS = ("A", "S", "E", "ST", "HRI", "CCPR", "CERD", "CEDAW", "CRC", "CAT", "CMW", "CRPD",
              "CED", "DP", "TD", "UNEP", "ECE", "EB", "UNW", "EC")
UN_SYMBOL = (r"(?:" + "|".join(_UN_ORGANS) + r")(?:/[A-Z0-9][A-Za-z0-9.\-]*(?:\([A-Za-z0-9.]+\))?){2,}")
_UN_SYMBOL_RE = re.compile(rf"^(?:United\s+Nations\s+)?(?P<symbol>{UN_SYMBOL})$")
_LEADING_SYMBOL_RE = re.compile(rf"^(?:United\s+Nations\s+)?(?P<symbol>{UN_SYMBOL})(?=\s)")
# Other lines of a United Nations cover.
_COVER_RE = re.compile(r"^(?:Original\s*:\s*[A-Z][a-z]+(?:\s*/\s*[A-Z][a-z]+)*|Advance\s+(?:unedited\s+)?"
                       r"version|Distr\.?\s*:?\s*(?:General|Limited|Restricted)\b.*)$", re.I)
# A table's or figure's caption: "Table 1. Cases ...", "Figure 2: ...", "Table 3".
_CAPTION_RE = re.compile(r"^(?:Table|Figure|Fig\.|Chart|Graph|Map|Box)\s+[0-9IVX]+(?:[.\-][0-9]+)*[A-Za-z]?"
                         r"(?:\s*[.:\u2013\u2014-]\s*\S|\s*$)")


def _top(lines: list[str]) -> list[str]:
    """The first ``config.STATED_LINES`` non-blank lines, stripped."""
    return [line.strip() for line in lines if line.strip()][:config.STATED_LINES]


def printed_date(lines: list[str]) -> str | None:
    """The publication date a line near the top states, at the precision it gives.

    "Published: 12 August 2025", "Released August 12, 2025", a UN cover's
    "Distr.: General 5 August 2024", or its "Distr.: General" with the date
    alone on one of the next two lines.
    """
    top = _top(lines)
    for n, line in enumerate(top):
        match = (_PUBLISHED_RE.match(line) or _DISTRIBUTION_RE.match(line)
                 or (_DISTRIBUTION_IN_RE.search(line) if len(line) <= _COVER_CHARS else None))
        if match and match.group("date"):
            return parse_date(match.group("date"))
        if match:  # "Distr.: General" alone: the cover prints the date below it
            below = next((following for following in top[n + 1:n + 3] if _DATE_ONLY_RE.match(following)), None)
            if below:
                return parse_date(below)
    return None


def un_symbol(lines: list[str]) -> str | None:
    """The United Nations document symbol a line near the top prints alone or first (after
    "United Nations", say), as a cover read as one paragraph does."""
    for line in _top(lines):
        match = _UN_SYMBOL_RE.match(line) or (_LEADING_SYMBOL_RE.match(line) if len(line) <= _COVER_CHARS else None)
        if match:
            return match.group("symbol")
    return None


def is_un_symbol(text: str) -> bool:
    """``text`` is a United Nations document symbol and nothing else."""
    return bool(re.fullmatch(UN_SYMBOL, text.strip()))


def is_caption(line: str) -> bool:
    """A table's or figure's caption ("Table 1. Cases reported ...")."""
    return bool(_CAPTION_RE.match(line.strip()))


def is_cover_line(line: str, *, on_cover: bool = True) -> bool:
    """A line of a cover that names no part of the text: a date stated ("Published: ..."),
    a UN symbol, distribution or original-language line and, ``on_cover``, a date alone;
    further on, a date alone may head a chronology's entry."""
    line = line.strip()
    if _UN_SYMBOL_RE.match(line) or _COVER_RE.match(line) or _PUBLISHED_RE.match(line):
        return True
    return on_cover and bool(_DATE_ONLY_RE.match(line))
