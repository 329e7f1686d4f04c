"""Where a place in a finished ``Document`` is: its section, paragraph, page and pinpoint.

The reader (``documents.structure``) gives every document its sections,
paragraphs and page starts; everything after it (snippets, citations, the
document page) asks where an offset or an anchor falls, and how a citation
names that place ("p. 12, section 2.a, para. 14"). Those questions need only
the record, so they live here, below the reader, the engine and the web app.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .records import Document, Paragraph, Section

# An anchor of the numbering repeated titles had before they were scoped by their section:
# a paragraph's ("prosecution-2-p3"), and the count a repeated title's slug took ("prosecution-2").
_PARAGRAPH_ANCHOR_RE = re.compile(r"^(?P<section>.+)-p(?P<ordinal>\d{1,6})$")
_COUNTED_RE = re.compile(r"^(?P<slug>.+)-(?P<count>[2-9]|[1-9]\d{1,5})$")


def slug(title: str) -> str:
    """An anchor made of a title's words: "Executive Summary" -> "executive-summary"."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    words = words[:60].rstrip("-") or "section"
    return f"s-{words}" if re.fullmatch(r"p\d+|s[\d.a-z]*\d", words) else words


def section_at(doc: Document, offset: int) -> Section | None:
    """The innermost section holding the character at ``offset`` (None before the first heading)."""
    found = None
    for section in doc.sections:
        if section.start > offset:
            break
        if offset < section.end and (found is None or section.level >= found.level):
            found = section
    return found


def paragraph_at(doc: Document, offset: int) -> Paragraph | None:
    """The paragraph holding the character at ``offset``, None in a heading or between paragraphs."""
    starts = [p.start for p in doc.paragraphs]
    k = bisect.bisect_right(starts, offset) - 1
    if k >= 0 and offset <= doc.paragraphs[k].end:
        return doc.paragraphs[k]
    return None


def page_at(doc: Document, offset: int) -> int | None:
    """The page (from 1) of a paged original that the character at ``offset`` is on."""
    if not doc.pages:
        return None
    return bisect.bisect_right(doc.pages, offset)


def page_starts(starts: tuple[int, ...], parts: Sequence[Sequence[Any]]) -> dict[tuple[int, int], tuple[int, ...]]:
    """Which pages of a paged original each block shows the start of, by (part, index in it).

    A page starts at an offset of the text (``Document.pages``); it is shown at the first block
    that ends after that offset: the block it starts in, or the next one when it starts
    between two blocks. A page that starts after the last block is shown at none.
    """
    found: dict[tuple[int, int], list[int]] = {}
    page = 0
    for number, blocks in enumerate(parts, start=1):
        for index, block in enumerate(blocks):
            while page < len(starts) and starts[page] < block.end:
                found.setdefault((number, index), []).append(page + 1)
                page += 1
    return {key: tuple(pages) for key, pages in found.items()}


def section_by_anchor(doc: Document, anchor: str) -> Section | None:
    return next((s for s in doc.sections if s.anchor == anchor), None)


def paragraph_by_anchor(doc: Document, anchor: str) -> Paragraph | None:
    return next((p for p in doc.paragraphs if p.anchor == anchor), None)


def section_label(section: Section) -> str:
    """How a citation names a section: "section 2.a", or its title when unnumbered."""
    return f"section {section.number}" if section.number else section.title


@dataclass(frozen=True)
class Place:
    """Where a cited part of a document is, field by field, so that each citation style can
    write its own locator ("pp. 3\u20135", "sec. 2.a", "Prosecution section", "para. 4").

    ``first_page``/``last_page`` are the pages of a paged original the part runs over (equal
    for one page, None without pages); ``section`` the section holding it; ``paragraph`` the
    paragraph's ordinal in that section, None when the part is a whole section.
    """

    first_page: int | None = None
    last_page: int | None = None
    section: Section | None = None
    paragraph: int | None = None

    @property
    def pages(self) -> str | None:
        """"3" or "3\u20135" (an en dash between the first and the last page)."""
        if self.first_page is None:
            return None
        if self.last_page is not None and self.last_page > self.first_page:
            return f"{self.first_page}\u2013{self.last_page}"
        return str(self.first_page)

    @property
    def page_range(self) -> bool:
        return self.last_page is not None and self.first_page is not None and self.last_page > self.first_page


