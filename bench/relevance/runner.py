"""One run of the relevance benchmark: build the engines, ask every need, score the answers.

The refsearch index is built in a work folder from the collection's
documents; the FTS5 and tantivy baselines are built in memory from the same
documents (the same title and text). Every need of every split asked for is
put to all three with the same filters; the top 20 (or the pool's depth)
are kept so that the documents a change of ranking brings up can be judged
(``unjudged``, ``pool``), and the measures read the top 10. One ``Run`` per
split; the citation cases are looked up once, with the development split.
"""
from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from indexer.records import Document

from . import collection as collection_module
from . import engines, metrics
from .baseline import Baseline
from .judgements import CitationCase, Need, Needs, QuotedPassage
from .tantivy_engine import TantivyBaseline

POOL_DEPTH = 20  # hits kept per need and engine (the depth judgements must cover)
ENGINES = ("refsearch", "fts5", "tantivy")


@dataclass(frozen=True)
class Outcome:
    """How one engine answered one need."""

    paths: tuple[str, ...]
    gains: tuple[int, ...]
    unjudged: tuple[str, ...]
    ndcg: float
    rr: float
    s1: bool
    s3: bool
    snippet: bool | None      # None when the need records no answering passage
    suggestion: str | None
    dym_right: bool | None    # None when the need states no expectation or the engine has none
    any_word: bool
    first_snippet: str


@dataclass(frozen=True)
class CitationOutcome:
    case: CitationCase
    candidates: tuple[tuple[str, float, str], ...]  # (path, confidence, verdict)
    rank: int | None          # rank of the expected document (positives)
    confidence: float | None  # its confidence (positives) or the top one offered (negatives)


@dataclass
class Run:
    needs: Needs
    outcomes: dict[str, dict[str, Outcome]] = field(default_factory=dict)  # need id -> engine
    citations: list[CitationOutcome] = field(default_factory=list)
    documents: int = 0
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0
    texts: dict[str, str] = field(default_factory=dict)  # each file's extracted text


def score(need: Need, answer, key_of: dict[str, str], texts: dict[str, str],
          suggests: bool) -> Outcome:
    """Measure one engine's answer (hits with ``path`` and ``snippets``) against the need."""
    paths = [hit.path for hit in answer.hits]
    first_snippet = answer.hits[0].snippets[0] if answer.hits and answer.hits[0].snippets else ""
    grades = metrics.group_grades({p: j.grade for p, j in need.judgements.items()}, key_of)
    graded = metrics.grade_ranking(paths, grades, key_of)
    passages: dict[str, list[str]] = {}
    for path, judgement in need.judgements.items():
        passages.setdefault(key_of.get(path, path), []).extend(judgement.passages)
    snippet = None
    if any(passages.values()):
        snippet = bool(paths) and graded.gains[0] > 0 and metrics.snippet_shows_answer(
            first_snippet, texts.get(paths[0], ""), passages.get(graded.keys[0], ()))
    dym = None
    if need.did_you_mean is not None and suggests:
        dym = metrics.normalise(answer.suggestion or "") == metrics.normalise(need.did_you_mean)
    return Outcome(
        paths=tuple(paths), gains=graded.gains, unjudged=graded.unjudged,
        ndcg=metrics.ndcg(graded.gains, list(grades.values())),
        rr=metrics.reciprocal_rank(graded.gains), s1=metrics.success(graded.gains, 1),
        s3=metrics.success(graded.gains, 3), snippet=snippet, suggestion=answer.suggestion,
        dym_right=dym, any_word=answer.any_word, first_snippet=first_snippet)


def run(corpus: Path, work: Path, splits: dict[str, Needs], cases: tuple[CitationCase, ...],
        log=lambda message: None, depth: int = POOL_DEPTH) -> dict[str, Run]:
    """Every split's needs asked of the three engines (``depth`` hits each); split name -> Run."""
    started = time.perf_counter()
    docs = collection_module.load(corpus)
    texts = {doc.path: doc.text for doc in docs.documents}
    runs = {name: Run(needs, documents=len(docs.documents), skipped=docs.skipped, texts=texts)
            for name, needs in splits.items()}
    index_dir = Path(work) / "relevance-index"
    if index_dir.exists():
        shutil.rmtree(index_dir)
    index_dir.mkdir(parents=True)
    log(f"indexing {len(docs.documents)} documents with refsearch")
    engines.build_index(index_dir, docs.documents)
    log("loading the FTS5 and tantivy baselines")
    baseline = Baseline(docs.documents)
    peer = TantivyBaseline(docs.documents)
    try:
        with engines.refsearch(index_dir) as refsearch:
            for name, result in runs.items():
                key_of = result.needs.key_of()
                log(f"asking the {len(result.needs.needs)} needs of the {name} split")
                for need in result.needs.needs:
                    try:
                        answers = {"refsearch": refsearch.search(need.query, need.filters, depth),
                                   "fts5": baseline.search(need.query, need.filters, depth),
                                   "tantivy": peer.search(need.query, need.filters, depth)}
                    except Exception as error:
                        raise RuntimeError(f"need {need.id} ({need.query!r}) failed: {error}") from error
                    result.outcomes[need.id] = {
                        engine: score(need, answer, key_of, texts, suggests=engine == "refsearch")
                        for engine, answer in answers.items()}
            if cases and "dev" in runs:
                log(f"looking up {len(cases)} citations")
                key_of = runs["dev"].needs.key_of()
                by_path = {doc.path: doc for doc in docs.documents}
                runs["dev"].citations = [cite(refsearch, case, key_of, by_path) for case in cases]
    finally:
        baseline.close()
        peer.close()
    seconds = time.perf_counter() - started
    for result in runs.values():
        result.seconds = seconds
    return runs


def quoted_text(quote: QuotedPassage, by_path: dict[str, Document]) -> str:
    """The words a quotation case stands for, read from its file's paragraph as indexed."""
    doc = by_path[quote.file]
    paragraph = next(p for p in doc.paragraphs if p.anchor == quote.at)
    words = doc.text[paragraph.start: paragraph.end].split()[quote.start: quote.start + quote.words]
    if quote.omit:
        start, end = quote.omit
        words = words[:start] + ["[...]"] + words[end:]
    return " ".join(words)


def cite(refsearch: engines.Refsearch, case: CitationCase, key_of: dict[str, str],
         by_path: dict[str, Document] | None = None) -> CitationOutcome:
    text = quoted_text(case.quote, by_path or {}) if case.quote else case.text
    candidates = tuple(refsearch.cite(text))
    if case.expect is None:
        return CitationOutcome(case, candidates, None, candidates[0][1] if candidates else 0.0)
    wanted = key_of.get(case.expect, case.expect)
    for rank, (path, confidence, _) in enumerate(candidates, start=1):
        if key_of.get(path, path) == wanted:
            return CitationOutcome(case, candidates, rank, confidence)
    return CitationOutcome(case, candidates, None, None)
