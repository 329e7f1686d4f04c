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
from .countries import Country as Country
from .facets import FACETS
from .facets import TIERS as TIERS
from .refworld_urls import RefworldAddress
from .workrecords import Work

# Country and TIERS live with the country and facet tables; they are re-exported with the records.
SORTS = ("relevance", "newest", "oldest")
# Where a document's publication date, and its report year, were read, strongest first.
DATE_SOURCES = ("text", "page metadata", "address", "pdf metadata", "report year")
REPORT_YEAR_SOURCES = ("title", "text", "address", "publication date")


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
    footnote: str | None = None   # a footnote's number: the paragraph is that footnote, after its referrer

    def to_dict(self) -> dict[str, Any]:   # "footnote" only for a footnote: the index stores every paragraph
        return {k: v for k, v in asdict(self).items() if k != "footnote" or v is not None}


@dataclass(frozen=True)
class Document:
    """One saved document, cleaned and described; what the reader produces.

    ``published`` is ISO ``YYYY-MM-DD`` (or ``YYYY-MM`` / ``YYYY``); ``countries`` lists the
    primary country first; ``text`` is the clean body. Each ``*_source`` says where a date was
    read (``DATE_SOURCES``, ``REPORT_YEAR_SOURCES``). ``pages``: the offset in ``text`` where
    each page of a paged original starts. ``sections``, ``paragraphs``: its structure, in text
    order. ``work``: other files hold the same report; the metadata is the work's, the text this file's.
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
    report_year_source: str | None = None
    last_updated_source: str | None = None
    work: Work | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, with exactly the documented keys in field order."""
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["countries"] = [c.to_dict() for c in self.countries]
        out.update(pages=list(self.pages), sections=[s.to_dict() for s in self.sections],
                   paragraphs=[p.to_dict() for p in self.paragraphs],
                   work=self.work.to_dict() if self.work is not None else None)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """The record back from ``to_dict()``; a record stored before a field existed gets its default."""
        values = dict(data)
        values["countries"] = tuple(Country(**c) for c in data.get("countries") or ())
        values["pages"] = tuple(data.get("pages") or ())
        values["sections"] = tuple(Section(**s) for s in data.get("sections") or ())
        values.update(paragraphs=tuple(Paragraph(**p) for p in data.get("paragraphs") or ()),
                      work=Work.from_dict(data["work"]) if data.get("work") else None)
        return cls(**values)


@dataclass(frozen=True)
class SearchRequest:
    """Everything one search asks for; built by the CLI or the web app, validated by ``request``.

    ``filters`` maps a facet name (see ``facets.FACETS``) to its selected
    values: several values of one facet are OR'ed, different facets AND'ed.
    It may be given as a dict; it is kept as a tuple of pairs in the order
    of the facet table, so equal requests are equal and hashable.
    ``date_from``/``date_to`` are ISO dates (``YYYY``, ``YYYY-MM`` or
    ``YYYY-MM-DD``) bounding ``published``. ``facet_limit`` is how many
    values each facet lists (0: all; selected values are always listed) and
    ``snippets`` how many passages each hit shows.
    """

    query: str = ""
    filters: Any = ()
    date_from: str | None = None
    date_to: str | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = config.DEFAULT_PER_PAGE
    facet_limit: int = config.FACET_LIMIT
    snippets: int = config.SNIPPETS_PER_HIT

    def __post_init__(self) -> None:
        given = dict(self.filters)
        unknown = set(given) - {f.name for f in FACETS}
        if unknown:
            raise ValueError(f"not facets: {', '.join(sorted(unknown))}")
        kept = tuple((f.name, tuple(given[f.name])) for f in FACETS if given.get(f.name))
        object.__setattr__(self, "filters", kept)

    def selected(self, facet: str) -> tuple:
        """The values selected in one facet (empty when none)."""
        for name, values in self.filters:
            if name == facet:
                return values
        return ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: the query, then each facet's selection under its request key."""
        out: dict[str, Any] = {"query": self.query}
        out.update({f.request_key: list(self.selected(f.name)) for f in FACETS})
        out.update({name: getattr(self, name) for name in
                    ("date_from", "date_to", "sort", "page", "per_page", "facet_limit", "snippets")})
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SearchRequest:
        """The request ``to_dict`` wrote."""
        values = dict(data)
        filters = {f.name: tuple(values.pop(f.request_key, ()) or ()) for f in FACETS}
        return cls(filters=filters, **values)


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
    # The query words the document lacks (only when no document has them all).
    missing: tuple[str, ...] = ()
    # Ids of the other copies of this document the results leave out.
    copies: tuple[str, ...] = ()
    # Where each snippet is ("p. 3, section 2.a, para. 4"; "" without structure), and its paragraph's anchor.
    places: tuple[str, ...] = ()
    anchors: tuple[str, ...] = ()
    language: str | None = None   # the text's language, as the document gives it (its direction shown)
    pages: tuple[int, ...] = ()   # the page of the original PDF each snippet is on (0: none)
    pdf: str | None = None        # that PDF's document: the hit's own or its work's copy's (``workpages``)

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["countries"] = [c.to_dict() for c in self.countries]
        out.update({name: list(getattr(self, name)) for name in ("snippets", "missing", "copies", "places", "anchors", "pages")})
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
    # How many distinct values each facet has among the matches (``facets`` may list fewer).
    facet_totals: dict[str, int] = field(default_factory=dict)

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
            "facet_totals": dict(self.facet_totals),
            "request": self.request.to_dict(),
        }


