"""Names stay names: a country or demonym inside another entity's name is not that country.

"Eritrean Defense Forces" in a report on Ethiopia, "Syrian Democratic
Forces", "Kenya Defence Forces", "Nigeria Police Act": the country word
there names an army, a party or a law, and a query for Eritrean refugees
must not find the report on Ethiopia for its many mentions of an army.
Indexing (``scope_names``) finds a capitalised country name or demonym
followed, without punctuation, by capitalised words that end in a noun
naming a kind of organisation or law (``HEADS``), and indexes that
occurrence as a term of its own (``in_name``: ``eritrean#name``) instead of
the country's, at the same position. A country or demonym the query names
then never matches it; a quoted phrase holding the name ("Eritrean Defense
Forces") still does, because a phrase also looks for its country words as
parts of names (``phrase_variants``).

The head nouns come from a general source, Princeton WordNet 3.0
(https://wordnet.princeton.edu/): a noun is one when one of its senses is a
hyponym of "social group" or of "legal document" there
(``tests/search/test_vocabulary_sources.py`` checks each against WordNet's
files where they are installed). Words that end names but are neither
("Code", "Network", "Liberation") are not heads.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from .. import countries

# What a name inside another entity's name is indexed as: the country word's term and this.
MARK = "#name"
# Nouns that end the name of an organisation, armed group, institution or law: the kinds
# of entity a country's name is part of (a general list of entity types, not of names).
# Each is a noun Princeton WordNet 3.0 classes, in one of its senses, as a kind of social
# group (organisations, armies, parties, courts, movements) or of legal document (acts,
# decrees, laws), and its plural where names use one ("Forces", "Guards").
HEADS = ("Forces", "Force", "Army", "Armies", "Police", "Gendarmerie", "Guard", "Guards", "Militia",
         "Militias", "Brigade", "Brigades", "Battalion", "Front", "Movement", "Party", "Parties",
         "Council", "Commission", "Committee", "Ministry", "Agency", "Authority", "Service",
         "Services", "Court", "Tribunal", "Assembly", "Congress", "Union", "Alliance", "Coalition",
         "Federation", "Association", "Organization", "Organisation", "Society",
         "Institute", "Foundation", "Bank", "Company", "Corporation", "Act", "Law",
         "Decree", "Ordinance", "Defense", "Defence", "Resistance")
# A capitalised word, then up to four capitalised words or joining words, then a head noun,
# all separated by spaces alone (a full stop or a comma ends a name). Only the first word
# is consumed (the rest is a lookahead), so every capitalised word is tried as the start of
# a name; the expression begins with the capital itself, not with a word boundary, so the
# search skips to the next capital (a third of the time), and the boundary is checked
# behind it.
_NAME_RE = re.compile(r"([A-Z](?<!\w[A-Z])[a-z]+)(?=(?:[ \t]+(?:[A-Z][\w'’-]*|of|for|the|and)){0,4}?[ \t]+(?:"
                      + "|".join(HEADS) + r")\b)")


def in_name(term: str) -> str:
    """The term a country word's occurrence inside another entity's name is indexed as."""
    return term + MARK


@lru_cache(maxsize=4)
def country_terms(term_of: Callable[[str], str | None]) -> frozenset[str]:
    """The index terms (``term_of`` a word) of every one-word country name and demonym."""
    words = {word for country in countries.every_country()
             for word in (*countries.search_terms(country), *countries.demonyms(country))}
    return frozenset(term for term in (term_of(word) for word in words if word.isalpha()) if term)


def scope_names(text: str, positions: dict[str, list[int]],
                index_term: Callable[[str], str | None]) -> dict[str, list[int]]:
    """``positions`` (a text's terms, ``index_term`` making each word's) with each country
    word inside another entity's name moved to its ``in_name`` term."""
    if not any(head in text for head in HEADS):
        return positions
    known = country_terms(index_term)
    moved: dict[str, set[int]] = {}
    # Per word spelling: where counting its occurrences stopped, and how many were before.
    counted: dict[str, tuple[int, int]] = {}
    for match in _NAME_RE.finditer(text):
        word = match.group(1)
        term = index_term(word)
        if term is None or term not in known or countries.in_words(word) is None:
            continue
        start, seen = counted.get(word, (0, 0))
        seen += _occurrences(word, term, text, start, match.start(), index_term)
        counted[word] = (match.start() + 1, seen + 1)
        found = positions.get(term, [])
        if seen < len(found):
            moved.setdefault(term, set()).add(found[seen])
    for term, places in moved.items():
        kept = [p for p in positions[term] if p not in places]
        if kept:
            positions[term] = kept
        else:
            del positions[term]
        positions[in_name(term)] = sorted(places)
    return positions


def _occurrences(word: str, term: str, text: str, start: int, end: int,
                 index_term: Callable[[str], str | None]) -> int:
    """How many words of ``text[start:end]`` are indexed as ``term`` (spelt like ``word``)."""
    pattern = _begins(word[:3])
    return sum(1 for found in pattern.findall(text, start, end) if index_term(found) == term)


@lru_cache(maxsize=1024)
def _begins(prefix: str) -> re.Pattern:
    return re.compile(rf"(?<![\w*]){re.escape(prefix)}[\w'’*]*", re.IGNORECASE)


def phrase_variants(terms: list[str], index_term: Callable[[str], str | None]) -> list[list[str]]:
    """A phrase's terms, and the same with its country words as parts of names."""
    known = country_terms(index_term)
    if not any(term in known for term in terms):
        return [terms]
    return [terms, [in_name(term) if term in known else term for term in terms]]
