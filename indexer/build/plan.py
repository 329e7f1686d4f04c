"""What an incremental build must do, decided from file metadata before anything is read.

``survey_sources`` walks the source folders once (``documents.walk.walk_sources``);
``plan_update`` compares what it found with the manifest of the live
generation: unchanged files (same size and modification time, or same
content hash) are kept, new and changed files are read, and the documents
of deleted files leave the index.

"Deleted" is decided with care, because an index that silently loses
documents is worse than one that is out of date. Only a file missing from a
folder that was listed completely is gone. A folder that cannot be listed
(permissions, a disconnected mount), a file that cannot be looked at, a
broken link, a missing source path, or a source folder that suddenly holds
no document at all (an unmounted drive looks like an empty folder) keep
what was indexed from them, exactly as it was, and are named in
``Plan.unreadable`` so the run can say so and exit non-zero.
"""
from __future__ import annotations

import os
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import config
from ..documents.walk import GONE_ERRNOS, SourceWalk, walk_sources
from ..errors import DocumentError
from ..store.manifest import FileRecord, file_sha256


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
    # Folders and files that cannot be read just now, each with its reason;
    # what was indexed from them is in ``keep``, listed again in ``kept_unread``.
    unreadable: list[DocumentError] = field(default_factory=list)
    kept_unread: list[str] = field(default_factory=list)


@dataclass
class Survey:
    """The document files under the sources (absolute, resolved, sorted) and what could not be read."""

    paths: list[str]
    walk: SourceWalk


def survey_sources(sources: Sequence[Path], link_targets: Sequence[Path] = ()) -> Survey:
    """Walk the sources once: their document files, and the folders and files that cannot be read.

    Links are followed into the sources and ``link_targets`` only. The README
    that tells users what to put in ``archive/documents/`` is not a document.
    """
    readme = str((config.DOCUMENTS_DIR / "README.md").resolve())
    walk = walk_sources([Path(s) for s in sources], link_targets=link_targets)
    found = set(_real_paths(walk.files, walk.maybe_links))
    return Survey(sorted(found - {readme}), walk)


def _real_paths(files: Sequence[Path], maybe_links: Collection[Path]) -> Iterator[str]:
    """The real path of each of ``files``, resolving each folder once.

    ``Path.resolve`` looks at every component of every path, a dozen system
    calls a file; a file that is not itself a link is its real folder joined
    with its name, so only folders and ``maybe_links`` (the files the walk met
    as links, or was given) are resolved. The walk told a link from a file by
    its folder's listing, without a system call a file.
    """
    folders: dict[str, str] = {}
    for path in files:
        if path in maybe_links:
            yield str(path.resolve())
            continue
        name = os.fspath(path)
        parent, _, base = name.rpartition(os.sep)
        folder = folders.get(parent)
        if folder is None:
            folder = folders[parent] = os.path.realpath(parent or os.sep)
        yield os.path.join(folder, base)


def scan_sources(sources: Sequence[Path]) -> list[str]:
    """Absolute paths of every document file under ``sources``, each once, sorted."""
    return survey_sources(sources).paths


def plan_update(paths: list[str], previous: Mapping[str, FileRecord],
                walk: SourceWalk | None = None) -> Plan:
    """Compare the files on disk with ``previous`` records; ``walk`` says what could not be read."""
    plan = Plan()
    for path in paths:
        record = previous.get(path)
        if record is None:
            plan.parse.append(path)
            continue
        try:
            stat = os.stat(path)
        except OSError as error:
            if error.errno in GONE_ERRNOS:  # deleted since the walk
                plan.removed.append(path)
                plan.drop[path] = record
            else:
                plan.unreadable.append(DocumentError(
                    path, f"cannot be read ({(error.strerror or str(error)).lower()}); its "
                          "document is kept as it was"))
                plan.keep[path] = record
                plan.kept_unread.append(path)
            continue
        if stat.st_size == record.size and stat.st_mtime_ns == record.mtime_ns:
            plan.keep[path] = record
        elif stat.st_size == record.size and _same_content(path, record.sha256):
            plan.keep[path] = replace(record, size=stat.st_size, mtime_ns=stat.st_mtime_ns)
            plan.touched = True
        else:
            plan.parse.append(path)
            plan.drop[path] = record
    missing = account_missing(paths, previous, walk)
    plan.unreadable[:0] = missing.unreadable
    for path in missing.gone:
        plan.removed.append(path)
        plan.drop[path] = previous[path]
    for path in missing.kept:
        plan.keep[path] = previous[path]
        plan.kept_unread.append(path)
    plan.removed.sort()
    plan.kept_unread.sort()
    return plan


@dataclass
class Missing:
    """Indexed files the walk did not find: really gone, or kept because something cannot be read."""

    gone: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    unreadable: list[DocumentError] = field(default_factory=list)


def account_missing(paths: list[str], previous: Mapping[str, FileRecord],
                    walk: SourceWalk | None) -> Missing:
    """Sort the ``previous`` records not among ``paths`` into gone and kept, naming every problem."""
    missing = Missing()
    guarded: list[str] = []
    for problem in (walk.problems if walk else ()):
        missing.unreadable.append(DocumentError(
            problem.path, f"{problem.reason}; what was indexed from it is kept as it was"))
        guarded.append(str(problem.real))
    for root in (walk.empty_roots if walk else ()):
        real = str(_resolved(root))
        count = sum(1 for path in previous if _under(path, [real]))
        if count:
            missing.unreadable.append(DocumentError(root, (
                f"holds no document files now, but {count} indexed document"
                f"{'s come' if count > 1 else ' comes'} from it; they are kept as they were. If it "
                "is a drive or network share, connect it; if you emptied it on purpose, run "
                "refsearch index naming only the other folders")))
            guarded.append(real)
    on_disk = set(paths)
    for path in sorted(previous):
        if path not in on_disk:
            (missing.kept if _under(path, guarded) else missing.gone).append(path)
    return missing


def _under(path: str, guarded: list[str]) -> bool:
    return any(path == top or path.startswith(top.rstrip(os.sep) + os.sep) for top in guarded)


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _same_content(path: str, sha256: str) -> bool:
    try:
        return file_sha256(Path(path)) == sha256
    except OSError:
        return False
