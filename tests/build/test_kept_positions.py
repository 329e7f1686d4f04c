"""The positions a body's postings encode, kept beside them in the writer's pool, are what
decoding the postings gives: the array file written from them is the one decoding writes."""
from __future__ import annotations

import tracemalloc
from array import array
from itertools import chain

import pytest
from texts import generated_texts, real_texts
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage

from indexer.engine import arrayfile, positionbytes, postingwriter
from indexer.engine.analysis import indexed_positions
from indexer.engine.postingpool import WordPool
from indexer.engine.postings import decode_positions
from indexer.engine.schema import SCHEMA, document_fields
from indexer.engine.writer import _SegmentWriter

# Texts whose positions are unusual: repeated words far apart (gaps above 255 and 65,535,
# which pickle writes in wider forms), closed forms and acronyms at position 0, names.
AWKWARD = [
    "word " * 300 + "refugee " + "pad " * 70_000 + "refugee asylum refugee",
    "anti-government anti-government forces (IDPs) internally displaced persons",
    "Eritrean Defense Forces and Eritrean refugees; Kenya Defence Forces in Kenya",
    "a an the of x y z 3 3 3 Tier 3",
    "İstanbul Straße ÆSIR Ωmega арабский-текст русский текст",
]


def body_postings(text: str) -> tuple[list[tuple], array]:
    """A text's body postings and the positions they encode, as the writer makes them."""
    positions = indexed_positions(text)
    return SCHEMA["body"].postings(positions), array("i", chain.from_iterable(positions.values()))


def pooled_words(tmp_path, texts: list[str], keep) -> list[tuple]:
    """The pool's words for ``texts`` added in turn, positions kept where ``keep(docnum)``."""
    pool = WordPool(FileStorage(str(tmp_path)), None)
    for docnum, text in enumerate(texts):
        postings, places = body_postings(text)
        pool.add_field("body", docnum, postings, 1.0, places if keep(docnum) else None)
    return list(pool.iter_words())


def assert_places_decode_alike(words: list[tuple]) -> int:
    """Every word's kept positions equal its values decoded; how many words kept them."""
    kept = 0
    for _, _, _, _, values, places in words:
        if places is None:
            continue
        counts, positions = decode_positions(values)
        assert places[0].tolist() == counts.tolist() and places[1].tolist() == positions.tolist()
        assert places[0].dtype == counts.dtype and places[1].dtype == positions.dtype
        kept += 1
    return kept


# Positions per block of words whose values are made at a time: every word its own block, a
# few words, and the build's (a block or two of these texts).
BLOCKS = [1, 300, positionbytes.BLOCK_POSITIONS]


@pytest.mark.parametrize("block", BLOCKS)
def test_kept_positions_of_awkward_and_generated_texts_are_their_postings_decoded(
        tmp_path, corpus_dir, monkeypatch, block):
    monkeypatch.setattr(positionbytes, "BLOCK_POSITIONS", block)
    texts = AWKWARD + list(generated_texts(corpus_dir, count=200))
    words = pooled_words(tmp_path, texts, keep=lambda docnum: True)
    assert assert_places_decode_alike(words) == len(words) > 1000


def test_kept_positions_of_every_real_document_are_its_postings_decoded(tmp_path, corpus_dir):
    texts = real_texts(corpus_dir)
    if not texts:
        pytest.skip("no real documents in the corpus")
    words = pooled_words(tmp_path, texts, keep=lambda docnum: True)
    assert assert_places_decode_alike(words) == len(words)


def test_a_word_with_a_posting_given_without_positions_keeps_none(tmp_path, corpus_dir):
    texts = list(generated_texts(corpus_dir, count=100))
    words = pooled_words(tmp_path, texts, keep=lambda docnum: docnum % 3 != 1)
    without = set(chain.from_iterable(body_postings(t)[0] for t in texts[1::3]))
    for _, text, _, _, _, places in words:
        assert (places is None) == any(found[0] == text for found in without)
    assert 0 < assert_places_decode_alike(words) < len(words)


def test_words_spilled_to_run_files_keep_no_positions(tmp_path, corpus_dir):
    pool = WordPool(FileStorage(str(tmp_path)), None, limitmb=1)
    pool.limit = 200_000
    for docnum, text in enumerate(generated_texts(corpus_dir, count=100)):
        postings, places = body_postings(text)
        pool.add_field("body", docnum, postings, 1.0, places)
    assert pool.runs
    assert all(word[5] is None for word in pool.iter_words())


def segment_files(folder) -> dict[str, bytes]:
    """Every file of the index's one segment by its kind, the segment's name taken out."""
    out = {}
    for path in folder.iterdir():
        if path.name.startswith("MAIN_") and path.suffix not in (".toc", "") and "WRITELOCK" not in path.name:
            out[path.name.split(".", 1)[1]] = path.read_bytes()
    return out


