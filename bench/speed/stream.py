"""A realistic request stream for the web benchmark: thousands of distinct requests, a few popular.

A search log is not 100 queries repeated: most queries are asked once or
twice and a few are asked again and again. ``build_stream`` makes such a log
from a sample of the corpus's parsed documents:

- at least ``DISTINCT_SEARCHES`` distinct searches drawn from the corpus's
  own vocabulary: one word (half from all words, half from words in at
  least 1% of documents), two, three or four words that one document has
  together, a phrase (two words adjacent in some document), a country name,
  a country and a word, a field query (``tier:3``), some with filters
  (tier, country, type, a date range), some newest first, a few with
  filters only;
- page 2 of some of those searches, document pages (as if a hit had been
  clicked, with the query that found it) and citation lookups (a
  document's "Cite as" text pasted in);
- then popularity: every distinct request is given a rank at random and
  repeated with a Zipf-like frequency (about 1 / rank), every one at least
  once, and the log is shuffled.

Everything is drawn from ``random.Random(seed)`` over sorted candidates, so
a corpus and a seed always give the same stream. The benchmark replays it
in order: by concurrent clients against ``refsearch serve``, and by one
caller through the web app in process (``replay``), which is the
comparison for the server's throughput and latency.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from random import Random
from urllib.parse import quote, urlencode

from bench.speed.queries import _WORD_RE, document_frequencies, url_params
from indexer.records import Document, SearchRequest

DISTINCT_SEARCHES = 2400     # distinct searches in the log (the issue asks for at least 2,000)
DISTINCT_DOCUMENTS = 300     # distinct document pages
DISTINCT_CITATIONS = 150     # distinct citation lookups
PAGE_TWO_SHARE = 0.1         # share of the searches also asked for their second page
LENGTH = 12_000              # requests in the log
# Popularity of the request of rank r (from 0): 1 / (r + ZIPF_OFFSET) ** ZIPF_EXPONENT, a
# Zipf-Mandelbrot law: the most popular request is about 2.5% of the log, half are repeats.
ZIPF_EXPONENT = 0.9
ZIPF_OFFSET = 3
KINDS = ("search", "page 2", "document", "cite")


@dataclass(frozen=True)
class Stream:
    """The log: (kind, URL path and query) per request, in the order they are replayed."""

    requests: tuple[tuple[str, str], ...]

    def distinct(self, kind: str | None = None) -> int:
        return len({url for k, url in self.requests if kind is None or k == kind})

    def to_dict(self) -> dict:
        return {"requests": [list(r) for r in self.requests]}

    @classmethod
    def from_dict(cls, data: dict) -> Stream:
        return cls(tuple((kind, url) for kind, url in data["requests"]))


def search_url(request: SearchRequest) -> str:
    return "/search?" + urlencode(url_params(request))


class _Vocabulary:
    """Word statistics of the sample, and the words each document offers a query."""

    def __init__(self, documents: list[Document]) -> None:
        self.n = len(documents)
        self.words, self.pairs = document_frequencies([d.text for d in documents])
        self.all_words = sorted(self.words)
        self.common = sorted(w for w, k in self.words.items() if k >= 0.01 * self.n)
        self.pair_list = sorted(p for p, k in self.pairs.items() if k >= 2)
        self._own: dict[str, list[str]] = {}

    def words_of(self, doc: Document) -> list[str]:
        """Words of ``doc`` found in 0.5% to 50% of the documents: what a query about it might use."""
        found = self._own.get(doc.id)
        if found is None:
            low, high = 0.005 * self.n, 0.5 * self.n
            found = self._own[doc.id] = sorted(
                {w for w in map(str.lower, _WORD_RE.findall(doc.text)) if low <= self.words.get(w, 0) <= high})
        return found


def _search(rng: Random, vocabulary: _Vocabulary, doc: Document) -> SearchRequest | None:
    """One search a user might type, around the words of ``doc``."""
    roll = rng.random()
    country = doc.countries[0] if doc.countries else None
    if roll < 0.17:
        query = rng.choice(vocabulary.all_words)
    elif roll < 0.34:
        query = rng.choice(vocabulary.common) if vocabulary.common else rng.choice(vocabulary.all_words)
    elif roll < 0.68:
        own = vocabulary.words_of(doc)
        wanted = 2 if roll < 0.56 else rng.choice((3, 3, 4))
        if len(own) < wanted:
            return None
        query = " ".join(rng.sample(own, wanted))
    elif roll < 0.78:
        if not vocabulary.pair_list:
            return None
        first, second = rng.choice(vocabulary.pair_list)
        query = f'"{first} {second}"'
    elif roll < 0.86:
        if country is None:
            return None
        own = vocabulary.words_of(doc)
        query = country.name if rng.random() < 0.5 or not own else f"{country.name} {rng.choice(own)}"
    elif roll < 0.91:
        query = f"tier:{doc.tier.split()[-1] if doc.tier and doc.tier.split()[-1].isdigit() else 2}"
        query += f" {rng.choice(vocabulary.common)}" if vocabulary.common else ""
    elif roll < 0.94:
        query = ""   # filters only
    else:
        own = vocabulary.words_of(doc)
        if not own:
            return None
        query = rng.choice(own)
    filters: dict[str, tuple[str, ...]] = {}
    date_from = date_to = None
    if not query or rng.random() < 0.3:
        choice = rng.random()
        if doc.tier and choice < 0.35:
            filters["tier"] = (doc.tier,)
        if country is not None and (choice >= 0.35 or not filters) and rng.random() < 0.7:
            filters["country"] = (country.code,)
        if doc.doc_type and rng.random() < 0.2:
            filters["doc_type"] = (doc.doc_type,)
        if doc.published and rng.random() < 0.4:
            year = int(doc.published[:4])
            date_from, date_to = str(year - rng.randint(1, 5)), str(year + rng.randint(0, 5))
        if not filters and not date_from and country is not None:
            filters["country"] = (country.code,)
    if not query and not filters and not date_from:
        return None
    sort = "newest" if rng.random() < 0.1 else "relevance"
    return SearchRequest(query=query, filters=filters, date_from=date_from, date_to=date_to, sort=sort)


def build_stream(documents: list[Document], seed: int = 0, distinct_searches: int = DISTINCT_SEARCHES,
                 length: int = LENGTH) -> Stream:
    """The request log for a corpus, from (a sample of) its parsed documents."""
    rng = Random(f"refsearch-bench-stream:{seed}")
    documents = sorted(documents, key=lambda d: d.id)
    vocabulary = _Vocabulary(documents)
    searches: dict[SearchRequest, None] = {}
    attempts = 0
    while len(searches) < distinct_searches and attempts < 50 * distinct_searches:
        attempts += 1
        found = _search(rng, vocabulary, rng.choice(documents))
        if found is not None:
            searches.setdefault(found)
    items: list[tuple[str, str]] = [("search", search_url(r)) for r in searches]
    for request in rng.sample(list(searches), int(PAGE_TWO_SHARE * len(searches))):
        page_two = SearchRequest(query=request.query, filters=dict(request.filters),
                                 date_from=request.date_from, date_to=request.date_to,
                                 sort=request.sort, page=2)
        items.append(("page 2", search_url(page_two)))
    for doc in rng.sample(documents, min(DISTINCT_DOCUMENTS, len(documents))):
        own = vocabulary.words_of(doc) or [""]
        items.append(("document", f"/documents/{quote(doc.id)}?" + urlencode([("q", rng.choice(own))])))
    cited = [d for d in documents if d.citation]
    for doc in rng.sample(cited, min(DISTINCT_CITATIONS, len(cited))):
        items.append(("cite", "/cite?" + urlencode([("q", doc.citation)])))
    items = list(dict.fromkeys(items))
    rng.shuffle(items)   # the order now is the popularity rank
    weights = [1 / (rank + ZIPF_OFFSET) ** ZIPF_EXPONENT for rank in range(len(items))]
    log = items + rng.choices(items, weights=weights, k=max(0, length - len(items)))
    rng.shuffle(log)
    return Stream(tuple(log))


@dataclass(frozen=True)
class Replayed:
    """What one caller's replay measured: latencies (s) of the 200 answers and their kinds,
    the answers that were not 200, and the CPU seconds the process spent on the measured part."""
    latencies: list[float]
    kinds: list[str]
    errors: int
    cpu_seconds: float


def replay(app, stream: Stream, seconds: float, warm_up: int = 20) -> Replayed:
    """Answer the log in order with one caller through ``app`` (a Flask app, no HTTP) for
    ``seconds`` after ``warm_up`` requests (its first ones, not measured)."""
    client = app.test_client()
    requests = stream.requests
    for i in range(warm_up):
        client.get(requests[i % len(requests)][1])
    latencies: list[float] = []
    kinds: list[str] = []
    errors = 0
    cpu = time.process_time()
    deadline = time.perf_counter() + seconds
    i = warm_up
    while time.perf_counter() < deadline:
        kind, url = requests[i % len(requests)]
        i += 1
        started = time.perf_counter()
        status = client.get(url).status_code
        if status == 200:
            latencies.append(time.perf_counter() - started)
            kinds.append(kind)
        else:
            errors += 1
    return Replayed(latencies, kinds, errors, time.process_time() - cpu)


def repeat_share(stream: Stream, first: int, last: int) -> float:
    """The share of the search pages among requests ``first`` to ``last - 1`` (cycling through
    the log) that repeat an earlier one of them: what one shared results cache could answer."""
    pages = [url for kind, url in (stream.requests[i % len(stream.requests)] for i in range(first, last))
             if kind in ("search", "page 2")]
    return 1 - len(set(pages)) / len(pages) if pages else float("nan")
