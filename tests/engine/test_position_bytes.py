"""A segment's posting values made at once from positions are, byte for byte (and object for
object where the one-posting encoder shares them), what the one-posting encoder makes."""
from __future__ import annotations

import random

import numpy as np
import pytest
from texts import generated_texts, real_texts

from indexer.engine.analysis import ONE_POSITION_LIMIT, encode_positions, indexed_positions
from indexer.engine.positionbytes import encode_all

# Position lists at the edges of the pickle's forms: gaps of one, two and four bytes and
# beyond, a position at and past the shared table's limit, lists of the pickler's batch of
# 1,000 items and past it, an empty list, and positions out of order (a negative gap).
AWKWARD = [
    [0], [5], [255], [256], [65535], [65536], [ONE_POSITION_LIMIT - 1], [ONE_POSITION_LIMIT],
    [2 ** 31 - 1], [2 ** 31], [2 ** 40],
    [0, 1], [1, 2], [0, 255, 256, 511, 70_000, 70_255, 2 ** 31 + 70_255],
    [3, 2 ** 31 + 3], list(range(1000)), list(range(1001)), list(range(0, 3000, 3)),
    [], [7, 3], [9, 9],
]


def random_lists(count: int) -> list[list[int]]:
    rng = random.Random(5)
    return [sorted(rng.sample(range(rng.choice([200, 70_000, 5_000_000])), rng.choice([1, 1, 1, 2, 3, 20])))
            for _ in range(count)]


def assert_encoded_alike(lists: list[list[int]]) -> None:
    counts = np.array([len(places) for places in lists], dtype=np.int64)
    flat = np.array([p for places in lists for p in places], dtype=np.int64)
    made = encode_all(counts, flat)
    assert len(made) == len(lists)
    for places, value in zip(lists, made):
        expected = encode_positions(places)
        assert type(value) is bytes and value == expected, places[:5]
        if len(places) == 1 and 0 <= places[0] < ONE_POSITION_LIMIT:
            assert value is expected  # the table's shared object


@pytest.mark.parametrize("lists", [[places] for places in AWKWARD] + [AWKWARD, random_lists(3000)])
def test_values_made_at_once_are_those_made_one_at_a_time_for_awkward_positions(lists):
    assert_encoded_alike(lists)


def test_values_made_at_once_for_nothing_are_none():
    assert encode_all(np.array([], np.int64), np.array([], np.int64)) == []


def test_values_made_at_once_are_those_of_generated_documents(corpus_dir):
    lists = [places for text in generated_texts(corpus_dir, count=200)
             for places in indexed_positions(text).values()]
    assert len(lists) > 10_000
    assert_encoded_alike(lists)


def test_values_made_at_once_are_those_of_every_real_document(corpus_dir):
    lists = [places for text in real_texts(corpus_dir) for places in indexed_positions(text).values()]
    if not lists:
        pytest.skip("no real documents in the corpus")
    assert_encoded_alike(lists)
