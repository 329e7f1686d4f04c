"""From a parsed query and a request's filters to Whoosh queries: pure, no index opened.

Everything here can be pinned by comparing built ``Query`` objects with
``==``. A word is looked for in the title and the body (``WORD_FIELDS``),
each weighted by the schema's BM25F field boosts; a country the query names
expands to every name, alias and demonym of it, also among the countries a
document is about (a demonym only in the text); a hyphenated word is also looked for closed ("re-integration" as
"reintegration"); a
phrase keeps its words in order (stop words dropped and positions
renumbered, at indexing as here); ``field:value`` of a facet is an exact
term of the facet's field (and, for worded facets, its words in any case).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from whoosh import query as wq
from whoosh.support.charset import accent_map

from .. import countries, dates
from ..facets import BY_NAME, EITHER_YEAR, FACETS, YEAR_FACETS
from ..querylang import (
    AllOf,
    AnyOf,
    CountryName,
    FieldValue,
    Negation,
    Parsed,
    Phrase,
    Prefix,
    Word,
    YearRange,
    is_words,
    top_level,
)
from ..records import SearchRequest
from .analysis import analyse, folded_terms, index_term
from .multilingual import prefix_text
from .names import phrase_variants
from .querylanguages import analysed, current_language, in_each_language

# Fields a plain word is looked for in. Their weights (title above body) are
# the schema's index-time field boosts, which BM25F applies; a query boost
# here would multiply on top of them. The country names a document is about
# (``country_text``) are searched only when the query names that country, so
# "democratic" never matches the "Democratic Republic of the Congo" a report
# is about, only the word in its title or text.
WORD_FIELDS = ("title", "body")
# Where a country the query names is looked for: also the countries a document is about.
COUNTRY_FIELDS = ("title", "country_text", "body")
# Where a demonym ("Somali refugees") is looked for: itself in the title and the text, the
# country's names in the text only, so the report about the country does not win on the
# name it is filed under.
DEMONYM_FIELDS = ("title", "body")
DEMONYM_NAME_FIELDS = ("body",)
# A hyphenated word of letters only ("anti-government"), whose closed form is a word too.
_HYPHENATED_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+){1,2}")
# Query-time boost per word field (1.0: rely on the schema's field boosts).
WORD_FIELD_BOOSTS = {"title": 1.0, "country_text": 1.0, "body": 1.0}
# Boost of the alternative names a recognised country expands to, relative
# to the word the user typed (the typed spelling is not preferred: all names
# mean the same country).
COUNTRY_EXPANSION_BOOST = 1.0
# What being about a country the query names adds to a document's score (see country_query).
COUNTRY_ABOUT_SCORE = 10.0
def words_field(facet_name: str) -> str:
    """The text field holding a worded facet's values as words."""
    return f"{BY_NAME[facet_name].index_field}_text"


def _in_fields(terms: list[str], fields=WORD_FIELDS, boost: float = 1.0) -> wq.Query | None:
    """One word or phrase looked for in each of ``fields`` (OR'ed)."""
    if not terms:
        return None
    parts = []
    for field in fields:
        weight = WORD_FIELD_BOOSTS.get(field, 1.0) * boost
        if len(terms) == 1:
            parts.append(wq.Term(field, terms[0], boost=weight))
        else:
            # Stop words are dropped and positions renumbered, at indexing as here,
            # so "forms of child labour" is the adjacent phrase "form child labour".
            # A country word in a phrase may be part of a name ("Eritrean Defense Forces").
            variants = [wq.Phrase(field, words, boost=weight) for words in phrase_variants(terms, index_term)]
            parts.append(variants[0] if len(variants) == 1 else wq.Or(variants))
    return parts[0] if len(parts) == 1 else wq.Or(parts)


def _prefix_text(text: str) -> str:
    """The index form of a wildcard's stem: folded, and stemmed only when stemming just shortens it."""
    language = current_language()
    if language is not None:
        return prefix_text(text, language)
    folded = text.lower().translate(accent_map)
    stemmed = analyse(text)
    if len(stemmed) == 1 and folded.startswith(stemmed[0]):
        return stemmed[0]
    return re.sub(r"\W", "", folded)


