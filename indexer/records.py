"""The typed records that cross package boundaries.

A ``Document`` leaves the reader and enters the index; a ``SearchRequest``
goes into a search and ``SearchResults`` come out; citation lookup answers
with ``Candidate`` records. Each has ``to_dict()`` giving the JSON form that
the CLI prints and the web API serves, so both speak the same structure.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from . import config

# The only tier values refsearch knows, in the order the TIP report ranks them.
TIERS = ("Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3", "Special Case")
SORTS = ("relevance", "newest", "oldest")
# Facets computed for every search, in display order.
FACETS = ("tier", "country", "publisher", "doc_type", "year")
# Where a document's publication date was read, strongest first.
DATE_SOURCES = ("text", "page metadata", "address", "pdf metadata", "report year")


@dataclass(frozen=True)
class Country:
    """A country named by a document: display name and ISO 3166-1 alpha-3 code."""

    name: str
    code: str

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "code": self.code}


@dataclass(frozen=True)
class Section:
    """A heading of a document and the stretch of text it governs.

    ``anchor`` is stable across re-indexing: built from the section's
    numbering ("s2.a") or, unnumbered, from its title ("executive-summary").
    ``number`` is what a citation writes ("2.a"), None when unnumbered.
    ``start``/``end`` are character offsets into ``Document.text``: the
    heading line starts at ``start``; ``end`` is where the next heading of the
    same or a higher level starts (subsections are inside their section).
    """

    anchor: str
    number: str | None
    title: str
    level: int
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a document's text: its anchor, section and ordinal there, and its offsets.

    ``section`` is the anchor of the innermost section holding it (None
    before the first heading); ``ordinal`` counts from 1 inside that section,
    so an edit in another section never renumbers it. ``anchor`` is
    "<section anchor>-p<ordinal>", or "p<ordinal>" before the first heading.
    """

    anchor: str
    section: str | None
    ordinal: int
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Document:
    """One saved document, cleaned and described; what the reader produces.

    ``published`` is ISO ``YYYY-MM-DD``, or ``YYYY-MM`` / ``YYYY`` when the
    source gives less. ``countries`` lists the primary country first.
    ``text`` is the clean body without Refworld page furniture.
    ``published_source`` says where ``published`` was read (one of
    ``DATE_SOURCES``). ``pages`` holds the offset in ``text`` where each
    page starts (page 1 first), for paged originals such as PDFs, else is
    empty. ``sections`` and ``paragraphs`` are the document's structure,
    in text order (see ``documents.structure`` for the helpers that read it).
    """

    id: str
    title: str | None
    publisher: str | None
    author: str | None
    published: str | None
    last_updated: str | None
    countries: tuple[Country, ...]
    tier: str | None
    report_year: int | None
    doc_type: str | None
    document_symbol: str | None
    citation: str | None
    source_url: str | None
    refworld_docid: str | None
    language: str | None
    sha256: str
    path: str
    text: str
    published_source: str | None = None
    pages: tuple[int, ...] = ()
    sections: tuple[Section, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, with exactly the documented keys in field order."""
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["countries"] = [c.to_dict() for c in self.countries]
        out["pages"] = list(self.pages)
        out["sections"] = [s.to_dict() for s in self.sections]
        out["paragraphs"] = [p.to_dict() for p in self.paragraphs]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Document":
        """The record back from ``to_dict()``; a record stored before a field existed gets its default."""
        values = dict(data)
        values["countries"] = tuple(Country(**c) for c in data.get("countries") or ())
        values["pages"] = tuple(data.get("pages") or ())
        values["sections"] = tuple(Section(**s) for s in data.get("sections") or ())
        values["paragraphs"] = tuple(Paragraph(**p) for p in data.get("paragraphs") or ())
        return cls(**values)


@dataclass(frozen=True)
class SearchRequest:
    """Everything one search asks for; built by the CLI or the web app, validated here.

    Several values of one filter are OR'ed; different filters are AND'ed.
    ``countries`` holds ISO alpha-3 codes; ``date_from``/``date_to`` are ISO
    dates (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) bounding ``published``.
    """

    query: str = ""
    tiers: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    publishers: tuple[str, ...] = ()
    doc_types: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = config.DEFAULT_PER_PAGE

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet: how many matching documents have it, and whether it filters."""

    value: str
    count: int
    selected: bool
    label: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "count": self.count, "selected": self.selected,
                "label": self.label if self.label is not None else self.value}


@dataclass(frozen=True)
class Hit:
    """One ranked result, with what a results page shows.

    ``snippets`` are HTML: every character escaped except ``<mark>`` around matches.
    """

    id: str
    title: str | None
    publisher: str | None
    published: str | None
    tier: str | None
    countries: tuple[Country, ...]
    doc_type: str | None
    score: float
    snippets: tuple[str, ...]
    report_year: int | None = None
    source_url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["countries"] = [c.to_dict() for c in self.countries]
        out["snippets"] = list(self.snippets)
        return out


@dataclass(frozen=True)
class SearchResults:
    """The answer to a ``SearchRequest``: one object, rendered as HTML and as JSON.

    ``interpreted_query`` says how the query was read (for example after a
    fallback to any-word matching, which ``notice`` then explains).
    """

    request: SearchRequest
    total: int
    hits: tuple[Hit, ...]
    facets: dict[str, tuple[FacetValue, ...]]
    suggestion: str | None
    interpreted_query: str
    notice: str | None = None

    @property
    def page(self) -> int:
        return self.request.page

    @property
    def per_page(self) -> int:
        return self.request.per_page

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "pages": self.pages,
            "hits": [h.to_dict() for h in self.hits],
            "facets": {name: [v.to_dict() for v in values] for name, values in self.facets.items()},
            "suggestion": self.suggestion,
            "interpreted_query": self.interpreted_query,
            "notice": self.notice,
            "request": self.request.to_dict(),
        }


@dataclass(frozen=True)
class Candidate:
    """A document that a pasted citation may refer to, with a confidence in [0, 1]."""

    id: str
    title: str | None
    publisher: str | None
    published: str | None
    confidence: float
    reasons: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["reasons"] = list(self.reasons)
        return out
