"""Analysis of text in a language other than English: its own stems, stop words and letters.

English text keeps the analysis of ``analysis`` term for term. Text in another
language becomes terms of that language's own space, each prefixed by its code
(``fr:tortur``, ``ar:لجوء``), so no French stem can meet an English one and the
English vocabulary, its statistics and its ranking stay exactly as they were. A
query is analysed once per language the archive holds (``compile``), and each
document matches it in its own analysis.

Per word: case folding (``str.casefold``, which also folds Greek final sigma and
German ß); Arabic-script normalisation (diacritics, tatweel and joiners removed,
the forms of alef written as one, taa marbuta as haa, Arabic and Persian yeh and
kaf as the language writes them); the language's stop words; its Snowball stemmer
(PyStemmer), whose Arabic algorithm also strips the definite article and the
prepositions attached to a word ("للتعذيب", "بالتعذيب" and "تعذيب" are one term);
then Latin and Greek diacritics folded, as English folds them. A language without
a stemmer (Amharic, Tigrinya, Somali, Pashto, Ukrainian, Urdu) gets the folding
only. Chinese and Japanese are written without spaces: a run of their characters is
indexed as its overlapping character pairs, so a two-character word is one term and
a longer one a phrase of pairs.
"""
from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache

import Stemmer
from whoosh.lang.stopwords import stoplists

from .. import config
from .positions import numbered_terms

# ISO 639-1 code (or 639-3 where there is none) -> PyStemmer's Snowball algorithm.
STEMMERS = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech", "da": "danish",
    "nl": "dutch", "eo": "esperanto", "et": "estonian", "fi": "finnish", "fr": "french", "de": "german",
    "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian",
    "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "fa": "persian", "pl": "polish",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "st": "sesotho",
    "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}
# Frequent function words of Arabic (Whoosh has no list for it): prepositions, pronouns,
# conjunctions and particles, written as normalised below.
_ARABIC_STOP = frozenset(
    "في من الي علي عن مع هذا هذه ذلك تلك التي الذي الذين او ان لا ما لم لن قد كل كان كانت هو هي هم "
    "ثم بين عند حتي اذا الا انه انها وقد ولا وان او ايه اي".split())
# Stop words per language: Whoosh's lists, and the Arabic one above.
STOP_WORDS = {**{code: frozenset(words) for code, words in stoplists.items() if code != "en"},
              "ar": _ARABIC_STOP}
# Elisions before a word in French, Italian and Catalan ("l'asile" is indexed as "asile").
ELISIONS = frozenset(("d", "l", "j", "m", "n", "s", "t", "c", "qu", "dell", "all", "dall", "nell", "sull"))
# Languages whose text is written in Arabic script with Persian letters (yeh, kaf).
_PERSIAN_LETTERS = frozenset(("fa", "ps", "ur", "ku", "ckb", "sd"))
# Longest word indexed (longer runs are not words).
MAX_WORD = 64

# Every combining mark (Devanagari vowel signs, Arabic harakat, ...): part of a word,
# though Python's ``\w`` does not count it as a letter.
_MARKS = "".join(ch for ch in map(chr, range(0x300, 0x10000))
                 if unicodedata.category(ch) in ("Mn", "Mc", "Me"))
_WORD = f"[\\w{re.escape(_MARKS)}\u200c\u200d]"
# A word of any script, with inner apostrophes ("l'asile", "dell'uomo").
TOKEN_RE = re.compile(f"{_WORD}+(?:['’]{_WORD}+)*")
# A run of Han ideographs, kana or Hangul: written without spaces.
_UNSPACED_RE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
# Arabic diacritics (harakat, superscript alef, Quranic marks), tatweel and joiners: dropped.
_ARABIC_DROP = dict.fromkeys([*range(0x610, 0x61B), *range(0x64B, 0x660), 0x670, *range(0x6D6, 0x6EE),
                              0x640, 0x200C, 0x200D])
# Arabic letters written one way: alef with hamza or madda and wasla as alef, alef maksura as
# yeh, taa marbuta as haa; Persian yeh and kaf as Arabic for Arabic text.
_ARABIC = str.maketrans({**_ARABIC_DROP, "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه",
                         "ی": "ي", "ک": "ك"})
# The same for Persian-lettered languages, towards the Persian yeh and kaf.
_PERSIAN = str.maketrans({**_ARABIC_DROP, "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ی", "ي": "ی",
                          "ة": "ه", "ك": "ک"})
# The definite article, alone or after a conjunction or preposition, that an Arabic word
# carries ("والالتجاء", "بالتعذيب", "للتعذيب"), longest first: stripped before stemming, as
# the Snowball algorithm strips it only from some words.
_ARABIC_ARTICLES = ("وال", "بال", "كال", "فال", "ولل", "لل", "ال")
# Joiners in other scripts.
_JOINERS = str.maketrans(dict.fromkeys((0x200C, 0x200D)))


