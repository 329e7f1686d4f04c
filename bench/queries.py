"""Fixed benchmark queries per class, drawn from the corpus's own vocabulary.

The classes stress different parts of a results page: a rare word (short
posting lists), a common word (long ones: ranking and facet counting over
most of the index), two words (intersection), a phrase (positions), and a
filtered search (tier + country + date range narrowing a common word).
Word statistics come from a sample of the parsed documents; every choice is
sorted and then drawn with ``random.Random(seed)``, so a corpus and a seed
always give the same queries.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from random import Random

from indexer.archive import searchable
from indexer.records import Document, SearchRequest

CLASSES = ("rare word", "common word", "two words", "phrase", "filtered")
_WORD_RE = re.compile(r"[A-Za-z]+")
SAMPLE_DOCS = 3000     # documents whose words are counted


@dataclass(frozen=True)
class QuerySet:
    """The requests of each class, in the order they are run."""

    classes: dict[str, list[SearchRequest]]

    def to_dict(self) -> dict:
        return {name: [r.to_dict() for r in reqs] for name, reqs in self.classes.items()}

    @classmethod
    def from_dict(cls, data: dict) -> "QuerySet":
        return cls({name: [SearchRequest.from_dict(d) for d in reqs] for name, reqs in data.items()})


def _usable(word: str) -> bool:
    return len(word) >= 4 and searchable(word)


def document_frequencies(texts: list[str]) -> tuple[Counter, Counter]:
    """Per-document counts of lower-case words and of adjacent word pairs."""
    words: Counter = Counter()
    pairs: Counter = Counter()
    for text in texts:
        tokens = [t.lower() for t in _WORD_RE.findall(text)]
        words.update(set(t for t in tokens if _usable(t)))
        pairs.update(set((a, b) for a, b in zip(tokens, tokens[1:]) if _usable(a) and _usable(b)))
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


def build_queries(documents: list[Document], per_class: int = 20, seed: int = 0) -> QuerySet:
    """``per_class`` requests of each class for a corpus, from a sample of its documents."""
    step = max(1, len(documents) // SAMPLE_DOCS)
    sample = documents[::step]
    n = len(sample)
    words, pairs = document_frequencies([d.text for d in sample])
    rng = Random(f"refsearch-bench-queries:{seed}")
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
                     for d in sample if d.tier and d.countries and d.published})
    filtered = []
    for (tier, country, year), word in zip(_draw(rng, tiered, per_class),
                                           _draw(rng, common, per_class)):
        filtered.append(SearchRequest(query=word, filters={"tier": (tier,), "country": (country,)},
                                      date_from=str(year - 3), date_to=str(year + 3)))
    classes["filtered"] = filtered
    return QuerySet(classes)


def url_params(request: SearchRequest) -> list[tuple[str, str]]:
    """The ``/search`` query-string pairs that ask the web app for ``request``."""
    pairs = [("q", request.query)]
    pairs += [("tier", t) for t in request.selected("tier")]
    pairs += [("country", c) for c in request.selected("country")]
    if request.date_from:
        pairs.append(("from", request.date_from))
    if request.date_to:
        pairs.append(("to", request.date_to))
    return pairs