def place(doc: Document, offset: int, end: int | None = None) -> Place | None:
    """Where the text at ``offset`` (up to ``end``) is: pages, section and paragraph; None when
    nothing locates it (an unpaged text before its first heading and outside any paragraph)."""
    page = page_at(doc, offset)
    last = page_at(doc, max(offset, end - 1)) if end is not None else page
    paragraph = paragraph_at(doc, offset)
    section = (section_by_anchor(doc, paragraph.section) if paragraph and paragraph.section
               else section_at(doc, offset))
    found = Place(page, last if page is not None else None, section,
                  paragraph.ordinal if paragraph is not None else None)
    return found if found != Place() else None


def place_of(doc: Document, anchor: str | None) -> Place | None:
    """The place of the section or paragraph ``anchor`` names, or None when it names none."""
    if not anchor:
        return None
    found = paragraph_by_anchor(doc, anchor) or section_by_anchor(doc, anchor)
    if found is None:
        return None
    # A section starts at its heading, which no paragraph holds: it is cited without one.
    return place(doc, found.start, found.end)


def pinpoint_label(where: Place | None, named: Callable[[Section], str] = section_label) -> str | None:
    """The pinpoint every style shares: "p. 12, section 2.a, para. 14" ("pp. 3\u20135, ..."),
    the section as ``named`` calls it (APA: "Section 2.a", "Prosecution section")."""
    if where is None:
        return None
    parts = []
    if where.pages:
        parts.append(("pp. " if where.page_range else "p. ") + where.pages)
    if where.section is not None:
        parts.append(named(where.section))
    if where.paragraph is not None:
        parts.append(f"para. {where.paragraph}")
    return ", ".join(parts) or None


def pinpoint(doc: Document, offset: int, end: int | None = None) -> str | None:
    """The pinpoint a citation writes for the text at ``offset``: "p. 12, section 2.a, para. 14".

    The page comes first for a paged original ("pp. 3\u20135" when the text cited, up to
    ``end``, runs over several pages); the section and the paragraph's ordinal in it
    follow when the offset is in a paragraph.
    """
    return pinpoint_label(place(doc, offset, end))


def unknown_anchor(anchor: str) -> str:
    """What a user is told when the part an address names is not in the document."""
    return (f"This document has no section or paragraph \u201c{anchor}\u201d: "
            "the whole document is cited.")


def current_anchor(doc: Document, anchor: str | None) -> str | None:
    """The anchor of the part ``anchor`` names: itself when the document has it, else the part an
    anchor of the former numbering named; None when it names none.

    Before repeated titles were scoped by their section, the second "Prosecution" of a page
    was ``prosecution-2`` and its third paragraph ``prosecution-2-p3``; such a link still names
    the second heading of that title (``niger/prosecution``), as it did when it was written.
    """
    if not anchor:
        return None
    if paragraph_by_anchor(doc, anchor) or section_by_anchor(doc, anchor):
        return anchor
    paragraph = _PARAGRAPH_ANCHOR_RE.match(anchor)
    if paragraph:
        section = _former_section(doc, paragraph["section"])
        moved = f"{section.anchor}-p{paragraph['ordinal']}" if section else None
        if moved and paragraph_by_anchor(doc, moved):
            return moved
    section = _former_section(doc, anchor)
    return section.anchor if section else None


def _former_section(doc: Document, anchor: str) -> Section | None:
    """The section a former anchor named: the Nth unnumbered heading with that slug, the first
    for the bare slug ("prosecution"), the Nth for "prosecution-N"."""
    tries = [(anchor, 1)]
    if counted := _COUNTED_RE.match(anchor):
        tries.append((counted["slug"], int(counted["count"])))
    for name, count in tries:
        same = [s for s in doc.sections if s.number is None and slug(s.title) == name]
        # Unscoped, they are numbered as they were: the anchor is simply not in the document.
        if len(same) >= count and any("/" in s.anchor for s in same):
            return same[count - 1]
    return None


def pinpoint_of(doc: Document, anchor: str | None) -> str | None:
    """The pinpoint of the section or paragraph ``anchor`` names, or None when it names none."""
    return pinpoint_label(place_of(doc, anchor))
