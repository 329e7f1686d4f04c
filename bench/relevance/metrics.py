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
import functools
import hashlib
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
# How a passage kept as its fingerprint (``fingerprint``) begins.
FINGERPRINT = "fp:"
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


def fingerprint(passage: str) -> str:
    """A passage kept as its fingerprint, not its words, so that no report text is copied
    into the collection; ``_find`` locates it exactly as it locates the words.

    For the whole passage, and when it is longer than ``_LOCATE_WORDS`` words for its
    opening and closing words too: the length in characters, a digest, and an anchor (the
    digest of its longest inner word and where that word starts), since an inner word is a
    whole word wherever the span stands in a text.
    """
    needle = normalise(passage)
    words = needle.split(" ")
    spans = [needle]
    if len(words) > _LOCATE_WORDS:
        spans += [" ".join(words[:_LOCATE_WORDS]), " ".join(words[-_LOCATE_WORDS:])]
    return FINGERPRINT + ";".join(_span_print(span) for span in spans)


def _span_print(span: str) -> str:
    words = span.split(" ")
    if len(words) < 3:
        raise ValueError(f"a passage of {len(words)} words has no inner word to locate it by")
    offsets = [0]
    for word in words[:-1]:
        offsets.append(offsets[-1] + len(word) + 1)
    inner = max(range(1, len(words) - 1), key=lambda k: (len(words[k]), -k))
    return f"{len(span)}:{_digest(span)}:{_digest(words[inner])}:{offsets[inner]}"


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


@functools.lru_cache(maxsize=64)
def _word_starts(haystack: str) -> dict[str, list[int]]:
    """Where each word of ``haystack`` starts, by the word's digest, in the order of the text."""
    starts: dict[str, list[int]] = {}
    for match in re.finditer(r"[^ \n]+", haystack):
        starts.setdefault(_digest(match.group()), []).append(match.start())
    return starts


def _locate(haystack: str, span_print: str) -> tuple[int, int] | None:
    """Where the span a ``_span_print`` describes first stands in ``haystack``, as ``find``."""
    chars, whole, anchor, offset = span_print.split(":")
    length, before = int(chars), int(offset)
    for at in _word_starts(haystack).get(anchor, ()):
        start = at - before
        if start >= 0 and _digest(haystack[start:start + length]) == whole:
            return start, start + length
    return None


def _find_fingerprint(haystack: str, print_: str) -> tuple[int, int] | None:
    """``_find`` for a fingerprinted passage: the whole, else its opening or closing words."""
    spans = print_[len(FINGERPRINT):].split(";")
    length = int(spans[0].split(":")[0])
    if (found := _locate(haystack, spans[0])) is not None:
        return found
    if len(spans) == 3:
        if (head := _locate(haystack, spans[1])) is not None:
            return head[0], head[0] + length
        if (tail := _locate(haystack, spans[2])) is not None:
            return max(0, tail[1] - length), tail[1]
    return None


def _find(haystack: str, needle: str) -> tuple[int, int] | None:
    """Where ``needle`` is in ``haystack``; failing that, where its opening or closing words are."""
    if needle.startswith(FINGERPRINT):
        return _find_fingerprint(haystack, needle)
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
