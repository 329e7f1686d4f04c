"""A document's structure: its sections and paragraphs, each with a stable anchor.

Headings reach this module in one form whatever the file was: a Markdown
line ("### Section 2. Liberty"), which HTML ``<h2>``..``<h6>`` and a PDF's
heading lines are turned into on the way. In plain text, a short line
standing alone that is numbered as a heading ("Section 2. Liberty",
"a. Freedom of the Press", "II. Background", "2.3 Returnees") is one too,
and so is a TIP chapter's tier heading ("Mali (Tier 2)").

``build`` turns the cleaned lines into the final text, its sections and its
paragraphs. A section's anchor comes from its numbering ("Section 2." ->
``s2``, its "a." -> ``s2.a``) or, unnumbered, from its title
(``executive-summary``); a paragraph's from its section and its ordinal
there (``s2.a-p14``). So an anchor survives re-indexing, and an edit in one
section renumbers nothing in another.

What reads a finished ``Document`` (the section or paragraph at an offset,
the pinpoint a citation writes) is in ``indexer.locations``, below the reader.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from ..locations import slug
from ..records import Document, Paragraph, Section
from .stated import is_caption, is_cover_line
from .tiers import is_tier_heading, tier_heading

# Marks where a page of a paged original (a PDF) starts; removed from the text, kept as an offset.
PAGE_BREAK = "\f"
_MARKED_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
# Numbering a heading may open with, each with the level it gives in plain text.
_SECTION_WORD_RE = re.compile(r"^(?:Section|Chapter|Part)\s+(?P<num>\d{1,3}|[IVXLC]{1,7}|[A-Z])\b\s*[.:\-–—]?\s*",
                              re.I)
_DECIMAL_RE = re.compile(r"^(?P<num>\d{1,3}(?:\.\d{1,3}){0,4})\.?\s+(?=\S)")
_ROMAN_RE = re.compile(r"^(?P<num>[IVXLC]{1,7})\.\s+(?=\S)")
_LETTER_RE = re.compile(r"^(?P<num>[a-z])[.)]\s+(?=\S)")
# A plain-text line longer than this, or ending a sentence, is not a heading.
_MAX_HEADING_CHARS = 120
_MAX_HEADING_WORDS = 16
_SENTENCE_END_RE = re.compile(r"[.;,:!?]['\"”’)]?$")
# A Markdown footnote definition, as every reader writes a footnote: "[^1]: The text."
_FOOTNOTE_RE = re.compile(r"^\[\^([^\]\s]{1,12})\]:\s+(.*)$")
# Lines of a block longer than this on average were each written as a paragraph (not wrapped).
_UNWRAPPED_LINE_CHARS = 150


@dataclass(frozen=True)
class Heading:
    """A heading line found in the cleaned lines."""

    level: int
    title: str
    number: str | None          # its own numbering: "2", "a", "II", "2.3"
    kind: str | None            # "section", "letter", "roman", "decimal"


def numbering(title: str) -> tuple[str | None, str | None]:
    """``(number, kind)`` a heading's title opens with, or ``(None, None)``."""
    for regex, kind in ((_SECTION_WORD_RE, "section"), (_ROMAN_RE, "roman"),
                        (_DECIMAL_RE, "decimal"), (_LETTER_RE, "letter")):
        match = regex.match(title)
        if match:
            return match.group("num"), kind
    return None, None


def marked_heading(line: str) -> Heading | None:
    """A Markdown heading line, at the level its hashes give."""
    match = _MARKED_RE.match(line)
    if not match or not match.group(2):
        return None
    number, kind = numbering(match.group(2))
    return Heading(len(match.group(1)), match.group(2), number, kind)


def plain_heading(line: str) -> Heading | None:
    """A numbered heading written as a plain line ("Section 2. Liberty", "a. Freedom of the Press")."""
    if not line or len(line) > _MAX_HEADING_CHARS or len(line.split()) > _MAX_HEADING_WORDS:
        return None
    number, kind = numbering(line)
    if number is None or _SENTENCE_END_RE.search(line):
        return None
    rest = line.split(None, 2 if kind == "section" else 1)[-1]
    if not rest[:1].isupper():
        return None  # "a. the applicant said" is a list item, not a heading
    level = len(number.split(".")) if kind == "decimal" else (2 if kind == "letter" else 1)
    return Heading(level, line, number, kind)


