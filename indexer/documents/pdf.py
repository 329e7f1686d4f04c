"""From a PDF's bytes to its paragraphs, headings, footnotes, page starts and metadata, or a clear reason why not.

The words come from poppler's ``pdftotext`` where it is installed, each of
its lines set in the type pypdf finds drawn in its box (``poppler``: why,
with the measures on every producer's files); without it, from pypdf alone,
whose runs of text carry their font and position.

The pipeline, each step a function: ``open_pdf`` (broken, encrypted and
too-long files refused) -> ``read_pages`` (each page's lines with their
font size, boldness and height on the page; a text layer that is not
language refused as needing OCR) -> ``running_lines`` (the header, footer
and page number repeated at the top or bottom of most pages: furniture) ->
``pdf_notes.take_notes`` (footnotes at the foot of a column, kept apart) ->
``page_paragraphs`` (wrapped lines joined into paragraphs by the gaps
between them, words broken at a line end rejoined; lines in a larger or
bold type become Markdown headings, by size) -> ``read_pdf``, which joins
the pages, continuing a paragraph that runs over a page break, marks where
each page starts with ``structure.PAGE_BREAK`` and places each footnote
after the paragraph referring to it. A PDF without any text layer (a scan)
is refused as needing OCR rather than indexed empty.
"""
from __future__ import annotations

import io
import logging
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError
from pypdf.generic import IndirectObject

from .. import config
from .characters import SOFT_HYPHEN, is_language, join_broken_line, normalise_characters, vocabulary
from .decoding import Unreadable
from .furniture import Removal, fingerprint, note_removed
from .pdf_notes import Note, mark_references, place_notes, take_notes
from .pdf_print import print_metadata
from .poppler import Run, read_boxes, style_of
from .structure import PAGE_BREAK

# pypdf reports the oddities of damaged files through logging; they are not the user's business.
logging.getLogger("pypdf").addHandler(logging.NullHandler())
logging.getLogger("pypdf").propagate = False

_BOLD_RE = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_DIGITS_RE = re.compile(r"\d+")
# Lines of fewer words than this compare across pages with their digits ignored (page numbers).
_SHORT_LINE_WORDS = 6
# Lines at the top and at the bottom of a page where running headers and footers are looked for.
_EDGE_LINES = 4
# A line repeated at a page edge on at least this share of the pages is running furniture.
_RUNNING_SHARE = 0.5
# A line in type this much larger than the body's, or bold and short, is a heading.
_HEADING_SCALE = 1.15
_MAX_HEADING_CHARS = 150
# A gap between lines this much larger than the page's usual one separates paragraphs.
_PARAGRAPH_GAP = 1.4
_SENTENCE_END_RE = re.compile(r"[.!?:;\"”’)\]]$")
# Titles that name the file or the program that made it, not the document.
_WEAK_TITLE_RE = re.compile(r"^(untitled|document\d*|microsoft word\b.*|.*\.(docx?|pdf|rtf|odt|indd))$", re.I)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x80-\x9f]")


@dataclass
class Line:
    """One line of a page: its text, and the type and height it was set in."""

    text: str
    size: float
    bold: bool
    y: float | None
    x: float | None = None


@dataclass
class PdfParts:
    """What a PDF yields before the text cleaning and metadata extraction."""

    lines: list[str]
    meta: dict[str, str] = field(default_factory=dict)
    pages: int = 0


