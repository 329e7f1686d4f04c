"""Text analysis: how text becomes index terms, for documents and for queries alike.

One pipeline, applied word by word (``_term``): lower-case; fold diacritics
(so "Cote d'Ivoire" finds "Côte d'Ivoire"); read apostrophes inside a word
("Baha'i" is ``bahai``, "Qur'an" ``quran``, "d'Ivoire" ``ivoire``, the
possessive "State's" ``state``); drop stop words (unless written in capitals,
as acronyms such as "IT" and "US" are) and single letters, but never numbers ("Tier 3", "article 3", "Resolution 1325"); fold British and
American spellings and transliterations of names to one form
(``indexer.spellings``); then stem in English with Porter2 (which keeps
"general" apart from "generous" and "desecrating" with "desecration", unlike
the original Porter), except for the few words whose stems would join
unrelated concepts (``STEM_EXCEPTIONS``) and the irregular verb forms it
cannot know ("fled" is stemmed as "flee", ``IRREGULAR``). ``terms`` owns that
per-word pipeline and remembers each spelling's term.

``ANALYZER`` is that pipeline as a Whoosh analyser (a tokenizer and one
filter that applies ``_term``), used for queries and by anything that
needs Whoosh tokens; ``word_positions`` and ``index_term`` give the same
terms and positions without a Token object per word, which is what makes
indexing a long report affordable. Both number positions as Whoosh's stop
filter does: every word up to the first kept one, then only kept words.
``text_pass`` cuts a text into words once and gives everything indexing
derives from them: positions, closed forms of hyphenated words, acronym
definitions and the body's word marks (``wordplaces``).
``tests/engine/test_engine_analysis.py`` holds the two paths equal.
"""
from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from itertools import accumulate, chain
from operator import sub
from pickle import dumps

import numpy as np
from whoosh.analysis import Filter, RegexTokenizer
from whoosh.fields import TEXT
from whoosh.formats import Positions
from whoosh.system import pack_uint

from .. import config
from ..languages import language_code
from ..spellings import FORMS
from . import terms
from .acronyms import definition_terms
from .multilingual import language_positions, language_terms
from .names import scope_names
from .positions import in_parts
from .terms import index_term, learn_terms, stem

# A word: letters and digits, with inner apostrophes and dots ("Baha'i", "U.S.A").
TOKEN_RE = re.compile(r"[\w*]+(?:['’][\w*]+)*(?:\.?[\w*]+(?:['’][\w*]+)*)*")
# The text cut into gaps and words: [gap, word, gap, word, ..., gap]. The words are
# ``TOKEN_RE``'s, written as runs of word characters joined by one apostrophe or dot,
# possessively (a word, once read, is never given back): a third faster to cut, the
# same cuts (``tests/engine/test_text_pass.py``).
SPLIT_RE = re.compile(r"([\w*]++(?:['’.][\w*]++)*+)")
# What begins the word after a hyphen that joins two words ("anti-government"): a letter.
_LETTER_RE = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class TextPass:
    """What one pass over a text finds: each term's positions, the terms indexing learns
    (``learned_positions``), and, when asked for, the text's word marks (``wordplaces``)."""

    positions: dict[str, list[int]]
    learned: dict[str, list[int]]
    marks: bytes = b""


def text_pass(text: str, learn: bool = True, marks_every: int = 0) -> TextPass:
    """Cut ``text`` into words once and derive from them everything indexing needs.

    The words' terms are worked out once per new spelling (``terms.learn_terms``) and
    looked up for every occurrence; the k-th kept word is at the first kept word's place
    plus k. With ``learn``, hyphenated words also give their closed form at their last
    part's position, and acronym definitions their terms (at 0); with ``marks_every``,
    the marks say where every ``marks_every``-th position begins in the text.
    """
    parts = SPLIT_RE.split(text)
    words = parts[1::2]
    learn_terms(set(words))
    found = list(map(terms._TERMS.__getitem__, words))
    kept = [i for i, term in enumerate(found) if term is not None]
    grouped: defaultdict[str, list[int]] = defaultdict(list)
    if kept:
        for pos, term in enumerate((t for t in found if t is not None), kept[0]):
            grouped[term].append(pos)
    learned: dict[str, list[int]] = {}
    if learn and kept and "-" in text:
        _learn_closed_forms(parts, kept, learned)
    if learn and "(" in text:
        for term in definition_terms(text):
            learned.setdefault(term, []).append(0)
    marks = marks_of(parts, kept, marks_every) if marks_every and kept else b""
    return TextPass(dict(grouped), learned, marks)


