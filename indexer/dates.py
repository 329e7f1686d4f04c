"""Reading the dates that documents, citations and users write, at the precision given.

Refworld prints "14 June 2004", "January 2013" and "Tuesday, 24 May 2016,
11:51 GMT"; users type "2004-06-14", "June 2004", "2004". A date keeps the
precision its source gives: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``, never
an invented day. python-dateutil reads the words; the precision is decided
here by what the text contains.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from dateutil import parser as dateutil_parser

MONTHS = ("january", "february", "march", "april", "may", "june", "july",
          "august", "september", "october", "november", "december")
_MONTH_RE = re.compile(r"\b(" + "|".join(m[:3] for m in MONTHS) + r")[a-z]*\.?", re.I)
_ISO_RE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")
_YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_DAY_RE = re.compile(r"\b([0-3]?\d)(?:st|nd|rd|th)?\b")


@lru_cache(maxsize=4096)
def parse_date(text: str | None) -> str | None:
    """The ISO date in ``text`` at the precision it gives, or None when there is none.

    Kept for the strings seen last: an archive prints the same dates again and
    again, and dateutil's fuzzy parse is the slow part of reading a document.

    >>> parse_date("14 June 2004"), parse_date("January 2013"), parse_date("2004")
    ('2004-06-14', '2013-01', '2004')
    """
    if not text or not text.strip():
        return None
    iso = _ISO_RE.match(text)
    if iso:
        return _iso_parts(*iso.groups())
    year = _YEAR_RE.search(text)
    if not year:
        return None
    month = _MONTH_RE.search(text)
    if not month:
        return year.group(1)
    try:
        parsed = dateutil_parser.parse(text, default=dt.datetime(int(year.group(1)), 1, 1), fuzzy=True)
    except (ValueError, OverflowError):
        return None
    if _has_day(text, month, year):
        return parsed.strftime("%Y-%m-%d")
    return parsed.strftime("%Y-%m")


def _iso_parts(year: str, month: str | None, day: str | None) -> str | None:
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    if day:
        return f"{int(year):04d}-{int(month or 1):02d}-{int(day):02d}"
    if month:
        return f"{int(year):04d}-{int(month):02d}"
    return f"{int(year):04d}"


def _has_day(text: str, month: re.Match, year: re.Match) -> bool:
    """Whether a day number stands next to the month name (not the year, not a time)."""
    without = text[: year.start()] + " " + text[year.end():]
    without = re.sub(r"\b\d{1,2}:\d{2}(:\d{2})?\b", " ", without)
    return any(1 <= int(m.group(1)) <= 31 for m in _DAY_RE.finditer(without))


def to_date(iso: str) -> dt.date:
    """The first day of an ISO date at any precision."""
    parts = [int(p) for p in iso.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def end_of(iso: str) -> dt.date:
    """The last day that an ISO date at any precision covers (for inclusive 'to' bounds)."""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        first_next = dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return first_next - dt.timedelta(days=1)
    return dt.date(parts[0], 12, 31)


def format_long(iso: str | None) -> str | None:
    """Refworld's way of writing a date: "14 June 2004", "June 2004" or "2004"."""
    if not iso:
        return None
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 3:
        return f"{parts[2]} {MONTHS[parts[1] - 1].capitalize()} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1].capitalize()} {parts[0]}"
    return str(parts[0])
