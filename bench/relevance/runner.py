"""One run of the relevance benchmark: build both engines, ask every need, score the answers.

The refsearch index is built in a work folder from the collection's
documents; the FTS5 baseline is built in memory from the same documents
(the same title and text). Every need is asked of both with the same
filters; the top 20 are kept so that the documents a change of ranking
brings up can be judged (``unjudged``), and the measures read the top 10.
"""
from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import collection as collection_module
from . import engines, metrics
from .baseline import Baseline
from .judgements import CitationCase, Need, Needs

POOL_DEPTH = 20  # hits kept per need and engine (the depth judgements must cover)
ENGINES = ("refsearch", "fts5")


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


def run(corpus: Path, work: Path, needs: Needs, cases: tuple[CitationCase, ...],
        log=lambda message: None) -> Run:
    started = time.perf_counter()
    docs = collection_module.load(corpus)
    result = Run(needs, documents=len(docs.documents), skipped=docs.skipped,
                 texts={doc.path: doc.text for doc in docs.documents})
    key_of = needs.key_of()
    index_dir = Path(work) / "relevance-index"
    if index_dir.exists():
        shutil.rmtree(index_dir)
    index_dir.mkdir(parents=True)
    log(f"indexing {len(docs.documents)} documents with refsearch")
    engines.build_index(index_dir, docs.documents)
    log("loading the FTS5 baseline")
    baseline = Baseline(docs.documents)
    try:
        with engines.refsearch(index_dir) as refsearch:
            log(f"asking {len(needs.needs)} needs")
            for need in needs.needs:
                try:
                    ours = refsearch.search(need.query, need.filters, POOL_DEPTH)
                    theirs = baseline.search(need.query, need.filters, POOL_DEPTH)
                except Exception as error:
                    raise RuntimeError(f"need {need.id} ({need.query!r}) failed: {error}") from error
                result.outcomes[need.id] = {
                    "refsearch": score(need, ours, key_of, result.texts, suggests=True),
                    "fts5": score(need, theirs, key_of, result.texts, suggests=False),
                }
            log(f"looking up {len(cases)} citations")
            for case in cases:
                result.citations.append(cite(refsearch, case, key_of))
    finally:
        baseline.close()
    result.seconds = time.perf_counter() - started
    return result


def cite(refsearch: engines.Refsearch, case: CitationCase, key_of: dict[str, str]) -> CitationOutcome:
    candidates = tuple(refsearch.cite(case.text))
    if case.expect is None:
        return CitationOutcome(case, candidates, None, candidates[0][1] if candidates else 0.0)
    wanted = key_of.get(case.expect, case.expect)
    for rank, (path, confidence, _) in enumerate(candidates, start=1):
        if key_of.get(path, path) == wanted:
            return CitationOutcome(case, candidates, rank, confidence)
    return CitationOutcome(case, candidates, None, None)
