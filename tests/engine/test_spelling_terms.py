"""The did-you-mean's terms of a word beginning: read once per generation, right across segments."""
from __future__ import annotations

import random

import numpy as np
import pytest
from segments import bodies_index

from indexer import config
from indexer.edits import edit_distance
from indexer.engine import spelling
from indexer.engine.readercache import bounded
from indexer.engine.spelling import FrequentTerms, _ByFrequency, letter_mask, near_terms

# Each segment's bodies: over the three, "lawyers" is in 4 documents, "market" in 2.
SEGMENTS = (("lawyers", "market"),
            ("lawyers", "lawyers"),
            ("lawyers", "market"))


@pytest.fixture
def reader(tmp_path, document_factory):
    ix = bodies_index(tmp_path, SEGMENTS, document_factory)
    with ix.searcher() as searcher:
        yield searcher.reader()


@pytest.mark.parametrize(("word", "min_docs", "expected"), [
    ("lawyr", 1, [(1, -4, "lawyer")]),
    ("lawyr", 4, [(1, -4, "lawyer")]),
    ("lawyr", 5, []),
    ("markt", 2, [(1, -2, "market")]),
    ("markt", 3, []),
])
def test_near_terms_count_a_terms_documents_over_every_segment(reader, word, min_docs, expected):
    assert near_terms(reader, "body", word, 2, 1, min_docs) == expected


def test_a_word_beginning_is_read_once_whatever_the_fewest_documents_asked(reader):
    for min_docs in (1, 2, 3, 4, 5):
        near_terms(reader, "body", "lawyr", 2, 1, min_docs)
    assert bounded(reader, FrequentTerms, config.SPELLING_CACHE).keys() == [FrequentTerms("body", "l")]


def _typos(word: str, draw) -> list[str]:
    """``word`` with one to three random edits (deletions, substitutions, insertions,
    transpositions), in letters it has, others, accents and digits."""
    out = []
    for _ in range(6):
        typo = word
        for _ in range(draw.randint(1, 3)):
            i = draw.randrange(len(typo) + 1)
            char = draw.choice("aeinrstlyzéø1" + typo)
            typo = draw.choice([typo[:i] + typo[i + 1:], typo[:i] + char + typo[i + 1:], typo[:i] + char + typo[i:],
                                typo[:i] + typo[i + 1:i + 2] + typo[i:i + 1] + typo[i + 2:]])
        out.append(typo)
    return out


def test_two_words_some_edits_apart_differ_in_at_most_as_many_letter_summary_bits_each_way():
    draw = random.Random(7)
    words = ["lawyer", "imprisoned", "trafficking", "aaab", "résumé", "nigeria", "mississippi", "x", ""]
    for word in words:
        for typo in _typos(word or "a", draw):
            edits = edit_distance(word, typo)
            word_mask, typo_mask = letter_mask(word), letter_mask(typo)
            assert (word_mask & ~typo_mask).bit_count() <= edits, (word, typo)
            assert (typo_mask & ~word_mask).bit_count() <= edits, (word, typo)


def test_near_terms_measure_only_terms_whose_letters_could_be_near_and_miss_none(reader, monkeypatch):
    """Every term within the edits is found, as measuring every term of a near length finds
    it; the letter summaries spare the measure of most others."""
    vocabulary = ["lawyer", "lawyers", "layer", "lower", "laywer", "liar", "lamb", "ladder", "legal", "lawful",
                  "labour", "lawyered", "lwayer", "l1wyer", "léwyer"]
    found = _ByFrequency(tuple(vocabulary), tuple(-1 for _ in vocabulary),
                         np.array([len(t) for t in vocabulary], np.int32),
                         np.array([letter_mask(t) for t in vocabulary], np.uint64))
    monkeypatch.setattr(spelling, "_by_frequency", lambda reader, field, prefix: found)
    measured: list[str] = []

    def counted(a, b, limit=None):
        measured.append(b)
        return edit_distance(a, b, limit)

    monkeypatch.setattr(spelling, "edit_distance", counted)
    draw = random.Random(3)
    for word in ["lawyer", "lawyr", "layer", *_typos("lawyer", draw)]:
        for edits in (1, 2):
            measured.clear()
            near = near_terms(reader, "body", word, edits, 1, 1)
            every = sorted((d, -1, t) for t in vocabulary
                           if t != word and abs(len(t) - len(word)) <= edits
                           and (d := edit_distance(word, t, edits)) <= edits)
            assert near == every, word
    measured.clear()
    near_terms(reader, "body", "lawyer", 1, 1, 1)
    # Of a near length but other letters: "lower" lacks a and y, "legal" a, w, y, r...
    assert not {"lower", "legal", "lawful", "labour", "ladder", "liar", "lamb"} & set(measured)
    assert set(measured) == {"l1wyer", "lawyers", "layer", "laywer", "léwyer", "lwayer"}
