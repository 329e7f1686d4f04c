"""Posting lists read as arrays: positions decoded in bulk as Whoosh decodes them one by one."""
from __future__ import annotations

import pickle

import numpy as np
import pytest
from whoosh.formats import Positions

from indexer.engine import postings
from indexer.engine.postings import decode_positions

POSITIONS = Positions()
VALUES = [
    [0],
    [3, 7],
    [255, 256, 65535, 65536, 2 ** 31 - 1],   # one, two and four-byte integers in the pickle
    list(range(0, 3000, 2)),                 # pickled in several batches of items
]


@pytest.mark.parametrize("lists", [VALUES, VALUES[:1], VALUES[::-1]])
def test_positions_decode_in_bulk_as_whoosh_decodes_them(lists):
    values = [POSITIONS.encode(positions) for positions in lists]
    counts, positions = decode_positions(values)
    assert counts.tolist() == [len(p) for p in lists]
    assert positions.tolist() == [p for one in lists for p in one]
    assert [POSITIONS.decode_positions(v) for v in values] == lists


def test_a_value_in_another_pickle_form_is_still_read():
    odd = b"\x00\x00\x00\x02" + pickle.dumps([4, 1], 4)   # gaps 4, 1 -> positions 4, 5
    counts, positions = decode_positions([POSITIONS.encode([1, 2]), odd])
    assert counts.tolist() == [2, 2] and positions.tolist() == [1, 2, 4, 5]


def test_no_values_decode_to_nothing():
    counts, positions = decode_positions([])
    assert counts.tolist() == [] and positions.tolist() == []


def test_one_group_of_gaps_is_one_running_sum_without_restarts(monkeypatch):
    """A rare word's one block, or one document's positions: the sums of a single group are
    made without the array operations of restarting (``_group_bases``), and equal them."""
    gaps = np.array([3, 0, 7, 1, 12], dtype=postings.DOCNUM)
    restarted = postings._running_sums(np.concatenate([gaps, gaps]), np.array([5, 5], dtype=postings.DOCNUM))

    def refused(*args):
        raise AssertionError("one group restarted")

    monkeypatch.setattr(postings, "_group_bases", refused)
    alone = postings._running_sums(gaps, np.array([5], dtype=postings.DOCNUM))
    assert alone.tolist() == restarted[:5].tolist() == restarted[5:].tolist() == [3, 3, 10, 11, 23]
    assert alone.dtype == restarted.dtype
