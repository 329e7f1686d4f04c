"""Characters every kind of file is read with alike: ligatures as letters, soft hyphens gone, broken words rejoined.

PDF producers write ligatures as single code points (U+FB01 "ﬁ" in "conﬁict"),
which no one types into a search box; NFKC maps them to their letters. NFKC
is applied only to the presentation forms (Latin and Armenian ligatures,
Arabic contextual forms), where it is safe: applied to everything it would
also turn "²" into "2" and "½" into "1⁄2", changing what a text says.

A soft hyphen (U+00AD, HTML ``&shy;``) marks where a word may break; it is
never part of the word, so it is dropped wherever it is. A hyphen a layout
put at a line end ("re-" + "ported") is taken out when the joined word is
one the document uses elsewhere ("reported"); a real compound
("voter-" + "elected") keeps its hyphen. CSS layouts (WeasyPrint) break words
with U+2010 HYPHEN while the text's own hyphens stay hyphen-minus, so a
U+2010 at a line end joins unless both halves are words the document uses.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

SOFT_HYPHEN = "\u00ad"
LAYOUT_HYPHEN = "\u2010"
# Alphabetic presentation forms (U+FB00-FB4F) and Arabic presentation forms A and B.
_PRESENTATION_RE = re.compile("[\ufb00-\ufdff\ufe70-\ufefe]")
_WORD_RE = re.compile(r"\w+")
# A line ending in a word broken with a hyphen: its first half. Some layouts (WeasyPrint,
# browsers' print) break words with U+2010 HYPHEN rather than the keyboard's hyphen-minus.
_BROKEN_END_RE = re.compile("(\\w+)[-\u2010]$")
_FIRST_WORD_RE = re.compile(r"^(\w+)")
# First halves of English compounds written with a hyphen ("self-defense", "non-state",
# "well-known"), a closed list: kept with the hyphen whatever else the document says.
_COMPOUND_HEADS = frozenset({"self", "non", "anti", "pro", "ex", "co", "semi", "multi", "cross", "well",
                             "long", "short", "full", "part", "post", "quasi", "inter", "intra", "state",
                             "government", "low", "high", "mid", "all", "one", "two", "three"})
# The shortest half of a hyphenated compound ("non-", "anti-", "self-").
_MIN_COMPOUND_PART = 3


def normalise_characters(text: str) -> str:
    """``text`` with presentation forms (ligatures) as their letters and soft hyphens dropped."""
    if SOFT_HYPHEN in text:
        text = text.replace(SOFT_HYPHEN, "")
    return _PRESENTATION_RE.sub(lambda match: unicodedata.normalize("NFKC", match.group()), text)


def vocabulary(lines: Iterable[str]) -> frozenset[str]:
    """The words of ``lines`` in lower case, for telling a broken word from a compound.

    The halves of a word broken at a line end ("envi-", "ronmental") are not
    words the document uses, and are left out.
    """
    words: set[str] = set()
    broken = False
    for line in lines:
        found = _WORD_RE.findall(line)
        if broken and found:
            found = found[1:]
        broken = bool(_BROKEN_END_RE.search(line)) or line.endswith(SOFT_HYPHEN)
        if broken and found:
            found = found[:-1]
        words.update(word.lower() for word in found)
    return frozenset(words)


def join_broken_line(text: str, line: str, known: frozenset[str] | set[str]) -> str:
    """``line`` added to ``text`` at a line end: a word the layout broke is made whole again.

    A line ending in a soft hyphen always continues its word. One ending in
    a hyphen does when the joined word is ``known`` ("re-" + "ported"), or
    when the halves are not both words of three letters or more the document
    uses ("envi-" + "ronmental", said once); a compound keeps its hyphen: two
    known words ("voter-" + "elected") or a usual first half ("self-" + "defense"). Without
    a hyphen the two are joined by a space.
    """
    if not text:
        return line
    if text.endswith(SOFT_HYPHEN):
        return text[:-1] + line
    broken = _BROKEN_END_RE.search(text)
    rest = _FIRST_WORD_RE.match(line) if broken else None
    # U+2010 at a line end is a hyphen the layout added (text keeps its own hyphens as hyphen-minus).
    added = text.endswith(LAYOUT_HYPHEN)
    if broken and rest and "/" in text.rsplit(None, 1)[-1] and not added:
        return text + line   # an address broken at one of its hyphens keeps it
    if broken and rest:
        head, tail = broken.group(1).lower(), rest.group(1).lower()
        compound = (head in _COMPOUND_HEADS and not added) or _is_word(head, known) and _is_word(tail, known)
        if head + tail in known or not compound:
            return text[:-1] + line
        return text + line
    return f"{text} {line}"


def _is_word(part: str, known: frozenset[str] | set[str]) -> bool:
    return len(part) >= _MIN_COMPOUND_PART and part in known and not part.isdigit()


_TOKEN_RE = re.compile(r"\S+")
_LATIN_VOWELS = frozenset("aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿāăąēĕėęěīĭįıōŏőœūŭůűų")


def is_language(text: str, *, min_letters: float, min_words: float) -> tuple[bool, str]:
    """Whether ``text`` reads as language, and the measure that says it does not.

    A PDF whose fonts have no Unicode map gives its glyph codes as text:
    punctuation and digits ("!\\"#$%&'()"), or letters in no order, as many
    as the page has glyphs. Language is mostly letters, and most of its
    tokens are words: letters only, with a vowel when written in Latin
    letters (a script without vowel letters, such as Arabic, counts as
    words).
    """
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return True, ""
    letters = sum(c.isalpha() for c in chars) / len(chars)
    if letters < min_letters:
        return False, f"{letters:.0%} of its characters are letters"
    tokens = [token.strip(".,;:!?\"'()[]“”‘’") for token in _TOKEN_RE.findall(text)]
    tokens = [token for token in tokens if token and not token.isdigit()]
    words = sum(_is_word_token(token) for token in tokens) / max(1, len(tokens))
    if words < min_words:
        return False, f"{words:.0%} of its words are words"
    return True, ""


def _is_word_token(token: str) -> bool:
    letters = token.replace("-", "").replace("’", "").replace("'", "")
    if not letters.isalpha():
        return False
    latin = [c for c in letters.lower() if c.isascii() or "\u00c0" <= c <= "\u024f"]
    return not latin or any(c in _LATIN_VOWELS for c in latin)