def open_pdf(data: bytes, *, max_pages: int = config.MAX_PDF_PAGES) -> PdfReader:
    """A pypdf reader for ``data``; raises ``Unreadable`` for broken, encrypted and too-long files."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # files with only an owner password open without one
            except (DependencyError, NotImplementedError) as error:
                raise Unreadable(f"encrypted PDF: its encryption cannot be read here ({error})") from None
            if not opened:
                raise Unreadable("encrypted PDF: it needs a password to open; save a copy without "
                                 "the password to index it")
        pages = len(reader.pages)
    except Unreadable:
        raise
    except FileNotDecryptedError:
        raise Unreadable("encrypted PDF: it needs a password to open") from None
    except Exception as error:  # noqa: BLE001 - pypdf raises many kinds of error for damaged files
        raise Unreadable(f"broken PDF: it cannot be parsed ({type(error).__name__}: {error})") from None
    if pages == 0:
        raise Unreadable("broken PDF: it has no pages")
    if pages > max_pages:
        raise Unreadable(f"PDF too long ({pages:,} pages; the limit is {max_pages:,} pages)")
    return reader


def pdf_metadata(reader: PdfReader) -> dict[str, str]:
    """Title, Author, Subject and dates from the document information dictionary, as ``pdf:*`` keys."""
    try:
        info: dict[str, Any] = reader.metadata or {}
    except Exception:  # noqa: BLE001 - a damaged information dictionary is only missing metadata
        return {}
    meta = {}
    for key, name in (("/Title", "pdf:title"), ("/Author", "pdf:author"), ("/Subject", "pdf:subject"),
                      ("/CreationDate", "pdf:created"), ("/ModDate", "pdf:modified")):
        value = info.get(key)
        if isinstance(value, IndirectObject):
            value = value.get_object()
        value = " ".join(str(value).split()) if value is not None else ""
        if value and not (name == "pdf:title" and _WEAK_TITLE_RE.match(value)):
            meta[name] = value
    return meta


def _clean(text: str) -> str:
    """Control codes out, ligatures as letters; a soft hyphen ending the line stays, to rejoin its word."""
    # ReportLab's standard fonts write the bullet as code 127; other control codes are noise.
    text = _CONTROL_RE.sub("", text.replace("\x7f", "•"))
    broken = text.endswith(SOFT_HYPHEN)
    return normalise_characters(text) + (SOFT_HYPHEN if broken else "")


def page_lines(page, runs: list[Run] | None = None) -> list[Line]:
    """The page's lines in the order the page draws them, with the type each is set in.

    ``runs``, when given, receives every run of text drawn, with its place and type.
    """
    try:
        top = float(page.mediabox.top)
    except Exception:  # noqa: BLE001 - a page without a usable media box: runs are not placed
        top = 0.0
    lines: list[Line] = []
    current: list[tuple[str, float, bool]] = []
    state = {"y": None}

    def close() -> None:
        text = " ".join("".join(t for t, _, _ in current).split())
        if text:
            chars: Counter[tuple[float, bool]] = Counter()
            for t, size, bold in current:
                chars[(size, bold)] += len(t.strip())
            size, bold = chars.most_common(1)[0][0]
            lines.append(Line(_clean(text), size, bold, state["y"]))
        current.clear()

    def visit(text, cm, tm, font, size) -> None:
        if not text:
            return
        try:
            scale = (tm[3] or 1) * (cm[3] or 1)
            y = round(tm[5] * cm[3] + tm[4] * cm[1] + cm[5], 1)
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        except (TypeError, IndexError):
            scale, y, x = 1, None, None
        name = str((font or {}).get("/BaseFont", "")) if hasattr(font, "get") else ""
        if runs is not None and y is not None and x is not None and text.strip():
            runs.append(Run(x, top - y, round(abs(size * scale), 1), bool(_BOLD_RE.search(name)), len(text.strip())))
        parts = text.split("\n")
        for n, part in enumerate(parts):
            if n:
                close()
            if part:
                if current and state["y"] is not None and y is not None and abs(y - state["y"]) > 1:
                    close()
                if not current:
                    state["y"] = y
                current.append((part, round(abs(size * scale), 1), bool(_BOLD_RE.search(name))))

    page.extract_text(visitor_text=visit)
    close()
    return lines


def page_line_key(text: str) -> str:
    """A line as compared across the pages of one PDF: a short one with its digits ignored.

    Within one document, "Page 3 of 12" and "Page 4 of 12" are one running
    footer; across documents (``furniture``) numbers always count.
    """
    key = fingerprint(text)
    return _DIGITS_RE.sub("#", key) if key.count(" ") < _SHORT_LINE_WORDS else key


def running_lines(pages: list[list[Line]]) -> set[tuple[str, float]]:
    """(fingerprint, size) of the lines repeated at the top or bottom edge of most pages."""
    if len(pages) < 2:
        return set()
    counts: Counter = Counter()
    for lines in pages:
        counts.update({(page_line_key(line.text), line.size) for line in _edges(lines)})
    needed = max(2, _RUNNING_SHARE * len(pages))
    return {key for key, n in counts.items() if n >= needed}


def _edges(lines: list[Line]) -> list[Line]:
    """The top and bottom lines of a page by height (in drawing order when heights are unknown)."""
    placed = [line for line in lines if line.y is not None]
    ordered = sorted(placed, key=lambda line: -(line.y or 0.0)) if len(placed) == len(lines) else lines
    return ordered[:_EDGE_LINES] + ordered[-_EDGE_LINES:]


def _body_size(pages: list[list[Line]]) -> float:
    chars: Counter = Counter()
    for lines in pages:
        for line in lines:
            if not line.bold:
                chars[line.size] += len(line.text)
    return chars.most_common(1)[0][0] if chars else 0.0


def _heading_levels(pages: list[list[Line]], body: float) -> dict[tuple[float, bool], int]:
    """The heading styles (size, bold) of the document, ranked: the largest is level 1."""
    styles = {(line.size, line.bold) for lines in pages for line in lines if _is_heading_style(line, body)}
    ranked = sorted(styles, key=lambda style: (-style[0], not style[1]))
    return {style: min(rank + 1, 6) for rank, style in enumerate(ranked)}


def _is_heading_style(line: Line, body: float) -> bool:
    if len(line.text) > _MAX_HEADING_CHARS or not body:
        return False
    return line.size >= body * _HEADING_SCALE or (line.bold and line.size >= body * 0.9)


def _runs_on(last: str, first: str) -> bool:
    """Whether a paragraph ending in ``last`` runs on into ``first`` over a page or column break."""
    return not _SENTENCE_END_RE.search(last) or first[:1].islower()


def page_paragraphs(lines: list[Line], levels: dict[tuple[float, bool], int],
                    known: frozenset[str] = frozenset()) -> list[str]:
    """The page's lines as paragraphs and Markdown heading lines.

    A line higher on the page than the one before starts a new column: the
    paragraph runs on into it unless it ended a sentence. A word the layout
    broke at a line end is rejoined when the joined word is ``known``.
    """
    _join = lambda text, line: join_broken_line(text, line, known)  # noqa: E731
    gaps = [a.y - b.y for a, b in zip(lines, lines[1:])
            if a.y is not None and b.y is not None and 0 < a.y - b.y]
    usual = statistics.median(gaps) if gaps else None
    out: list[str] = []
    paragraph = ""
    previous: Line | None = None
    heading: Line | None = None
    for line in lines:
        level = levels.get((line.size, line.bold))
        if level:
            if paragraph:
                out.append(paragraph)
            paragraph = ""
            if (heading and (heading.size, heading.bold) == (line.size, line.bold) and heading.y is not None
                    and line.y is not None and 0 < heading.y - line.y <= line.size * 1.6):
                out[-1] = _join(out[-1], line.text)   # a heading wrapped over two lines
            else:
                out.append(f"{'#' * level} {line.text}")
            previous, heading = None, line
            continue
        heading = None
        gap = (previous.y - line.y) if previous and previous.y is not None and line.y is not None else None
        if paragraph and (gap is None and previous is None
                          or gap is not None and usual and gap > usual * _PARAGRAPH_GAP
                          or gap is not None and gap < 0 and not _runs_on(paragraph, line.text)):
            out.append(paragraph)
            paragraph = ""
        paragraph = _join(paragraph, line.text)
        previous = line
    if paragraph:
        out.append(paragraph)
    return out


def read_pdf(data: bytes, *, max_pages: int = config.MAX_PDF_PAGES,
             removed: list[Removal] | None = None) -> PdfParts:
    """The PDF's paragraphs (headings marked, page starts marked), metadata and page count."""
    reader = open_pdf(data, max_pages=max_pages)
    pages = read_pages(reader, data)
    if not any(line.text.strip() for lines in pages for line in lines):
        count = f"its {len(pages)} pages are images" if len(pages) > 1 else "its one page is an image"
        raise Unreadable(f"no text: needs OCR ({count} without a text layer)")
    readable, measure = is_language("\n".join(line.text for lines in pages for line in lines),
                                    min_letters=config.MIN_LETTER_SHARE, min_words=config.MIN_WORD_SHARE)
    if not readable:
        raise Unreadable(f"no readable text: needs OCR (its text layer is not language: {measure}; "
                         f"its fonts have no map to letters)")
    running = running_lines(pages)
    kept_pages = []
    seen: dict[tuple[str, float], list[str]] = {}
    for lines in pages:
        edges = {id(line) for line in _edges(lines)}
        gone = [line for line in lines if id(line) in edges and (page_line_key(line.text), line.size) in running]
        for line in gone:
            seen.setdefault((page_line_key(line.text), line.size), []).append(line.text)
        kept_pages.append([line for line in lines if line not in gone])
    for texts in seen.values():  # one entry per running line, not one per page
        shown = texts[0] if len(set(texts)) == 1 else f"{texts[0]} … {texts[-1]}"
        note_removed(removed, [shown], f"running header, footer or page number: at the edge of "
                                       f"{len(texts)} of the {len(pages)} pages")
    body = _body_size(kept_pages)
    levels = _heading_levels(kept_pages, body)
    page_notes = []
    for number, lines in enumerate(kept_pages):
        kept_pages[number], notes = take_notes(lines, body)
        page_notes.append(notes)
    for lines in kept_pages:
        mark_references(lines, {note.number for notes in page_notes for note in notes})
    known = vocabulary(line.text for lines in kept_pages for line in lines)
    _join = lambda text, line: join_broken_line(text, line, known)  # noqa: E731
    out: list[str] = []
    notes_after: list[tuple[int, Note]] = []
    for number, lines in enumerate(kept_pages):
        if number:   # a page's footnotes go after the paragraph it ends with, unless one refers to them
            notes_after += [(len(out) - 1, note) for note in page_notes[number - 1]]
        paragraphs = page_paragraphs(lines, levels, known)
        if number == 0:
            out = _spaced(paragraphs)
            continue
        if not paragraphs:
            out.append(PAGE_BREAK)
            continue
        first = paragraphs[0]
        last = out[-1] if out else ""
        if (last and not last.startswith("#") and not last.endswith(PAGE_BREAK) and not first.startswith("#")
                and _runs_on(last, first)):
            joined = _join(last, first)   # the paragraph runs on over the page break
            cut = len(joined) - len(first)
            out[-1] = joined[:cut] + PAGE_BREAK + joined[cut:]
            out += _spaced(paragraphs[1:], lead=True)
        else:
            out += [""] + _spaced([PAGE_BREAK + first] + paragraphs[1:])
    notes_after += [(len(out) - 1, note) for note in page_notes[-1]]
    out = [normalise_characters(line) for line in place_notes(out, notes_after)]
    top = min(levels.values(), default=None)
    heading = next((line.text for lines in kept_pages for line in lines if levels.get((line.size, line.bold)) == top),
                   None)
    meta = print_metadata(pdf_metadata(reader), [text for texts in seen.values() for text in texts[:1]], heading)
    return PdfParts(lines=out, meta=meta, pages=len(pages))


