"""A blind judging pool: the documents the engines bring up that a need does not judge yet.

Judgements made by someone who knows which engine returned a document, or
at what rank, lean towards that engine. So the pool gives, per need, only
the need (id, query, what the user wants, its filters) and the unjudged
documents in the union of the three engines' top ``depth``: a copy of a
document stands as its group's first file, the Refworld record stubs are
kept like any document, and the files are listed in an order shuffled with
a fixed seed from their sorted names, so the order carries nothing of the
rankings either. The judge writes grades for them into the split's
``pool-judgements.json``, which ``judgements.load_split`` merges in; a
document judged there leaves the next pool.
"""
from __future__ import annotations

import random

from .runner import ENGINES, POOL_DEPTH, Run

POOL_SEED = 20261207  # fixed, so the same pool is listed in the same order every time


def pooled_documents(run: Run, need_id: str, depth: int = POOL_DEPTH) -> list[str]:
    """The unjudged documents of one need in the engines' top ``depth``, in the seeded order."""
    key_of = run.needs.key_of()
    need = next(n for n in run.needs.needs if n.id == need_id)
    judged = {key_of.get(p, p) for p in need.judgements}
    found = {key_of.get(path, path)
             for engine in ENGINES for path in run.outcomes[need_id][engine].paths[:depth]}
    documents = sorted(found - judged)
    random.Random(f"{POOL_SEED}:{need_id}").shuffle(documents)
    return documents


def pool(run: Run, split: str, depth: int = POOL_DEPTH) -> dict:
    """The judging pool of a split's run, as the JSON document ``pool --out`` writes."""
    needs = []
    total = 0
    for need in run.needs.needs:
        documents = pooled_documents(run, need.id, depth)
        if not documents:
            continue
        entry: dict[str, object] = {"id": need.id, "query": need.query, "want": need.want}
        if need.filters:
            entry["filters"] = need.filters
        entry["documents"] = documents
        total += len(documents)
        needs.append(entry)
    return {
        "about": (f"Blind judging pool of the {split} split: {total} documents in {len(needs)} needs, "
                  "each one that came up near the top of the results for its need and that the need "
                  "does not judge yet, in a shuffled order. Grade each document for its need (2 answers it, 1 helps or "
                  "answers part of it, 0 not relevant), with short quotes locating the answer for "
                  f"grades 1 and 2, in bench/relevance/{split}/pool-judgements.json; see "
                  "bench/README.md, Relevance."),
        "split": split,
        "depth": depth,
        "needs": needs,
    }
