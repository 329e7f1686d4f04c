"""The build's segment writer writes an index Whoosh reads exactly as the one its own writer writes."""
from __future__ import annotations

import pickle
import random
import zlib

import pytest
from texts import real_texts
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage
from whoosh.matching import WrappingMatcher
from whoosh.writing import SegmentWriter

from indexer.engine import postingpool, postingwriter
from indexer.engine.postingpool import WordPool
from indexer.engine.schema import SCHEMA, document_fields
from indexer.engine.writer import _SegmentWriter


def write(folder, writer_class, documents, **kwargs):
    folder.mkdir()
    index = whoosh_index.create_in(str(folder), SCHEMA)
    writer = writer_class(index, **kwargs)
    for doc in documents:
        writer.add_document(**document_fields(doc))
    runs = len(writer.pool.runs)
    writer.commit()
    index.spilled_runs = runs
    return index


def postings_summary(index):
    """Every term with its statistics (lengths come from the writer) and its postings."""
    out = []
    with index.searcher() as searcher:
        reader = searcher.reader()
        for field in ("title", "body", "country_text"):
            for term in reader.lexicon(field):
                info = reader.term_info(field, term)
                postings = reader.postings(field, term)
                out.append((field, term, info.weight(), info.doc_frequency(), info.min_length(),
                            info.max_length(), info.max_weight(), tuple(postings.all_items())))
        lengths = [(d, f, reader.doc_field_length(d, f)) for d in range(reader.doc_count_all())
                   for f in ("title", "body", "country_text")]
    return out, lengths


def blocks_summary(index):
    """Every term's posting blocks as Whoosh's reader sees them: header figures and data."""
    out = []
    with index.searcher() as searcher:
        reader = searcher.reader()
        for field in ("title", "body", "country_text", "tier", "countries", "published"):
            for term in reader.lexicon(field):
                postings = reader.postings(field, term)
                while postings.is_active():
                    postings._read_data()
                    out.append((field, term, postings._blocklength, postings._maxid, postings._maxweight,
                                postings._minlength, postings._maxlength, postings._data))
                    postings._next_block()
    return out


def test_word_at_a_time_writing_gives_the_index_whoosh_writes(tmp_path, search_documents):
    documents = search_documents[:80]
    ours = postings_summary(write(tmp_path / "ours", _SegmentWriter, documents))
    whooshs = postings_summary(write(tmp_path / "whoosh", SegmentWriter, documents))
    assert len(ours[0]) > 1000
    assert ours == whooshs


def test_words_are_cut_into_the_same_blocks_with_the_same_figures(tmp_path, search_documents):
    documents = search_documents[:80]
    codec = W3Codec(blocklimit=7)
    ours = blocks_summary(write(tmp_path / "ours", _SegmentWriter, documents, codec=codec))
    whooshs = blocks_summary(write(tmp_path / "whoosh", SegmentWriter, documents, codec=codec))
    assert len(ours) > 2000 and any(block[2] == 7 for block in ours)
    assert ours == whooshs


def test_blocks_are_pickled_with_a_protocol_that_stores_bytes_as_bytes(tmp_path, search_documents):
    index = write(tmp_path / "ours", _SegmentWriter, search_documents[:20])
    with index.searcher() as searcher:
        postings = searcher.reader().postings("body", "traffick")
        while isinstance(postings, WrappingMatcher):
            postings = postings.child
        raw = postings._postfile.get(postings._dataoffset, postings._nextoffset - postings._dataoffset)
        assert zlib.decompress(raw)[:2] == b"\x80" + bytes([postingwriter.BLOCK_PICKLE])


def test_spilling_to_run_files_writes_the_same_index(tmp_path, search_documents):
    documents = search_documents[:80]
    spilled = write(tmp_path / "spilled", _SegmentWriter, documents, limitmb=1)
    in_memory = write(tmp_path / "memory", SegmentWriter, documents, limitmb=512)
    assert spilled.spilled_runs >= 3 and in_memory.spilled_runs == 0
    assert postings_summary(spilled) == postings_summary(in_memory)


def random_postings(rng, count):
    keys = {(rng.choice("abc"), rng.randbytes(rng.randint(1, 3)), rng.randint(0, 50))
            for _ in range(count)}
    return [(field, term, doc, float(rng.randint(1, 4)), rng.choice([None, b"v"]))
            for field, term, doc in keys]


def spilling_pool(tmp_path) -> WordPool:
    pool = WordPool(FileStorage(str(tmp_path)), None, limitmb=1)
    pool.limit = 20_000  # bytes: a run every few dozen postings
    return pool