def is_heading_line(line: str) -> bool:
    """A marked heading, or a numbered heading line (for callers that see one line at a time)."""
    line = line.replace(PAGE_BREAK, "")
    return marked_heading(line) is not None or plain_heading(line) is not None or is_tier_heading(line)


def names_no_section(title: str, *, on_cover: bool = True) -> bool:
    """A line a PDF may draw large or bold that heads no part of the text: a table's or
    figure's caption, or a cover's date (a date alone only ``on_cover``), UN symbol or
    distribution line."""
    return is_caption(title) or is_cover_line(title, on_cover=on_cover)


@dataclass(frozen=True)
class Structured:
    """The final text of a document with its page starts, sections and paragraphs."""

    text: str
    pages: tuple[int, ...]
    sections: tuple[Section, ...]
    paragraphs: tuple[Paragraph, ...]


def _find_headings(lines: list[str]) -> tuple[dict[int, Heading], dict[int, Heading]]:
    """The heading lines, by index: marked ones anywhere; numbered ones and TIP tier headings
    standing alone. Second, the marked lines that head no section (``names_no_section``), and
    a table's header row: the marked line right after a caption, and the same row repeated
    where the table goes on over a page break."""
    found: dict[int, Heading] = {}
    demoted: dict[int, Heading] = {}
    header_rows: set[str] = set()
    after_caption = False
    for i, line in enumerate(lines):
        line = line.replace(PAGE_BREAK, "")
        heading = marked_heading(line)
        if heading is not None:
            row = after_caption or heading.title in header_rows
            # The cover: before the second heading (the first is often the title).
            if names_no_section(heading.title, on_cover=len(found) <= 1) or row:
                demoted[i] = heading
                if row:
                    header_rows.add(heading.title)
                after_caption = is_caption(heading.title)
                continue
        if line.strip():
            after_caption = heading is None and is_caption(line)
        if heading is None and (i == 0 or not lines[i - 1]) and (i + 1 == len(lines) or not lines[i + 1]):
            heading = plain_heading(line) or (Heading(1, line, None, None) if is_tier_heading(line) else None)
        if heading is not None:
            found[i] = heading
    return found, demoted


def _section_numbers(headings: list[Heading]) -> list[str | None]:
    """Each heading's full number: a lettered heading under "Section 2." is "2.a"."""
    numbers: list[str | None] = []
    open_sections: list[tuple[int, str | None]] = []   # (level, full number) of the enclosing headings
    for heading in headings:
        while open_sections and open_sections[-1][0] >= heading.level:
            open_sections.pop()
        number = heading.number
        if number and heading.kind == "letter":
            parent = next((n for _, n in reversed(open_sections) if n), None)
            number = f"{parent}.{number}" if parent else number
        numbers.append(number)
        open_sections.append((heading.level, number))
    return numbers


def _unique(anchor: str, used: dict[str, int]) -> str:
    """``anchor``, or with "-2", "-3"... when an earlier section has it (``used`` counts per anchor)."""
    candidate = anchor
    while candidate in used:
        used[anchor] += 1
        candidate = f"{anchor}-{used[anchor]}"
    used[candidate] = used.get(candidate, 1)
    return candidate


def _anchors(headings: list[Heading], numbers: list[str | None]) -> list[str]:
    """Each heading's anchor: its number (``s2.a``), else its title's slug, scoped by its parent
    section when the title repeats in the document (``mali/prosecution``).

    Numbering a repeated title through the whole page ("prosecution-7") would move every later
    country's anchors when a country is inserted; scoped by its section, an anchor changes only
    with the section that holds it.
    """
    slugs = [None if number else slug(heading.title) for heading, number in zip(headings, numbers)]
    repeated = {name for name, count in Counter(s for s in slugs if s).items() if count > 1}
    used: dict[str, int] = {}
    anchors: list[str] = []
    open_sections: list[tuple[int, str]] = []   # (level, scope name) of the enclosing headings
    for heading, number, own in zip(headings, numbers, slugs):
        while open_sections and open_sections[-1][0] >= heading.level:
            open_sections.pop()
        base = f"s{number.lower()}" if number else own or "section"
        if own in repeated and open_sections:
            base = f"{open_sections[-1][1]}/{own}"
        anchors.append(_unique(base, used))
        open_sections.append((heading.level, _scope_name(heading, anchors[-1])))
    return anchors


def _scope_name(heading: Heading, anchor: str) -> str:
    """What a section's repeated subheadings are scoped by: a TIP chapter's country ("mali" for
    "Mali (Tier 2)", which a new tier does not change), else the section's anchor."""
    found = tier_heading(heading.title)
    return slug(found[1]) if found and found[1] else anchor