def country_query(code: str, demonym: bool = False) -> wq.Query:
    """Every name, alias and demonym of a country, in the country fields; for a ``demonym``,
    the demonyms in the title and text and the names in the text only.

    A document being about the country (any of its names in ``country_text``) counts a fixed
    ``COUNTRY_ABOUT_SCORE`` once, however many names match and however many documents are
    about that country: a query naming two countries weighs the reports about either alike,
    and the rest of the query decides between them."""
    country = countries.by_code(code)
    names = countries.search_terms(country) if country else (code,)
    people = set(countries.demonyms(country)) if country and demonym else set()
    parts: list[wq.Query] = []
    about: list[wq.Query] = []
    for name in names:
        fields = COUNTRY_FIELDS if not demonym else DEMONYM_FIELDS if name in people else DEMONYM_NAME_FIELDS
        terms = analyse(name)
        # A name of several words is one mention of the country: each of its words counts
        # for its share, so "Côte d'Ivoire" weighs no more than "Mali" does. In a text in
        # another language the name is looked for as analysed in that language.
        part = _in_fields(analysed(name), fields=tuple(f for f in fields if f != "country_text"),
                          boost=COUNTRY_EXPANSION_BOOST / max(1, len(terms)))
        for sub in (part.subqueries if isinstance(part, wq.Or) else [part] if part is not None else []):
            if sub not in parts:
                parts.append(sub)
        if "country_text" in fields:
            whole = _in_fields(terms, fields=("country_text",))
            if whole is not None and whole not in about:
                about.append(whole)
    # Being about the country is the same condition in every language's branch of the
    # query (``in_each_language``): only the English one carries it, so it counts once.
    if about and current_language() is None:
        parts.append(wq.ConstantScoreQuery(about[0] if len(about) == 1 else wq.Or(about), COUNTRY_ABOUT_SCORE))
    return wq.Or(parts)


def _field_value(node: FieldValue) -> wq.Query | None:
    if node.field == "title":
        return _in_fields(analysed(str(node.value).strip('"')), fields=("title",))
    facet = BY_NAME[node.field]
    exact = wq.Term(facet.index_field, node.value)
    if facet.worded:
        # The exact value, or its words in order in any case ("annual report").
        worded = _in_fields(analyse(str(node.value)), fields=(words_field(facet.name),))
        return exact if worded is None else wq.Or([exact, worded])
    return exact


def _compile(node, any_word: bool = False) -> wq.Query | None:
    if node is None:
        return None
    if isinstance(node, Word) and _HYPHENATED_RE.fullmatch(node.text):
        # The hyphenated spelling, its parts as a phrase (also the spaced spelling), or the
        # closed spelling, which indexing adds for every hyphenated word it reads.
        parts = [_in_fields(analysed(node.text)), _in_fields(analysed(node.text.replace("-", "")))]
        return _combine(list(dict.fromkeys(p for p in parts if p is not None)), wq.Or)
    if isinstance(node, (Word, Phrase)):
        return _in_fields(analysed(node.text))
    if isinstance(node, Prefix):
        text = _prefix_text(node.text)
        if not text:
            return None
        parts = [wq.Prefix(field, text) for field in WORD_FIELDS]
        if current_language() is None:
            parts += [wq.Term(field, term) for term in sorted(folded_terms(text)) if not term.startswith(text)
                      for field in WORD_FIELDS]
        return wq.Or(parts)
    if isinstance(node, CountryName):
        return country_query(node.code, node.demonym)
    if isinstance(node, YearRange):
        return year_query(node)
    if isinstance(node, FieldValue):
        return _field_value(node)
    if isinstance(node, Negation):
        inner = _compile(node.node)
        return wq.Not(inner) if inner is not None else None
    if isinstance(node, AnyOf):
        parts = [q for q in (_compile(n) for n in node.nodes) if q is not None]
        return _combine(parts, wq.Or)
    if isinstance(node, AllOf):
        return _all_of(node.nodes, any_word)
    raise TypeError(f"not a query node: {node!r}")


def year_query(node: YearRange) -> wq.Query:
    """A range of years in one facet of years, or (``year:``) in either: published then or
    reporting on it."""
    names = YEAR_FACETS if node.field == EITHER_YEAR else (node.field,)
    ranges = [wq.NumericRange(BY_NAME[name].index_field, node.low, node.high) for name in names]
    return ranges[0] if len(ranges) == 1 else wq.Or(ranges)


def compile_node(node) -> wq.Query | None:
    """One node of a parsed query on its own (None when it looks for nothing)."""
    return in_each_language(lambda: _compile(node))


def _combine(parts: list[wq.Query], kind) -> wq.Query | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else kind(parts)


def _all_of(nodes, any_word: bool) -> wq.Query | None:
    """Every item required; with ``any_word``, any one of the words, but field conditions still all."""
    negative = [q for q in (_compile(n.node) for n in nodes if isinstance(n, Negation)) if q is not None]
    if any_word:
        conditions = [q for q in (_compile(n) for n in nodes if isinstance(n, (FieldValue, YearRange)))
                      if q is not None]
        either = _combine([q for q in (_compile(n) for n in nodes if is_words(n)) if q is not None], wq.Or)
        required = _combine(conditions + ([either] if either is not None else []), wq.And)
    else:
        positive = [q for q in (_compile(n) for n in nodes if not isinstance(n, Negation)) if q is not None]
        required = _combine(positive, wq.And)
    if not negative:
        return required
    return wq.AndNot(required if required is not None else wq.Every(), _combine(negative, wq.Or))


