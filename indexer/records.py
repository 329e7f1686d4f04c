"""The typed records that cross package boundaries.

A ``Document`` leaves the reader and enters the index; a ``SearchRequest``
goes into a search and ``SearchResults`` come out; citation lookup answers
with ``Candidate`` records. Each has ``to_dict()`` giving the JSON form that
the CLI prints and the web API serves, so both speak the same structure.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from .countries import Country as Country
from .facets import TIERS as TIERS
from .refworld_urls import RefworldAddress
from .searchrecords import DocumentText as DocumentText
from .searchrecords import FacetValue as FacetValue
from .searchrecords import Hit as Hit
from .searchrecords import SearchRequest as SearchRequest
from .searchrecords import SearchResults as SearchResults
from .searchrecords import TextBlock as TextBlock
from .searchrecords import TextRun as TextRun
from .workrecords import Work

# Country and TIERS live with the country and facet tables, the search's records in ``searchrecords``;
# they are re-exported with the records.
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
        # Written out rather than ``asdict``, which copies each value recursively: a build
        # makes these for every section and paragraph of every document it stores.
        return {"anchor": self.anchor, "number": self.number, "title": self.title,
                "level": self.level, "start": self.start, "end": self.end}


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
        out: dict[str, Any] = {"anchor": self.anchor, "section": self.section, "ordinal": self.ordinal,
                               "start": self.start, "end": self.end}
        if self.footnote is not None:
            out["footnote"] = self.footnote
        return out


@dataclass(frozen=True)
class LanguagePart:
    """A stretch of a document's text that the page marks as written in another language than
    the document's own (a ``<div lang="fr">`` in an English page): ``start``/``end`` are
    character offsets into ``Document.text``, ``language`` the code it is filed under ("fr")."""

    start: int
    end: int
    language: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "language": self.language}


@dataclass(frozen=True)
class Document:
    """One saved document, cleaned and described; what the reader produces.

    ``published`` is ISO ``YYYY-MM-DD`` (or ``YYYY-MM`` / ``YYYY``); ``countries`` lists the
    primary country first; ``text`` is the clean body. Each ``*_source`` says where a date was
    read (``DATE_SOURCES``, ``REPORT_YEAR_SOURCES``). ``pages``: the offset in ``text`` where
    each page of a paged original starts. ``sections``, ``paragraphs``: its structure, in text
    order. ``work``: other files hold the same report; the metadata is the work's, the text this file's.
    ``language_parts``: the stretches of text in another language than ``language``, in text order.
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
    language_parts: tuple[LanguagePart, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, with exactly the documented keys in field order."""
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["countries"] = [c.to_dict() for c in self.countries]
        out.update(pages=list(self.pages), sections=[s.to_dict() for s in self.sections],
                   paragraphs=[p.to_dict() for p in self.paragraphs],
                   work=self.work.to_dict() if self.work is not None else None,
                   language_parts=[p.to_dict() for p in self.language_parts])
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """The record back from ``to_dict()``; a record stored before a field existed gets its default."""
        values = dict(data)
        values["countries"] = tuple(Country(**c) for c in data.get("countries") or ())
        values["pages"] = tuple(data.get("pages") or ())
        values["sections"] = tuple(Section(**s) for s in data.get("sections") or ())
        values.update(paragraphs=tuple(Paragraph(**p) for p in data.get("paragraphs") or ()),
                      work=Work.from_dict(data["work"]) if data.get("work") else None,
                      language_parts=tuple(LanguagePart(**p) for p in data.get("language_parts") or ()))
        return cls(**values)


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
