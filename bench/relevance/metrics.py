"""The measures of one ranked list against graded judgements, as IR evaluation defines them.

- nDCG@10: gain = grade (0, 1, 2), discounted by log2(rank + 1); the ideal
  list is every judged grade of the need, best first (trec_eval's linear gain).
- reciprocal rank: 1 / rank of the first document graded 1 or 2 within the
  top 10, else 0; averaged over needs it is MRR.
- success@k: whether a document graded 1 or 2 is in the top k.
- first snippet shows the answer: whether the first hit is relevant and its
  first passage overlaps an answer: the sentences a judgement's quote
  locates, with one sentence either side (the reports' "paragraphs" are
  whole subsections, too coarse to tell a good passage from a poor one).

A file of a duplicate group counts as the group; a copy shown after the
first earns nothing, so showing one document twice costs a place.
"""
from __future__ import annotations

import bisect
import html
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

CUTOFF = 10
_TAG_RE = re.compile(r"<[^>]+>")
_SPACE_RE = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_ELLIPSIS_RE = re.compile(r"…|\.\.\.")
# Words of a passage's opening (or close) that locate it when the whole does not match.
_LOCATE_WORDS = 6
# Sentences either side of a quoted passage that still count as showing its answer.
ANSWER_CONTEXT = 1
# The end of a sentence (or of a line) in normalised text.
_SENTENCE_END_RE = re.compile(r"[.!?][\"')\]]*\s+(?=\S)|\n")


def dcg(gains: Sequence[float], k: int = CUTOFF) -> float:
    return sum(g / math.log2(rank + 1) for rank, g in enumerate(gains[:k], start=1))


def ndcg(gains: Sequence[float], judged_grades: Sequence[int], k: int = CUTOFF) -> float:
    """DCG of ``gains`` over the DCG of the best order of ``judged_grades``; 0 when none is relevant."""
    ideal = dcg(sorted(judged_grades, reverse=True), k)
    return dcg(gains, k) / ideal if ideal else 0.0


def reciprocal_rank(gains: Sequence[float], k: int = CUTOFF) -> float:
    for rank, gain in enumerate(gains[:k], start=1):
        if gain > 0:
            return 1.0 / rank
    return 0.0


def success(gains: Sequence[float], k: int) -> bool:
    return any(g > 0 for g in gains[:k])


@dataclass(frozen=True)
class Graded:
    """A ranked list seen through the judgements."""

    keys: tuple[str, ...]      # each hit's document (its duplicate group's first file)
    gains: tuple[int, ...]     # each hit's grade; 0 for unjudged hits and repeated copies
    unjudged: tuple[str, ...]  # files in the top 10 with no judgement for the need


def grade_ranking(paths: Sequence[str], grades: Mapping[str, int], key_of: Mapping[str, str],
                  k: int = CUTOFF) -> Graded:
    """Grades of a ranked list of files; ``grades`` are keyed by document (group key)."""
    seen: set[str] = set()
    keys, gains, unjudged = [], [], []
    for rank, path in enumerate(paths, start=1):
        key = key_of.get(path, path)
        keys.append(key)
        if key in seen:
            gains.append(0)
            continue
        seen.add(key)
        if key not in grades and rank <= k:
            unjudged.append(path)
        gains.append(grades.get(key, 0))
    return Graded(tuple(keys), tuple(gains), tuple(unjudged))


def group_grades(judged: Mapping[str, int], key_of: Mapping[str, str]) -> dict[str, int]:
    """Grades per document: a duplicate group takes the best grade any of its files has."""
    out: dict[str, int] = {}
    for path, grade in judged.items():
        key = key_of.get(path, path)
        out[key] = max(out.get(key, 0), grade)
    return out


def normalise(text: str) -> str:
    """Text compared for overlap: quotes and dashes unified, spaces collapsed, case folded."""
    return _SPACE_RE.sub(" ", text.translate(_QUOTES)).strip().casefold()


def snippet_fragments(snippet_html: str) -> list[str]:
    """The plain-text pieces of a passage (markup removed, split at ellipses)."""
    text = html.unescape(_TAG_RE.sub("", snippet_html))
    return [normalise(piece) for piece in _ELLIPSIS_RE.split(text) if piece.strip()]


def _lines(text: str) -> list[str]:
    return [normalise(line) for line in text.splitlines() if line.strip()]


def _find(haystack: str, needle: str) -> tuple[int, int] | None:
    """Where ``needle`` is in ``haystack``; failing that, where its opening or closing words are."""
    at = haystack.find(needle)
    if at >= 0:
        return at, at + len(needle)
    words = needle.split(" ")
    if len(words) > _LOCATE_WORDS:
        head = " ".join(words[:_LOCATE_WORDS])
        at = haystack.find(head)
        if at >= 0:
            return at, at + len(needle)
        tail = " ".join(words[-_LOCATE_WORDS:])
        at = haystack.find(tail)
        if at >= 0:
            end = at + len(tail)
            return max(0, end - len(needle)), end
    return None


def _sentence_starts(text: str) -> list[int]:
    """Offsets where sentences (and lines) of the normalised text begin."""
    starts = {0}
    starts.update(m.end() for m in _SENTENCE_END_RE.finditer(text))
    return sorted(starts)


def answer_spans(text: str, passages: Sequence[str]) -> list[tuple[int, int]]:
    """The answer around each quoted passage: its sentences and one sentence either side.

    Offsets are in the document's normalised text (lines joined by newlines);
    a quote that is not found locates nothing.
    """
    joined = "\n".join(_lines(text))
    starts = _sentence_starts(joined) + [len(joined)]
    spans = []
    for passage in passages:
        found = _find(joined, normalise(passage))
        if found is None:
            continue
        first = bisect.bisect_right(starts, found[0]) - 1
        last = bisect.bisect_left(starts, found[1])
        lo = starts[max(0, first - ANSWER_CONTEXT)]
        hi = starts[min(len(starts) - 1, last + ANSWER_CONTEXT)]
        spans.append((lo, hi))
    return spans


def snippet_shows_answer(snippet_html: str, text: str, passages: Sequence[str]) -> bool:
    """Whether the passage shown overlaps the answer around one of the quoted passages."""
    spans = answer_spans(text, passages)
    if not spans:
        return False
    joined = "\n".join(_lines(text))
    for fragment in snippet_fragments(snippet_html):
        found = _find(joined, fragment)
        if found and any(start < found[1] and found[0] < end for start, end in spans):
            return True
    return False


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0
