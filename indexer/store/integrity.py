"""Checksums of every file of a generation, so that damage is found before anything is served.

A flipped byte in a posting list, a term dictionary, stored fields, a
column, an array file or the manifest is not noticed by Whoosh: it gives
tracebacks, or worse, answers that are silently wrong (199 documents of
200), and an incremental build would link the damaged file into every later
generation. So a build writes, as the last file of each generation,
``checksums.json``: the size and SHA-256 of every other file in it
(``record``). A generation is checked against it before it is opened,
built on, or served (``verify``), and a damaged one is reported
(``IndexDamaged``: which file, and what to do), never searched, and rebuilt
by the next build (``indexer.repair``).

Reading the whole index to check it costs about a second per gigabyte: fine
once, too much for every ``refsearch search`` or every web request. So the
verdict of a full check is kept, in the process and beside the files, in
``.verified``, which records each file's inode, size and modification time
as they were when the file was last read whole and found intact. A check
compares those with the files (a few ``stat`` calls) and reads again only
when something changed: any write through the file system moves a file's
modification time, a replaced file has another inode, and the hard links an
incremental build makes change none of the three. Damage that comes without
a write (a failing disk) is found by ``refsearch check``, which always reads
everything; when it finds damage it removes ``.verified``, so every reader
and the next build check that generation in full too.

A generation written before checksums existed cannot be checked; it is
opened as before (``Verdict.legacy``), and the next build gives its
successor checksums.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import IndexDamaged
from .generations import (
    CHECKSUMS_NAME,
    LEGACY_COMPLETE_NAME,
    WRITE_LOCK_SUFFIX,
    live_generation,
    pointer_is_sound,
    write_atomically,
)
from .manifest import file_sha256

# Beside the files of a generation: their identities when last found intact (a dot file,
# so a build never links it into the next generation).
STAMP_NAME = ".verified"
CHECKSUMS_FORMAT = 1

# (inode, size, modification time in ns) of a file; None when it is missing.
Identity = tuple[int, int, int]


@dataclass(frozen=True)
class Damage:
    """One damaged file of a generation and what is wrong with it."""

    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name} {self.reason}"


@dataclass(frozen=True)
class Verdict:
    """What a check found in one generation folder."""

    generation: str
    damage: tuple[Damage, ...] = ()
    # Written before checksums existed: opened as it is, never checked.
    legacy: bool = False
    # Every file found intact: name -> (identity, SHA-256). A build reuses the digests of
    # the files it links from this generation instead of reading them again.
    intact: dict[str, tuple[Identity, str]] = field(default_factory=dict, compare=False)
    # True when every byte was read (not trusted from ``.verified``).
    whole: bool = False

    @property
    def ok(self) -> bool:
        return not self.damage

    @property
    def size(self) -> int:
        return sum(identity[1] for identity, _ in self.intact.values())


def covered(name: str) -> bool:
    """Is the file ``name`` of a generation recorded in its checksums?"""
    return not (name.startswith(".") or name.endswith(WRITE_LOCK_SUFFIX) or name == CHECKSUMS_NAME)


def _identity(path: Path | str) -> Identity | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _files_digest(files: dict) -> str:
    """The digest of the checksums themselves, so that damage to them is told from damage to a file."""
    return hashlib.sha256(json.dumps(files, sort_keys=True).encode("ascii")).hexdigest()


# ---- writing ----------------------------------------------------------------


def record(folder: Path, known: Verdict | None = None) -> Verdict:
    """Write the checksums of every file of ``folder`` (a finished, unpublished generation).

    A file linked from the generation ``known`` describes, with the identity
    it had when found intact, keeps its digest without being read again: an
    incremental build reads only what it wrote.
    """
    folder = Path(folder)
    files: dict[str, dict] = {}
    intact: dict[str, tuple[Identity, str]] = {}
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not covered(path.name) or not path.is_file():
            continue
        identity = _identity(path)
        if identity is None:  # gone since the listing: nothing to vouch for
            continue
        reused = known.intact.get(path.name) if known is not None else None
        digest = reused[1] if reused is not None and reused[0] == identity else file_sha256(path)
        files[path.name] = {"size": identity[1], "sha256": digest}
        intact[path.name] = (identity, digest)
    data = {"format": CHECKSUMS_FORMAT, "algorithm": "sha256", "files": files,
            "digest": _files_digest(files)}
    write_atomically(folder / CHECKSUMS_NAME, json.dumps(data, indent=1).encode("ascii"))
    _write_stamp(folder, _files_digest(files), {name: ident for name, (ident, _) in intact.items()})
    return Verdict(folder.name, intact=intact, whole=True)


def _write_stamp(folder: Path, sums_digest: str, identities: dict[str, Identity]) -> None:
    """Remember that the files with these identities were found intact (best effort: a
    read-only folder is checked in full by each process instead)."""
    data = json.dumps({"checksums": sums_digest, "files": identities}).encode("ascii")
    temp = folder / f"{STAMP_NAME}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        temp.write_bytes(data)
        os.replace(temp, folder / STAMP_NAME)
    except OSError:
        temp.unlink(missing_ok=True)


def _remove_stamp(folder: Path) -> None:
    try:
        (folder / STAMP_NAME).unlink(missing_ok=True)
    except OSError:
        pass


# ---- checking ---------------------------------------------------------------


@dataclass(frozen=True)
class _Sums:
    """A generation's checksums as read: name -> (size, SHA-256), and their own digest."""

    files: dict[str, tuple[int, str]]
    digest: str


