"""Faults injected into a real `refsearch index` run, for the reliability checks.

``python -m bench.reliability.faults FAULT[,FAULT...] -- ARGS...`` installs the named
faults, then runs ``refsearch ARGS...`` in this process, so the faults reach
every process the build forks (reading and writing processes inherit them).
Nothing in ``indexer`` imports this module.

- ``disk-full-writing``: every process writing the index gets ENOSPC after a
  few documents (the parallel writers when the build writes on every core).
- ``disk-full-manifest``, ``disk-full-flush``, ``disk-full-publish``: ENOSPC
  when the finished generation's manifest is saved, when it is flushed to
  disk, when the pointer is moved.
- ``disk-full-manifest-write``: ENOSPC writing the manifest's temporary file,
  once it exists (what a full disk does to the only write of a run that
  finds nothing changed but files touched).
- ``ctrl-c-commit``: the terminal's Ctrl-C (SIGINT to the whole process
  group) just as the writers are told to finish: "near the end".
- ``ctrl-c-flush``: Ctrl-C after the index is written, before it is published.
- ``slow-file``, ``greedy-file``: a file whose name contains
  "pathological-spin" spins for ever when read, one whose name contains
  "pathological-hog" allocates memory without end.
- ``parallel-writing``: write on every core however few documents there are.
- ``no-grace``: a replaced index generation has no grace period.
- ``unreadable-folder``: listing the folder named by ``$REFSEARCH_UNREADABLE``
  fails with "permission denied" (as a ``chmod 000`` folder would for any
  user but root).
- ``unreadable-file``: reading the file named by ``$REFSEARCH_UNREADABLE``
  fails with "permission denied".
"""
from __future__ import annotations

import errno
import os
import signal
import sys
from collections.abc import Callable

# Documents each writing process writes before its disk "fills".
DOCUMENTS_BEFORE_FULL = 20


def _enospc(what: str) -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), what)


def _ctrl_c() -> None:
    """What a terminal does on Ctrl-C: SIGINT to every process of the foreground group."""
    os.killpg(os.getpgrp(), signal.SIGINT)


def _disk_full_writing() -> None:
    from indexer.engine import writer

    real = writer._SegmentWriter.add_document
    written: dict[int, int] = {}  # documents added, by writing process

    def add_document(self, **fields):
        count = written[os.getpid()] = written.get(os.getpid(), 0) + 1
        if count > DOCUMENTS_BEFORE_FULL:
            raise _enospc("a segment file")
        return real(self, **fields)
    setattr(writer._SegmentWriter, "add_document", add_document)  # noqa: B010 - a method replaced


def _fail_before(module, name: str, action: Callable[[], None]) -> None:
    real = getattr(module, name)

    def failing(*args, **kwargs):
        action()
        return real(*args, **kwargs)
    setattr(module, name, failing)


def _raise(error: BaseException) -> Callable[[], None]:
    def action():
        raise error
    return action


def _disk_full_manifest() -> None:
    from indexer import build
    _fail_before(build, "save_manifest", _raise(_enospc("manifest.json")))


def _disk_full_manifest_write() -> None:
    from indexer.store import generations

    def failing_open(path, mode="r", *args, **kwargs):
        stream = open(path, mode, *args, **kwargs)
        if "w" in mode and os.path.basename(path).startswith(".manifest.json."):
            stream.close()  # created, and the disk refuses its bytes
            raise _enospc(os.fspath(path))
        return stream
    generations.open = failing_open  # type: ignore[attr-defined]  # shadows the builtin for that module


def _disk_full_flush() -> None:
    from indexer.store import generations
    _fail_before(generations, "flush_to_disk", _raise(_enospc("a segment file")))


def _disk_full_publish() -> None:
    from indexer.store import generations
    _fail_before(generations, "write_atomically", _raise(_enospc("CURRENT")))


def _ctrl_c_commit() -> None:
    from indexer.engine import writer
    _fail_before(writer._TiedWriter, "_commit", _ctrl_c)
    _fail_before(writer._SegmentWriter, "commit", _ctrl_c)


def _ctrl_c_flush() -> None:
    from indexer.store import generations
    _fail_before(generations, "flush_to_disk", _ctrl_c)


def _pathological(mark: str, behaviour: Callable[[], None]) -> None:
    from indexer.documents import pool
    real = pool.read_reading

    def read_document(path, **kwargs):
        if mark in path.name:
            behaviour()
        return real(path, **kwargs)
    pool.read_reading = read_document


def _spin() -> None:
    while True:
        pass


def _hog() -> None:
    chunks = []
    while True:
        chunks.append(bytearray(16 * 2**20))


def _permission_denied(what: str) -> PermissionError:
    return PermissionError(errno.EACCES, os.strerror(errno.EACCES), what)


def _unreadable_folder() -> None:
    target = os.environ["REFSEARCH_UNREADABLE"]
    real = os.scandir

    def scandir(path="."):
        if os.path.abspath(os.fspath(path)) == os.path.abspath(target):
            raise _permission_denied(target)
        return real(path)
    os.scandir = scandir


def _unreadable_file() -> None:
    import pathlib
    target = os.path.abspath(os.environ["REFSEARCH_UNREADABLE"])
    real = pathlib.Path.read_bytes

    def read_bytes(self):
        if os.path.abspath(self) == target:
            raise _permission_denied(str(self))
        return real(self)
    setattr(pathlib.Path, "read_bytes", read_bytes)  # noqa: B010 - a method replaced


def _no_grace() -> None:
    from indexer import config
    config.PREVIOUS_INDEX_GRACE = 0


def _parallel_writing() -> None:
    from indexer import build
    build.PARALLEL_WRITE_MIN_DOCS = 2


FAULTS: dict[str, Callable[[], None]] = {
    "parallel-writing": _parallel_writing,
    "no-grace": _no_grace,
    "unreadable-folder": _unreadable_folder,
    "unreadable-file": _unreadable_file,
    "disk-full-writing": _disk_full_writing,
    "disk-full-manifest": _disk_full_manifest,
    "disk-full-manifest-write": _disk_full_manifest_write,
    "disk-full-flush": _disk_full_flush,
    "disk-full-publish": _disk_full_publish,
    "ctrl-c-commit": _ctrl_c_commit,
    "ctrl-c-flush": _ctrl_c_flush,
    "slow-file": lambda: _pathological("pathological-spin", _spin),
    "greedy-file": lambda: _pathological("pathological-hog", _hog),
}


def install(names: str) -> None:
    """Install the comma-separated faults ``names``."""
    for name in filter(None, names.split(",")):
        FAULTS[name]()


def main(argv: list[str]) -> None:
    if len(argv) < 2 or argv[1] != "--":
        sys.exit(f"usage: python -m bench.reliability.faults FAULT[,FAULT...] -- ARGS...  "
                 f"(faults: {', '.join(FAULTS)})")
    install(argv[0])
    from indexer.cli import main as refsearch
    refsearch(args=argv[2:], prog_name="refsearch")


if __name__ == "__main__":
    main(sys.argv[1:])
