"""What an incremental build must do, decided from file metadata before anything is read.

``scan_sources`` lists the document files under the source folders;
``plan_update`` compares them with the manifest of the live generation:
unchanged files (same size and modification time, or same content hash)
are kept, new and changed files are read, and the documents of changed and
deleted files leave the index.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import config
from ..documents.reader import iter_source_files
from .manifest import FileRecord, file_sha256


@dataclass
class Plan:
    """What an incremental build must do, decided from file metadata before reading anything."""

    keep: dict[str, FileRecord] = field(default_factory=dict)
    parse: list[str] = field(default_factory=list)
    # Records whose documents leave the index: changed and deleted files.
    drop: dict[str, FileRecord] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    # True when only the mtimes recorded for unchanged files need refreshing.
    touched: bool = False


def scan_sources(sources: Sequence[Path]) -> list[str]:
    """Absolute paths of every document file under ``sources``, each once, sorted.

    The README that tells users what to put in ``archive/documents/`` is not a document.
    """
    readme = str((config.DOCUMENTS_DIR / "README.md").resolve())
    found = {str(Path(p).resolve()) for p in iter_source_files([Path(s) for s in sources])}
    return sorted(found - {readme})


def plan_update(paths: list[str], previous: dict[str, FileRecord]) -> Plan:
    plan = Plan()
    for path in paths:
        record = previous.get(path)
        if record is None:
            plan.parse.append(path)
            continue
        try:
            stat = os.stat(path)
        except OSError:  # vanished since the scan: reading it will report why
            plan.parse.append(path)
            plan.drop[path] = record
            continue
        if stat.st_size == record.size and stat.st_mtime_ns == record.mtime_ns:
            plan.keep[path] = record
        elif stat.st_size == record.size and _same_content(path, record.sha256):
            plan.keep[path] = FileRecord(path, stat.st_size, stat.st_mtime_ns,
                                         record.sha256, record.doc_id)
            plan.touched = True
        else:
            plan.parse.append(path)
            plan.drop[path] = record
    on_disk = set(paths)
    for path, record in previous.items():
        if path not in on_disk:
            plan.removed.append(path)
            plan.drop[path] = record
    return plan


def _same_content(path: str, sha256: str) -> bool:
    try:
        return file_sha256(Path(path)) == sha256
    except OSError:
        return False
