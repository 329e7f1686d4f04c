"""The locator of a pasted citation: the page, section and paragraph it points into.

A pinpointed citation names a work and a place in it: "..., Title, pp. 3-5,
section 2.a, para. 4." (refsearch's pinpoint), "(Author 2024, 3, sec. 2.a,
para. 4)" (Chicago), "Author, Title, 3." (a short note). The place is no part
of the work's title, so the lookup takes it out before reading the rest
(``without_locators``), and reads it (``cited_place``) to name the paragraph
cited when the document has it.

A locator is recognised only by its own words ("p.", "pp.", "section", "sec.",
"para.", "paras.", "¶", under "Heading"), each after a comma; a bare page
number counts only before such a word or as a short note's last field, and
never when it reads as a year, so "Trafficking in Persons Report, 2008" keeps
its year.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Document

_RANGE = r"\d{1,4}(?:\s*[-\u2013]\s*\d{1,4})?"
# One locator written with its own word; the text is normalised (plain quotes and hyphens).
_WORDED = (rf"(?:pp?\.\s*{_RANGE}|(?:section|sec\.)\s+[0-9IVXLC]+(?:\.[0-9A-Za-z]+)*"
           rf"|paras?\.\s*{_RANGE}|\u00b6+\s*{_RANGE}|under\s+\"[^\"]{{1,80}}\")")
# A bare page number or range that is no year.
_BARE = rf"(?!(?:1[89]|20)\d\d\b){_RANGE}"
_SEPARATOR = r"(?:\s*,\s*|(?<=\")\s+)"
_RUN_RE = re.compile(
    rf",\s*(?:(?:{_BARE}){_SEPARATOR})?{_WORDED}(?:{_SEPARATOR}{_WORDED})*(?=\s*[,.;)\]\[(]|\s*$)"
    rf"|,\s*{_BARE}(?=\s*[.)]?\s*$)", re.I)
_PAGE_RE = re.compile(r"\bpp?\.\s*(\d{1,4})", re.I)
_SECTION_RE = re.compile(r"\b(?:section|sec\.)\s+([0-9IVXLC]+(?:\.[0-9A-Za-z]+)*)", re.I)
_PARAGRAPH_RE = re.compile(r"(?:\bparas?\.|\u00b6+)\s*(\d{1,4})", re.I)


@dataclass(frozen=True)
class CitedPlace:
    """What a pasted locator says: a page, a section's number, a paragraph's ordinal."""

    page: int | None = None
    section: str | None = None
    paragraph: int | None = None


def without_locators(text: str) -> str:
    """``text`` without the locators that follow its fields after a comma."""
    return _RUN_RE.sub("", text)


def cited_place(text: str) -> CitedPlace | None:
    """The page, section and paragraph the locators of ``text`` name, None when none does."""
    runs = " ".join(m.group(0) for m in _RUN_RE.finditer(text))
    page = _PAGE_RE.search(runs)
    section = _SECTION_RE.search(runs)
    paragraph = _PARAGRAPH_RE.search(runs)
    place = CitedPlace(int(page.group(1)) if page else None, section.group(1) if section else None,
                       int(paragraph.group(1)) if paragraph else None)
    return place if place != CitedPlace() else None


def anchor_in(doc: Document, place: CitedPlace | None) -> str | None:
    """The anchor of the paragraph (or else the section) ``place`` names in ``doc``, if it has it."""
    if place is None or place.section is None:
        return None
    section = next((s for s in doc.sections if (s.number or "").lower() == place.section.lower()), None)
    if section is None:
        return None
    if place.paragraph is None:
        return section.anchor
    paragraph = next((p for p in doc.paragraphs
                      if p.section == section.anchor and p.ordinal == place.paragraph), None)
    return paragraph.anchor if paragraph else None
