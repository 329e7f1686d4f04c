"""Running a ``SearchRequest`` against an open index: ranking, filters, facets, snippets.

One search makes one pass over the matching documents. With relevance
order, Whoosh scores every match with BM25F (title and country names
weigh more than body, through the schema's field boosts) and ties go to the
newer ``published``; with newest/oldest order, the matches are sorted on the
``published`` column, undated documents last. Facet counts read the facet
columns over the matching document numbers, never the stored documents;
only the hits of the page shown are loaded, and only they get snippets.
"""
from __future__ import annotations

import dataclasses
import functools
import heapq
import html
import re
import weakref
from collections import Counter
from collections.abc import Iterable
from itertools import chain

from whoosh import query as wq
from whoosh.analysis import StopFilter
from whoosh.searching import Searcher
from whoosh.support.charset import accent_map

from .. import config, countries
from ..edits import edit_distance
from ..errors import DocumentNotFound
from ..query import (
    FACET_FIELDS,
    AllOf,
    Highlight,
    Word,
    analyse,
    build_query,
    describe,
    facet_filter,
    highlight_terms,
    parse,
    plain_words,
    selected_values,
    word_count,
)
from ..records import FACETS, TIERS, Country, Document, FacetValue, Hit, SearchRequest, SearchResults
from .columns import column_reader
from .filtercache import filter_docs
from .phrases import exact_phrases
from .ranking import least_matches, match_scores, most_matches
from .schema import SCHEMA, index_term, indexed_values, stored_document
from .spelling import near_terms

# What the ``published`` column holds for a document without a date.
_NO_DATE = 2 ** 64 - 1
# What a numeric column holds for a document without a value.
_NO_NUMBER = 2 ** 31 - 1
# A misspelling is corrected only when the correction is in this many
# times more documents than the word as typed.
SUGGEST_GAIN = 5
# Largest edit distance between a typed word and its correction.
SUGGEST_MAX_EDITS = 2
# Letters a correction shares with the typed word at its start (typos rarely hit
# the first letter, and the shared prefix makes the search of the term list fast).
SUGGEST_PREFIX = 1
# Corrections tried per word (each reads one document to see how the word is written).
SUGGEST_CANDIDATES = 3
# Key terms of a document that find documents like it.
MORE_LIKE_THIS_TERMS = 12
# Boost of a similar document's sharing the primary country.
MORE_LIKE_THIS_COUNTRY_BOOST = 2.0
# Characters of a document read for its key terms (long reports say what they are about early).
MORE_LIKE_THIS_TEXT = 40_000

_ANALYZER = SCHEMA["body"].analyzer


# ---- the search ---------------------------------------------------------------


def search(searcher: Searcher, request: SearchRequest, *,
           facet_limit: int | None = config.FACET_LIMIT) -> SearchResults:
    """Answer ``request``: the page of hits, the total, facets, a suggestion and notes.

    Each facet lists its ``facet_limit`` first values (None: every value) and its selected ones."""
    request = _as_indexed(searcher, request)
    words = executable(build_query(request), searcher)
    allowed = filter_docs(searcher, request)
    any_word = False
    notice = None
    shown = request.page * request.per_page
    ranked = _ranked(searcher, words, allowed, _sort(request), shown)
    strict_total = len(ranked)
    if not ranked and word_count(request.query) > 1:
        loose = executable(build_query(request, any_word=True), searcher)
        loose_ranked = _ranked(searcher, loose, allowed, _sort(request), shown)
        if loose_ranked:
            any_word, words, ranked = True, loose, loose_ranked
            typed = ", ".join(plain_words(request.query)) or request.query
            notice = f"No document contains all of {typed}; showing documents with any of them"
    start = (request.page - 1) * request.per_page
    page = ranked[start:start + request.per_page]
    marks = highlight_terms(words) if request.query.strip() else Highlight()
    hits = tuple(_hit(searcher, docnum, score, marks) for score, docnum in page)
    matched = [docnum for _, docnum in ranked]
    return SearchResults(
        request=request,
        total=len(ranked),
        hits=hits,
        facets=facets(searcher, request, words, matched, facet_limit),
        suggestion=suggest(searcher, request, strict_total, allowed),
        interpreted_query=describe(request.query, any_word=any_word),
        notice=notice,
    )


