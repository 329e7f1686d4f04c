"""Index generations: every build writes a complete index into a new folder, then a pointer moves.

An index folder looks like this::

    CURRENT              names the live generation, e.g. "gen-000004-3fa2c1"
    gen-000004-3fa2c1/   a complete Whoosh index, its manifest.json, and .readers
    gen-000003-9b10de/   the previous generation, while a process still reads it
    .lock                held by the build in progress (see ``locking``)

A build creates ``gen-<n+1>``, fills it, commits it, flushes it to disk, and
only then replaces ``CURRENT`` by an atomic rename. Whatever happens before
that rename (an exception, SIGKILL, a power cut) the pointer still names the
previous complete generation, so readers never see a half-built index; the
next build, holding the lock, deletes the unfinished folder.

Why not rely on Whoosh's own commit, which also renames its table of contents
into place? It covers one incremental writer, but not the rest: a rebuild
starts by emptying the index folder, a killed writer leaves orphaned segment
files, and the manifest that drives incremental builds must change together
with the index, which two separately renamed files cannot do. A generation
folder holds both, and one rename publishes both.

An incremental build does not copy the previous generation: it hard-links
its files. Whoosh never rewrites a file once written (new segments get new
random names, a new table of contents gets the next generation number and
is itself renamed into place, and merged-away files are only unlinked), so
the old generation stays intact while the new one changes.

Readers on Linux keep reading files they have open after a later build
unlinks them, but a reader that has read ``CURRENT`` and not yet opened the
segments, or that opens a new searcher on a generation it already has,
needs the files to be there. So a reader announces itself: it takes a
shared ``flock`` on the generation's ``.readers`` file before it opens
anything (see ``readers``), and checks that the generation was not removed
meanwhile (if it was, ``CURRENT`` names a newer one: it reads that). ``remove_stale``
removes a replaced generation only under an exclusive lock on the same file,
so never while a reader holds it, and never less than a grace period after
it was replaced (for readers caught between two steps and programs that do
not announce themselves). Generations older than the previous one go in any
case, as they always did: their readers are long-lived processes that have
their files open and reopen the live generation on their next request.

The pointer is one small file, and a small file can be damaged (a disk
error, a careless editor, a copy cut short) or lost. The folder itself
still says which generations are complete: a build writes a generation's
``checksums.json`` (see ``integrity``) only after everything else in it is
committed. So when ``CURRENT`` cannot be read, or names no generation that
exists, ``live_generation`` answers the newest complete generation instead,
and ``remove_stale`` then removes only unfinished folders: no complete
generation is ever deleted because the pointer was unreadable. The next
build writes the pointer again.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import secrets
import shutil
import time
from collections.abc import Iterable
from pathlib import Path

from .. import config

POINTER_NAME = "CURRENT"
# Written last into a generation, after its index and manifest are committed (see ``integrity``).
CHECKSUMS_NAME = "checksums.json"
# What a generation from before checksums holds once its index is committed.
LEGACY_COMPLETE_NAME = "manifest.json"
# Readers hold a shared lock on this file of the generation they read.
READERS_NAME = ".readers"
GENERATION_RE = re.compile(r"gen-(\d{6,})-[0-9a-f]{6}")
# Whoosh's writer lock; each generation gets its own, never a shared inode.
WRITE_LOCK_SUFFIX = "_WRITELOCK"


def generation_number(name: str) -> int:
    match = GENERATION_RE.fullmatch(name)
    if match is None:
        raise ValueError(f"not a generation's name: {name!r}")
    return int(match.group(1))


def list_generations(index_dir: Path) -> list[str]:
    """Names of every generation folder in ``index_dir``, oldest first."""
    try:
        names = [p.name for p in Path(index_dir).iterdir()
                 if p.is_dir() and GENERATION_RE.fullmatch(p.name)]
    except FileNotFoundError:
        return []
    return sorted(names, key=generation_number)


def read_current(index_dir: Path) -> str | None:
    """The live generation's name, or None when there is none (or the pointer is damaged)."""
    try:
        name = (Path(index_dir) / POINTER_NAME).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name if GENERATION_RE.fullmatch(name) else None


