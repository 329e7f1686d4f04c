"""A judging sheet: the documents an engine ranks for a need that nobody has judged yet.

For each need with unjudged documents in any engine's top 20, the sheet
lists those documents with the sentences that share the most words with
the query, so a judge can read them (and open the document where the
excerpt is not enough) before writing grades into ``dev/needs.json``. It
names the engine and rank, so it is not blind: the test split is judged
from ``pool`` instead.
"""
from __future__ import annotations

import re

from .runner import POOL_DEPTH, Run

EXCERPTS = 4         # sentences shown per document
EXCERPT_CHARS = 400  # characters shown per sentence
_WORD_RE = re.compile(r"[\w']+")
_SENTENCE_RE = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+(?=[\"“(A-Z0-9])")


def _stems(text: str) -> set[str]:
    """Crude word starts: enough to find the paragraphs worth reading, not to judge them."""
    return {w[:5] for w in _WORD_RE.findall(text.casefold()) if len(w) > 2}


def best_sentences(text: str, query: str, limit: int = EXCERPTS) -> list[str]:
    """The sentences sharing most query words, best first (earlier first among equals)."""
    wanted = _stems(query)
    sentences = [s.strip() for line in text.splitlines() for s in _SENTENCE_RE.split(line) if s.strip()]
    scored = sorted((-len(wanted & _stems(s)), number, s) for number, s in enumerate(sentences))
    return [s[:EXCERPT_CHARS] for shared, _, s in scored[:limit] if shared < 0]


def unjudged_pool(run: Run, depth: int = POOL_DEPTH) -> dict[str, list[tuple[str, str, int]]]:
    """Per need: (file, engine, rank) of each unjudged document in either engine's top ``depth``."""
    key_of = run.needs.key_of()
    pool: dict[str, list[tuple[str, str, int]]] = {}
    for need in run.needs.needs:
        judged = {key_of.get(p, p) for p in need.judgements}
        seen: set[str] = set()
        for engine, outcome in run.outcomes[need.id].items():
            for rank, path in enumerate(outcome.paths[:depth], start=1):
                key = key_of.get(path, path)
                if key not in judged and key not in seen:
                    seen.add(key)
                    pool.setdefault(need.id, []).append((path, engine, rank))
    return pool


def markdown(run: Run, depth: int = POOL_DEPTH) -> str:
    pool = unjudged_pool(run, depth)
    needs = {n.id: n for n in run.needs.needs}
    lines = [f"# Judging sheet: {sum(map(len, pool.values()))} unjudged documents "
             f"in {len(pool)} needs (top {depth})", ""]
    for need_id, entries in pool.items():
        need = needs[need_id]
        lines += [f"## {need.id} ({need.cls}): `{need.query}`", "", f"Wants: {need.want}", ""]
        for path, engine, rank in entries:
            lines.append(f"### {path} ({engine} rank {rank})")
            for sentence in best_sentences(run.texts.get(path, ""), need.query):
                lines.append(f"> {sentence}")
                lines.append("")
    return "\n".join(lines) + "\n"
