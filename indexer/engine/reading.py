"""A document's reading view: its text cut into parts and blocks, the search's words marked.

A long report is shown a part at a time (``DOCUMENT_PART_CHARS``), each part
made of the document's blocks (headings, paragraphs, footnotes) with the
section label a citation names them by and the pages of a paged original
that begin in them; the marking itself is the highlighter's (``highlight``),
so a document page marks exactly the words a results page's snippet marks.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .. import config, deadline
from ..errors import QueryError
from ..languages import language_code
from ..locations import page_at, page_starts, section_label
from ..records import Document, DocumentText, TextBlock
from ..textlanguages import Stretch, document_stretches
from .analysis import analysis_language
from .compile import Highlight
from .highlight import Languages, matches, render_written, within
from .positions import stretches

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> tuple[str, ...]:
    """The paragraphs of a clean text: blocks between blank lines, else single lines."""
    blocks = _PARAGRAPH_BREAK.split(text or "")
    if len(blocks) == 1:
        blocks = (text or "").splitlines()
    return tuple(b.strip() for b in blocks if b.strip())


def _pieces(start: int, end: int, text: str, size: int) -> list[tuple[int, int]]:
    """The span [start, end) of ``text``, cut at spaces into pieces of at most about ``size``."""
    if end - start <= size:
        return [(start, end)]
    pieces = []
    while start < end:
        stop = min(end, start + size)
        if stop < end:
            space = text.rfind(" ", start + size // 2, stop)
            stop = space + 1 if space != -1 else stop
        pieces.append((start, stop))
        start = stop
    return pieces


@dataclass(frozen=True)
class _Block:
    kind: str
    start: int
    end: int
    anchor: str | None = None
    level: int = 0
    label: str = ""
    footnote: str | None = None


def _blocks(doc: Document) -> list[_Block]:
    """The document's headings and paragraphs in reading order, from its structure (or, for a
    document read before structure was kept, from its blank lines)."""
    text = doc.text
    if not doc.paragraphs:
        out, position = [], 0
        for number, block in enumerate(paragraphs(text), start=1):
            found = text.find(block, position)
            start = found if found != -1 else position
            out.append(_Block("paragraph", start, start + len(block), f"p{number}", label=f"para. {number}"))
            position = start + len(block)
        return out
    blocks = [_Block("heading", s.start, _line_end(text, s.start), s.anchor, s.level, section_label(s))
              for s in doc.sections]
    blocks += [_Block("paragraph", p.start, p.end, p.anchor, label=f"para. {p.ordinal}", footnote=p.footnote)
               for p in doc.paragraphs]
    blocks.sort(key=lambda b: (b.start, b.kind != "heading"))
    return [b for b in blocks if text[b.start:b.end].strip()]


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end == -1 else end


def _paged(doc: Document, size: int, blocks: int = config.DOCUMENT_PART_BLOCKS) -> list[list[_Block]]:
    """The pages of ``doc``: at most ``size`` characters and ``blocks`` headings and paragraphs each."""
    pages: list[list[_Block]] = [[]]
    length = 0
    for block in _blocks(doc):
        for number, (start, end) in enumerate(_pieces(block.start, block.end, doc.text, size)):
            piece = block if number == 0 else _Block(block.kind, start, end)
            piece = _Block(piece.kind, start, end, piece.anchor, piece.level, piece.label, block.footnote)
            if pages[-1] and (length + (end - start) > size or len(pages[-1]) >= blocks):
                pages.append([])
                length = 0
            pages[-1].append(piece)
            length += end - start
    return pages


def part_holding(doc: Document, anchor: str, size: int = config.DOCUMENT_PART_CHARS) -> int | None:
    """The page of text that shows the heading or paragraph ``anchor`` (None: no such anchor)."""
    for number, page in enumerate(_paged(doc, size), start=1):
        if any(b.anchor == anchor for b in page):
            return number
    return None


def text_languages(doc: Document) -> Languages:
    """The languages of ``doc``'s text as highlighting takes them: its own, and its parts'."""
    language = analysis_language(doc.language)
    parts = tuple((p.start, p.end, analysis_language(p.language)) for p in doc.language_parts)
    return stretches(len(doc.text), language, parts) if parts else language


def highlight_document(doc: Document, marks: Highlight, part: int = 1,
                       size: int = config.DOCUMENT_PART_CHARS,
                       max_marks: int = config.MAX_MARKS_PER_PART) -> DocumentText:
    """Page ``part`` of ``doc``'s text as headings and paragraphs of escaped HTML with their
    anchors, at most ``max_marks`` matches marked, and the contents of the whole document.

    ``QueryError`` when the document has no such page.
    """
    pages = _paged(doc, size)
    if not 1 <= part <= len(pages):
        raise QueryError(f"This document has {len(pages)} page{'s' if len(pages) != 1 else ''} of "
                         f"text; there is no page {part}.")
    text = doc.text
    language = text_languages(doc)
    own = language_code(doc.language)
    page_begins = page_starts(doc.pages, pages)
    out, left = [], max_marks
    for index, block in enumerate(pages[part - 1]):
        deadline.check()
        raw = text[block.start:block.end]
        piece = raw.strip("\n")
        begins = block.start + len(raw) - len(raw.lstrip("\n"))
        found = (matches(piece, marks, within(language, begins, begins + len(piece)))[:left]
                 if marks and left else [])
        left -= len(found)
        shown, runs = render_written(piece, 0, len(piece), found, _written(doc, begins, len(piece)), own,
                                     passage=False)
        out.append(TextBlock(block.kind, shown, block.anchor, block.level, block.label, part, block.footnote,
                             page_begins.get((part, index), ()), runs))
    contents = tuple(_heading_entry(doc, b, number, own)
                     for number, page in enumerate(pages, start=1) for b in page if b.kind == "heading")
    first = pages[part - 1][0].start if pages[part - 1] else 0
    return DocumentText(tuple(out), part, len(pages), bool(marks) and left <= 0, contents,
                        page_at(doc, first))



def _written(doc: Document, begins: int, length: int) -> tuple[Stretch, ...] | None:
    """The language stretches of the ``length`` characters of ``doc``'s text at ``begins``, with
    offsets from there; None for a document all in its own language."""
    if not doc.language_parts:
        return None
    return tuple((a - begins, b - begins, w) for a, b, w in document_stretches(doc, begins, begins + length))


def _heading_entry(doc: Document, block: _Block, part: int, own: str | None) -> TextBlock:
    """A heading as the contents list names it, with the language it is written in."""
    raw = doc.text[block.start:block.end]
    heading = raw.strip()
    begins = block.start + len(raw) - len(raw.lstrip())
    _, runs = render_written(heading, 0, len(heading), [], _written(doc, begins, len(heading)), own, passage=False)
    return TextBlock("heading", html.escape(heading), block.anchor, block.level, block.label, part, runs=runs)


def highlight_paragraphs(text: str, marks: Highlight, part: int = 1,
                         size: int = config.DOCUMENT_PART_CHARS,
                         max_marks: int = config.MAX_MARKS_PER_PART) -> DocumentText:
    """``text`` alone (no structure) as ``highlight_document`` shows a document."""
    bare = Document(id="", title=None, publisher=None, author=None, published=None, last_updated=None,
                    countries=(), tier=None, report_year=None, doc_type=None, document_symbol=None,
                    citation=None, source_url=None, refworld_docid=None, language=None, sha256="",
                    path="", text=text)
    return highlight_document(bare, marks, part, size, max_marks)
