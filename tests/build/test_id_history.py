"""The id history: every id a build stops holding points to the id its document has now, in one
step, or says the document is gone; an id held again leaves it."""
from __future__ import annotations

import datetime as dt

import pytest

from indexer.build.lasting import history
from indexer.store.manifest import FileRecord, Gone, IdHistory

DAY = dt.date(2026, 3, 1)


def rec(path: str, doc_id: str, title: str = "") -> FileRecord:
    return FileRecord(path, 1, 1, "0" * 64, doc_id, title=title)


@pytest.mark.parametrize("previous, before, after, moves, expected", [
    # a file whose metadata now names another id
    (IdHistory(), [rec("/a.txt", "h1")], [rec("/a.txt", "4e5f6a7b2")], {},
     IdHistory({"h1": "4e5f6a7b2"})),
    # a file moved that got another id on the way
    (IdHistory(), [rec("/a.txt", "h1")], [rec("/b/a.txt", "h1-0badcafe")], {"/a.txt": "/b/a.txt"},
     IdHistory({"h1": "h1-0badcafe"})),
    # an earlier redirect follows its target, so every redirect is one step
    (IdHistory({"h0": "h1"}), [rec("/a.txt", "h1")], [rec("/a.txt", "h2")], {},
     IdHistory({"h0": "h2", "h1": "h2"})),
    # a file gone: its id says what it was
    (IdHistory({"h0": "h1"}), [rec("/a.txt", "h1", "Mali note")], [], {},
     IdHistory({}, {"h0": Gone("Mali note", "a.txt", "2026-03-01"),
                    "h1": Gone("Mali note", "a.txt", "2026-03-01")})),
    # a file put back takes its id back out of the history
    (IdHistory({}, {"h1": Gone("Mali note", "a.txt", "2026-01-01")}), [], [rec("/a.txt", "h1")], {},
     IdHistory()),
    # nothing changed
    (IdHistory({"h0": "h1"}), [rec("/a.txt", "h1")], [rec("/a.txt", "h1")], {}, IdHistory({"h0": "h1"})),
])
def test_the_id_history_after_a_build(previous, before, after, moves, expected):
    got = history(previous, {r.path: r for r in before}, {r.path: r for r in after}, moves, DAY)
    assert got == expected


def test_the_id_history_survives_the_manifest(tmp_path):
    from indexer.store.manifest import Manifest, load_manifest, save_manifest

    ids = IdHistory({"h0": "h1"}, {"h9": Gone("Old memo", "memo.txt", "2026-01-01")})
    save_manifest(tmp_path, Manifest({"/a.txt": rec("/a.txt", "h1")}, "schema", {}, ids))
    assert load_manifest(tmp_path).ids == ids
