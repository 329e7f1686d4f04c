"""The index term of one word: folding, stop words, spellings and the English stem.

What ``analysis`` applies to every word of a text (its module docstring says
why each step is there), with each spelling's term remembered in ``_TERMS``
so a word is worked out once per process however often it occurs.

Stems come from Snowball's English algorithm (Porter2) in C (PyStemmer), which
is many times faster than Whoosh's Porter2 in Python and gives the same stem
for nearly every word. Snowball's current English differs from the Porter2
Whoosh implements in a few rules: more words whose first syllable is taken as
a whole ("emerg", "inter", "later", "organ", "past", "univers"), "-ogist" taken
as "-og", a double consonant kept after a short first vowel ("added" is
``add``), "-ying" read as "-ie", "evening" kept whole. The words those rules
could touch (``_PORTER2_ONLY``), Whoosh's and Snowball's listed exceptions, and
anything not written in the letters a to z are stemmed by Whoosh's Porter2 as
before, so every term stays what it was (``tests/engine/test_stemming.py``
compares both stemmers over the whole vocabulary of the shared corpus, the
generated corpus and an English word list with its inflections).
"""
from __future__ import annotations

import re

import Stemmer
from whoosh.lang.porter2 import exceptional_forms
from whoosh.lang.porter2 import stem as porter2
from whoosh.support.charset import accent_map

from .. import config
from ..spellings import canonical

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

# Snowball's English stemmer (Porter2, compiled).
_SNOWBALL = Stemmer.Stemmer("english")
# Words Snowball's English may stem otherwise than Whoosh's Porter2 (see the module
# docstring): any character other than a to z, a first syllable either takes whole, "-ogist",
# "-ying", the exceptions after step 1a, a short vowel before a doubled consonant and "-ed"/"-ing".
_PORTER2_ONLY = re.compile(
    r"[^a-z]|^(?:emerg|inter|later|organ|past|univers|gener|commun|arsen)|ogist|ying"
    r"|inning|outing|canning|herring|earring|evening|proceed|exceed|succeed"
    r"|^[aeo](?:bb|dd|ff|gg|mm|nn|pp|rr|tt)(?:ed|ing)")
# Whole words either stemmer lists as exceptions.
_PORTER2_WORDS = frozenset((*exceptional_forms, "skis", "skies", "dying", "lying", "tying", "idly",
                            "gently", "ugly", "early", "only", "singly", "sky", "news", "howe", "atlas",
                            "cosmos", "bias", "andes"))


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
    exception = STEM_EXCEPTIONS.get(word)
    if exception:
        return exception
    word = IRREGULAR.get(word, word)
    if word in _PORTER2_WORDS or _PORTER2_ONLY.search(word):
        return porter2(word)
    return _SNOWBALL.stemWord(word)


# Spelling as found in a text -> index term, or None when it is dropped.
_TERMS: dict[str, str | None] = {}
# Spellings remembered before the dictionary is emptied (bounds a process's memory).
_TERMS_LIMIT = config.TERM_CACHE


def learn_terms(words) -> None:
    """Make sure every one of ``words`` (spellings as the tokenizer splits text) has its
    index term remembered, so a text's words can then be looked up without a miss."""
    terms = _TERMS
    if len(terms) > _TERMS_LIMIT:
        terms.clear()
    for word in words:
        if word not in terms:
            terms[word] = _term(word)


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