def _read_sums(folder: Path) -> _Sums | None:
    """The checksums of ``folder``; None when the file is damaged."""
    try:
        data = json.loads((folder / CHECKSUMS_NAME).read_bytes())
        files = data["files"]
        if data["format"] != CHECKSUMS_FORMAT or data["digest"] != _files_digest(files):
            return None
        return _Sums({name: (int(entry["size"]), str(entry["sha256"])) for name, entry in files.items()},
                     data["digest"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        return None


def _stamp_matches(folder: Path, sums: _Sums, identities: dict[str, Identity | None]) -> bool:
    try:
        data = json.loads((folder / STAMP_NAME).read_bytes())
        return (data["checksums"] == sums.digest
                and {name: tuple(value) for name, value in data["files"].items()} == identities)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def _check_whole(folder: Path, sums: _Sums, identities: dict[str, Identity | None]) -> Verdict:
    """Read every file of ``folder`` and compare it with its checksum."""
    damage, intact = [], {}
    for name, (size, digest) in sorted(sums.files.items()):
        identity = identities[name]
        if identity is None:
            damage.append(Damage(name, "is missing"))
        elif identity[1] != size:
            damage.append(Damage(name, f"has {identity[1]:,} bytes, not {size:,}"))
        else:
            try:
                found = file_sha256(folder / name)
            except OSError as error:
                damage.append(Damage(name, f"cannot be read ({(error.strerror or str(error)).lower()})"))
                continue
            if found != digest:
                damage.append(Damage(name, "does not match its checksum"))
            else:
                intact[name] = (identity, digest)
    return Verdict(folder.name, tuple(damage), intact=intact, whole=True)


def _unsealed(folder: Path) -> Verdict:
    """The verdict on a generation without checksums: written before them, or it lost them."""
    try:
        data = json.loads((folder / LEGACY_COMPLETE_NAME).read_bytes())
    except (OSError, ValueError):
        data = None
    if isinstance(data, dict) and "checksums" in data:
        return Verdict(folder.name, (Damage(CHECKSUMS_NAME, "is missing"),))
    return Verdict(folder.name, legacy=True)


# Per folder: the identities the last verdict was reached on, and the verdict; and the
# checksums as last read, with the identity of their file. Bounded: the oldest folders go.
_verdicts: dict[str, tuple[tuple, Verdict]] = {}
_sums: dict[str, tuple[Identity, _Sums | None]] = {}
_verdicts_lock = threading.Lock()
# Generation folders whose verdicts a process remembers (a server lives through many builds).
REMEMBERED_FOLDERS = 16


def _bounded(table: dict, key: str, value) -> None:
    """Set ``table[key]`` (under ``_verdicts_lock``), dropping the oldest folders past the bound."""
    table.pop(key, None)
    table[key] = value
    while len(table) > REMEMBERED_FOLDERS:
        del table[next(iter(table))]


def _sums_of(key: str, folder: Path, identity: Identity) -> _Sums | None:
    """The checksums of ``folder``, read again only when their file changed."""
    with _verdicts_lock:
        found = _sums.get(key)
    if found is not None and found[0] == identity:
        return found[1]
    sums = _read_sums(folder)
    with _verdicts_lock:
        _bounded(_sums, key, (identity, sums))
    return sums


def verify(folder: Path, *, whole: bool = False) -> Verdict:
    """Check generation ``folder`` against its checksums.

    Cheap when nothing changed since the last check in this process, or since
    the last full check anywhere (``.verified``); otherwise, and always with
    ``whole``, every file is read.
    """
    return _verify(Path(folder), whole=whole, again=False)[1]


def _verify(folder: Path, *, whole: bool, again: bool) -> tuple[tuple, Verdict]:
    """The signature of ``folder``'s files and the verdict on them; ``again`` reads every
    file whatever this process found before."""
    key = os.path.abspath(folder)  # strings: this runs on every web request
    sums_identity = _identity(os.path.join(key, CHECKSUMS_NAME))
    if sums_identity is None:
        signature: tuple = ("unsealed", _identity(folder / LEGACY_COMPLETE_NAME))
        found = _cached(key, signature, whole=False)
        return signature, found if found is not None else _remember(key, signature, _unsealed(folder))
    sums = _sums_of(key, folder, sums_identity)
    if sums is None:
        return ("damaged", sums_identity), Verdict(folder.name, (Damage(CHECKSUMS_NAME, "is damaged"),))
    identities = {name: _identity(os.path.join(key, name)) for name in sums.files}
    signature = (sums_identity, _identity(os.path.join(key, STAMP_NAME)), tuple(identities.items()))
    found = None if again else _cached(key, signature, whole=whole)
    if found is not None:
        return signature, found
    if not whole and _stamp_matches(folder, sums, identities):
        intact = {name: (ident, digest) for name, (_, digest) in sums.files.items()
                  if (ident := identities[name]) is not None}
        return signature, _remember(key, signature, Verdict(folder.name, intact=intact))
    verdict = _check_whole(folder, sums, identities)
    if verdict.ok:
        _write_stamp(folder, sums.digest, {n: i for n, i in identities.items() if i is not None})
    else:
        _remove_stamp(folder)
    signature = (sums_identity, _identity(folder / STAMP_NAME), signature[2])
    return signature, _remember(key, signature, verdict)


def _cached(key: str, signature: tuple, *, whole: bool) -> Verdict | None:
    with _verdicts_lock:
        found = _verdicts.get(key)
    if found is None or found[0] != signature or (whole and not found[1].whole):
        return None
    return found[1]


def _remember(key: str, signature: tuple, verdict: Verdict) -> Verdict:
    with _verdicts_lock:
        _bounded(_verdicts, key, (signature, verdict))
    return verdict


def require_intact(index_dir: Path, name: str) -> Verdict:
    """The verdict on generation ``name``; ``IndexDamaged`` when it is damaged."""
    verdict = verify(Path(index_dir) / name)
    if not verdict.ok:
        raise damaged(index_dir, verdict)
    return verdict


def damaged(index_dir: Path, verdict: Verdict) -> IndexDamaged:
    """The error that reports the damage ``verdict`` found."""
    return IndexDamaged(index_dir, verdict.generation, [str(d) for d in verdict.damage])


# Per folder: the signature of its files when a failure last had it read in full.
_confirmed: dict[str, tuple] = {}


def confirm(index_dir: Path, name: str, error: BaseException) -> None:
    """After ``error`` while reading generation ``name``: raise ``IndexDamaged`` when reading
    every file finds damage; return otherwise. Read in full once per state of the files, so
    that a failure that is not damage costs one full check, not one per request."""
    folder = Path(index_dir) / name
    key = str(folder.absolute())
    with _verdicts_lock:
        before = _confirmed.get(key)
        remembered = _verdicts.get(key)
    if before is not None and remembered is not None and remembered[0] == before:
        verdict = remembered[1]
    else:
        signature, verdict = _verify(folder, whole=True, again=True)
        with _verdicts_lock:
            _bounded(_confirmed, key, signature)
    if not verdict.ok:
        raise damaged(index_dir, verdict) from error


@dataclass(frozen=True)
class IndexCheck:
    """What ``refsearch check`` found in an index folder."""

    generation: str | None
    pointer_sound: bool
    verdict: Verdict | None
    seconds: float


def check_index(index_dir: Path) -> IndexCheck:
    """Check the live generation of ``index_dir`` in full: every byte of every file, and the pointer.

    Damage found removes ``.verified``, so that every process reading the
    generation, and the next build, find it too.
    """
    started = time.monotonic()
    index_dir = Path(index_dir)
    name = live_generation(index_dir)
    verdict = _verify(index_dir / name, whole=True, again=True)[1] if name is not None else None
    return IndexCheck(name, pointer_is_sound(index_dir), verdict, time.monotonic() - started)