def _as_indexed(searcher: Searcher, request: SearchRequest) -> SearchRequest:
    """Publisher and type filters spelt as the index spells them, whatever case was typed
    ("annual report" selects "Annual report"); a value the index lacks stays as typed."""
    def spelt(field: str, values: tuple[str, ...]) -> tuple[str, ...]:
        if not values:
            return values
        known = {}
        for value in indexed_values(searcher, field):
            known.setdefault(value.casefold(), value)
        return tuple(dict.fromkeys(known.get(v.casefold(), v) for v in values))

    return dataclasses.replace(request, publishers=spelt("publisher", request.publishers),
                               doc_types=spelt("doc_type", request.doc_types))


def _sort(request: SearchRequest) -> str:
    """A search without words has no relevance, so it shows the newest first."""
    if request.sort == "relevance" and parse(request.query).tree is None:
        return "newest"
    return request.sort


def _few(searcher: Searcher, allowed: set[int] | None) -> bool:
    return allowed is not None and len(allowed) <= SKIP_TO_SHARE * searcher.doc_count_all()


def _all_matches(searcher: Searcher, words: wq.Query) -> dict[int, float]:
    """Every document ``words`` match with its score; the last answer is kept per searcher,
    so the ranking, the facet counts and the total of one page compute it once."""
    try:
        last = _LAST_MATCHES.get(searcher)
    except TypeError:
        last = None
    if last is not None and last[0] == words:
        return last[1]
    scores = match_scores(searcher, words)
    try:
        _LAST_MATCHES[searcher] = (words, scores)
    except TypeError:
        pass
    return scores


def _matches_allowed(searcher: Searcher, words: wq.Query, allowed: set[int] | None) -> list[int]:
    """The docnums ``words`` match that the filter set ``allowed`` lets through, ascending."""
    if _few(searcher, allowed):
        return sorted(match_scores(searcher, words, only=allowed))
    docnums = sorted(_all_matches(searcher, words))
    return docnums if allowed is None else [d for d in docnums if d in allowed]


def _best_first(pairs: list[tuple[float, int]], shown: int) -> list[tuple[float, int]]:
    """``pairs`` with the best ``shown`` first (higher score, then lower docnum), ties with
    the last of them included; the rest follow unordered."""
    def order(p):
        return (-p[0], p[1])

    if len(pairs) <= 4 * shown + 64:
        return sorted(pairs, key=order)
    top = heapq.nsmallest(shown, pairs, key=order)
    floor = top[-1][0] if top else float("inf")
    head = sorted((p for p in pairs if p[0] >= floor), key=order)
    return head + [p for p in pairs if p[0] < floor]


def _ranked(searcher: Searcher, words: wq.Query, allowed: set[int] | None,
            sort: str, shown: int) -> list[tuple[float, int]]:
    """Every match as (score, docnum), in display order at least for the first ``shown``.

    ``allowed`` is the filter as a set of docnums (None: unfiltered).
    """
    if sort == "relevance":
        if _few(searcher, allowed):
            pairs = _best_first([(score, d) for d, score in
                                 match_scores(searcher, words, only=allowed).items()], shown)
        else:
            scores = _all_matches(searcher, words)
            pairs = _best_first([(score, d) for d, score in scores.items()
                                 if allowed is None or d in allowed], shown)
        # Equal scores go to the newer document; only the shown part needs ordering.
        end = min(shown, len(pairs))
        while 0 < end < len(pairs) and pairs[end][0] == pairs[end - 1][0]:
            end += 1
        published = dict(zip((d for _, d in pairs[:end]),
                             _column_values(searcher, "published", [d for _, d in pairs[:end]])))
        pairs[:end] = sorted(pairs[:end], key=lambda p: (-p[0], published[p[1]] == _NO_DATE,
                                                         -published[p[1]], p[1]))
        return pairs
    docnums = _matches_allowed(searcher, words, allowed)
    published = _column_values(searcher, "published", docnums)
    sign = -1 if sort == "newest" else 1
    order = sorted(range(len(docnums)),
                   key=lambda i: (published[i] == _NO_DATE, sign * published[i], docnums[i]))
    return [(0.0, docnums[i]) for i in order]


