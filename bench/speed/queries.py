"""Fixed benchmark queries per class, drawn from the corpus's own vocabulary.

The classes stress different parts of a results page: a rare word (short
posting lists), a common word (long ones: ranking and facet counting over
most of the index), two words (intersection), a phrase (positions), a
filtered search (tier + country + date range narrowing a common word), and
three or four words that one document has together, filtered by that
document's country and a ten-year range around its date, newest first
(several intersections, a narrow filter and a sort by date).
Word statistics come from a sample of the parsed documents; every choice is
sorted and then drawn with ``random.Random(seed)``, so a corpus and a seed
always give the same queries.

A corpus with documents in other languages (``generate --other-languages``)
has queries in them in every class, as many as their share of the documents
(one at least): the last of each class, drawn alike from each language's own
documents and word statistics, leaving out words English documents use too and
the language's stop words. The English queries come from the English documents
only, so a corpus without other languages gets the queries it always got.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from random import Random
from typing import TypeVar

from indexer.archive import searchable
from indexer.engine.multilingual import STOP_WORDS
from indexer.facets import FACETS
from indexer.records import Document, SearchRequest

T = TypeVar("T")

CLASSES = ("rare word", "common word", "two words", "phrase", "filtered", "3+ words, filter, newest")
_WORD_RE = re.compile(r"[A-Za-z]+")
# A word of any script, for the queries in other languages.
_ANY_WORD_RE = re.compile(r"[^\W\d_]+")
SAMPLE_DOCS = 3000     # documents whose words are counted


@dataclass(frozen=True)
class QuerySet:
    """The requests of each class, in the order they are run."""

    classes: dict[str, list[SearchRequest]]

    def to_dict(self) -> dict:
        return {name: [r.to_dict() for r in reqs] for name, reqs in self.classes.items()}

    @classmethod
    def from_dict(cls, data: dict) -> QuerySet:
        return cls({name: [SearchRequest.from_dict(d) for d in reqs] for name, reqs in data.items()})


@cache
def _usable(word: str) -> bool:
    return len(word) >= 4 and searchable(word)


def document_frequencies(texts: list[str], word_re: re.Pattern = _WORD_RE,
                         usable=_usable) -> tuple[Counter, Counter]:
    """Per-document counts of lower-case words and of adjacent word pairs."""
    words: Counter = Counter()
    pairs: Counter = Counter()
    for text in texts:
        tokens = [t.lower() for t in word_re.findall(text)]
        words.update(set(t for t in tokens if usable(t)))
        pairs.update(set((a, b) for a, b in zip(tokens, tokens[1:]) if usable(a) and usable(b)))
    return words, pairs


def _draw(rng: Random, candidates: list, k: int) -> list:
    candidates = sorted(candidates)
    if not candidates:
        return []
    if len(candidates) <= k:
        return [candidates[i % len(candidates)] for i in range(k)]
    return rng.sample(candidates, k)


def _band(counts: Counter, low: float, high: float, k: int) -> list:
    """Keys whose count lies in [low, high]; when fewer than ``k`` do, the ``k`` nearest the band."""
    inside = [key for key, n in counts.items() if low <= n <= high]
    if len(inside) >= k:
        return inside
    def distance(item):
        key, n = item
        return (low - n if n < low else n - high if n > high else 0, key)
    return [key for key, _ in sorted(counts.items(), key=distance)[:k]]


def sample(documents: list[T]) -> list[T]:
    """The documents (or their files) whose words are counted: about ``SAMPLE_DOCS``, spread evenly."""
    return documents[::max(1, len(documents) // SAMPLE_DOCS)]


def _english(doc: Document) -> bool:
    return doc.language in (None, "en")


def build_queries(documents: list[Document], per_class: int = 20, seed: int = 0) -> QuerySet:
    """``per_class`` requests of each class for a corpus, from a sample of its documents; the
    last of each class in other languages when the corpus has documents in them."""
    every = sample(documents)
    queries = _class_queries([d for d in every if _english(d)], per_class, Random(f"refsearch-bench-queries:{seed}"))
    # Sampled apart: a sample's step may miss a share spread as evenly as the generator's.
    all_others = [d for d in documents if not _english(d)]
    if not all_others:
        return queries
    others = sample(all_others)
    share = max(1, round(per_class * len(all_others) / len(documents)))
    english_words = document_frequencies([d.text for d in every if _english(d)])[0]
    rng = Random(f"refsearch-bench-queries-languages:{seed}")
    languages = sorted({d.language for d in others if d.language})
    found: dict[str, list[SearchRequest]] = {name: [] for name in CLASSES}
    for language in languages:
        own = [d for d in others if d.language == language]
        stop = STOP_WORDS.get(language, frozenset())

        def usable(word: str, stop=stop) -> bool:
            return len(word) >= 4 and word not in stop and word not in english_words

        mine = _class_queries(own, share, rng, _ANY_WORD_RE, usable, tiered_from=every)
        for name in CLASSES:
            found[name] += mine.classes[name]
    classes = {}
    for name in CLASSES:
        chosen = _draw(rng, [(r.query, i) for i, r in enumerate(found[name])], share) if found[name] else []
        picked = [found[name][i] for _, i in chosen]
        classes[name] = queries.classes[name][:per_class - len(picked)] + picked
    return QuerySet(classes)


def _class_queries(sample_docs: list[Document], per_class: int, rng: Random, word_re: re.Pattern = _WORD_RE,
                   usable=_usable, tiered_from: list[Document] | None = None) -> QuerySet:
    """``per_class`` requests of each class from the words of ``sample_docs`` (``word_re``,
    ``usable``); the filters' tiers and countries from ``tiered_from`` (default: the same)."""
    n = len(sample_docs)
    words, pairs = document_frequencies([d.text for d in sample_docs], word_re, usable)
    rare = _band(words, 2, max(2, n // 300), per_class)
    common = _band(words, 0.3 * n, n, per_class)
    middle = _band(words, 0.02 * n, 0.2 * n, per_class)
    phrases = _band(pairs, max(2, 0.01 * n), n, per_class)
    classes: dict[str, list[SearchRequest]] = {
        "rare word": [SearchRequest(query=w) for w in _draw(rng, rare, per_class)],
        "common word": [SearchRequest(query=w) for w in _draw(rng, common, per_class)],
        "two words": [SearchRequest(query=f"{a} {b}") for a, b in zip(
            _draw(rng, middle, per_class), _draw(rng, middle, per_class))],
        "phrase": [SearchRequest(query=f'"{a} {b}"') for a, b in _draw(rng, phrases, per_class)],
    }
    tiered = sorted({(d.tier, d.countries[0].code, int(d.published[:4]))
                     for d in tiered_from or sample_docs if d.tier and d.countries and d.published})
    filtered = []
    for (tier, country, year), word in zip(_draw(rng, tiered, per_class),
                                           _draw(rng, common, per_class)):
        filtered.append(SearchRequest(query=word, filters={"tier": (tier,), "country": (country,)},
                                      date_from=str(year - 3), date_to=str(year + 3)))
    classes["filtered"] = filtered
    classes["3+ words, filter, newest"] = _words_filter_newest(rng, sample_docs, words, n, per_class, word_re)
    return QuerySet(classes)


def _words_filter_newest(rng: Random, sample: list[Document], words: Counter, n: int,
                         per_class: int, word_re: re.Pattern = _WORD_RE) -> list[SearchRequest]:
    """Three or four mid-frequency words of one dated document with a country, filtered by
    that country and ten years around the document's date, newest first."""
    dated = [d for d in sample if d.countries and d.published]
    requests: list[SearchRequest] = []
    for index in _draw(rng, list(range(len(dated))), per_class * 3):
        doc = dated[index]
        found = sorted({t.lower() for t in word_re.findall(doc.text)
                        if 0.02 * n <= words.get(t.lower(), 0) <= 0.5 * n})
        if len(found) < 3:
            continue
        chosen = rng.sample(found, 4 if len(found) > 3 and rng.random() < 0.5 else 3)
        year = int(doc.published[:4])
        requests.append(SearchRequest(query=" ".join(chosen), filters={"country": (doc.countries[0].code,)},
                                      date_from=str(year - 5), date_to=str(year + 5), sort="newest"))
        if len(requests) == per_class:
            break
    return requests


def url_params(request: SearchRequest) -> list[tuple[str, str]]:
    """The ``/search`` query-string pairs that ask the web app for ``request``."""
    pairs = [("q", request.query)]
    for facet in FACETS:
        pairs += [(facet.param, str(v)) for v in request.selected(facet.name)]
    if request.date_from:
        pairs.append(("from", request.date_from))
    if request.date_to:
        pairs.append(("to", request.date_to))
    if request.sort != "relevance":
        pairs.append(("sort", request.sort))
    if request.page != 1:
        pairs.append(("page", str(request.page)))
    return pairs