@dataclass(frozen=True)
class TextBlock:
    """A heading or a paragraph of a document page, as escaped HTML (``<mark>`` around the
    query's words), with the anchor that links to it and, for a heading, its level and the
    page of the text it is on."""

    kind: str              # "heading" or "paragraph"
    html: str
    anchor: str | None = None
    level: int = 0
    label: str = ""        # how a citation names it ("section 2.a", "para. 14")
    part: int = 1
    footnote: str | None = None   # a footnote's number: the paragraph is that footnote
    pages: tuple[int, ...] = ()   # the pages of a paged original that begin in or just before it


@dataclass(frozen=True)
class DocumentText:
    """One page of a document's text: its headings and paragraphs with the query's words marked.

    Long documents are shown ``config.DOCUMENT_PART_CHARS`` characters (and at
    most ``config.DOCUMENT_PART_BLOCKS`` headings and paragraphs) at a
    time (``part`` of ``parts``); ``capped`` says the page had more matches
    than were marked; ``contents`` lists every section of the whole document
    (with the page of text each is on), for a table of contents.
    """

    blocks: tuple[TextBlock, ...]
    part: int = 1
    parts: int = 1
    capped: bool = False
    contents: tuple[TextBlock, ...] = ()
    page: int | None = None   # the page of a paged original this part of the text starts on

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(b.html for b in self.blocks if b.kind == "paragraph")


@dataclass(frozen=True)
class Candidate:
    """A document that a pasted citation may refer to, with a confidence in [0, 1]."""

    id: str
    title: str | None
    publisher: str | None
    published: str | None
    confidence: float
    reasons: tuple[str, ...] = field(default=())
    # "found", "probably", "nearest" (the cited document is probably not held) or
    # "other" (a document of the same series the citation rules out).
    verdict: str = ""
    at: str | None = None  # the paragraph (anchor, as ``?at=`` takes it) a quotation was found in

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["reasons"] = list(self.reasons)
        return out


@dataclass(frozen=True)
class Reading:
    """One way to split the text before the date: who published what."""

    publisher: str | None
    title: str


@dataclass(frozen=True)
class ParsedCitation:
    """What a pasted citation says; any part it does not say is None.

    ``date`` and ``accessed`` are ISO at the precision written; ``address``
    is what a Refworld address in the text says. ``readings``
    holds every plausible (publisher, title) split, the likeliest first, when
    the publisher is not one the index knows; ``publisher`` and ``title``
    are the likeliest.
    """

    publisher: str | None = None
    title: str | None = None
    date: str | None = None
    document_symbol: str | None = None
    url: str | None = None
    refworld_docid: str | None = None
    new_site_id: str | None = None
    accessed: str | None = None
    readings: tuple[Reading, ...] = field(default=())
    address: RefworldAddress | None = None
    quotation: str | None = None  # the pasted text, when it may be quoted from a document


@dataclass(frozen=True)
class CitationCandidates:
    """What an archive offers for a parsed citation, before rescoring.

    ``exact`` pairs each document an identifier names (docid, document
    symbol, new-site id, saved address) with the reason; ``similar`` are the
    documents whose titles share the most (rarest) words with the cited title;
    ``quoted`` the documents whose text holds the most of a quotation's rarest words,
    and ``mirrored`` the documents saved from the cited address on another host.
    """

    exact: tuple[tuple[Document, str], ...] = ()
    similar: tuple[Document, ...] = ()
    quoted: tuple[Document, ...] = ()
    mirrored: tuple[Document, ...] = ()


@dataclass(frozen=True)
class ArchiveStats:
    """What an archive holds, for its home page."""

    documents: int
    countries: int
    first_year: int | None
    last_year: int | None
    tiers: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
