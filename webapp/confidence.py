"""How sure the citation lookup is, in the three words its page uses.

The lookup scores each candidate from 0 to 1 (an identifier that matches is
1.0, a match on title, date and publisher at most 0.95). The page turns the
score into a class, and the class decides the wording and the meter's colour;
these thresholds are the only place that decides it.
"""
from __future__ import annotations

from dataclasses import dataclass

# A candidate at least this sure is the document the citation names.
FOUND = 0.85
# At least this sure: probably the document; below it, the cited document is
# probably not in this archive and the candidate is only the nearest one.
PROBABLY = 0.6


@dataclass(frozen=True)
class ConfidenceClass:
    name: str  # "found", "probably" or "absent": a CSS class
    label: str  # what the page says


CLASSES = {
    "found": ConfidenceClass("found", "Found"),
    "probably": ConfidenceClass("probably", "Probably this document"),
    "absent": ConfidenceClass("absent", "Probably not in this archive (nearest match)"),
}


def confidence_class(confidence: float) -> ConfidenceClass:
    if confidence >= FOUND:
        return CLASSES["found"]
    if confidence >= PROBABLY:
        return CLASSES["probably"]
    return CLASSES["absent"]
