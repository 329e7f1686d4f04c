"""A search over several segments takes each segment's share of the wanted documents and
joins the segments' scores again in order (``scoresets.in_segment``, ``joined``)."""
from __future__ import annotations

import numpy as np
import pytest

from indexer.engine.scoresets import DOCNUM, Scored, in_segment, joined

WANTED = np.array([0, 3, 9, 10, 11, 25, 40], DOCNUM)


@pytest.mark.parametrize("offset, end, expected", [
    (0, 10, [0, 3, 9]),         # the first segment: its numbers are the top-level ones
    (10, 25, [0, 1]),           # a middle one: 10 and 11, counted from its start
    (25, None, [0, 15]),        # the last, open-ended: 25 and 40
    (12, 25, []),               # none wanted in it
])
def test_a_segment_gets_the_wanted_documents_in_it_counted_from_its_start(offset, end, expected):
    assert in_segment(WANTED, offset, end).tolist() == expected


def test_the_segments_parts_are_joined_in_order_without_summing():
    first = Scored(np.array([1, 4], DOCNUM), np.array([0.5, 1.5]))
    second = Scored(np.array([10, 12], DOCNUM), np.array([2.0, 0.25]))
    both = joined([first, second])
    assert both.docs.tolist() == [1, 4, 10, 12]
    assert both.scores.tolist() == [0.5, 1.5, 2.0, 0.25]
    assert joined([first]) is first
    assert len(joined([])) == 0