def executable(query: wq.Query, searcher: Searcher) -> wq.Query:
    """A built query made ready to run: wildcards bounded, exact phrases matched on position sets."""
    return exact_phrases(bound_wildcards(query, searcher))


def bound_wildcards(query: wq.Query, searcher: Searcher) -> wq.Query:
    """Replace each trailing wildcard by its ``config.MAX_WILDCARD_TERMS`` most frequent words."""
    reader = searcher.reader()

    def expand(node: wq.Query) -> wq.Query:
        if not isinstance(node, wq.Prefix):
            return node
        found = list(reader.expand_prefix(node.fieldname, node.text))
        if len(found) > config.MAX_WILDCARD_TERMS:
            found.sort(key=lambda t: -reader.doc_frequency(node.fieldname, t))
            found = sorted(found[:config.MAX_WILDCARD_TERMS])
        if not found:
            return wq.NullQuery
        terms = [wq.Term(node.fieldname, t.decode() if isinstance(t, bytes) else t) for t in found]
        return terms[0] if len(terms) == 1 else wq.Or(terms)

    return query.accept(expand)


def _hit(searcher: Searcher, docnum: int, score: float, marks: Highlight) -> Hit:
    doc = stored_document(searcher.stored_fields(docnum))
    found = snippets(doc.text, marks) if marks else ()
    return Hit(id=doc.id, title=doc.title, publisher=doc.publisher, published=doc.published,
               tier=doc.tier, countries=doc.countries, doc_type=doc.doc_type, score=round(score, 4),
               snippets=found, report_year=doc.report_year, source_url=doc.source_url)


# ---- facets -------------------------------------------------------------------


# Per open reader: each facet's values (and the publication date) for every
# document, read once from the columns when a search needs many of them.
_COLUMNS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
# Per searcher: the last query's matches and scores (``_all_matches``).
_LAST_MATCHES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
# A filter allowing at most this share of the documents is applied while
# matching (only the allowed documents are scored, reached by skipping the
# postings in between) rather than to every match of the words afterwards.
SKIP_TO_SHARE = 0.05
# Read a whole column (and keep it with the reader) when a search needs the
# values of more than this share of the documents; fewer are looked up one by one.
WHOLE_COLUMN_SHARE = 0.25


def _values_of(facet: str, value) -> tuple[str, ...]:
    if facet == "country":
        return tuple(v for v in value.split(",") if v) if value else ()
    if facet == "year":
        return (str(value),) if value != _NO_NUMBER else ()
    return (value,) if value else ()


def _column_values(searcher: Searcher, name: str, docnums: list[int]) -> list:
    """The values of column ``name`` for ``docnums``: facet values as tuples, ``published`` raw.

    A long-lived searcher reads a whole column once, on the first search that
    needs much of it, and later searches use list look-ups; a search that
    needs few values reads just those, through a column reader kept with the
    reader (searchers are not shared between threads, so neither is it).
    """
    reader = searcher.reader()
    try:
        cache = _COLUMNS.setdefault(reader, {})
    except TypeError:  # a reader that cannot be weakly referenced: no caching
        cache = {}
    field = "published" if name == "published" else FACET_FIELDS[name]

    def convert(value):
        return value if name == "published" else _values_of(name, value)

    if name not in cache and len(docnums) <= WHOLE_COLUMN_SHARE * reader.doc_count_all():
        # Opening a column reader reads the offsets of every document, so keep it.
        column = cache.get(("reader", name))
        if column is None:
            column = cache[("reader", name)] = column_reader(reader, field, translate=name != "published")
        return [convert(column[d]) for d in docnums]
    if name not in cache:
        column = column_reader(reader, field, translate=name != "published")
        cache[name] = [convert(value) for value in column]
    return list(map(cache[name].__getitem__, docnums))


