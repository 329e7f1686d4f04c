"""How sure the citation lookup is, in the words its page uses.

The lookup gives each candidate a verdict (``indexer.citations.lookup``):
found, probably, only the nearest document (the cited one is probably not in
this archive), or another document of the series that the citation rules
out. The page shows the verdict's words, and its meter takes its low and
high marks from the same thresholds the lookup uses.
"""
from __future__ import annotations

from dataclasses import dataclass

from indexer import config

# The lookup's thresholds, for the meter's colours.
FOUND = config.CITE_FOUND
PROBABLY = config.CITE_PROBABLY


@dataclass(frozen=True)
class ConfidenceClass:
    name: str  # a CSS class
    label: str  # what the page says


CLASSES = {
    "found": ConfidenceClass("found", "Found"),
    "probably": ConfidenceClass("probably", "Probably this document"),
    "nearest": ConfidenceClass("absent", "Probably not in this archive (nearest match)"),
    "other": ConfidenceClass("other", "Not the cited document: another of its series"),
}


def confidence_class(verdict: str) -> ConfidenceClass:
    return CLASSES.get(verdict, CLASSES["nearest"])
