"""Segment files are read in place from the mapped compound file, with plain file semantics."""
from __future__ import annotations

import io
import pickle
from array import array

import pytest
from whoosh.filedb.structfile import BufferFile

from indexer.engine import mapped
from indexer.engine.mapped import MappedFile

DATA = b"first line\nsecond\n\nno newline at the end"


@pytest.mark.parametrize("size", [0, 1, 5, 11, 100, -1, None])
def test_reads_like_an_in_memory_file(size):
    ours, reference = MappedFile(memoryview(DATA)), io.BytesIO(DATA)
    for _ in range(4):
        assert ours.read(size) == reference.read(size)
        assert ours.tell() == reference.tell()


def test_seeks_from_start_current_and_end_and_reads_lines():
    ours, reference = MappedFile(memoryview(DATA)), io.BytesIO(DATA)
    for offset, whence in [(3, 0), (4, 1), (-6, 2), (0, 0), (100, 0)]:
        assert ours.seek(offset, whence) == reference.seek(offset, whence)
        assert ours.readline() == reference.readline()
        assert ours.read(2) == reference.read(2)
    ours.seek(0)
    assert list(ours) == DATA.splitlines(keepends=True)
    with pytest.raises(ValueError):
        ours.seek(-1)


def test_arrays_and_pickles_load_through_it():
    numbers = array("i", range(50))
    payload = numbers.tobytes() + pickle.dumps({"a": [1, 2, 3]}, 2)
    f = MappedFile(memoryview(payload))
    loaded = array("i")
    loaded.fromfile(f, 50)
    assert loaded == numbers
    assert pickle.load(f) == {"a": [1, 2, 3]}


def test_buffer_files_do_not_copy_the_mapped_bytes():
    mapped.install()  # what opening an index does
    backing = bytearray(b"x" * 1000)
    view = memoryview(backing)
    f = BufferFile(view[100:300])
    assert isinstance(f.file, MappedFile)
    backing[100:105] = b"hello"  # a copy would not see this change
    assert f.read(5) == b"hello"
    assert f.get(0, 5) == b"hello"
    f.close()


def test_an_open_index_answers_through_mapped_files(search_index):
    from indexer.engine.archive import open_index
    with open_index(search_index).searcher() as searcher:
        assert searcher.doc_count() > 0
        assert any(True for _ in searcher.reader().lexicon("body"))


class _Counted(MappedFile):
    """A mapped file that counts the calls reading it."""

    __slots__ = ("calls",)

    def __init__(self, buf) -> None:
        super().__init__(buf)
        self.calls = 0

    def read(self, size=-1):
        self.calls += 1
        return super().read(size)

    def peek(self, size=1):
        self.calls += 1
        return super().peek(size)


def test_pickles_one_after_another_load_in_a_few_calls_each_and_leave_the_file_after_them():
    """A posting block's header is a pickled tuple read with ``pickle.load``: through
    ``peek`` it is taken in two or three calls, where reading opcode by opcode took some 25."""
    header = (128, 51_234, 3.0, 0, 12, 4_100)
    other = {"a": list(range(400)), "b": "x" * 1_000}  # longer than one peek
    pickles = [pickle.dumps(value, protocol) for value in (header, other, header) for protocol in (2, 5)]
    f = _Counted(memoryview(b"".join(pickles)))
    at = 0
    for data, value in zip(pickles, [header, header, other, other, header, header]):
        before = f.calls
        assert pickle.load(f) == value
        at += len(data)
        assert f.tell() == at
        if value == header:
            assert f.calls - before <= 3
    assert f.peek(10) == b"" and f.read() == b""


def test_a_peek_does_not_move_and_copies_a_bounded_stretch():
    f = MappedFile(memoryview(DATA * 100))
    f.seek(3)
    assert f.peek(5) == (DATA * 100)[3:8] and f.tell() == 3
    assert f.peek(0) == (DATA * 100)[3:4]
    assert len(f.peek(1 << 20)) == mapped.PEEK_BYTES
