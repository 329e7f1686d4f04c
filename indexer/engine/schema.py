"""The index schema, declared once, and the mapping between a Document and its fields.

Text is analysed by one pipeline: split into words, lower-case, fold
diacritics (so "Cote d'Ivoire" finds "Côte d'Ivoire"), drop stop words,
then stem in English. Facet fields are exact, sortable (stored as column
arrays so facet counts and sorting read columns rather than stored
documents), and keep the value a user sees. ``doc`` stores the whole
Document as JSON, which is what a results page and a document page display.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.formats import Positions
from whoosh.support.charset import accent_map

from ..records import Document
from ..refworld_urls import address_key, parse_refworld_url

# Raise this when what an unchanged file is indexed as changes without the
# schema changing (the reader extracts differently, ``document_fields`` fills
# a field differently): existing indexes are then rebuilt, not updated.
INDEX_FORMAT = 3

# Field weights for BM25F: a word in the title or country list says more
# about what a document is than the same word in its body.
TITLE_BOOST = 3.0
COUNTRY_BOOST = 2.5
BODY_BOOST = 1.0


def text_analyzer():
    """Words, lower-cased, accents folded, stop words dropped, English stems."""
    return (RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)
            | StopFilter() | StemFilter())


class AnalysedText(TEXT):
    """A TEXT field that indexes a value without building a token per word.

    Whoosh's analyser passes one Token object through five generator stages
    for every word of a document; indexing the body of a long report that
    way is most of a build's time. ``index`` yields exactly what
    ``TEXT.index`` would for ``text_analyzer()`` (the same terms, positions
    with stop words renumbered away, weights and encoded values), deriving
    each distinct spelling's term once and every later occurrence from a
    dictionary. Queries, highlighting and anything else that analyses text
    still use the analyser itself; ``tests/test_schema.py`` holds the two
    paths equal.
    """

    def index(self, value, **kwargs):
        if not isinstance(value, str) or kwargs.get("mode", "index") != "index" \
                or not isinstance(self.format, Positions):
            yield from super().index(value, **kwargs)
            return
        positions = word_positions(value)
        boost = self.format.field_boost
        encode = self.format.encode
        for term, poslist in positions.items():
            yield term.encode("utf-8"), len(poslist), float(len(poslist)) * boost, encode(poslist)


# The index's tokenizer pattern (Whoosh's default) without its capturing group.
_WORD = re.compile(r"[\w*]+(?:\.?[\w*]+)*")
# Spelling as found in a text -> index term, or None when the stop filter drops it.
_TERMS: dict[str, str | None] = {}
# Spellings remembered before the dictionary is emptied (bounds a build's memory).
_TERMS_LIMIT = 500_000


def _term(word: str) -> str | None:
    stop, stem = _PIPELINE
    folded = word.lower().translate(accent_map)
    if len(folded) < stop.min or (stop.max is not None and len(folded) > stop.max) \
            or folded in stop.stops:
        return None
    return folded if folded in stem.ignore else stem.stemfn(folded)


def index_term(word: str) -> str | None:
    """The index term of one word as the tokenizer splits text, or None when it is dropped."""
    terms = _TERMS
    try:
        return terms[word]
    except KeyError:
        if len(terms) > _TERMS_LIMIT:
            terms.clear()
        term = terms[word] = _term(word)
        return term


def word_positions(text: str) -> dict[str, list[int]]:
    """Each index term of ``text`` with its positions, as ``text_analyzer()`` numbers them.

    Positions count every word up to the first kept one, then only kept
    words (Whoosh's StopFilter renumbers the words after a dropped one).
    """
    terms = _TERMS
    if len(terms) > _TERMS_LIMIT:
        terms.clear()
    out: dict[str, list[int]] = {}
    pos = -1
    for i, word in enumerate(_WORD.findall(text)):
        try:
            term = terms[word]
        except KeyError:
            term = terms[word] = _term(word)
        if term is None:
            continue
        pos = i if pos < 0 else pos + 1
        found = out.get(term)
        if found is None:
            out[term] = [pos]
        else:
            found.append(pos)
    return out


def build_schema() -> Schema:
    analyzer = text_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        path=ID(stored=True),
        sha256=ID(stored=True),
        title=AnalysedText(analyzer=analyzer, stored=True, field_boost=TITLE_BOOST),
        # Country names and their aliases/demonyms, searchable as words.
        country_text=AnalysedText(analyzer=analyzer, field_boost=COUNTRY_BOOST),
        body=AnalysedText(analyzer=analyzer, field_boost=BODY_BOOST),
        # Exact facet and filter fields.
        tier=ID(stored=True, sortable=True),
        countries=KEYWORD(stored=True, commas=True, scorable=False, sortable=True),
        publisher=ID(stored=True, sortable=True),
        doc_type=ID(stored=True, sortable=True),
        # The same two as words, so ``publisher:`` and ``type:`` in a query match
        # whatever the case, and by a run of words ("department of state").
        publisher_text=AnalysedText(analyzer=analyzer),
        doc_type_text=AnalysedText(analyzer=analyzer),
        published=DATETIME(stored=True, sortable=True),
        year=NUMERIC(int, stored=True, sortable=True),
        report_year=NUMERIC(int, stored=True, sortable=True),
        document_symbol=ID(stored=True),
        refworld_docid=ID(stored=True),
        # The saved address (see ``refworld_urls.address_key``) and the new-site id
        # it carries, so citation lookup finds a document by any address it was saved from.
        source_url=ID(),
        new_site_id=ID(),
        # The document symbol without spaces, upper case ("217 A (III)" -> "217A(III)").
        symbol_key=ID(),
        doc=STORED(),
    )


SCHEMA = build_schema()
# The stop and stem stages of the index's analyser, which ``word_positions`` applies.
_PIPELINE = (next(f for f in SCHEMA["body"].analyzer.items if isinstance(f, StopFilter)),
             next(f for f in SCHEMA["body"].analyzer.items if isinstance(f, StemFilter)))


def published_datetime(published: str | None) -> dt.datetime | None:
    """The first moment of a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date, for range filters."""
    if not published:
        return None
    parts = [int(p) for p in published.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return dt.datetime(parts[0], parts[1], parts[2])


def document_year(doc: Document) -> int | None:
    """The year a document belongs to: its publication year, else its report year."""
    if doc.published:
        return int(doc.published[:4])
    return doc.report_year


def symbol_key(symbol: str) -> str:
    """The form of a document symbol under which it is indexed and looked up."""
    return re.sub(r"\s+", "", symbol).upper()


def new_site_id(source_url: str | None) -> str | None:
    """The numeric id a new-site Refworld address ends with, if ``source_url`` is one."""
    address = parse_refworld_url(source_url) if source_url else None
    return address.new_site_id if address else None


def document_fields(doc: Document, country_words: str = "") -> dict:
    """The field values that index ``doc``; ``country_words`` adds aliases and demonyms."""
    names = " ".join(c.name for c in doc.countries)
    values = {
        "id": doc.id,
        "path": doc.path,
        "sha256": doc.sha256,
        "title": doc.title or "",
        "country_text": f"{names} {country_words}".strip(),
        "body": doc.text,
        "countries": ",".join(c.code for c in doc.countries),
        "doc": json.dumps(doc.to_dict(), ensure_ascii=False),
    }
    optional = {
        "tier": doc.tier,
        "publisher": doc.publisher,
        "publisher_text": doc.publisher,
        "doc_type": doc.doc_type,
        "doc_type_text": doc.doc_type,
        "published": published_datetime(doc.published),
        "year": document_year(doc),
        "report_year": doc.report_year,
        "document_symbol": doc.document_symbol,
        "refworld_docid": doc.refworld_docid,
        "source_url": address_key(doc.source_url) if doc.source_url else None,
        "new_site_id": new_site_id(doc.source_url),
        "symbol_key": symbol_key(doc.document_symbol) if doc.document_symbol else None,
    }
    values.update({k: v for k, v in optional.items() if v is not None})
    return values


def stored_document(stored: dict) -> Document:
    """Rebuild the Document from a hit's stored fields."""
    return Document.from_dict(json.loads(stored["doc"]))


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
