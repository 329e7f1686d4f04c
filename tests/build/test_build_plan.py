"""Deciding what an incremental build must do, from file metadata and hashes alone."""
from __future__ import annotations

import hashlib
import os

import pytest

from indexer.build.plan import plan_update
from indexer.store.manifest import FileRecord

CONTENT = b"Mali is a source country for trafficked children.\n"


@pytest.mark.parametrize("situation, new_content, shift_mtime, expected", [
    ("untouched", CONTENT, False, "keep"),
    # Same size and modification time are trusted without reading the file (``--rebuild``
    # reads everything again): an edit that keeps both is not seen.
    ("same size and time, other bytes", CONTENT.replace(b"Mali", b"Chad"), False, "keep"),
    ("touched, same bytes", CONTENT, True, "keep, touched"),
    ("same size, other bytes", CONTENT.replace(b"Mali", b"Chad"), True, "read, drop old"),
    ("other size", CONTENT + b"More.\n", True, "read, drop old"),
])
def test_a_known_file_is_kept_or_read_again(tmp_path, situation, new_content, shift_mtime,
                                            expected):
    path = tmp_path / "doc.txt"
    path.write_bytes(CONTENT)
    stat = path.stat()
    record = FileRecord(str(path), stat.st_size, stat.st_mtime_ns,
                        hashlib.sha256(CONTENT).hexdigest(), "doc1")
    path.write_bytes(new_content)
    mtime = stat.st_mtime_ns + (7_000_000_000 if shift_mtime else 0)
    os.utime(path, ns=(mtime, mtime))
    plan = plan_update([str(path)], {str(path): record})
    decided = []
    if str(path) in plan.keep:
        decided.append("keep")
    if plan.touched:
        decided.append("touched")
    if plan.parse == [str(path)]:
        decided.append("read")
    if plan.drop.get(str(path)) == record:
        decided.append("drop old")
    assert ", ".join(decided) == expected
    assert plan.removed == []


def test_new_and_deleted_files(tmp_path):
    new = tmp_path / "new.txt"
    new.write_bytes(CONTENT)
    gone = FileRecord(str(tmp_path / "gone.txt"), 10, 1, "0" * 64, "gone1")
    plan = plan_update([str(new)], {gone.path: gone})
    assert plan.parse == [str(new)]
    assert plan.removed == [gone.path]
    assert plan.drop == {gone.path: gone}
    assert plan.keep == {}
