"""Readers of index generations: announcing the one a process reads, and letting go of it.

A reader takes a shared ``flock`` on the ``.readers`` file of the generation
it reads (``hold``), after reading ``CURRENT`` and before opening anything
in it, and checks that the generation was not removed meanwhile (then
``CURRENT`` names a newer one, which it reads instead). A build removes a
replaced generation only under an exclusive lock on that file
(``generations.remove_stale``), so never while a reader holds it.

A process holds, for each index folder, the generation it opened last
(``announce``): opening a newer one lets go of the older, and the reader
that lets go removes the replaced generations once their grace period is
over, taking the build lock without waiting (a running build tidies up
itself), so a long-lived reader such as a web server frees the disk soon
after a rebuild rather than at the next one.
"""
from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path

from .. import config
from ..errors import IndexBusy
from . import generations
from .generations import READERS_NAME
from .locking import index_lock


class ReaderHold:
    """This process reads generation ``name``: a shared lock that keeps it from being removed."""

    def __init__(self, name: str, fd: int | None) -> None:
        self.name = name
        self._fd = fd

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None


def hold(index_dir: Path, name: str) -> ReaderHold | None:
    """Announce that this process reads generation ``name``; None when it was removed meanwhile.

    Take it after reading ``CURRENT`` and before opening anything in the
    generation. A generation without ``.readers`` (written before readers
    announced themselves) or whose file cannot be opened is read unannounced.
    """
    folder = Path(index_dir) / name
    try:
        fd = os.open(folder / READERS_NAME, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return ReaderHold(name, None) if folder.is_dir() and _finished(folder) else None
    except OSError:
        return ReaderHold(name, None)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        if os.fstat(fd).st_nlink == 0:  # removed after we opened it
            raise BlockingIOError
    except BlockingIOError:  # being removed: CURRENT names a newer generation by now
        os.close(fd)
        return None
    return ReaderHold(name, fd)


# The generation each index folder's reader in this process announced last.
_holds: dict[str, ReaderHold] = {}
# Index folders with a removal of replaced generations pending in this process.
_tidying: dict[str, threading.Timer] = {}
_readers_lock = threading.Lock()


def _finished(folder: Path) -> bool:
    """Does ``folder`` hold a committed index (a Whoosh table of contents)?"""
    return any(folder.glob("*.toc"))


def announce(index_dir: Path, hold: ReaderHold) -> None:
    """Remember ``hold`` as this process's reader of ``index_dir``; let go of an older one."""
    key = os.path.abspath(index_dir)
    with _readers_lock:
        older = _holds.get(key)
        _holds[key] = hold
    if older is not None and older.name != hold.name:
        older.release()
    if len(generations.list_generations(index_dir)) > 1:
        _tidy_later(index_dir)


def _tidy_later(index_dir: Path) -> None:
    """Remove replaced generations once their grace period is over (now, if it is)."""
    delay = config.PREVIOUS_INDEX_GRACE - generations.replaced_for(index_dir)
    if delay <= 0:
        _tidy(index_dir)
        return
    key = os.path.abspath(index_dir)
    with _readers_lock:
        if key in _tidying:
            return
        timer = _tidying[key] = threading.Timer(delay + 0.1, _tidy, (index_dir, key))
    timer.daemon = True
    timer.start()


def _tidy(index_dir: Path, key: str | None = None) -> None:
    """Remove what a build would remove, if no build is running; quietly give up otherwise."""
    if key is not None:
        with _readers_lock:
            _tidying.pop(key, None)
    try:
        with index_lock(index_dir, create=False):
            generations.remove_stale(index_dir)
    except (IndexBusy, OSError):
        pass  # a build is running (it tidies up itself), or the folder is read-only or gone