def _count(searcher: Searcher, facet: str, docnums: Iterable[int]) -> Counter:
    return Counter(chain.from_iterable(_column_values(searcher, facet, list(docnums))))


def _selected(request: SearchRequest, facet: str) -> tuple[str, ...]:
    return tuple(str(v) for v in selected_values(request, facet))


def _label(facet: str, value: str) -> str:
    if facet == "country":
        country = countries.by_code(value)
        return country.name if country else value
    return value


def _ordered(facet: str, counts: Counter, selected: tuple[str, ...],
             limit: int | None = config.FACET_LIMIT) -> tuple[FacetValue, ...]:
    values = [FacetValue(v, counts.get(v, 0), v in selected, _label(facet, v))
              for v in dict.fromkeys(list(counts) + list(selected))]
    if facet == "tier":
        rank = {t: i for i, t in enumerate(TIERS)}
        values.sort(key=lambda f: (rank.get(f.value, len(TIERS)), f.value))
    elif facet == "year":
        values.sort(key=lambda f: -int(f.value))
    else:
        values.sort(key=lambda f: (-f.count, f.label.casefold()))
    if limit is None:
        return tuple(values)
    shown = values[:limit]
    shown += [v for v in values[limit:] if v.selected]
    return tuple(shown)


def facets(searcher: Searcher, request: SearchRequest, words: wq.Query, matched: list[int],
           limit: int | None = config.FACET_LIMIT) -> dict[str, tuple[FacetValue, ...]]:
    """Counts of every facet value over all matches; a facet's own selection is left out of its counts.

    A facet with no selection counts the matches as they are; a facet with
    a selection counts the matches of the words and every OTHER filter, so
    its unselected values stay visible with the number they would add.
    """
    out = {}
    unfiltered: list[int] | None = None  # what the words match, read once for every selected facet
    for facet in FACETS:
        selected = _selected(request, facet)
        if facet_filter(request, facet) is None:
            docnums: Iterable[int] = matched
        else:
            others = filter_docs(searcher, request, exclude_facet=facet)
            if _few(searcher, others):
                docnums = _matches_allowed(searcher, words, others)
            else:
                if unfiltered is None:
                    unfiltered = list(_all_matches(searcher, words))
                docnums = unfiltered if others is None else [d for d in unfiltered if d in others]
        out[facet] = _ordered(facet, _count(searcher, facet, docnums), selected, limit)
    return out


# ---- snippets -----------------------------------------------------------------


def _letters(prefix: str) -> str:
    """A regex matching ``prefix`` in any case and with or without accents ("co" finds "Cô")."""
    out = []
    for letter in prefix:
        variants = {letter, letter.upper()} | _ACCENTED.get(letter, set())
        out.append("[" + "".join(re.escape(v) for v in sorted(variants)) + "]")
    return "".join(out)


_ACCENTED: dict[str, set[str]] = {}
for _code, _plain in accent_map.items():
    if len(_plain) == 1:
        _ACCENTED.setdefault(_plain.lower(), set()).add(chr(_code))
# The index's tokenizer pattern, and what its stop filter drops.
_TOKEN = r"[\w*]+(?:\.?[\w*]+)*"
_TOKEN_RE = re.compile(_TOKEN)
_STOP = next(f for f in _ANALYZER.items if isinstance(f, StopFilter))


def _dropped(word: str) -> bool:
    folded = word.lower().translate(accent_map)
    return folded in _STOP.stops or len(folded) < _STOP.min