def write_body(folder, documents, marks_in_writer: bool) -> dict[str, bytes]:
    folder.mkdir()
    index = whoosh_index.create_in(str(folder), SCHEMA)
    writer = _SegmentWriter(index, codec=W3Codec(blocklimit=5), compound=False)
    for doc in documents:
        writer.add_document(**document_fields(doc, marks_in_writer=marks_in_writer))
    writer.commit(merge=False)
    return segment_files(folder)


@pytest.mark.parametrize("block", [1000, positionbytes.BLOCK_POSITIONS])
def test_a_segment_written_from_kept_positions_is_the_one_written_from_encoded_postings(
        tmp_path, search_documents, monkeypatch, block):
    # With its marks made in the writer, the body's values are made from its positions a block
    # of words at a time and its array file takes the positions; otherwise each document's
    # postings come encoded from the field and the array file decodes them. Which values are one
    # object (a one-position value is the encoder's shared one) shows in the blocks' pickles.
    monkeypatch.setattr(arrayfile, "MIN_DOCS", 2)
    monkeypatch.setattr(positionbytes, "BLOCK_POSITIONS", block)
    decoded = []
    decode = postingwriter.decode_positions
    monkeypatch.setattr(postingwriter, "decode_positions", lambda values: decoded.append(1) or decode(values))
    kept = write_body(tmp_path / "kept", search_documents[:80], marks_in_writer=True)
    kept_decodes = len(decoded)
    encoded = write_body(tmp_path / "encoded", search_documents[:80], marks_in_writer=False)
    assert len(decoded) - kept_decodes > 10 * kept_decodes  # the body's words were not decoded
    assert arrayfile.EXTENSION[1:] in kept and len(kept) > 5
    assert kept == encoded


def pooled_both_ways(tmp_path, texts: list[str], spill: bool) -> tuple[list, list]:
    """The pool's postings with every other text's added as positions, and with all added
    encoded (one posting at a time for every fifth document), with a boost."""
    pools = []
    for name, by_positions in (("positions", True), ("encoded", False)):
        (tmp_path / name).mkdir()
        pool = WordPool(FileStorage(str(tmp_path / name)), None, limitmb=1)
        pool.limit = 300_000 if spill else 1 << 40
        for docnum, text in enumerate(texts):
            positions = indexed_positions(text)
            if by_positions and docnum % 2:
                pool.add_positions("body", docnum, *SCHEMA["body"].columns(positions), 1.5)
            elif docnum % 5 == 4:
                for text_bytes, _, weight, value in SCHEMA["body"].postings(positions):
                    pool.add(("body", text_bytes, docnum, weight * 1.5, value))
            else:
                pool.add_field("body", docnum, SCHEMA["body"].postings(positions), 1.5)
        assert bool(pool.runs) == spill
        pools.append(list(pool.iter_postings()))
    return pools[0], pools[1]


@pytest.mark.parametrize(("spill", "block"), [(False, 1), (False, 300), (False, positionbytes.BLOCK_POSITIONS),
                                           (True, 300), (True, positionbytes.BLOCK_POSITIONS)])
def test_postings_added_as_positions_come_out_as_those_added_encoded(
        tmp_path, corpus_dir, monkeypatch, spill, block):
    monkeypatch.setattr(positionbytes, "BLOCK_POSITIONS", block)
    texts = AWKWARD + list(generated_texts(corpus_dir, count=150))
    by_positions, encoded = pooled_both_ways(tmp_path, texts, spill)
    assert len(by_positions) > 10_000
    assert by_positions == encoded


def test_a_field_whose_documents_gave_no_postings_has_no_words(tmp_path):
    pool = WordPool(FileStorage(str(tmp_path)), None)
    assert pool.add_positions("body", 0, (), [], array("d"), array("i"), 1.0) == 0
    assert list(pool.iter_words()) == []


def test_taking_the_words_holds_no_more_than_the_pool_counts(tmp_path, corpus_dir, monkeypatch):
    # The pool spills at its limit by its own count: the words taken from it (its values made
    # from positions a block of words at a time) must not hold more than it counted. Making a
    # whole field's values at once held about three times the count, the positions of every
    # posting in several 64-bit arrays beside the values made from them.
    monkeypatch.setattr(positionbytes, "BLOCK_POSITIONS", 1 << 14)
    texts = list(generated_texts(corpus_dir, count=1000))
    for text in texts:  # the analysis's caches filled before counting
        SCHEMA["body"].columns(indexed_positions(text))
    tracemalloc.start()
    try:
        pool = WordPool(FileStorage(str(tmp_path)), None, limitmb=1)
        pool.limit = 1 << 40
        for docnum, text in enumerate(texts):
            pool.add_positions("body", docnum, *SCHEMA["body"].columns(indexed_positions(text)), 1.0)
        counted = pool.currentsize
        held, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        postings = sum(len(word[2]) for word in pool.iter_words())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert postings > 50_000
    assert held <= counted
    assert peak <= counted, (peak, counted)