def _blocks(lines: list[str], starts: list[int], headings: dict[int, Heading]) -> list[tuple[int, int, int]]:
    """``(first line, last line + 1, section index)`` of each paragraph, in text order."""
    blocks: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if not lines[i] or i in headings:
            i += 1
            continue
        end = i
        while end < len(lines) and lines[end] and end not in headings:
            end += 1
        block = lines[i:end]
        unwrapped = (len(block) > 1 and sum(map(len, block)) / len(block) > _UNWRAPPED_LINE_CHARS
                     and all(_SENTENCE_END_RE.search(line) for line in block[:-1]))
        blocks += [(n, n + 1) for n in range(i, end)] if unwrapped else [(i, end)]
        i = end
    heading_lines = sorted(headings)
    return [(a, b, bisect.bisect_right(heading_lines, a) - 1) for a, b in blocks]


def _footnotes(lines: list[str]) -> tuple[list[str], dict[int, str]]:
    """The lines with footnote definitions ("[^1]: text") as their text, and the number of each by
    line; references to them ("[^1]") are taken out of the text they interrupt."""
    notes, texts = {}, {}
    for i, line in enumerate(lines):
        match = _FOOTNOTE_RE.match(line.replace(PAGE_BREAK, ""))
        if match and (i == 0 or not lines[i - 1]):
            notes[i], texts[i] = match.group(1), PAGE_BREAK * line.count(PAGE_BREAK) + match.group(2)
    if not notes:
        return lines, notes
    references = re.compile(r"\[\^(?:" + "|".join(re.escape(n) for n in set(notes.values())) + r")\]")
    return [texts[i] if i in texts else references.sub("", line) for i, line in enumerate(lines)], notes


def build(lines: list[str], *, paged: bool = False) -> Structured:
    """The final text (headings unmarked, page breaks taken out) and its structure.

    ``paged``: the lines come from a paged original whose pages after the
    first start at a ``PAGE_BREAK`` character.
    """
    lines, notes = _footnotes(lines)
    headings, demoted = _find_headings(lines)
    out: list[str] = []
    pages: list[int] = []
    starts: list[int] = []
    offset = 0
    for i, line in enumerate(lines):
        if i in headings:
            pages += [offset] * line.count(PAGE_BREAK)
            line = headings[i].title
        elif i in demoted:  # a paragraph of its own, unmarked; its page break kept
            line = PAGE_BREAK * line.count(PAGE_BREAK) + demoted[i].title
        if PAGE_BREAK in line:
            pieces = line.split(PAGE_BREAK)
            position = offset
            for piece in pieces[:-1]:
                position += len(piece)
                pages.append(position)
            line = "".join(pieces)
        starts.append(offset)
        out.append(line)
        offset += len(line) + 1
    text = "\n".join(out)
    pages = [0] + [min(p, len(text)) for p in pages] if paged else []

    order = sorted(headings)
    numbers = _section_numbers([headings[i] for i in order])
    anchors = _anchors([headings[i] for i in order], numbers)
    ends = [len(text)] * len(order)
    open_sections: list[int] = []   # indexes into ``order`` of sections not yet closed
    for k, i in enumerate(order):   # a heading closes the open sections of its level and below
        while open_sections and headings[order[open_sections[-1]]].level >= headings[i].level:
            ends[open_sections.pop()] = starts[i]
        open_sections.append(k)
    sections = [Section(anchor=anchors[k], number=numbers[k], title=headings[i].title,
                        level=headings[i].level, start=starts[i], end=ends[k]) for k, i in enumerate(order)]

    paragraphs = []
    counts: dict[str | None, int] = {}
    for first, last, section_index in _blocks(out, starts, headings):
        owner = anchors[section_index] if section_index >= 0 else None
        counts[owner] = counts.get(owner, 0) + 1
        ordinal = counts[owner]
        anchor = f"{owner}-p{ordinal}" if owner else f"p{ordinal}"
        paragraphs.append(Paragraph(anchor=anchor, section=owner, ordinal=ordinal, start=starts[first],
                                    end=starts[last - 1] + len(out[last - 1]), footnote=notes.get(first)))
    return Structured(text, tuple(pages), tuple(sections), tuple(paragraphs))


def structure_of(doc: Document) -> Structured:
    """The structure a Document carries, as ``build`` returned it."""
    return Structured(doc.text, doc.pages, doc.sections, doc.paragraphs)
