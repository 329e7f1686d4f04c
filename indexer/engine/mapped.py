"""Files inside a memory-mapped Whoosh segment, read in place instead of copied.

Whoosh keeps each segment's files (terms, postings, stored fields, lengths)
in one compound file that it memory-maps, and hands out each inner file as
a ``BufferFile``, which wraps the mapped bytes in ``io.BytesIO``. BytesIO
copies whatever it is given unless it is a ``bytes`` object, so opening a
reader copied nearly the whole index into the process: at 100,000
documents that took one and a half seconds and over two gigabytes per
reader (and per build, which opens the new index once to count it), and the
pages an open reader never touches were copied all the same.

``MappedFile`` gives ``BufferFile`` the file methods it needs (``read``,
``readline``, ``seek``, ``tell``) over the mapped memory, so only the bytes
actually read are copied, and only then. It also has ``peek``, which
``pickle.load`` uses to take a small pickle (the header of every posting
block Whoosh reads) in one call: without it the unpickler asks ``read`` for
each opcode's few bytes, some 25 calls a header, which on a 10,000-document
archive was a tenth of what matching a rare word cost. ``install()`` makes every
``BufferFile`` use it; the engine calls it before it opens or writes an
index (``archive.open_generation``, ``writer.write_documents``).
"""
from __future__ import annotations

from whoosh.filedb import structfile

# The most ``MappedFile.peek`` copies at once: more than a posting block's header (a pickled
# tuple of six numbers, some 30 bytes), far less than the 128 KB ``pickle`` asks for.
PEEK_BYTES = 256


class MappedFile:
    """A read-only, seekable file over a memoryview (or any bytes-like buffer)."""

    __slots__ = ("_buf", "_pos", "_size")

    def __init__(self, buf) -> None:
        self._buf = memoryview(buf)
        self._pos = 0
        self._size = len(self._buf)

    def read(self, size: int | None = -1) -> bytes:
        start = self._pos
        end = self._size if size is None or size < 0 else min(start + size, self._size)
        self._pos = max(start, end)
        return self._buf[start:end].tobytes()

    def peek(self, size: int = 1) -> bytes:
        """Up to ``size`` bytes ahead (at most ``PEEK_BYTES``, at least one unless at the
        end), without moving: what ``pickle.load`` reads ahead, then reads as it consumes."""
        start = self._pos
        return self._buf[start:min(start + max(1, min(size, PEEK_BYTES)), self._size)].tobytes()

    def readinto(self, target) -> int:
        data = self.read(len(target))
        target[:len(data)] = data
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        start = self._pos
        end = self._size if size is None or size < 0 else min(start + size, self._size)
        stop = end
        for chunk in range(start, end, 4096):  # look for the newline a page at a time
            found = self._buf[chunk:min(chunk + 4096, end)].tobytes().find(b"\n")
            if found >= 0:
                stop = chunk + found + 1
                break
        return self.read(stop - start)

    def __iter__(self):
        while line := self.readline():
            yield line

    def seek(self, offset: int, whence: int = 0) -> int:
        if whence == 1:
            offset += self._pos
        elif whence == 2:
            offset += self._size
        if offset < 0:
            raise ValueError(f"negative seek position {offset}")
        self._pos = offset
        return offset

    def tell(self) -> int:
        return self._pos

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def writable(self) -> bool:
        return False

    def write(self, data) -> int:
        raise OSError("a mapped index file is read-only")

    def truncate(self, size=None) -> int:
        raise OSError("a mapped index file is read-only")

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self._buf = memoryview(b"")
        self._size = self._pos = 0


def _buffer_file_init(self, buf, name=None, onclose=None) -> None:
    self._buf = buf
    self._name = name
    self.file = MappedFile(buf)
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


def install() -> None:
    """Make Whoosh's ``BufferFile`` read its buffer in place (idempotent)."""
    structfile.BufferFile.__init__ = _buffer_file_init
