"""Where a build starts: the live generation as found on disk, and what of it can be built on.

A build normally starts from the generation ``CURRENT`` names, links its
files into the next generation and changes what changed. Two kinds of
damage change that, and this module decides what to do about them before
anything is read:

- ``CURRENT`` cannot be read or names no generation: the newest complete
  generation is the live one (``store.generations.live_generation``); the
  build goes on from it, exactly as it would have, and writes the pointer
  again. An emptied or unmounted source folder is then still taken for
  unreadable, never for deleted, and nothing is rebuilt from nothing.
- Files of the live generation do not match their checksums
  (``store.integrity``): a damaged file is never linked into the next
  generation. When only segment files are damaged, the other segments are
  kept and the files whose documents were in the damaged ones are read
  again (``engine.repair``); any other damage (the table of contents, the
  manifest, the checksums themselves) has everything read again, with the
  manifest, when it is intact, still protecting the documents of folders
  that cannot be read just now.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..engine import repair
from ..errors import DocumentError
from ..store import generations, integrity
from ..store.manifest import MANIFEST_NAME, Manifest, load_manifest
from .plan import Plan


@dataclass
class Start:
    """What a build starts from."""

    # The generation found live (None: there is none) and whether the pointer had to be recovered.
    live: str | None = None
    recovered: bool = False
    # Its manifest when it can be trusted, and its check (whose digests the next generation reuses).
    manifest: Manifest | None = None
    verdict: integrity.Verdict | None = None
    # Damaged segment files (not linked into the next generation) and their segments.
    leave: frozenset[str] = frozenset()
    segments: frozenset[str] = frozenset()
    # The ids of the documents in the intact segments, when some segments are damaged.
    present: set[str] | None = None
    # Nothing of the index can be kept: every file is read again.
    whole: bool = False
    # What was found and done, one line each, for the build's report.
    notes: list[str] = field(default_factory=list)


def find_start(index_dir: Path) -> Start:
    """Look at the index in ``index_dir`` (under the build lock) and say what a build starts from."""
    index_dir = Path(index_dir)
    live = generations.live_generation(index_dir)
    if live is None:
        return Start()
    start = Start(live, recovered=not generations.pointer_is_sound(index_dir))
    if start.recovered:
        start.notes.append(f"the index pointer {index_dir / generations.POINTER_NAME} was damaged; "
                           f"{live}, the newest complete generation, is live again")
    folder = index_dir / live
    start.verdict = verdict = integrity.verify(folder)
    damaged = [d.name for d in verdict.damage]
    if MANIFEST_NAME not in damaged and generations.CHECKSUMS_NAME not in damaged:
        start.manifest = load_manifest(folder)
    if verdict.ok:
        error = repair.opening_error(folder)
        if error is not None:
            start.whole = True
            start.notes.append(f"{live} cannot be opened ({type(error).__name__}: {error}); "
                               "every file is read again")
        return start
    what = "; ".join(str(d) for d in verdict.damage)
    segments = repair.damaged_segments(damaged)
    if segments is not None and start.manifest is not None:
        try:
            start.present = repair.intact_ids(folder, segments)
        except Exception:  # noqa: BLE001 - the rest is damaged too, unseen by its checksums
            start.present = None
        if start.present is not None:
            start.leave, start.segments = frozenset(damaged), segments
            start.notes.append(f"{live} was damaged ({what}); the documents of the damaged "
                               "part are read again from their files")
            return start
    start.whole = True
    start.notes.append(f"{live} was damaged ({what}); every file is read again")
    return start


def read_again(plan: Plan, present: set[str]) -> list[str]:
    """Have ``plan`` read again the kept files whose documents are not in ``present`` (they were
    in a damaged segment); the paths to read again, sorted.

    A file that cannot be read just now cannot have its document restored: it is
    named as unreadable and left out of the manifest, so a later build reads it
    as a new file once it can.
    """
    again = []
    for path, record in sorted(plan.keep.items()):
        if record.doc_id in present:
            continue
        del plan.keep[path]
        if path in plan.kept_unread:
            plan.kept_unread.remove(path)
            plan.unreadable.append(DocumentError(
                path, "cannot be read just now, and its document was in the damaged part of the "
                      "index; it is indexed again once it can be read"))
        else:
            again.append(path)
    for path, record in list(plan.drop.items()):
        if record.doc_id not in present:  # changed or deleted, and its document already gone
            del plan.drop[path]
            if path not in plan.removed:
                again.append(path)
    plan.parse = sorted(set(plan.parse) | set(again))
    return sorted(set(again))
