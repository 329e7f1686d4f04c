"""The index schema, declared once, and the mapping between a Document and its fields.

Text fields are analysed by ``analysis.ANALYZER``; the title and the country
names weigh more than the body (BM25F field boosts). Every facet of
``facets.FACETS`` gets one exact, sortable field (stored as a column, so
facet counts and sorting read arrays rather than stored documents), and a
worded facet also gets a text field of its value's words, so ``publisher:``
and ``type:`` in a query match in any case and by a run of words. ``doc``
stores the whole Document as JSON, as read from its file; ``work``, for a
document other files of the archive hold too, the work it is a copy of
(``works``): its metadata is what every field but the text is indexed from, and
what a results page and a document page display.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import replace
from typing import Any

from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, NUMERIC, STORED, Schema

from .. import dates
from ..duplicates import sample_signature, text_key
from ..facets import FACETS
from ..records import Document
from ..refworld_urls import address_key, parse_refworld_url
from ..series import series_id
from ..workrecords import Work
from ..works import as_work
from .analysis import ANALYZER, AnalysedText, InLanguage, MarkedText, analysis_language
from .wordplaces import FIELD as WORD_MARKS
from .wordplaces import WORD_MARK_EVERY, word_marks

# Raise this when what an unchanged file is indexed as changes without the
# schema changing (the reader extracts differently, ``document_fields`` fills
# a field differently): existing indexes are then rebuilt, not updated.
INDEX_FORMAT = 14  # 10: report years, date sources; 11: scoped anchors; 12: works; 13: word marks; 14: languages

# Field weights for BM25F: a word in the title or country list says more
# about what a document is than the same word in its body.
TITLE_BOOST = 3.0
COUNTRY_BOOST = 2.5
BODY_BOOST = 1.0


def _facet_field(kind: str):
    if kind == "texts":
        return KEYWORD(stored=True, commas=True, scorable=False, sortable=True)
    if kind == "number":
        return NUMERIC(int, stored=True, sortable=True)
    return ID(stored=True, sortable=True)


def build_schema() -> Schema:
    fields = dict(
        id=ID(stored=True, unique=True),
        path=ID(stored=True),
        sha256=ID(stored=True),
        title=AnalysedText(analyzer=ANALYZER, stored=True, field_boost=TITLE_BOOST),
        # Country names and their aliases/demonyms, searchable as words.
        country_text=AnalysedText(analyzer=ANALYZER, field_boost=COUNTRY_BOOST),
        body=AnalysedText(analyzer=ANALYZER, field_boost=BODY_BOOST),
        published=DATETIME(stored=True, sortable=True),
        # The last day the date covers: a date of year or month precision overlaps a range.
        published_end=DATETIME(sortable=True),
        document_symbol=ID(stored=True),
        refworld_docid=ID(stored=True),
        # The saved address (see ``refworld_urls.address_key``) and the new-site id
        # it carries, so citation lookup finds a document by any address it was saved from.
        source_url=ID(),
        new_site_id=ID(),
        # The document symbol without spaces, upper case ("217 A (III)" -> "217A(III)").
        symbol_key=ID(),
        # What the copies of one work share (``works.work_key``): the text's key, or the work's.
        copy_key=ID(sortable=True),
        # What the members of one series share (``series.series_id``): a document page's
        # other editions are the documents holding its term.
        series=ID(),
        doc=STORED(),
        # The work the document is a copy of, as JSON (``records.Work``), when it is one.
        work=STORED(),
        # The passage vectors of search by meaning (``engine.meaning``), when it is on.
        meaning=COLUMN(VarBytesColumn()),
        # The signature of the middle of the text (``duplicates.sample_signature``), which a
        # build compares before whole texts when it looks for the copies of one work.
        sample=COLUMN(VarBytesColumn()),
        # Where in the text every few word positions begin (``engine.wordplaces``): snippets
        # are found from the positions of the query's words, not by scanning the text.
        word_marks=COLUMN(VarBytesColumn()),
        # The languages of the stretches of a text in another language than the document's
        # (``records.LanguagePart``): a query is analysed in them too (``languagesearch``).
        part_languages=KEYWORD(commas=True, scorable=False),
    )
    for facet in FACETS:
        fields[facet.index_field] = _facet_field(facet.kind)
        if facet.worded:
            fields[f"{facet.index_field}_text"] = AnalysedText(analyzer=ANALYZER)
    return Schema(**fields)


SCHEMA = build_schema()


def published_datetime(published: str | None) -> dt.datetime | None:
    """The first moment of a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date, for range filters."""
    if not published:
        return None
    parts = [int(p) for p in published.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return dt.datetime(parts[0], parts[1], parts[2])


def published_end_datetime(published: str | None) -> dt.datetime | None:
    """The last day a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date covers (its first moment)."""
    if not published:
        return None
    return dt.datetime.combine(dates.end_of(published), dt.time.min)


def symbol_key(symbol: str) -> str:
    """The form of a document symbol under which it is indexed and looked up."""
    return re.sub(r"\s+", "", symbol).upper()


def new_site_id(source_url: str | None) -> str | None:
    """The numeric id a new-site Refworld address ends with, if ``source_url`` is one."""
    address = parse_refworld_url(source_url) if source_url else None
    return address.new_site_id if address else None


def document_fields(doc: Document, country_words: str = "", meaning: bytes | None = None,
                    work: Work | None = None, sample: bytes | None = None, *,
                    marks_in_writer: bool = False) -> dict:
    """The field values that index ``doc``; ``country_words`` adds aliases and demonyms,
    ``meaning`` its passage vectors, ``work`` the work it is a copy of, whose metadata it is
    indexed with (``doc`` itself is stored as read, to merge its work again later), ``sample``
    its sample signature (made here when not given). With ``marks_in_writer``, an English
    text's word marks are left to the engine's writer, which makes them in the pass that
    analyses the text (``analysis.MarkedText``), in the writing process."""
    own, doc = doc, as_work(doc, work)
    names = " ".join(c.name for c in doc.countries)
    # The title and the text are analysed in the document's language; the country names
    # and facet values are English words.
    language = analysis_language(doc.language)
    parts = tuple((p.start, p.end, analysis_language(p.language)) for p in own.language_parts)
    values: dict[str, Any] = {
        "id": doc.id,
        "path": doc.path,
        "sha256": doc.sha256,
        "title": InLanguage(doc.title or "", language) if language else doc.title or "",
        "_stored_title": doc.title or "",
        "country_text": f"{names} {country_words}".strip(),
        "body": InLanguage(doc.text, language, parts) if language or parts else doc.text,
        "doc": json.dumps(replace(own, work=None).to_dict(), ensure_ascii=False),
        "copy_key": f"work:{work.id}" if work is not None else text_key(own),
    }
    if marks_in_writer and not language and not parts:
        values["body"] = MarkedText(doc.text, WORD_MARKS, WORD_MARK_EVERY)
    else:
        values[WORD_MARKS] = word_marks(own.text)
    if work is not None:
        values["work"] = json.dumps(work.to_dict(), ensure_ascii=False)
    if parts:
        values["part_languages"] = ",".join(sorted({p.language for p in own.language_parts}))
    for facet in FACETS:
        found = facet.values(doc)
        if not found:
            continue
        values[facet.index_field] = ",".join(found) if facet.kind == "texts" else found[0]
        if facet.worded:
            values[f"{facet.index_field}_text"] = " ".join(found)
    optional = {
        "published": published_datetime(doc.published),
        "published_end": published_end_datetime(doc.published),
        "document_symbol": doc.document_symbol,
        "refworld_docid": doc.refworld_docid,
        "source_url": address_key(doc.source_url) if doc.source_url else None,
        "new_site_id": new_site_id(doc.source_url),
        "symbol_key": symbol_key(doc.document_symbol) if doc.document_symbol else None,
        "meaning": meaning,
        "sample": sample if sample is not None else sample_signature(own.text),
        "series": series_id(doc),
    }
    values.update({k: v for k, v in optional.items() if v is not None})
    return values


def stored_document(stored: dict) -> Document:
    """Rebuild the Document from a hit's stored fields: as its work, when it is a copy of one."""
    return as_work(stored_copy(stored), stored_work(stored))


