"""Damaging a built index on purpose: one flipped byte in each kind of file a generation holds.

A generation holds a table of contents, its segments (each a compound file
of term dictionary, postings, stored fields, field lengths, facet columns
and the array file, with their directory), the manifest and the checksums.
``KINDS`` names each, with how to find a byte inside it.
"""
from __future__ import annotations

import os
from pathlib import Path

from indexer.archive import current_generation
from indexer.engine.repair import compound_parts


def flip(path: Path, offset: int, *, keep_times: bool = False) -> None:
    """Invert the byte at ``offset`` of ``path``; with ``keep_times`` its modification time is
    put back, as when a disk damages a file without anyone writing to it."""
    stat = path.stat()
    with open(path, "r+b") as stream:
        stream.seek(offset)
        byte = stream.read(1)
        stream.seek(offset)
        stream.write(bytes([byte[0] ^ 0xFF]))
    if keep_times:
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def largest_segment(generation: Path) -> Path:
    return max(generation.glob("MAIN_*.seg"), key=lambda p: p.stat().st_size)


def _inner(suffix: str):
    """The middle byte of the part of the largest segment whose name ends with ``suffix``."""
    def locate(generation: Path) -> tuple[Path, int]:
        segment = largest_segment(generation)
        [(offset, length)] = [at for name, at in compound_parts(segment)[0].items()
                              if name.endswith(suffix)]
        return segment, offset + length // 2
    return locate


def _segment_directory(generation: Path) -> tuple[Path, int]:
    segment = largest_segment(generation)
    return segment, compound_parts(segment)[1] + 8


def _whole(pattern: str):
    """The middle byte of the one file of the generation matching ``pattern``."""
    def locate(generation: Path) -> tuple[Path, int]:
        [path] = generation.glob(pattern)
        return path, path.stat().st_size // 2
    return locate


# Each kind of file in a generation: (what it is, how to find a byte of it).
KINDS = {
    "segment postings": _inner(".pst"),
    "term dictionary": _inner(".trm"),
    "stored fields": _inner("._stored.col"),
    "field lengths": _inner("._body_len.col"),
    "facet column": _inner(".tier.col"),
    "array file": _inner(".arp"),
    "segment directory": _segment_directory,
    "table of contents": _whole("_MAIN_*.toc"),
    "manifest": _whole("manifest.json"),
    "checksums": _whole("checksums.json"),
}


def damage(index_dir: Path, kind: str, *, keep_times: bool = False) -> Path:
    """Flip one byte of the live generation's file of ``kind``; the file damaged."""
    live = current_generation(index_dir)
    assert live is not None, f"no index in {index_dir} to damage"
    path, offset = KINDS[kind](Path(index_dir) / live)
    flip(path, offset, keep_times=keep_times)
    return path