@cache
def _stemmer(language: str):
    name = STEMMERS.get(language)
    return Stemmer.Stemmer(name) if name else None


def _fold_marks(word: str) -> str:
    """``word`` without the accents of Latin and Greek letters; other scripts' marks are letters."""
    if word.isascii():
        return word
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", word):
        if unicodedata.combining(ch) and out and ord(out[-1]) < 0x400:
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def _letters(word: str, language: str) -> str:
    """``word`` case-folded, with its script's letters written one way."""
    folded = word.casefold()
    if any("\u0600" <= ch <= "\u06ff" for ch in folded):
        return folded.translate(_PERSIAN if language in _PERSIAN_LETTERS else _ARABIC)
    if language in ("ru", "uk", "be"):
        folded = folded.replace("ё", "е")
    return folded.translate(_JOINERS)


def _without_article(word: str) -> str:
    """An Arabic word without the article and the particle before it, when three letters remain."""
    for prefix in _ARABIC_ARTICLES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return word[len(prefix):]
    return word


def _unelide(word: str) -> str:
    parts = word.replace("’", "'").split("'")
    if len(parts) == 2 and parts[0] in ELISIONS and len(parts[1]) > 1:
        return parts[1]
    return "".join(parts)


def word_term(word: str, language: str) -> str | None:
    """The index term of one word in ``language``, or None when it is not indexed."""
    letters = _letters(word, language)
    if "'" in letters or "’" in letters:
        letters = _unelide(letters)
    if not letters or len(letters) > MAX_WORD:
        return None
    if not any(ch.isdigit() for ch in letters):
        if letters in STOP_WORDS.get(language, ()):
            return None
        if len(letters) < 2 and not _UNSPACED_RE.match(letters):
            return None
    if language == "ar":
        letters = _without_article(letters)
    stemmer = _stemmer(language)
    stem = stemmer.stemWord(letters) if stemmer else letters
    return f"{language}:{_fold_marks(stem)}"


def _spans(text: str):
    """(start, end) of the words of ``text`` in order; a run of unspaced script as its character pairs."""
    for match in TOKEN_RE.finditer(text):
        token, offset = match.group(), match.start()
        if not _UNSPACED_RE.search(token):
            yield match.span()
            continue
        at = 0
        for run in _UNSPACED_RE.finditer(token):
            if run.start() > at:
                yield offset + at, offset + run.start()
            first, last = run.span()
            yield from ((offset + i, offset + min(i + 2, last)) for i in range(first, max(first + 1, last - 1)))
            at = last
        if at < len(token):
            yield offset + at, offset + len(token)


def _words(text: str, language: str):
    """The words of ``text`` in order (``_spans``)."""
    return (text[start:end] for start, end in _spans(text))


def term_spans(text: str, language: str) -> list[tuple[int, int, str]]:
    """(start, end, term) of every indexed word of ``text`` in ``language``, in order: what
    highlighting marks in a document of that language."""
    found = ((start, end, _term(text[start:end], language)) for start, end in _spans(text))
    return [(start, end, term) for start, end, term in found if term is not None]


# language -> (spelling -> index term, or None when it is dropped): one cache per language,
# so the shared loop (``positions.numbered_terms``) looks a word up as English does.
_TERMS: dict[str, dict[str, str | None]] = {}


def _terms_in(language: str) -> dict[str, str | None]:
    found = _TERMS.get(language)
    if found is None:
        found = _TERMS[language] = {}
    return found


def _term(word: str, language: str) -> str | None:
    terms = _terms_in(language)
    try:
        return terms[word]
    except KeyError:
        if len(terms) > config.TERM_CACHE:
            terms.clear()
        term = terms[word] = word_term(sys.intern(word), language)
        return term


def language_terms(text: str, language: str) -> list[str]:
    """The terms of ``text`` in ``language``, in order (a query's words, a phrase)."""
    return [t for t in (_term(w, language) for w in _words(text, language)) if t is not None]


def language_positions(text: str, language: str) -> dict[str, list[int]]:
    """Each term of ``text`` in ``language`` with its positions, numbered as English numbers
    them (``positions.numbered_terms``)."""
    return numbered_terms(_words(text, language), _terms_in(language),
                          lambda word: word_term(sys.intern(word), language), config.TERM_CACHE)


def has_stemmer(language: str) -> bool:
    """Whether ``language`` has a Snowball stemmer (else it is folded only)."""
    return language in STEMMERS


def prefix_text(text: str, language: str) -> str:
    """The index form of a wildcard's stem in ``language``: its letters folded, not stemmed."""
    letters = _letters("".join(TOKEN_RE.findall(text)), language)
    return f"{language}:{_fold_marks(letters)}"
