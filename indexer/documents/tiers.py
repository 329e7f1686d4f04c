"""TIP tiers: the tier heading of a chapter ("MALI: TIER 2 WATCH LIST") or a placement sentence.

A human-rights report or an interim assessment may recall a country's past
placement, but carries no tier of its own; only a TIP chapter (or an
untitled text) is read for a placement sentence.
"""
from __future__ import annotations

import re

from ..facets import normalise_tier
from .source import Source

_TIER = r"(?P<tier>tier\s*[123](?:\s*[-–]?\s*watch\s*-?\s*list)?|special\s+case)"
# The country may carry a parenthesis of its own: "Sint Maarten (Dutch part) (Tier 2)".
_HEADING_PAREN_RE = re.compile(r"^(?P<country>(?:[^()]|\([^()]*\)){2,80}?)\s*\(\s*" + _TIER + r"\s*\)\s*$",
                               re.I)
_HEADING_COLON_RE = re.compile(r"^(?P<country>[^:]{2,80}?)(?:\s*:|\s+[-–—])\s*" + _TIER + r"\s*$", re.I)
_HEADING_BARE_RE = re.compile(r"^" + _TIER + r"\s*$", re.I)
_PLACEMENT_RE = re.compile(
    r"\b(?:is|was|has been|remains|will be)\s+(?:being\s+)?(?:placed|ranked|designated|listed|"
    r"upgraded|downgraded|moved|kept|included)\s+(?:on|to|in|as|at|among)\s+(?:the\s+|a\s+)?"
    r"(?P<tier>Tier\s*[123](?:\s+Watch\s*List)?|Special\s+Case)\b")
# How many non-empty body lines a tier heading may come after.
_HEADING_WINDOW = 12


def tier_heading(line: str) -> tuple[str, str | None] | None:
    """``(tier, country words or None)`` when the line is a TIP tier heading.

    Asked of nearly every line of every document (headings are looked for line by line),
    most of them paragraphs: an ASCII line without "tier" or "special" in any case, which
    no tier heading can be (every one names "Tier n" or "Special Case"), is answered
    without the patterns. Other lines go to the patterns, whose case-blind matching also
    takes a few non-ASCII letters for ASCII ones."""
    if line.isascii():
        lowered = line.lower()
        if "tier" not in lowered and "special" not in lowered:
            return None
    return tier_heading_by_patterns(line)


def tier_heading_by_patterns(line: str) -> tuple[str, str | None] | None:
    """``tier_heading`` with every line tried with the patterns (what its quick answer for
    other lines must agree with)."""
    line = line.strip().strip("*_#").strip()
    for regex in (_HEADING_PAREN_RE, _HEADING_COLON_RE):
        match = regex.match(line)
        if match:
            tier = normalise_tier(match.group("tier"))
            country = match.group("country").strip()
            if tier and len(country.split()) <= 8 and country[:1].isalpha() and country[:1].isupper():
                return tier, country
    match = _HEADING_BARE_RE.match(line)
    if match and (tier := normalise_tier(match.group("tier"))):
        return tier, None
    return None


def is_tier_heading(line: str) -> bool:
    return tier_heading(line) is not None


def first_tier_heading(src: Source) -> tuple[str, str | None] | None:
    for line in src.body_lines[:_HEADING_WINDOW]:
        found = tier_heading(line)
        if found:
            return found
    return None


def extract_tier(src: Source, title: str | None = None) -> str | None:
    """The tier heading near the top of the body, else an explicit placement sentence.

    The sentence counts only in a TIP chapter (or an untitled text): an
    interim assessment or a human-rights report may recall a past
    placement, but carries no tier of its own.
    """
    heading = first_tier_heading(src)
    if heading:
        return heading[0]
    if _carries_no_tier(src, title):
        return None
    match = _PLACEMENT_RE.search(src.body)
    return normalise_tier(match.group("tier")) if match else None


def _carries_no_tier(src: Source, title: str | None) -> bool:
    opening = " ".join([title or ""] + src.body_lines[:3])
    if re.search(r"Interim Assessment", opening, re.I):
        return True
    return bool(title) and not re.search(r"Trafficking in Persons", title or "", re.I)