def read_pages(reader: PdfReader, data: bytes) -> list[list[Line]]:
    """Every page's lines: as pdftotext reads them, set in pypdf's type; by pypdf alone without it."""
    runs: list[list[Run]] = []
    try:
        drawn = []
        for page in reader.pages:
            runs.append([])
            drawn.append(page_lines(page, runs[-1]))
    except Exception as error:  # noqa: BLE001 - a damaged content stream
        raise Unreadable(f"broken PDF: its text cannot be read ({type(error).__name__}: {error})") from None
    boxes = read_boxes(data)
    if boxes is None or len(boxes) != len(drawn) or not any(page for _, page in boxes):
        return drawn
    pages = [[Line(_clean(box.text), *(style_of(box, page_runs) or (0.0, False)), round(height - box.bottom, 1), box.x0)
              for box in page_boxes] for (height, page_boxes), page_runs in zip(boxes, runs)]
    body = _body_size([[line for line in lines if line.size] for lines in pages])
    for lines in pages:
        for line in lines:
            line.size = line.size or body   # a line no run was found in is taken for body text
    return pages


def _spaced(paragraphs: list[str], lead: bool = False) -> list[str]:
    """Paragraphs as lines with a blank line between them (and before the first, with ``lead``)."""
    out: list[str] = []
    for paragraph in paragraphs:
        if out or lead:
            out.append("")
        out.append(paragraph)
    return out
