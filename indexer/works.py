"""One report saved as several files is one work: one record, one citation, listed once.

An archive often holds a report twice or more: the State Department's PDF,
the Markdown or HTML made from it, Refworld's page of it. Each copy says
something different about itself (the PDF has a title from its metadata and
only the report year for a date; the Refworld page has the docid, the Cite-as
line and the day it was published), so showing whichever copy a search meets
first would give one report several titles, dates and citations. A ``Work``
takes each metadata field (``records.WORK_FIELDS``) from the best copy for
that field, and remembers which copy gave it, by these rules:

1. **Standing of a copy** (the order in which copies are asked for a field,
   and the work's page, ``copies[0]``): a copy with a Refworld docid or a
   Cite-as line first; then one whose date the document itself states (a
   labelled line, the page's date meta tags); then one saved from a web
   address; then the one with more metadata fields; then by path.
2. **Date** (``published`` with ``published_source``): the strongest source
   (``records.DATE_SOURCES``: a stated date beats a dated address, which beats
   a PDF's creation date, which beats the report year alone), then the more
   precise (a day beats a month beats a year), then standing.
3. **Title**: a title that is only the file's name, rewritten, loses to one
   the document gives; then standing.
4. **Refworld docid and Cite-as**: from the copy that has them (a docid beats none).
5. **Every other field** (publisher, author, countries, tier, report year, type,
   symbol, address, language, last update): the first copy, by standing, that gives it.

Each copy without pages also keeps the page of the work's PDF copy that each of
its paragraphs is on (``workpages``), so that its snippets name the page a
citation gives.

Which files are copies is decided elsewhere (``duplicates``: the same text, or
near copies); this module only merges, so it is plain functions on records.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import fields, replace
from pathlib import PurePath
from typing import Any

from .countries import Country
from .duplicates import text_key
from .records import DATE_SOURCES, Document
from .workpages import paged_copy, paragraph_pages
from .workrecords import WORK_FIELDS, Work, WorkCopy

# The kind of file each suffix names, as a work's page lists its copies.
KINDS = {".pdf": "PDF", ".md": "Markdown", ".markdown": "Markdown", ".html": "HTML", ".htm": "HTML",
         ".docx": "Word", ".txt": "Text"}
_WORD_RE = re.compile(r"[^\W_]+")
_STATED_DATES = frozenset(("text", "page metadata"))


def kind_of(path: str) -> str:
    """The kind of file ``path`` is, as people name it ("PDF", "Markdown")."""
    return KINDS.get(PurePath(path).suffix.lower(), "File")


def standing(doc: Document) -> tuple:
    """How much a copy says about the work, larger first (rule 1); a key for ``sorted``."""
    filled = sum(1 for name in WORK_FIELDS if getattr(doc, name))
    return (bool(doc.refworld_docid or doc.citation), doc.published_source in _STATED_DATES,
            bool(doc.source_url and doc.source_url.startswith(("http://", "https://"))), filled)


def _by_standing(copies: Sequence[Document]) -> list[Document]:
    ordered = sorted(copies, key=lambda d: (d.path, d.id))
    return sorted(ordered, key=standing, reverse=True)  # stable: equal standing keeps path order


def _date_rank(doc: Document) -> tuple:
    """Rule 2: the date's source, strongest first, then its precision."""
    source = DATE_SOURCES.index(doc.published_source) if doc.published_source in DATE_SOURCES \
        else len(DATE_SOURCES)
    return (-source, (doc.published or "").count("-"))


def is_file_name(title: str | None, path: str) -> bool:
    """Whether ``title`` is only the file name of ``path`` rewritten ("mali-2024.pdf", "Mali 2024")."""
    if not title or not path:
        return False
    stem = [w.casefold() for w in _WORD_RE.findall(PurePath(path).stem)]
    return [w.casefold() for w in _WORD_RE.findall(title)] == stem


def _first(copies: list[Document], name: str) -> Document | None:
    return next((doc for doc in copies if getattr(doc, name)), None)


def field_sources(copies: Sequence[Document]) -> dict[str, Document]:
    """For each field of ``records.WORK_FIELDS`` some copy gives, the copy the work takes it from."""
    ranked = _by_standing(copies)
    chosen: dict[str, Document] = {}
    for name in WORK_FIELDS:
        if name == "published_source":
            continue  # travels with ``published``
        if name == "published":
            dated = [d for d in ranked if d.published]
            found = max(dated, key=_date_rank) if dated else None  # max keeps the first of equals
        elif name == "title":
            titled = [d for d in ranked if d.title]
            found = next((d for d in titled if not is_file_name(d.title, d.path)), titled[0] if titled else None)
        elif name == "citation":
            found = next((d for d in ranked if d.citation and d.refworld_docid), None) or _first(ranked, name)
        else:
            found = _first(ranked, name)
        if found is not None:
            chosen[name] = found
            if name == "published" and found.published_source:
                chosen["published_source"] = found
    return chosen


def _json_value(doc: Document, name: str) -> Any:
    value = getattr(doc, name)
    return [c.to_dict() for c in value] if name == "countries" else value


def merge(copies: Sequence[Document], before: Work | None = None) -> Work:
    """The work the ``copies`` (two or more documents, each as read from its own file) are;
    ``before``, the work they were when none of them has changed since, lends the PDF pages it
    found (``workpages``) when it had the same copies."""
    ranked = _by_standing(copies)
    chosen = field_sources(ranked)
    paged = paged_copy(ranked)
    # A work kept from before pages were found has none to lend.
    found = ({c.id: c.pages for c in before.copies}
             if before is not None and {c.id for c in before.copies} == {d.id for d in ranked}
             and any(c.pages for c in before.copies) else None)

    def pages(doc: Document) -> tuple[int, ...]:
        if paged is None or doc.pages:
            return ()
        return found[doc.id] if found is not None else paragraph_pages(doc, paged)

    return Work(
        id=ranked[0].id,
        copies=tuple(WorkCopy(d.id, d.path, kind_of(d.path), d.title, pages(d)) for d in ranked),
        sources=tuple((name, doc.id) for name, doc in chosen.items()),
        values=tuple((name, _json_value(chosen[name], name) if name in chosen else None)
                     for name in WORK_FIELDS))


def as_work(doc: Document, work: Work | None) -> Document:
    """``doc`` (one copy, as read) shown as its work: the work's metadata, its own text."""
    if work is None:
        return doc if doc.work is None else replace(doc, work=None)
    own = {f.name for f in fields(Document)}
    values = {name: value for name, value in work.values if name in own}
    if "countries" in values:
        values["countries"] = tuple(Country(**c) for c in values["countries"] or ())
    return replace(doc, **values, work=work)


def work_key(doc: Document) -> str:
    """What every copy of one work shares (its text's key when it is a work of one file)."""
    return f"work:{doc.work.id}" if doc.work is not None else text_key(doc)


def cited_id(doc: Document) -> str:
    """The id a citation of ``doc`` is written from: its work's, so every copy cites alike."""
    return doc.work.id if doc.work is not None else doc.id
