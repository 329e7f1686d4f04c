"""A distance measured with a limit is exact up to the limit and over it beyond."""
from __future__ import annotations

import random

import pytest

from indexer.edits import edit_distance

PAIRS = [
    ("Nigerai", "Nigeria", 1), ("imprisonned", "imprisoned", 1), ("rice", "crime", 2),
    ("trafficking", "trafficked", 3), ("asylum", "asylum", 0), ("", "abc", 3), ("ab", "ba", 1),
    ("ca", "abc", 3), ("torture", "tortures", 1), ("government", "governance", 4),
]


@pytest.mark.parametrize("a, b, distance", PAIRS)
def test_the_distance_of_two_words_counts_each_edit_once(a, b, distance):
    assert edit_distance(a, b) == distance


@pytest.mark.parametrize("limit", [0, 1, 2, 3])
def test_a_limited_distance_is_exact_within_the_limit_and_over_it_beyond(limit):
    pairs = [(a, b) for a, b, _ in PAIRS]
    letters = "abcde"
    draw = random.Random(limit)
    pairs += [("".join(draw.choices(letters, k=draw.randint(0, 8))), "".join(draw.choices(letters, k=draw.randint(0, 8))))
              for _ in range(3000)]
    for a, b in pairs:
        exact, limited = edit_distance(a, b), edit_distance(a, b, limit)
        assert limited == exact if exact <= limit else limited > limit, (a, b)
