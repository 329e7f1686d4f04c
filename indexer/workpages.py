"""The pages of a work's PDF copy, for the passages of its other copies.

A report saved as a PDF and as Markdown (or HTML) is one work (``works``).
A lawyer cites the page of the printed report, but when the Markdown copy
ranks first its snippets would name no page: Markdown has none. So when a
work is merged, each paragraph of every copy without pages is looked for in
the work's PDF copy, by its words: the first run of ``config.PAGE_MATCH_WORDS``
consecutive words of the paragraph (case and accents as the index folds
them, punctuation ignored) that the PDF's text holds places it on the page
where that run starts. A paragraph the PDF does not hold (a line the
Markdown copy added, a table read otherwise) gets no page, never a guess.

The pages are kept in the work (``WorkCopy.pages``), one number a paragraph,
so a search names them without reading the PDF copy again.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from . import config
from .locations import Place, page_at, paragraph_at, pinpoint, pinpoint_label, place
from .records import Document
from .workrecords import Work

_WORD_RE = re.compile(r"[^\W_]+")


def _words(text: str, start: int = 0) -> list[tuple[str, int]]:
    """The words of ``text`` folded for comparison, each with its offset (plus ``start``)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    if len(folded) != len(text):  # offsets would shift: compare without them
        return [(m.group(), start) for m in _WORD_RE.finditer(folded)]
    return [(m.group(), start + m.start()) for m in _WORD_RE.finditer(folded)]


def _runs(words: list[tuple[str, int]], run: int) -> list[int]:
    """The hash of each run of ``run`` words, by its first word (compared within one call only)."""
    only = [w for w, _ in words]
    return [hash(tuple(only[i:i + run])) for i in range(len(only) - run + 1)]


def paragraph_pages(doc: Document, paged: Document, run: int = config.PAGE_MATCH_WORDS) -> tuple[int, ...]:
    """For each paragraph of ``doc``, the page of ``paged`` its text is on (0: not found there)."""
    if not paged.pages or not doc.paragraphs:
        return ()
    words = _words(paged.text)
    starts: dict[int, int] = {}
    for i, key in enumerate(_runs(words, run)):
        starts.setdefault(key, words[i][1])
    pages = []
    for paragraph in doc.paragraphs:
        found = next((starts[key] for key in _runs(_words(doc.text[paragraph.start:paragraph.end]), run)
                      if key in starts), None)
        pages.append(page_at(paged, found) or 0 if found is not None else 0)
    return tuple(pages) if any(pages) else ()


def paged_copy(copies: Sequence[Document]) -> Document | None:
    """The copy whose pages the work's other copies are cited by: the first PDF among them."""
    return next((d for d in copies if d.pages and d.path.lower().endswith(".pdf")), None)


def pdf_copy_id(work: Work | None) -> str | None:
    """The id of the work's PDF copy, whose pages its other copies name."""
    if work is None:
        return None
    return next((c.id for c in work.copies if c.kind == "PDF"), None)


def snippet_places(doc: Document, starts: Sequence[int]) -> tuple[tuple[str, ...], tuple[str, ...],
                                                                  tuple[int, ...], str | None]:
    """Where each snippet starting at ``starts`` is: its pinpoint ("p. 3, section 2.a, para. 4"),
    its paragraph's anchor, the page of the original PDF it is on (0: none) and the id of the
    document that PDF is (the document's own, or its work's PDF copy's; None: no PDF).

    A document read from a PDF names its own pages; another copy of a work that has a PDF
    copy names that copy's pages, where its paragraph's text lies (``paragraph_pages``).
    """
    anchors = tuple(getattr(paragraph_at(doc, start), "anchor", "") for start in starts)
    if doc.pages:
        pages = tuple(page_at(doc, start) or 0 for start in starts)
        own = doc.id if doc.path.lower().endswith(".pdf") and any(pages) else None
        return tuple(pinpoint(doc, start) or "" for start in starts), anchors, pages if own else (), own
    copy = next((c for c in doc.work.copies if c.id == doc.id), None) if doc.work else None
    by_paragraph = dict(zip((p.anchor for p in doc.paragraphs), copy.pages)) if copy and copy.pages else {}
    pages = tuple(by_paragraph.get(anchor, 0) for anchor in anchors)
    places = []
    for start, page in zip(starts, pages):
        where = place(doc, start)
        if page:
            where = Place(page, page, where.section, where.paragraph) if where else Place(page, page)
        places.append(pinpoint_label(where) or "")
    pdf = pdf_copy_id(doc.work) if any(pages) else None
    return tuple(places), anchors, pages if pdf else (), pdf
