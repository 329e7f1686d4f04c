"""Bridges between searching and the citation lookup.

A docid, a Refworld address or a document symbol typed into the search box
is better answered by the citation lookup, so the results page offers it.
The lookup page's example is taken from the archive itself, so following it
always finds its document. A document or a part of it (``at``) is cited by
``cited_part``: the reference entry, the in-text forms with the locator, and
the passage quoted with its citation, which the page and the API both show.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from indexer.citations.formats import STYLES, citation_spans, format_citation
from indexer.citations.intext import ShortForm, quotation, quoted_words, short_forms
from indexer.citations.parts import Span, citation_url
from indexer.languages import direction
from indexer.locations import paragraph_by_anchor, pinpoint_label, place_of, unknown_anchor
from indexer.records import Document
from indexer.refworld_urls import find_refworld_url
from indexer.request import parse_request
from indexer.textlanguages import Stretch, document_stretches

from .originals import original_url
from .searcher import get_archive, search_results

# A Refworld docid, a new-site id is too ambiguous to offer (any number would match).
_DOCID = re.compile(r"[0-9a-f]{9,10}", re.I)
# Document symbols: IRB "NGA26574.E", UN "HCR/GIP/02/01" and "A/RES/217(III)".
_SYMBOL = re.compile(r"[A-Za-z]{3}\d{3,7}\.[A-Za-z]{1,2}|[A-Z][A-Za-z]{0,7}(?:/[A-Za-z0-9.()\-]+){2,}")
# Newest documents looked at for an example that has an address.
EXAMPLE_POOL = 20


def looks_like_citation(query: str) -> bool:
    """Whether ``query`` is a docid, a Refworld address or a document symbol rather than words."""
    text = (query or "").strip()
    if not text or len(text) > 300:
        return False
    if find_refworld_url(text) or re.match(r"https?://", text, re.I):
        return True
    return bool(_DOCID.fullmatch(text) and re.search(r"\d", text) or _SYMBOL.fullmatch(text))


def example_citation() -> str | None:
    """Something to paste that the lookup finds: the address of a recent document that has
    one, else the Refworld citation of the newest document; None for an empty archive."""
    newest = search_results(parse_request({"per_page": str(EXAMPLE_POOL), "sort": "newest"}))
    archive = get_archive()
    docs = [archive.document(hit.id) for hit in newest.hits]
    for doc in docs:
        url = citation_url(doc)
        if url:
            return url
    return format_citation(docs[0], "refworld") if docs else None


@dataclass(frozen=True)
class QuotedRun:
    """A piece of a quotation with its citation, which the panel (in English, left to right)
    shows as it is: the quoted words in another language carry it and its direction ("rtl",
    "ltr"), a passage in several languages is laid out by its first letter ("auto")."""

    text: str
    language: str | None = None
    direction: str | None = None

    def to_dict(self) -> dict:
        return {"text": self.text, "lang": self.language, "dir": self.direction}


@dataclass(frozen=True)
class CitedPart:
    """A document, or the section or paragraph ``at`` names, cited in one style.

    ``reference`` is the reference entry (the work alone, as a reference list
    holds it); ``short_forms`` the in-text citations and notes, which carry
    the ``pinpoint``; ``quotation`` the paragraph quoted with its citation;
    ``notice`` says that ``at`` named no part of the document.
    """

    doc_id: str
    style: str
    reference: tuple[Span, ...]
    short_forms: tuple[ShortForm, ...]
    at: str | None = None
    pinpoint: str | None = None
    quotation: str | None = None
    notice: str | None = None
    # The page of the paged original the cited part starts on, and that page's address in
    # the original PDF (None without one).
    page: int | None = None
    original: str | None = None
    # ``quotation`` cut where its quoted words begin and end when they are not in English (one
    # run when they are); in the API only beside a quotation.
    quotation_runs: tuple[QuotedRun, ...] = ()

    def to_dict(self) -> dict:
        return {"style": self.style, "id": self.doc_id,
                "citation": "".join(s.text for s in self.reference), "spans": _spans(self.reference),
                "in_text": [{"kind": f.kind, "text": f.text, "spans": _spans(f.spans)}
                            for f in self.short_forms],
                "at": self.at, "pinpoint": self.pinpoint, "quotation": self.quotation,
                "page": self.page, "original": self.original,
                **({"quotation_runs": [run.to_dict() for run in self.quotation_runs]} if self.quotation else {}),
                **({"notice": self.notice} if self.notice else {})}


def cited_part(doc: Document, style: str | None, at: str | None, accessed: dt.date) -> CitedPart:
    """``doc`` cited in ``style`` (the default when None), at the part ``at`` names if any."""
    style = (style or STYLES[0]).strip().lower()
    where = place_of(doc, at)
    label = pinpoint_label(where)
    forms = short_forms(doc, style, where, accessed)
    reference = citation_spans(doc, style, accessed, label)
    paragraph = paragraph_by_anchor(doc, at) if at and where else None
    quoted = (quotation(doc.text[paragraph.start:paragraph.end], forms[0] if forms else None,
                        "".join(s.text for s in reference)) if paragraph else None)
    page = where.first_page if where and at else None
    runs = (quotation_runs(quoted, quoted_words(doc.text[paragraph.start:paragraph.end]),
                           document_stretches(doc, paragraph.start, paragraph.end))
            if quoted and paragraph else ())
    return CitedPart(doc.id, style, reference, forms, at if where else None, label, quoted,
                     unknown_anchor(at) if at and where is None else None,
                     page, original_url(doc, page) if page else None, runs)


def quotation_runs(quoted: str, words: str, stretches: tuple[Stretch, ...]) -> tuple[QuotedRun, ...]:
    """``quoted`` (the quotation marks around ``words``, then the citation) as runs, the quoted
    words apart with their language when the paragraph they are (its ``stretches``) is not
    in English; one run when it is."""
    languages = {where for _, _, where in stretches}
    if len(languages) > 1:
        language, laid_out = None, "auto"
    else:
        language = next(iter(languages), None)
        if not language or language == "en":
            return (QuotedRun(quoted),)
        laid_out = direction(language)
    opening, end = quoted[:1], 1 + len(words)
    if quoted[1:end] != words:  # never, as ``quotation`` writes it; the words unmarked then
        return (QuotedRun(quoted),)
    return (QuotedRun(opening), QuotedRun(words, language, laid_out), QuotedRun(quoted[end:]))


def _spans(spans: tuple[Span, ...]) -> list[dict]:
    return [{"text": s.text, "italic": s.italic} for s in spans]