def build_query(parsed: Parsed, any_word: bool = False) -> wq.Query:
    """The Whoosh query for a parsed query's words (``Every`` when it has none).

    ``any_word`` turns the top-level implicit AND between words into OR (field
    conditions such as ``tier:3`` stay required): the fallback when no
    document has all the words.
    """
    tree = parsed.tree
    if tree is None:
        return wq.Every()
    nodes = tree.nodes if isinstance(tree, AllOf) else (tree,)
    query = in_each_language(lambda: _all_of(nodes, any_word))
    # Only stop words or punctuation: nothing to look for, so nothing matches.
    return query if query is not None else wq.NullQuery


# ---- filters ----------------------------------------------------------------


def facet_filter(request: SearchRequest, facet: str) -> wq.Query | None:
    """The filter one facet's selection makes (several values OR'ed), or None."""
    field = BY_NAME[facet].index_field
    return _combine([wq.Term(field, v) for v in request.selected(facet)], wq.Or)


def date_filter(request: SearchRequest) -> wq.Query | None:
    """Dates overlapping from/to, inclusive at the precision given (to=2004: through 31 Dec
    2004); a date of year or month precision overlaps when any day of it does."""
    if not request.date_from and not request.date_to:
        return None
    start, end = date_bounds(request)
    parts = []
    if end is not None:
        parts.append(wq.DateRange("published", None, end))
    if start is not None:
        parts.append(wq.DateRange("published_end", start, None))
    return _combine(parts, wq.And)


def date_bounds(request: SearchRequest) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The first and last moments a request's from/to dates allow (None: unbounded)."""
    start = dt.datetime.combine(dates.to_date(request.date_from), dt.time.min) if request.date_from else None
    end = dt.datetime.combine(dates.end_of(request.date_to), dt.time.max) if request.date_to else None
    return start, end


def build_filter(request: SearchRequest, exclude_facet: str | None = None) -> wq.Query | None:
    """Every selected facet and the date range AND'ed; ``exclude_facet`` leaves one facet out.

    Leaving a facet's own selection out is how its counts keep the other
    values visible.
    """
    parts = [facet_filter(request, f.name) for f in FACETS if f.name != exclude_facet]
    parts.append(date_filter(request))
    return _combine([p for p in parts if p is not None], wq.And)


# ---- what a hit is matched on -------------------------------------------------


@dataclass(frozen=True)
class Concept:
    """The marks that stand for one thing the query asks about, and whether it is a place
    (a country the query names, whose many names are one concept)."""

    keys: frozenset[str]          # index terms, and phrases as their terms joined by spaces
    prefixes: frozenset[str] = frozenset()
    place: bool = False

    def holds(self, key: str) -> bool:
        return key in self.keys or any(key.startswith(p) for p in self.prefixes)


@dataclass(frozen=True)
class Highlight:
    """What to mark in a hit's text: index terms, wildcard stems, and phrases (as term tuples),
    and the concepts of the query they stand for (which choose the best passages)."""

    terms: frozenset[str] = frozenset()
    prefixes: frozenset[str] = frozenset()
    phrases: frozenset[tuple[str, ...]] = frozenset()
    concepts: tuple[Concept, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms or self.prefixes or self.phrases)

    def concept_of(self, key: str) -> tuple[int, bool]:
        """The concept a matched key stands for (its index, and whether it is a place)."""
        for number, concept in enumerate(self.concepts):
            if concept.holds(key):
                return number, concept.place
        return len(self.concepts) + hash(key) % 1_000_003, False


def query_marks(parsed: Parsed, query: wq.Query) -> Highlight:
    """What a hit of ``query`` (compiled from ``parsed``) is marked on, with the concepts of
    the query: one per word, phrase or group typed, a country's names being one place."""
    marks = highlight_terms(query)
    concepts = []
    for node in top_level(parsed):
        if not is_words(node):
            continue
        compiled = compile_node(node)
        if compiled is None:
            continue
        own = highlight_terms(compiled)
        concepts.append(Concept(frozenset(own.terms) | {" ".join(p) for p in own.phrases},
                                frozenset(own.prefixes), isinstance(node, CountryName)))
    return dataclasses.replace(marks, concepts=tuple(concepts))


def highlight_terms(query: wq.Query) -> Highlight:
    """What a hit is matched on in the word fields; excluded words are not marked."""
    terms: set[str] = set()
    prefixes: set[str] = set()
    phrases: set[tuple[str, ...]] = set()

    def walk(q: wq.Query) -> None:
        if isinstance(q, wq.Not):
            return
        if isinstance(q, wq.AndNot):
            walk(q.a)
            return
        if isinstance(q, (wq.Prefix, wq.Term, wq.Phrase)):
            if q.fieldname not in COUNTRY_FIELDS:
                return
            if isinstance(q, wq.Prefix):
                prefixes.add(q.text)
            elif isinstance(q, wq.Term):
                terms.add(q.text)
            else:
                phrases.add(tuple(q.words))
            return
        for child in q.children():
            walk(child)

    walk(query)
    return Highlight(frozenset(terms), frozenset(prefixes), frozenset(phrases))
