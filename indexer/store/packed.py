"""The manifest's records of a build, each kept as one short string of bytes until it is written.

A build keeps a ``FileRecord`` for every file it indexes until it writes the
manifest, at its end. As objects, with every field a string of its own
(most of them arriving one object each from the reading processes), a
record cost about 2 KB: 600 MB at 300,000 files. ``PackedRecords`` keeps
each as one ``bytes``: the size and time as two 8-byte numbers, the site as
its number in a table of the build's sites (a few for many files), and the
other fields one after another, each with its length; a field of
hexadecimal digits (the hash, most ids, the marked keys), the edge keys
and the text key (``text:`` and 32 hexadecimal digits) as the bytes the
digits spell, half their length. A record read back is the very
``FileRecord`` put in, so the manifest written is the same.

The records a build starts from (the files it does not read again) are kept
as given: they are the live manifest's, which the build holds anyway, and
packing each would cost an update of 1% of a large archive seconds.
"""
from __future__ import annotations

import re
import struct
from collections.abc import Iterator, Mapping, MutableMapping

from .manifest import FileRecord

# The two numbers (size, modification time) and the site's number.
_HEAD = struct.Struct("<qqI")
# A field's length in bytes, times 4, plus how it is kept (one of the _AS_ below).
_LENGTH = struct.Struct("<I")
_AS_TEXT, _AS_HEX, _AS_KEYS, _AS_TEXT_KEY = range(4)
_HEX_RE = re.compile(r"(?:[0-9a-f]{2})*")
# Edge keys as ``Observation.packed`` makes them: 12 hexadecimal digits, the first of a
# numbered line's key an "n" (``furniture.edge_key``).
_KEYS_RE = re.compile(r"(?:[0-9a-f]{12}|n[0-9a-f]{11})*")
_KEY_CHARS = 12
_TEXT_KEY_PREFIX = "text:"
# The fields after the head, in the order they are kept.
_FIELDS = ("sha256", "doc_id", "edges", "title", "text", "marked")


def _pack_field(value: str) -> bytes:
    """One field as its kind and length, then its bytes."""
    if _HEX_RE.fullmatch(value):
        kind, data = _AS_HEX, bytes.fromhex(value)
    elif value.startswith(_TEXT_KEY_PREFIX) and _HEX_RE.fullmatch(value, len(_TEXT_KEY_PREFIX)):
        kind, data = _AS_TEXT_KEY, bytes.fromhex(value[len(_TEXT_KEY_PREFIX):])
    elif _KEYS_RE.fullmatch(value):
        kind, data = _AS_KEYS, _pack_keys(value)
    else:
        kind, data = _AS_TEXT, value.encode("utf-8", "surrogatepass")
    return _LENGTH.pack(len(data) << 2 | kind) + data


def _pack_keys(packed: str) -> bytes:
    """Edge keys as 6 bytes each, then one bit a key telling the numbered ones (whose first
    digit, replaced by the "n", is kept as 0)."""
    count = len(packed) // _KEY_CHARS
    numbered = 0
    digits = []
    for i in range(count):
        key = packed[i * _KEY_CHARS:(i + 1) * _KEY_CHARS]
        if key[0] == "n":
            numbered |= 1 << i
            key = "0" + key[1:]
        digits.append(key)
    return bytes.fromhex("".join(digits)) + numbered.to_bytes((count + 7) // 8, "little")


def _unpack_keys(data: bytes) -> str:
    count = len(data) * 8 // (8 * _KEY_CHARS // 2 + 1)  # 6 bytes and one bit a key
    digits = data[:count * _KEY_CHARS // 2].hex()
    numbered = int.from_bytes(data[count * _KEY_CHARS // 2:], "little")
    keys = [digits[i * _KEY_CHARS:(i + 1) * _KEY_CHARS] for i in range(count)]
    return "".join("n" + key[1:] if numbered >> i & 1 else key for i, key in enumerate(keys))


def _unpack_field(kind: int, data: bytes) -> str:
    if kind == _AS_HEX:
        return data.hex()
    if kind == _AS_TEXT_KEY:
        return _TEXT_KEY_PREFIX + data.hex()
    if kind == _AS_KEYS:
        return _unpack_keys(data)
    return data.decode("utf-8", "surrogatepass")


class PackedRecords(MutableMapping[str, FileRecord]):
    """Records by path, as a dict of ``FileRecord`` holds them, those set kept packed (see the
    module); ``records``, the ones it starts with, are kept as they are."""

    def __init__(self, records: Mapping[str, FileRecord] | None = None):
        self._packed: dict[str, bytes | FileRecord] = dict(records or {})
        self._sites: list[str] = []
        self._site_numbers: dict[str, int] = {}

    def _site_number(self, site: str) -> int:
        number = self._site_numbers.get(site)
        if number is None:
            number = self._site_numbers[site] = len(self._sites)
            self._sites.append(site)
        return number

    def __setitem__(self, path: str, record: FileRecord) -> None:
        # The record's own path only when it is not its key (nearly never).
        own_path = record.path.encode("utf-8", "surrogatepass") if record.path != path else b""
        head = _HEAD.pack(record.size, record.mtime_ns, self._site_number(record.site))
        self._packed[path] = b"".join([head, _LENGTH.pack(len(own_path)), own_path,
                                       *(_pack_field(getattr(record, name)) for name in _FIELDS)])

    def __getitem__(self, path: str) -> FileRecord:
        data = self._packed[path]
        if not isinstance(data, bytes):
            return data
        size, mtime_ns, site = _HEAD.unpack_from(data)
        at = _HEAD.size
        (length,) = _LENGTH.unpack_from(data, at)
        at += _LENGTH.size
        own_path = data[at:at + length].decode("utf-8", "surrogatepass") if length else path
        at += length
        values = []
        for _ in _FIELDS:
            (word,) = _LENGTH.unpack_from(data, at)
            at += _LENGTH.size
            length = word >> 2
            values.append(_unpack_field(word & 3, data[at:at + length]))
            at += length
        sha256, doc_id, edges, title, text, marked = values
        return FileRecord(own_path, size, mtime_ns, sha256, doc_id, self._sites[site], edges, title, text, marked)

    def __delitem__(self, path: str) -> None:
        del self._packed[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)

    def __contains__(self, path: object) -> bool:
        return path in self._packed
