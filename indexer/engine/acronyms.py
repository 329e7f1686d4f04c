"""Acronyms learned from the archive's own definitions, read at indexing time.

Reports define the acronyms they use the first time they use them:
"internally displaced persons (IDPs)", "civil society organizations
(CSOs)". Indexing reads each such definition (``definitions``) with the
algorithm of Schwartz and Hearst ("A simple algorithm for identifying
abbreviation definitions in biomedical text", PSB 2003): the letters of
the short form are matched, last to first, against the words just before
the parenthesis, the first letter at the start of a word, and the shortest
run of words that holds them all is the long form. Each definition is
indexed in the text field as one term of its own (``term``,
``#acr idp=internally displaced persons``) beside the words, so the
archive's definitions live in the index and nothing is listed by hand.

At query time ``expansions`` looks for them both ways.
"""
from __future__ import annotations

import re

from whoosh.support.charset import accent_map

# The text every definition term starts with (no word of a text can: words are letters
# and digits).
PREFIX = "#acr "
# A short form in parentheses: a capital, then letters, digits, "&" or "/", ending in a capital
# or a digit, with an optional plural "s" ("IDPs", "CSOs", "G5", "AT&T", "FGM/C").
_SHORT_RE = re.compile(r"\(\s*([A-Z][A-Za-z0-9&/]{0,8}[A-Z0-9])(s?)\s*\)")
# Where the words of a long form stop: the end of a sentence or clause, a bracket.
_BOUNDARY_RE = re.compile(r"[.;:!?()\[\]\n]")
_WORD_RE = re.compile(r"[\w'’-]+")
# What is read before a parenthesis for the long form, in characters.
_LOOK_BACK = 240
# An acronym as typed in a query: capitals (at least two), an optional plural "s".
_TYPED_RE = re.compile(r"[A-Z][A-Z0-9&]*[A-Z0-9]s?")


def _letters(short: str) -> str:
    return "".join(ch for ch in short.lower() if ch.isalnum())


def _long_form(short: str, words: list[str]) -> list[str] | None:
    """The long form of ``short`` among the ``words`` before it (Schwartz and Hearst), or None."""
    letters = _letters(short)
    if len(letters) < 2 or not words:
        return None
    most = min(len(letters) + 5, 2 * len(letters))
    words = words[-most:]
    text = " ".join(words).lower()
    at = len(text) - 1
    for index in range(len(letters) - 1, -1, -1):
        letter = letters[index]
        while at >= 0 and (text[at] != letter or (index == 0 and at > 0 and text[at - 1].isalnum())):
            at -= 1
        if at < 0:
            return None
        at -= 1
    start = text.rfind(" ", 0, at + 2) + 1
    found = text[start:].split()
    if len(found) < 2 or found[0] == letters:
        return None
    return found


def key(short: str) -> str:
    """The acronym a definition or a query names: lower case, without its plural "s"."""
    return _letters(short[:-1] if _plural(short) else short)


def _plural(short: str) -> bool:
    return len(short) > 2 and short.endswith("s") and short[:-1].isupper()


def definitions(text: str) -> set[tuple[str, str]]:
    """Every (acronym key, long form) ``text`` defines, the long form in lower case with
    accents folded."""
    found: set[tuple[str, str]] = set()
    for match in _SHORT_RE.finditer(text):
        short = match.group(1) + match.group(2)
        if sum(ch.isupper() for ch in short) < 2:
            continue
        before = text[max(0, match.start() - _LOOK_BACK):match.start()]
        boundaries = list(_BOUNDARY_RE.finditer(before))
        if boundaries:
            before = before[boundaries[-1].end():]
        words = _long_form(short, _WORD_RE.findall(before))
        if words:
            long_form = " ".join(words).translate(accent_map)
            found.add((key(short), long_form))
            if "/" in short:  # "FGM/C" is also written "FGM"
                found.add((key(short.split("/")[0]), long_form))
    return found


def term(acronym: str, long_form: str) -> str:
    """The index term that records one definition."""
    return f"{PREFIX}{acronym}={long_form}"


def definition_terms(text: str) -> list[str]:
    """The index terms of the definitions ``text`` holds."""
    return sorted(term(acronym, long_form) for acronym, long_form in definitions(text))


def typed_acronym(word: str) -> bool:
    """Whether a query word is written as an acronym (capitals, an optional plural "s")."""
    return bool(_TYPED_RE.fullmatch(word))
