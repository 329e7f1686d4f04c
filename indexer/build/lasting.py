"""Document ids that last: carried over edits, re-saves and moves, and never lost once given out.

A document's own metadata names it when it can (its Refworld docid or new-site
id); otherwise the reader names it by its content hash
(``documents.metadata.extract_id``), which any edit or re-save would change,
and every saved link to it would then fail. So a build gives the document of
a file it reads the id that file's document had:

- a file changed at the same path keeps its document's id, unless its
  metadata now names another one;
- a new file that is an indexed file moved (that file is gone, and the new
  one has its bytes, its decoded text, or its title and a text resembling
  its own from ``config.MOVED_RESEMBLANCE``) takes that file's id;
- any other file's document takes the id it claims.

Every id a build stops holding (a docid the document no longer claims, a
second id given up when the first is free again, a file gone) goes into the
manifest's ``IdHistory``: the id its document has now, or, when the document
left the archive, its title and file name. The web app redirects the one and
explains the other, so an id once issued always answers.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .. import config
from ..archive import Archive, open_archive
from ..duplicates import Signature, resemblance, signature, text_key
from ..errors import RefsearchError
from ..records import Document
from ..store.manifest import FileRecord, Gone, IdHistory
from .clashes import claimed_id


def names_itself(doc: Document) -> bool:
    """Whether the document's id comes from its own metadata rather than its content hash."""
    return doc.id != doc.sha256[:16]


def claim(doc: Document, earlier: FileRecord | None) -> str:
    """The id a document read from a file claims: the one its metadata names, else the one its
    file's document had (``earlier``: at this path, or before the file moved), else its own."""
    if earlier is None or names_itself(doc):
        return doc.id
    return claimed_id(earlier.doc_id, earlier.sha256)


@dataclass
class Lineage:
    """Which indexed file each file read by a build continues, so its document keeps its id.

    ``before`` are the live index's records by path, ``gone`` those of its files no longer on
    disk (a moved file takes one out), ``texts`` an indexed document's text by id, asked
    only of a gone document with the title of a new one.
    """

    before: Mapping[str, FileRecord]
    gone: dict[str, FileRecord]
    texts: Callable[[str], str | None] = lambda doc_id: None
    # The moves found: the old path -> the new one.
    moves: dict[str, str] = field(default_factory=dict)
    _signatures: dict[str, Signature | None] = field(default_factory=dict)

    def earlier(self, path: str, doc: Document) -> FileRecord | None:
        """The indexed record ``path``'s file continues: its own, else that of the file it was
        moved from (which is then taken), else None."""
        if (record := self.before.get(path)) is not None:
            return record
        found = self._moved_from(doc)
        if found is not None:
            del self.gone[found.path]
            self.moves[found.path] = path
        return found

    def __post_init__(self) -> None:
        # The gone files by what tells a move, so that matching costs a look-up, not a scan.
        self._by: dict[str, dict[str, list[str]]] = {"sha256": {}, "text": {}, "title": {}}
        for path, record in self.gone.items():
            for kind, value in (("sha256", record.sha256), ("text", record.text), ("title", record.title)):
                if value:
                    self._by[kind].setdefault(value, []).append(path)

    def _gone_with(self, kind: str, value: str | None) -> list[FileRecord]:
        return [self.gone[path] for path in self._by[kind].get(value or "", ()) if path in self.gone]

    def _moved_from(self, doc: Document) -> FileRecord | None:
        exact = self._gone_with("sha256", doc.sha256) or self._gone_with("text", text_key(doc))
        if exact:
            return exact[0]
        titled = self._gone_with("title", doc.title)
        if not titled:
            return None
        mine = signature(doc.text)
        best, score = None, config.MOVED_RESEMBLANCE
        for record in titled:
            theirs = self._signature(record.doc_id)
            if theirs is not None and (found := resemblance(mine, theirs)) >= score:
                best, score = record, found
        return best

    def _signature(self, doc_id: str) -> Signature | None:
        if doc_id not in self._signatures:
            text = self.texts(doc_id)
            self._signatures[doc_id] = signature(text) if text else None
        return self._signatures[doc_id]


class IndexedTexts:
    """The texts of the live index's documents, opened at the first question (a moved file
    that was edited too) and closed by the build once its first writing is done."""

    def __init__(self, index_dir: Path) -> None:
        self._index_dir = Path(index_dir)
        self._archive: Archive | None = None

    def __call__(self, doc_id: str) -> str | None:
        try:
            if self._archive is None:
                self._archive = open_archive(self._index_dir)
            return self._archive.document(doc_id).text
        except (RefsearchError, OSError, ValueError):  # no index, or damaged: no match, no failure
            return None

    def close(self) -> None:
        if self._archive is not None:
            self._archive.close()
            self._archive = None


def history(previous: IdHistory, before: Mapping[str, FileRecord], after: Mapping[str, FileRecord],
            moves: Mapping[str, str], today: dt.date | None = None) -> IdHistory:
    """The id history once a build has written ``after`` in place of ``before``.

    An id of ``before`` that no record holds now went to the document its file
    became (at the same path, or where it moved), else is gone; earlier
    entries follow the ids they point to, so a redirect is always one step.
    An id held again (a file put back) leaves the history.
    """
    removed = (today or dt.date.today()).isoformat()
    held = {record.doc_id for record in after.values()}
    moved: dict[str, str] = {}
    gone: dict[str, Gone] = {}
    for path, record in before.items():
        if record.doc_id in held:
            continue
        successor = after.get(path) or after.get(moves.get(path, ""))
        if successor is not None:
            moved[record.doc_id] = successor.doc_id
        else:
            gone[record.doc_id] = Gone(record.title, Path(record.path).name, removed)
    for old, new in previous.moved.items():
        if old in held or old in moved or old in gone:
            continue
        if new in held:
            moved[old] = new
        elif new in moved:
            moved[old] = moved[new]
        else:
            gone[old] = gone.get(new) or previous.gone.get(new) or Gone("", "", removed)
    for old, what in previous.gone.items():
        if old not in held and old not in moved:
            gone.setdefault(old, what)
    return IdHistory(moved, gone)