def stored_copy(stored: dict) -> Document:
    """The Document as read from its own file, without its work."""
    return Document.from_dict(json.loads(stored["doc"]))


def stored_work(stored: dict) -> Work | None:
    """The work a document's stored fields say it is a copy of, if any."""
    return Work.from_dict(json.loads(stored["work"])) if stored.get("work") else None


def indexed_values(searcher, field: str) -> list[str]:
    """Every distinct value an exact (ID) field holds in the index, as text."""
    return [term.decode("utf-8") if isinstance(term, bytes) else term
            for term in searcher.lexicon(field)]


def schema_signature() -> str:
    """A fingerprint of ``SCHEMA`` and ``INDEX_FORMAT``; an index written under another
    one is rebuilt, not updated."""
    parts = [f"format {INDEX_FORMAT}"]
    for name, fieldtype in sorted(SCHEMA.items()):
        analyzer = getattr(fieldtype, "analyzer", None)
        steps = [type(step).__name__ for step in getattr(analyzer, "items", [analyzer])]
        parts.append("|".join(str(v) for v in (
            name, type(fieldtype).__name__, fieldtype.stored, fieldtype.unique,
            fieldtype.scorable, getattr(fieldtype, "field_boost", 1.0),
            type(fieldtype.column_type).__name__, ",".join(steps))))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]