@functools.lru_cache(maxsize=1024)
def _candidates_pattern(starts: frozenset[str]) -> re.Pattern:
    """Words beginning like any of ``starts``, in any case and with or without accents."""
    return re.compile(r"(?<![\w*])(?:" + "|".join(_letters(p) for p in sorted(starts)) + r")"
                      + r"[\w*]*(?:\.?[\w*]+)*")


def _matches(text: str, marks: Highlight) -> list[tuple[int, int, str]]:
    """(start, end, term) of every word or phrase of ``text`` the index would match to the query.

    A regular expression finds the words that start like a query term (in
    any case, with or without accents); only those are turned into index
    terms (as the index's analyser would), so a long report costs a scan
    rather than an analysis.
    """
    keys = set(marks.terms) | set(marks.prefixes) | {w for p in marks.phrases for w in p}
    if not keys:
        return []
    pattern = _candidates_pattern(frozenset(k[:2] for k in keys if k))
    found = []  # (start, end, term) of each candidate word
    for match in pattern.finditer(text):
        term = index_term(match.group())  # the pattern matches whole tokens only
        if term is not None:
            found.append((match.start(), match.end(), term))
    out = []
    for i, (start, end, key) in enumerate(found):
        if key in marks.terms or any(key.startswith(p) for p in marks.prefixes):
            out.append((start, end, key))
            continue
        for phrase in marks.phrases:
            run = found[i:i + len(phrase)]
            if (tuple(f[2] for f in run) == phrase
                    and all(all(_dropped(w) for w in _TOKEN_RE.findall(text[a[1]:b[0]]))
                            for a, b in zip(run, run[1:]))):
                out.append((start, run[-1][1], " ".join(phrase)))
                break
    # A phrase may swallow words matched alone; keep marks from overlapping.
    kept: list[tuple[int, int, str]] = []
    for match in out:
        if kept and match[0] < kept[-1][1]:
            if match[1] > kept[-1][1]:
                kept[-1] = (kept[-1][0], match[1], kept[-1][2])
            continue
        kept.append(match)
    return kept