def is_complete(folder: Path) -> bool:
    """Was ``folder`` committed by a build? (Its checksums are written last; a generation
    from before checksums has its manifest, and says nothing of checksums in it.)"""
    folder = Path(folder)
    if (folder / CHECKSUMS_NAME).is_file():
        return True
    try:
        data = json.loads((folder / LEGACY_COMPLETE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and "checksums" not in data


def live_generation(index_dir: Path) -> str | None:
    """The generation to read: the one ``CURRENT`` names, or, when the pointer is damaged,
    missing or names no generation folder, the newest complete generation (None: none)."""
    index_dir = Path(index_dir)
    name = read_current(index_dir)
    if name is not None and (index_dir / name).is_dir():
        return name
    return newest_complete(index_dir)


def newest_complete(index_dir: Path) -> str | None:
    """The newest generation folder of ``index_dir`` that a build committed, or None."""
    for name in reversed(list_generations(index_dir)):
        if is_complete(Path(index_dir) / name):
            return name
    return None


def pointer_is_sound(index_dir: Path) -> bool:
    """Does ``CURRENT`` name a generation folder that exists? (False when there is none.)"""
    name = read_current(index_dir)
    return name is not None and (Path(index_dir) / name).is_dir()


def new_generation(index_dir: Path, base: Path | None = None,
                   leave: frozenset[str] = frozenset()) -> Path:
    """Create the next generation's folder, empty or sharing the files of ``base``
    (except those named in ``leave``: damaged files, see ``integrity``).

    The number is larger than every existing folder's, so a name is never reused;
    the random part tells apart two indexes built after deleting the folder.
    """
    index_dir = Path(index_dir)
    existing = list_generations(index_dir)
    number = generation_number(existing[-1]) + 1 if existing else 1
    path = index_dir / f"gen-{number:06d}-{secrets.token_hex(3)}"
    path.mkdir(parents=True)
    (path / READERS_NAME).touch()  # its own inode: never linked from ``base``
    if base is not None:
        for source in Path(base).iterdir():
            if (source.is_file() and not source.name.endswith(WRITE_LOCK_SUFFIX)
                    and not source.name.startswith(".")  # nor stray temporary files
                    and source.name != CHECKSUMS_NAME and source.name not in leave):
                _link_or_copy(source, path / source.name)
    return path


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links
        shutil.copy2(source, target)


def flush_to_disk(folder: Path) -> None:
    """fsync every file of ``folder`` and the folder itself, so a power cut cannot undo them."""
    for path in Path(folder).iterdir():
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Replace ``path`` with ``data`` (bytes, or pieces of bytes written one after another, so
    that a large file need not be held whole) so that readers see the old or the new content,
    never a mix."""
    path = Path(path)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temp, "wb") as stream:
            if isinstance(data, bytes):
                stream.write(data)
            else:
                stream.writelines(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:  # a full disk, Ctrl-C: leave nothing behind
        temp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def publish(index_dir: Path, name: str) -> None:
    """Make generation ``name`` the live one (it must be complete and flushed)."""
    write_atomically(Path(index_dir) / POINTER_NAME, f"{name}\n".encode("ascii"))


def remove_stale(index_dir: Path, *, grace: float | None = None) -> list[str]:
    """Delete unfinished and replaced generations; keep the live one, and the previous while needed.

    The previous generation stays while a reader holds it, and for at least
    ``grace`` seconds (default ``config.PREVIOUS_INDEX_GRACE``) after it was
    replaced. Call only while holding the build lock: a folder newer than the
    live one is then the remains of a build that failed or was killed. While
    ``CURRENT`` is damaged, only unfinished folders go: every complete
    generation stays until a build has written the pointer again.
    """
    index_dir = Path(index_dir)
    grace = config.PREVIOUS_INDEX_GRACE if grace is None else grace
    names = list_generations(index_dir)
    if not pointer_is_sound(index_dir):
        removed = [name for name in names if not is_complete(index_dir / name)
                   and _remove_unless_held(index_dir / name, must=True)]
        _remove_temporary(index_dir)
        return removed
    current = read_current(index_dir)
    previous = None
    if current in names:
        older = [n for n in names if generation_number(n) < generation_number(current)]
        previous = older[-1] if older else None
    removed = []
    for name in names:
        if name == current:
            continue
        if name == previous and replaced_for(index_dir) < grace:
            continue
        if _remove_unless_held(index_dir / name, must=name != previous):
            removed.append(name)
    _remove_temporary(index_dir)
    return removed


def _remove_temporary(index_dir: Path) -> None:
    """The temporary files of a pointer move that was stopped (by a kill: nothing else leaves one)."""
    for temp in index_dir.glob(f".{POINTER_NAME}.*.tmp"):
        temp.unlink(missing_ok=True)


def replaced_for(index_dir: Path) -> float:
    """Seconds since ``CURRENT`` last moved (every other generation was replaced at least that long ago)."""
    try:
        return max(0.0, time.time() - (Path(index_dir) / POINTER_NAME).stat().st_mtime)
    except OSError:
        return float("inf")


def _remove_unless_held(folder: Path, *, must: bool) -> bool:
    """Remove ``folder`` unless a reader holds it (or in any case when ``must``); True if removed."""
    try:
        fd = os.open(folder / READERS_NAME, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        fd = None  # a generation from before readers announced themselves, or unfinished
    try:
        if fd is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not must:
                    return False
            # Readers arriving from now on find the file gone and read CURRENT again.
            (folder / READERS_NAME).unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
        return True
    finally:
        if fd is not None:
            os.close(fd)
