"""The records of a search: the request that goes in, the results and document pages that come out.

Kept apart from ``records`` so that each stays short; ``records`` re-exports them, so
every package still takes its records from there.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from . import config
from .countries import Country
from .facets import FACETS


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
class TextRun:
    """A stretch of a paragraph's or a snippet's HTML (escaped, ``<mark>`` around matches) in one
    language: a bilingual page shows each with its own ``lang`` and direction. ``language`` is
    the filed code ("ar"), None when the document does not say its own."""

    html: str
    language: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"html": self.html, "language": self.language}


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
    # Each snippet cut where its language changes, when some of it is in another language than
    # the document's (a part of a bilingual page); () for a snippet all in the document's.
    snippet_runs: tuple[tuple[TextRun, ...], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["countries"] = [c.to_dict() for c in self.countries]
        out["snippet_runs"] = [[run.to_dict() for run in runs] for runs in self.snippet_runs]
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
    # The block cut where its language changes, when some of it is in another language than
    # the document's (a part of a bilingual page); () when all of it is in the document's.
    runs: tuple[TextRun, ...] = ()


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
