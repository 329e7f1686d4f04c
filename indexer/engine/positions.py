"""Numbering a text's words as index positions: the one loop every language's analysis runs.

Indexing spends most of its time here, so the loop is written for speed: each
distinct spelling is analysed once (``term_of``) and every later occurrence read
from a dictionary kept across texts, with no call per word. English
(``analysis.word_positions``) and every other language (``multilingual``) differ
only in how a text is split into words and how a word becomes a term, which they
pass in. Positions are numbered as Whoosh's stop filter numbers them: every word
up to the first kept one, then only kept words.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable


def numbered_terms(words: Iterable[str], terms: dict[str, str | None],
                   term_of: Callable[[str], str | None], limit: int) -> dict[str, list[int]]:
    """Each term of ``words`` with its positions; ``terms`` caches spelling -> term (None:
    dropped) and is emptied first when it holds more than ``limit`` spellings."""
    if len(terms) > limit:
        terms.clear()
    out: dict[str, list[int]] = {}
    pos = -1
    for i, word in enumerate(words):
        try:
            term = terms[word]
        except KeyError:
            term = terms[word] = term_of(word)
        if term is None:
            continue
        pos = i if pos < 0 else pos + 1
        found = out.get(term)
        if found is None:
            out[term] = [pos]
        else:
            found.append(pos)
    return out


def in_parts(text: str, language: str | None, parts: tuple[tuple[int, int, str | None], ...],
             positions_of: Callable[[str, str | None], dict[str, list[int]]]) -> dict[str, list[int]]:
    """The terms of a text in two or more languages with their positions: each stretch of
    ``parts`` (start, end, language: None for English) analysed in its language, the rest in
    ``language``, by ``positions_of``; each stretch's positions follow the last one's, so a
    phrase never runs from one stretch into the next, nor two stretches share a position."""
    out: dict[str, list[int]] = {}
    offset = 0
    for start, end, where in stretches(len(text), language, parts):
        found = positions_of(text[start:end], where)
        last = -1
        for term, places in found.items():
            shifted = [offset + p for p in places] if offset else places
            last = max(last, places[-1])
            mine = out.get(term)
            if mine is None:
                out[term] = shifted
            else:
                mine.extend(shifted)
        offset += last + 2
    return out


def stretches(length: int, language: str | None,
              parts: tuple[tuple[int, int, str | None], ...]) -> tuple[tuple[int, int, str | None], ...]:
    """A text of ``length`` characters in ``language`` with ``parts`` in other languages, as
    (start, end, language) stretches that cover it in order, none empty."""
    out: list[tuple[int, int, str | None]] = []
    at = 0
    for start, end, where in sorted(parts):
        if start > at:
            out.append((at, start, language))
        out.append((max(start, at), end, where))
        at = max(at, end)
    out.append((at, length, language))
    return tuple((a, b, w) for a, b, w in out if b > a)