def _window(text: str, first: int, last: int, width: int) -> tuple[int, int]:
    """Character bounds of about ``width`` around [first, last), cut at spaces."""
    pad = max(0, (width - (last - first)) // 2)
    start, end = max(0, first - pad), min(len(text), last + pad)
    if start > 0:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", last, end)
        end = space if space != -1 else end
    return start, end


def _render(text: str, start: int, end: int, marks: list[tuple[int, int, str]]) -> str:
    """Escape the passage and wrap the matches in <mark>: the one place markup is made."""
    out = ["…" if start > 0 else ""]
    pos = start
    for m_start, m_end, _ in marks:
        out.append(html.escape(text[pos:m_start]))
        out.append(f"<mark>{html.escape(text[m_start:m_end])}</mark>")
        pos = m_end
    out.append(html.escape(text[pos:end]))
    out.append("…" if end < len(text) else "")
    return re.sub(r"\s{2,}", " ", "".join(out)).strip()


def snippets(text: str, marks: Highlight, limit: int = config.SNIPPETS_PER_HIT,
             surround: int = config.SNIPPET_SURROUND) -> tuple[str, ...]:
    """The passages of ``text`` with the most distinct query terms, best first, as safe HTML.

    A passage spans at most ``2 * surround`` characters; passages do not
    overlap. Without any match, the opening of the text stands in.
    """
    width = 2 * surround
    matches = _matches(text, marks)
    if not matches:
        start, end = _window(text, 0, min(len(text), width), 0)
        return (_render(text, 0, end, []),) if text.strip() else ()
    candidates = []
    for i, (first, _, _) in enumerate(matches):
        j = i
        while j + 1 < len(matches) and matches[j + 1][1] - first <= width:
            j += 1
        group = matches[i:j + 1]
        candidates.append((len({m[2] for m in group}), len(group), -first, i, j))
    candidates.sort(reverse=True)
    chosen: list[tuple[int, int, list]] = []
    for _, _, _, i, j in candidates:
        start, end = _window(text, matches[i][0], matches[j][1], width)
        if any(start < c_end and c_start < end for c_start, c_end, _ in chosen):
            continue
        marks = [m for m in matches if m[0] >= start and m[1] <= end]
        chosen.append((start, end, marks))
        if len(chosen) == limit:
            break
    return tuple(_render(text, start, end, marks) for start, end, marks in chosen)


# ---- did you mean -------------------------------------------------------------


def _surface(searcher: Searcher, term: str) -> str:
    """The way a stemmed index term is most often written, read from a document that has it."""
    postings = searcher.reader().postings("body", term)
    if not postings.is_active():
        return term
    text = stored_document(searcher.stored_fields(postings.id())).text
    seen = Counter(word.lower() for word in _TOKEN_RE.findall(text) if index_term(word) == term)
    return seen.most_common(1)[0][0] if seen else term


def _max_edits(word: str) -> int:
    """Short words tolerate one typo, longer ones two: "rice" must not become "crime"."""
    return 1 if len(word) <= 6 else SUGGEST_MAX_EDITS


def _correction(searcher: Searcher, word: str) -> str | None:
    """A word written within a typo or two of ``word`` that many more documents contain."""
    analysed = analyse(word)
    if len(analysed) != 1:
        return None
    stem = analysed[0]
    reader = searcher.reader()
    frequency = reader.doc_frequency("body", stem)
    if frequency * SUGGEST_GAIN > reader.doc_count():
        return None  # no word could be in enough more documents
    folded = word.lower()
    edits = _max_edits(folded)
    best: dict[str, tuple[int, int, str]] = {}
    for spelling in dict.fromkeys((stem, folded)):
        for near in near_terms(reader, "body", spelling, edits, SUGGEST_PREFIX,
                               SUGGEST_GAIN * max(frequency, 1)):
            if near[2] != stem and (near[2] not in best or near < best[near[2]]):
                best[near[2]] = near
    for _, _, candidate in sorted(best.values())[:SUGGEST_CANDIDATES]:
        written = _surface(searcher, candidate)
        if written != folded and edit_distance(folded, written) <= _max_edits(folded):
            return written[:1].upper() + written[1:] if word[:1].isupper() else written
    return None


def suggest(searcher: Searcher, request: SearchRequest, total: int,
            allowed: set[int] | None = None) -> str | None:
    """The query with rare or misspelt words corrected, when that finds more documents.

    ``total`` is how many documents have all the words as typed; the
    corrected query must find more with all of its words. ``allowed`` is the
    request's filter as docnums when the caller has it already.
    """
    tree = parse(request.query).tree
    nodes = tree.nodes if isinstance(tree, AllOf) else ((tree,) if tree is not None else ())
    text = request.query
    changed = False
    for node in nodes:
        if not isinstance(node, Word) or not node.text.isalpha():
            continue
        better = _correction(searcher, node.text)
        if better:
            text = re.sub(rf"(?<![\w-]){re.escape(node.text)}(?!\w)", better, text, count=1)
            changed = True
    if not changed:
        return None
    corrected = SearchRequest(**{**request.to_dict(), "query": text})
    words = executable(build_query(corrected), searcher)
    if allowed is None:
        allowed = filter_docs(searcher, request)
    if allowed is None:
        # Document frequencies often settle it: running the corrected query in
        # full costs as much as a page of its own when it has a common word.
        reader = searcher.reader()
        if most_matches(words, reader) <= total:
            return None
        if least_matches(words, reader) > total:
            return text
    found = len(_matches_allowed(searcher, words, allowed))
    return text if found > total else None


# ---- documents ------------------------------------------------------------------


def _docnum(searcher: Searcher, doc_id: str) -> int:
    docnum = searcher.document_number(id=doc_id)
    if docnum is None:
        raise DocumentNotFound(f"No document with id '{doc_id}' in the index")
    return docnum


def get_document(searcher: Searcher, doc_id: str) -> Document:
    """The stored Document with this id; ``DocumentNotFound`` when there is none."""
    return stored_document(searcher.stored_fields(_docnum(searcher, doc_id)))


def more_like_this(searcher: Searcher, doc_id: str, limit: int = config.MORE_LIKE_THIS) -> tuple[Hit, ...]:
    """Documents like this one: its key body terms, with its primary country weighing extra."""
    docnum = _docnum(searcher, doc_id)
    doc = stored_document(searcher.stored_fields(docnum))
    key_terms = searcher.key_terms_from_text("body", f"{doc.title or ''}\n{doc.text[:MORE_LIKE_THIS_TEXT]}",
                                             numterms=MORE_LIKE_THIS_TERMS)
    parts: list[wq.Query] = [wq.Term("body", term, boost=weight) for term, weight in key_terms]
    if doc.countries:
        for term in analyse(doc.countries[0].name):
            parts.append(wq.Term("country_text", term, boost=MORE_LIKE_THIS_COUNTRY_BOOST))
    if not parts:
        return ()
    results = searcher.search(wq.Or(parts), limit=limit, mask={docnum}, terms=False)
    return tuple(_hit(searcher, hit.docnum, hit.score, Highlight()) for hit in results)


_YEAR_RE = re.compile(r"\b(1[89]|20)\d\d\b")
_STATE_DEPARTMENT_RE = re.compile(r"^(u\s*s|united states)\s+department\s+of\s+state\s*", re.I)


def series_key(title: str | None, countries_named: Iterable[Country]) -> str:
    """A title without years, country names and a leading "U.S. Department of State".

    "U.S. Department of State 2004 Trafficking in Persons Report - Mali" and
    "Trafficking in Persons Report 2008 - Mali" both become
    "trafficking in persons report".
    """
    text = _YEAR_RE.sub(" ", title or "")
    for country in countries_named:
        for name in sorted(countries.search_terms(country), key=len, reverse=True):
            text = re.sub(rf"\b{re.escape(name)}\b", " ", text, flags=re.I)
    text = re.sub(r"[^\w]+", " ", text.lower()).strip()
    text = _STATE_DEPARTMENT_RE.sub("", text)
    return " ".join(text.split())


def series(searcher: Searcher, doc: Document) -> tuple[Document, ...]:
    """The documents of ``doc``'s series for its primary country, ``doc`` included, oldest first.

    A series is one publisher's one kind of document about one primary
    country under one title once years and country names are set aside:
    the yearly TIP chapters on Mali are a series, the 2024 human rights
    report on Mali is another.
    """
    if not doc.countries:
        return (doc,)
    primary = doc.countries[0]
    parts = [wq.Term("countries", primary.code)]
    if doc.publisher:
        parts.append(wq.Term("publisher", doc.publisher))
    if doc.doc_type:
        parts.append(wq.Term("doc_type", doc.doc_type))
    key = series_key(doc.title, doc.countries[:1])
    members = {doc.id: doc}
    for docnum in searcher.docs_for_query(wq.And(parts)):
        other = stored_document(searcher.stored_fields(docnum))
        if (other.countries and other.countries[0].code == primary.code
                and other.publisher == doc.publisher and other.doc_type == doc.doc_type
                and series_key(other.title, other.countries[:1]) == key):
            members.setdefault(other.id, other)

    def order(d: Document):
        year = d.report_year or (int(d.published[:4]) if d.published else 0)
        return (year, d.published or "", d.id)

    return tuple(sorted(members.values(), key=order))


def archive_stats(searcher: Searcher) -> dict:
    """What the archive holds, for the home page: counts, countries, years, tiers."""
    live = list(searcher.reader().all_doc_ids())
    years = _count(searcher, "year", live)
    tiers = _count(searcher, "tier", live)
    codes = _count(searcher, "country", live)
    return {
        "documents": len(live),
        "countries": len(codes),
        "first_year": min(map(int, years)) if years else None,
        "last_year": max(map(int, years)) if years else None,
        "tiers": {tier: tiers.get(tier, 0) for tier in TIERS},
    }
