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
