"""Readers of the same index state share what the engine remembers; a new state starts afresh."""
from __future__ import annotations

import gc

from indexer.build import write_index
from indexer.engine import readercache
from indexer.engine.archive import open_index
from indexer.engine.facetcounts import facet_codes
from indexer.engine.readercache import shared


def test_searchers_of_one_generation_share_one_memory(search_index):
    index = open_index(search_index)
    with index.searcher() as first, index.searcher() as second:
        assert first.reader() is not second.reader()
        assert shared(first.reader()) is shared(second.reader())
        assert facet_codes(first, "tier") is facet_codes(second, "tier")


def test_a_new_generation_starts_afresh_and_a_forgotten_one_is_dropped(tmp_path, document_factory):
    old = document_factory(id="old", text="Mali forced labour.")
    new = document_factory(id="new", text="Niger forced labour.")
    write_index(tmp_path, [old])
    with open_index(tmp_path).searcher() as before:
        remembered = shared(before.reader())
        remembered["marker"] = True
        write_index(tmp_path, [old, new])
        with open_index(tmp_path).searcher() as after:
            assert "marker" not in shared(after.reader())
    del before, after
    gc.collect()
    shared(open_index(tmp_path).reader())  # any lookup drops states no reader holds
    assert all("marker" not in memory for memory, _ in readercache._SHARED.values())
