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
cannot know ("fled" is stemmed as "flee", ``IRREGULAR``).

``ANALYZER`` is that pipeline as a Whoosh analyser (a tokenizer and one
filter that applies ``_term``), used for queries and by anything that
needs Whoosh tokens; ``word_positions`` and ``index_term`` give the same
terms and positions without a Token object per word, which is what makes
indexing a long report affordable. Both number positions as Whoosh's stop
filter does: every word up to the first kept one, then only kept words.
``tests/engine/test_engine_analysis.py`` holds the two paths equal.
"""
from __future__ import annotations

import re

from whoosh.analysis import Filter, RegexTokenizer
from whoosh.fields import TEXT
from whoosh.formats import Positions
from whoosh.lang.porter2 import stem as porter2
from whoosh.support.charset import accent_map

from .. import config
from ..languages import language_code
from ..spellings import FORMS, canonical
from .acronyms import definition_terms
from .multilingual import language_positions, language_terms
from .names import scope_names
from .positions import in_parts, numbered_terms

# A word: letters and digits, with inner apostrophes and dots ("Baha'i", "U.S.A").
TOKEN_RE = re.compile(r"[\w*]+(?:['’][\w*]+)*(?:\.?[\w*]+(?:['’][\w*]+)*)*")
# The same words, each with the hyphen joining it to the next one ("anti-" of "anti-government").
_TOKEN_HYPHEN_RE = re.compile(f"({TOKEN_RE.pattern})(-(?=[^\\W\\d_]))?")
# Words too common to index (Whoosh's English list).
STOP_WORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "for", "from", "have", "if", "in", "is",
    "it", "may", "not", "of", "on", "or", "tbd", "that", "the", "this", "to", "us", "we", "when",
    "will", "with", "yet", "you", "your"))
# French and Italian elisions: "d'Ivoire" is indexed as "ivoire".
ELISIONS = frozenset(("d", "l", "j", "m", "n", "s", "t", "c", "qu"))
# Words the English stemmer would send to the stem of a different concept ("organization"
# to "organ", "forced" to the "forc" of "security forces"): each group keeps a stem of
# its own, so a document with the word as typed, or a true inflection of it, matches.
STEM_EXCEPTIONS = {
    **dict.fromkeys(("organization", "organizations", "organizational"), "organization"),
    **dict.fromkeys(("organize", "organized", "organizes", "organizing", "organizer", "organizers"),
                    "organiz"),
    **dict.fromkeys(("forced", "forcibly", "forcible"), "forced"),
    **dict.fromkeys(("exception", "exceptions", "exceptional", "exceptionally"), "exception"),
    **dict.fromkeys(("university", "universities"), "universit"),
    **dict.fromkeys(("general", "generally"), "general"),
    **dict.fromkeys(("communications", "communication"), "communication"),
    **dict.fromkeys(("community", "communities"), "communit"),
    **dict.fromkeys(("nationality", "nationalities"), "nationalit"),
    **dict.fromkeys(("policy", "policies"), "policy"),
}
# Irregular forms of verbs these reports use, stemmed as their base form: Porter2 knows
# only regular endings, so "withdrawn" would never find "withdraw", nor "fled" "flee".
# Forms that are also other words ("left", "fell", "bore", "thought") are not listed.
IRREGULAR = {form: base for base, forms in {
    "withdraw": ("withdrew", "withdrawn"), "flee": ("fled",), "hide": ("hid", "hidden"),
    "beat": ("beaten",), "take": ("took", "taken"), "hold": ("held",), "seek": ("sought",),
    "bring": ("brought",), "catch": ("caught",), "fight": ("fought",),
    "forbid": ("forbade", "forbidden"), "shoot": ("shot",), "strike": ("struck", "stricken"),
    "steal": ("stole", "stolen"), "sell": ("sold",), "tell": ("told",), "throw": ("threw", "thrown"),
    "arise": ("arose", "arisen"), "overthrow": ("overthrew", "overthrown"), "keep": ("kept",),
    "run": ("ran",), "drive": ("drove", "driven"), "write": ("wrote", "written"),
    "speak": ("spoke", "spoken"), "choose": ("chose", "chosen"), "give": ("gave", "given"),
    "know": ("knew", "known"), "grow": ("grew", "grown"), "begin": ("began", "begun"),
    "send": ("sent",), "spend": ("spent",), "build": ("built",), "buy": ("bought",),
    "teach": ("taught",), "lead": ("led",), "feed": ("fed",), "shake": ("shook", "shaken"),
    "tear": ("tore", "torn"), "swear": ("swore", "sworn"), "hang": ("hung",), "lose": ("lost",),
    "pay": ("paid",), "say": ("said",), "lay": ("laid",), "understand": ("understood",),
    "undertake": ("undertook", "undertaken"), "forget": ("forgot", "forgotten"),
    "freeze": ("froze", "frozen"), "break": ("broke", "broken"), "bite": ("bit", "bitten"),
    "rise": ("rose", "risen"), "sink": ("sank", "sunk"),
}.items() for form in forms}
# Longest word indexed (longer runs are not words).
MAX_WORD = 64
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})


def _unapostrophe(word: str) -> str:
    """A word with inner apostrophes read: elision dropped, possessive dropped, else joined."""
    parts = word.translate(_APOSTROPHES).split("'")
    if len(parts) == 1:
        return word
    if parts[0] in ELISIONS and len(parts) == 2 and len(parts[1]) > 1:
        return parts[1]
    if parts[-1] == "s":
        parts = parts[:-1]
    return "".join(parts)


def _term(word: str) -> str | None:
    """The index term of one token, or None when it is not indexed."""
    folded = _unapostrophe(word.lower().translate(accent_map))
    if len(folded) > MAX_WORD:
        return None
    if not any(ch.isdigit() for ch in folded):
        # A stop word written in capitals is an acronym ("IT", "US"), and is kept.
        if len(folded) < 2 or (folded in STOP_WORDS and not (word.isupper() and len(word) > 1)):
            return None
    if len(word) > 2 and word[-1] == "s" and word[:-1].isupper():
        folded = folded[:-1]  # an acronym's plural ("NGOs", "CSOs") is the acronym
    folded = canonical(folded)
    return stem(folded)


def stem(word: str) -> str:
    """The English stem of a folded word (Porter2, but for ``STEM_EXCEPTIONS``)."""
    return STEM_EXCEPTIONS.get(word) or porter2(IRREGULAR.get(word, word))


# Spelling as found in a text -> index term, or None when it is dropped.
_TERMS: dict[str, str | None] = {}
# Spellings remembered before the dictionary is emptied (bounds a process's memory).
_TERMS_LIMIT = config.TERM_CACHE


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
    """Each index term of ``text`` with its positions (see the module docstring)."""
    return numbered_terms(TOKEN_RE.findall(text), _TERMS, _term, _TERMS_LIMIT)


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
    return _positions(text, learn=True)[1]


def _positions(text: str, learn: bool) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """``word_positions`` of ``text`` and, with ``learn``, ``learned_positions``, in one pass."""
    out = word_positions(text) if not learn or "-" not in text else None
    learned: dict[str, list[int]] = {}
    if out is None:
        out = {}
        terms = _TERMS
        if len(terms) > _TERMS_LIMIT:
            terms.clear()
        pos = -1
        parts: list[str] = []
        for i, (word, hyphen) in enumerate(_TOKEN_HYPHEN_RE.findall(text)):
            try:
                term = terms[word]
            except KeyError:
                term = terms[word] = _term(word)
            if term is not None:
                pos = i if pos < 0 else pos + 1
                found = out.get(term)
                if found is None:
                    out[term] = [pos]
                else:
                    found.append(pos)
            if hyphen:
                parts.append(word)
                continue
            if parts:
                parts.append(word)
                closed = _closed(parts) if pos >= 0 else None
                parts = []
                closed_term = index_term(closed) if closed else None
                if closed_term is not None:
                    places = learned.setdefault(closed_term, [])
                    if not places or places[-1] != pos:
                        places.append(pos)
    if learn and "(" in text:
        for term in definition_terms(text):
            learned.setdefault(term, []).append(0)
    return out, learned


def indexed_positions(text: str, language: str | None = None) -> dict[str, list[int]]:
    """Everything a text field indexes of ``text``: its words, what indexing learns, and the
    country words inside other entities' names as names (``names.scope_names``); in a
    ``language`` other than English, its words in that language (``multilingual``)."""
    if language is not None:
        return language_positions(text, language)
    positions, learned = _positions(text, learn=True)
    for term, found in learned.items():
        mine = positions.get(term)
        positions[term] = found if mine is None else sorted(set(mine) | set(found))
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
        boost = self.format.field_boost
        encode = self.format.encode
        for term, poslist in positions.items():
            yield term.encode("utf-8"), len(poslist), float(len(poslist)) * boost, encode(poslist)


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