def test_pool_returns_every_posting_in_order_through_spills_and_run_merges(tmp_path,
                                                                            monkeypatch):
    monkeypatch.setattr(postingpool, "RUN_RECORD_BYTES", 2_000)  # a few words a record
    monkeypatch.setattr(postingpool, "MAX_OPEN_RUNS", 3)  # runs merged into fewer first
    postings = random_postings(random.Random(3), 3000)
    pool = spilling_pool(tmp_path)
    for posting in sorted(postings, key=lambda p: p[2]):  # in document order, as a build adds
        pool.add(posting)
    assert len(pool.runs) > 10
    assert list(pool.iter_postings()) == sorted(postings)
    assert list(tmp_path.iterdir()) == []  # every run file read and removed


@pytest.mark.parametrize("spill", [False, True])
def test_postings_added_out_of_document_order_come_out_sorted(tmp_path, spill):
    postings = random_postings(random.Random(4), 3000)
    pool = spilling_pool(tmp_path) if spill else WordPool(FileStorage(str(tmp_path)), None)
    for posting in postings:  # in no particular order
        pool.add(posting)
    assert bool(pool.runs) == spill
    assert list(pool.iter_postings()) == sorted(postings)


def test_a_field_added_whole_pools_its_postings_and_gives_its_length(tmp_path):
    pool = WordPool(FileStorage(str(tmp_path)), None)
    assert pool.add_field("body", 0, [(b"b", 2, 2.0, b"x"), (b"a", 1, 1.0, None)], 1.5) == 3
    assert pool.add_field("body", 1, [(b"a", 4, 4.0, b"y")], 1.0) == 4
    assert list(pool.iter_postings()) == [("body", b"a", 0, 1.5, None), ("body", b"a", 1, 4.0, b"y"),
                                          ("body", b"b", 0, 3.0, b"x")]


def run_records(pool: WordPool, path: str) -> list[list]:
    records = []
    with pool._open_run(path) as f:
        while True:
            try:
                records.append(pickle.load(f))
            except EOFError:
                return records


def test_a_run_file_record_holds_about_a_fixed_share_of_postings_however_many_words(tmp_path, monkeypatch):
    # The merge at the end of a segment holds one record of every run: records of a fixed
    # number of words held a run's frequent words whole, so it held more the more runs there were.
    monkeypatch.setattr(postingpool, "RUN_RECORD_BYTES", 20_000)
    pool = WordPool(FileStorage(str(tmp_path)), None)
    for doc in range(300):  # one word in every document, ten of its own each
        pool.add_field("body", doc, [(b"a", 1, 1.0, bytes(200))]
                       + [(f"w{doc}-{i}".encode(), 1, 1.0, b"v") for i in range(10)], 1.0)
    pool.save()
    records = run_records(pool, pool.runs[0])
    assert len(records) > 10
    assert records[0][0][1] == b"a" and len(records[0]) == 1  # the frequent word alone
    for record in records:  # full only with its last word
        assert sum(postingpool.word_bytes(word) for word in record[:-1]) < postingpool.RUN_RECORD_BYTES
    assert [word[1] for record in records for word in record] == sorted(
        [b"a"] + [f"w{doc}-{i}".encode() for doc in range(300) for i in range(10)])


def real_postings(corpus_dir) -> list[list[tuple]]:
    """The body postings (word, frequency, weight, value) of every real document of the corpus."""
    return [list(SCHEMA["body"].index(text)) for text in real_texts(corpus_dir)]


@pytest.mark.parametrize("spill", [False, True])
def test_real_documents_postings_come_out_of_the_pool_as_whoosh_sorts_them(tmp_path, corpus_dir, spill):
    documents = real_postings(corpus_dir)
    pool = spilling_pool(tmp_path) if spill else WordPool(FileStorage(str(tmp_path)), None)
    if spill:
        pool.limit = 2_000_000
    expected = []
    for docnum, postings in enumerate(documents):
        assert pool.add_field("body", docnum, postings, 1.5) == sum(freq for _, freq, _, _ in postings)
        expected.extend(("body", text, docnum, weight * 1.5, value) for text, _, weight, value in postings)
    assert bool(pool.runs) == spill
    assert list(pool.iter_postings()) == sorted(expected)


def test_postings_added_one_at_a_time_and_whole_come_out_in_the_order_they_came(tmp_path):
    pool = WordPool(FileStorage(str(tmp_path)), None)
    pool.add(("body", b"a", 0, 1.0, b"x"))
    pool.add(("body", b"b", 1, 2.0, None))
    pool.add_field("body", 2, [(b"a", 1, 1.0, b"y"), (b"c", 3, 3.0, b"z")], 2.0)
    pool.add(("body", b"a", 3, 4.0, b"w"))
    pool.add(("title", b"a", 3, 1.0, b"v"))
    assert list(pool.iter_postings()) == [
        ("body", b"a", 0, 1.0, b"x"), ("body", b"a", 2, 2.0, b"y"), ("body", b"a", 3, 4.0, b"w"),
        ("body", b"b", 1, 2.0, None), ("body", b"c", 2, 6.0, b"z"), ("title", b"a", 3, 1.0, b"v")]
