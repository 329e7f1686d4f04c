"""Text analysis: how text becomes index terms, for documents and for queries alike.

One pipeline: split into words, lower-case, fold diacritics (so "Cote
d'Ivoire" finds "Côte d'Ivoire"), drop stop words, then stem in English.
``ANALYZER`` is Whoosh's composition of those steps, used for queries and
highlighting; ``word_positions`` and ``index_term`` compute exactly the same
terms and positions without a Token object per word, which is what makes
indexing a long report affordable (``tests/test_schema.py`` holds the two
paths equal).
"""
from __future__ import annotations

import re

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import TEXT
from whoosh.formats import Positions
from whoosh.support.charset import accent_map


def text_analyzer():
    """Words, lower-cased, accents folded, stop words dropped, English stems."""
    return (RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)
            | StopFilter() | StemFilter())


class AnalysedText(TEXT):
    """A TEXT field that indexes a value without building a token per word.

    Whoosh's analyser passes one Token object through five generator stages
    for every word of a document; indexing the body of a long report that
    way is most of a build's time. ``index`` yields exactly what
    ``TEXT.index`` would for ``text_analyzer()`` (the same terms, positions
    with stop words renumbered away, weights and encoded values), deriving
    each distinct spelling's term once and every later occurrence from a
    dictionary. Queries, highlighting and anything else that analyses text
    still use the analyser itself; ``tests/test_schema.py`` holds the two
    paths equal.
    """

    def index(self, value, **kwargs):
        if not isinstance(value, str) or kwargs.get("mode", "index") != "index" \
                or not isinstance(self.format, Positions):
            yield from super().index(value, **kwargs)
            return
        positions = word_positions(value)
        boost = self.format.field_boost
        encode = self.format.encode
        for term, poslist in positions.items():
            yield term.encode("utf-8"), len(poslist), float(len(poslist)) * boost, encode(poslist)


# The index's tokenizer pattern (Whoosh's default) without its capturing group.
_WORD = re.compile(r"[\w*]+(?:\.?[\w*]+)*")
# Spelling as found in a text -> index term, or None when the stop filter drops it.
_TERMS: dict[str, str | None] = {}
# Spellings remembered before the dictionary is emptied (bounds a build's memory).
_TERMS_LIMIT = 500_000


def _term(word: str) -> str | None:
    stop, stem = _PIPELINE
    folded = word.lower().translate(accent_map)
    if len(folded) < stop.min or (stop.max is not None and len(folded) > stop.max) \
            or folded in stop.stops:
        return None
    return folded if folded in stem.ignore else stem.stemfn(folded)


def index_term(word: str) -> str | None:
    """The index term of one word as the tokenizer splits text, or None when it is dropped."""
    terms = _TERMS
    try:
        return terms[word]
    except KeyError:
        if len(terms) > _TERMS_LIMIT:
            terms.clear()
        term = terms[word] = _term(word)
        return term


def word_positions(text: str) -> dict[str, list[int]]:
    """Each index term of ``text`` with its positions, as ``text_analyzer()`` numbers them.

    Positions count every word up to the first kept one, then only kept
    words (Whoosh's StopFilter renumbers the words after a dropped one).
    """
    terms = _TERMS
    if len(terms) > _TERMS_LIMIT:
        terms.clear()
    out: dict[str, list[int]] = {}
    pos = -1
    for i, word in enumerate(_WORD.findall(text)):
        try:
            term = terms[word]
        except KeyError:
            term = terms[word] = _term(word)
        if term is None:
            continue
        pos = i if pos < 0 else pos + 1
        found = out.get(term)
        if found is None:
            out[term] = [pos]
        else:
            found.append(pos)
    return out


ANALYZER = text_analyzer()
# The stop and stem stages of the analyser, which ``word_positions`` applies.
_PIPELINE = (next(f for f in ANALYZER.items if isinstance(f, StopFilter)),
             next(f for f in ANALYZER.items if isinstance(f, StemFilter)))
# The tokenizer's pattern, and the words its stop filter drops.
TOKEN_RE = _WORD
STOP_WORDS = _PIPELINE[0].stops


def analyse(text: str) -> list[str]:
    """``text`` as the index sees it: terms after folding, stop words and stemming."""
    return [t.text for t in ANALYZER(text, mode="query")]


def dropped(word: str) -> bool:
    """Whether the analyser drops ``word`` (a stop word, or too short)."""
    folded = word.lower().translate(accent_map)
    return folded in _PIPELINE[0].stops or len(folded) < _PIPELINE[0].min
