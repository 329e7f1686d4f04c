"""Reading an abbreviated citation against the document it may cite.

Citations in briefs and papers shorten names to their initials: "USDOS" for
the United States Department of State, "TIP Report" for the Trafficking in
Persons Report, "UNHCR", "IRB". No list of them is kept: an acronym is
expanded from the candidate document's own title, publisher or author, to the
run of words whose initials spell it (small words such as "of" and "in" may
give their initial or not; a word in capitals, "UN", gives all its letters).
A candidate whose names spell none of the citation's acronyms keeps them as
they are, and its score says so.
"""
from __future__ import annotations

import re

# Small words that an acronym may spell or skip ("Department of State" is DOS or DS).
SKIPPABLE = frozenset({"of", "in", "on", "for", "and", "the", "to", "de", "des", "du", "la", "le"})
# An acronym in a citation: two to eight capitals, perhaps a plural "s" ("NGOs").
_ACRONYM_RE = re.compile(r"\b[A-Z]{2,8}(?=s?\b)")
_WORD_RE = re.compile(r"[^\W\d_]+")


def _spell(letters: str, words: list[str], first: bool = True) -> int | None:
    """How many of ``words`` spell ``letters`` by their initials, or None when they cannot."""
    if not letters:
        return 0
    if not words:
        return None
    word, rest = words[0], words[1:]
    gives = word if word.isupper() and len(word) > 1 else word[0]
    if letters.lower().startswith(gives.lower()):
        after = _spell(letters[len(gives):], rest, False)
        if after is not None:
            return after + 1
    if not first and word.lower() in SKIPPABLE:
        after = _spell(letters, rest, False)
        if after is not None:
            return after + 1
    return None


def expansion(acronym: str, name: str | None) -> str | None:
    """The words of ``name`` whose initials spell ``acronym``, or None."""
    spans = list(_WORD_RE.finditer(name or ""))
    words = [m.group(0) for m in spans]
    for start in range(len(words)):
        taken = _spell(acronym, words[start:])
        if taken:
            return (name or "")[spans[start].start(): spans[start + taken - 1].end()]
    return None


def expand(cited: str | None, *names: str | None) -> str | None:
    """``cited`` with each acronym that one of ``names`` spells out replaced by its words; an
    acronym a name holds as it is ("UN" in "UN High Commissioner") is kept."""
    if not cited:
        return cited

    def replace(match: re.Match) -> str:
        acronym = match.group(0)
        if any(re.search(rf"\b{acronym}\b", name or "", re.I) for name in names):
            return acronym
        return next((e for e in (expansion(acronym, name) for name in names) if e), acronym)
    return _ACRONYM_RE.sub(replace, cited)