def _hyphenated(parts: list[str]) -> list[int]:
    """The indexes of the words joined to the next word by a hyphen, in order."""
    out: list[int] = []
    at = 2
    while True:
        try:
            gap = parts.index("-", at)
        except ValueError:
            return out
        if gap + 1 < len(parts) and _LETTER_RE.match(parts[gap + 1]):
            out.append(gap // 2 - 1)
        at = gap + 2


def _learn_closed_forms(parts: list[str], kept: list[int], learned: dict[str, list[int]]) -> None:
    """Add to ``learned`` the closed form of every hyphenated word of ``parts`` (split text)
    at the position of its last part's (or the last kept word's before it)."""
    joined = _hyphenated(parts)
    first = kept[0]
    run: list[int] = []
    for index, word in enumerate(joined):
        run.append(word)
        if index + 1 < len(joined) and joined[index + 1] == word + 1:
            continue
        last = word + 1
        counted = bisect_right(kept, last)
        pos = first + counted - 1 if counted else -1
        closed = _closed([parts[2 * i + 1] for i in (*run, last)]) if pos >= 0 else None
        run = []
        closed_term = index_term(closed) if closed else None
        if closed_term is not None:
            places = learned.setdefault(closed_term, [])
            if not places or places[-1] != pos:
                places.append(pos)


def marks_of(parts: list[str], kept: list[int], every: int) -> bytes:
    """Where in the text cut into ``parts`` ([gap, word, gap, ..., gap]) each ``every``-th
    position begins, given the indexes of its ``kept`` (indexed) words, as little-endian
    uint32: mark m is where the first kept word at a position of at least ``m * every``
    begins. The one place marks are made (``wordplaces.word_marks`` and ``text_pass``)."""
    first = kept[0]
    last = first + len(kept) - 1
    ends = list(accumulate(map(len, parts)))  # word i begins where the gap before it ends: ends[2 * i]
    return np.array([ends[2 * kept[max(m - first, 0)]] for m in range(0, last + 1, every)],
                    dtype="<u4").tobytes()


def word_positions(text: str) -> dict[str, list[int]]:
    """Each index term of ``text`` with its positions (see the module docstring)."""
    return text_pass(text, learn=False).positions


def _closed(parts: list[str]) -> str | None:
    """The closed form of a hyphenated word's ``parts`` ("reintegration"), or None when
    it is not a word (digits, a single letter, or a run of too many parts)."""
    if not 2 <= len(parts) <= config.COMPOUND_PARTS or not all(p.isalpha() for p in parts):
        return None
    return "".join(parts)


def learned_positions(text: str) -> dict[str, list[int]]:
    """The terms indexing adds to ``word_positions``: the closed form of each hyphenated
    word at its last part's position ("anti-government" is also ``antigovern``, so the
    closed and hyphenated spellings find each other) and the acronym definitions of
    ``acronyms.definition_terms``. The query analyser never makes these."""
    return text_pass(text).learned


def indexed_positions(text: str, language: str | None = None) -> dict[str, list[int]]:
    """Everything a text field indexes of ``text``: its words, what indexing learns, and the
    country words inside other entities' names as names (``names.scope_names``); in a
    ``language`` other than English, its words in that language (``multilingual``)."""
    if language is not None:
        return language_positions(text, language)
    return _indexed(text_pass(text), text)


def indexed_positions_and_marks(text: str, every: int) -> tuple[dict[str, list[int]], bytes]:
    """``indexed_positions`` of an English ``text`` and its word marks (``wordplaces``), from
    one pass over its words."""
    found = text_pass(text, marks_every=every)
    return _indexed(found, text), found.marks


def _indexed(found: TextPass, text: str) -> dict[str, list[int]]:
    positions = found.positions
    for term, places in found.learned.items():
        mine = positions.get(term)
        positions[term] = places if mine is None else sorted(set(mine) | set(places))
    return scope_names(text, positions, index_term)


class TermFilter(Filter):
    """Whoosh's view of ``index_term``: each token becomes its term or is dropped, and the
    positions of the kept ones are renumbered as ``word_positions`` numbers them."""

    def __call__(self, tokens):
        pos = None
        for token in tokens:
            term = index_term(token.text)
            if term is None:
                continue
            if token.positions:
                if pos is None:
                    pos = token.pos
                else:
                    pos += 1
                    token.pos = pos
            token.text = term
            yield token


def text_analyzer():
    """The pipeline of the module docstring, as a Whoosh analyser."""
    return RegexTokenizer(TOKEN_RE) | TermFilter()


ANALYZER = text_analyzer()


class InLanguage(str):
    """A field value with the language it is analysed in (``analysis_language``) and the
    stretches of it in other languages, (start, end, language) each: what ``AnalysedText``
    reads from a document's title and text."""

    language: str | None
    parts: tuple[tuple[int, int, str | None], ...]

    def __new__(cls, text: str, language: str | None,
                parts: tuple[tuple[int, int, str | None], ...] = ()) -> InLanguage:
        value = super().__new__(cls, text)
        value.language = language
        value.parts = parts
        return value

    def __reduce__(self):
        return InLanguage, (str(self), self.language, self.parts)


class MarkedText(str):
    """An English text field value whose word marks (``wordplaces``) are made in the same pass
    as its terms, by the engine's writer, and stored in the column ``column``."""

    column: str
    every: int

    def __new__(cls, text: str, column: str, every: int) -> MarkedText:
        value = super().__new__(cls, text)
        value.column, value.every = column, every
        return value

    def __reduce__(self):
        return MarkedText, (str(self), self.column, self.every)


def analysis_language(code: str | None) -> str | None:
    """The language a document of language ``code`` is analysed in: None (English, as
    every word of the module docstring) for English and for a page whose language is not
    known, else the code, whose terms live in a space of their own (``multilingual``)."""
    filed = language_code(code)
    return None if filed in (None, "en") else filed


class AnalysedText(TEXT):
    """A TEXT field that indexes a value without building a token per word.

    Whoosh's analyser passes one Token object through its stages for every
    word of a document; indexing the body of a long report that way is most
    of a build's time. ``index`` yields exactly what ``TEXT.index`` would for
    ``ANALYZER`` (the same terms, positions, weights and encoded values),
    deriving each distinct spelling's term once and every later occurrence
    from a dictionary.
    """

    def index(self, value, **kwargs):
        if not isinstance(value, str) or kwargs.get("mode", "index") != "index" \
                or not isinstance(self.format, Positions):
            yield from super().index(value, **kwargs)
            return
        language, parts = getattr(value, "language", None), getattr(value, "parts", ())
        if parts:  # a page in several languages, each stretch analysed in its own
            positions = in_parts(str(value), language, parts, indexed_positions)
        else:
            positions = indexed_positions(value, language) if language else indexed_positions(value)
        yield from self.postings(positions)

    def columns(self, positions: dict[str, list[int]]) -> tuple[tuple[bytes, ...], list[int], array, array]:
        """What ``postings`` gives, as the writer's pool keeps it (``WordPool.add_positions``):
        the terms' bytes, frequencies and weights, and every term's positions in turn (int32),
        from which the pool makes the encoded values of a whole segment at once."""
        encoded = self._term_bytes()
        for term in set(positions).difference(encoded):  # iterates over the text's terms
            encoded[term] = term.encode("utf-8")
        freqs = list(map(len, positions.values()))
        boost = self.format.field_boost
        weights = array("d", freqs) if boost == 1.0 else array("d", [float(n) * boost for n in freqs])
        return (tuple(map(encoded.__getitem__, positions)), freqs, weights,
                array("i", chain.from_iterable(positions.values())))

    def _term_bytes(self) -> dict[str, bytes]:
        encoded = _TERM_BYTES.setdefault(id(self), {})
        if len(encoded) > config.TERM_CACHE:
            encoded.clear()
        return encoded

    def postings(self, positions: dict[str, list[int]]) -> list[tuple[bytes, int, float, bytes]]:
        """What ``index`` yields for a text of these term ``positions``: each term's bytes,
        frequency, weight and encoded positions (as ``Positions.encode`` writes them)."""
        boost = self.format.field_boost
        encoded = self._term_bytes()
        return [(encoded.get(term) or encoded.setdefault(term, term.encode("utf-8")), len(poslist),
                 float(len(poslist)) * boost, encode_positions(poslist))
                for term, poslist in positions.items()]


# Per field (by its id), a term -> its UTF-8 bytes: the one bytes object every posting of
# the term in the field shares in the writer's pool (``postingpool``), which keeps each
# document's postings as they came. Per field, so that no two fields' words are one object,
# which the array file's pickled directory would write once for both.
_TERM_BYTES: dict[int, dict[str, bytes]] = {}


# Whoosh's encoding of a term's positions in one document: their count, then the pickled
# (protocol 2) list of gaps between them. A single position's encoding is remembered, and
# shared by every posting of it (``positionbytes`` keeps that sharing).
_ONE_POSITION: dict[int, bytes] = {}
# Positions whose one-position encoding is remembered (a few megabytes at most).
ONE_POSITION_LIMIT = 1 << 16


def encode_positions(poslist: list[int]) -> bytes:
    """``whoosh.formats.Positions.encode`` of ``poslist``, byte for byte, without its Python
    loop; a one-position list (most of a document's terms) from a table."""
    if len(poslist) == 1:
        pos = poslist[0]
        found = _ONE_POSITION.get(pos)
        if found is None:
            found = pack_uint(1) + dumps([pos], 2)
            if pos < ONE_POSITION_LIMIT:
                _ONE_POSITION[pos] = found
        return found
    return pack_uint(len(poslist)) + dumps(list(map(sub, poslist, chain((0,), poslist))), 2)


def one_positions(places: list[int]) -> list[bytes]:
    """``encode_positions([p])`` of each of ``places`` (each below ``ONE_POSITION_LIMIT``):
    the table's shared objects."""
    table = _ONE_POSITION
    for pos in set(places).difference(table):
        table[pos] = pack_uint(1) + dumps([pos], 2)
    return list(map(table.__getitem__, places))


def _spellings_by_term() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for other, folded in FORMS.items():
        out.setdefault(stem(folded), []).append(other)
    return {term: tuple(found) for term, found in out.items()}


_SPELLINGS = _spellings_by_term()


def spellings_of(term: str) -> tuple[str, ...]:
    """The other spellings indexed as ``term`` ("labour" for ``labor``), for finding them in text."""
    return _SPELLINGS.get(term, ())


def folded_terms(prefix: str) -> set[str]:
    """The terms of the other spellings that begin with ``prefix`` ("koran" gives the term of
    "quran"), so a wildcard finds a word however it is spelt."""
    return {stem(folded) for other, folded in FORMS.items() if other.startswith(prefix)}


def analyse(text: str, language: str | None = None) -> list[str]:
    """``text`` as the index sees it: its terms, in order; in ``language`` when it is not
    English (``analysis_language``)."""
    if language is not None:
        return language_terms(text, language)
    return [t.text for t in ANALYZER(text, mode="query")]


def dropped(word: str) -> bool:
    """Whether the analyser drops ``word`` (a stop word, or a single letter)."""
    return index_term(word) is None
