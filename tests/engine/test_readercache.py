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


def test_signatures_are_kept_once_per_generation_and_no_more_than_the_setting(search_index, monkeypatch):
    from indexer import config
    from indexer.duplicates import signature
    from indexer.engine import copies
    from indexer.engine.schema import stored_document

    monkeypatch.setattr(config, "SIGNATURE_CACHE", 2)
    index = open_index(search_index)
    with index.searcher() as first, index.searcher() as second:
        count = first.doc_count_all()
        assert count > 2
        for docnum in range(count):
            expected = list(signature(stored_document(first.stored_fields(docnum)).text).values)
            assert copies._signature(first, docnum).tolist() == expected      # computed
            assert copies._signature(second, docnum).tolist() == expected     # kept, read by another thread's reader
        kept = readercache.bounded(first.reader(), copies.SignatureOf, config.SIGNATURE_CACHE)
        assert kept is readercache.bounded(second.reader(), copies.SignatureOf, config.SIGNATURE_CACHE)
        assert len(kept) == 2


def test_whole_columns_are_read_once_for_every_reader_of_a_generation(search_index):
    from indexer.engine.facetcounts import column_values

    index = open_index(search_index)
    with index.searcher() as first, index.searcher() as second:
        everything = list(range(first.doc_count_all()))
        assert column_values(first, "tier", everything) == column_values(second, "tier", everything)
        values = [value for key, value in shared(first.reader()).items() if key == ("column values", "tier")]
        assert len(values) == 1 and values[0] is shared(second.reader())[("column values", "tier")]


def test_resemblance_on_kept_arrays_is_the_signatures_resemblance():
    import random

    import numpy as np

    from indexer.duplicates import resemblance, signature
    from indexer.engine import copies

    rng = random.Random(7)
    words = [f"w{n}" for n in range(400)]
    base = [rng.choice(words) for _ in range(600)]
    for changed in (0, 30, 150, 600):
        other = list(base)
        for i in rng.sample(range(len(other)), changed):
            other[i] = rng.choice(words)
        for a, b in ((" ".join(base), " ".join(other)), (" ".join(base[:40]), " ".join(other)), ("", "")):
            sa, sb = signature(a), signature(b)
            kept = copies._resemblance(np.array(sa.values, dtype=np.uint64), np.array(sb.values, dtype=np.uint64))
            assert kept == resemblance(sa, sb)
