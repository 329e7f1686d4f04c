"""Two files that claim one document id: both are indexed, and the clash is named.

A document's id comes from its own metadata (its Refworld docid or new-site
id) or, without any, from its content hash, so two different files can
claim one id: the same Refworld page saved as a page and as an edited text
dump, say. Neither may be lost for it. The file indexed first (already
indexed, else first in path order) keeps the id; each other one is indexed
under a *second id*, the claimed one followed by the first eight characters
of its SHA-256 (``484f9a2ac-1f0c9e7a``), which stays the same while the file
does. Two files with the same bytes are one document: the second is skipped
as a duplicate.

The manifest is enough to find every clash again (a second id is the
claimed one plus the file's own hash), so a build names them on every run
until one of the files goes; then the other takes its id back.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import shown_path
from ..store.manifest import FileRecord

# Characters of the content hash that make a second id.
SECOND_ID_HASH_CHARS = 8
_SECOND_ID_RE = re.compile(rf"^(?P<claimed>.+)-(?P<hash>[0-9a-f]{{{SECOND_ID_HASH_CHARS}}})$")


def second_id(claimed: str, sha256: str) -> str:
    """The id a document claiming ``claimed`` is indexed under when another file holds it."""
    return f"{claimed}-{sha256[:SECOND_ID_HASH_CHARS]}"


def claimed_id(doc_id: str, sha256: str) -> str:
    """The id a document claims, given the id it is indexed under and its file's hash."""
    match = _SECOND_ID_RE.match(doc_id)
    if match and sha256.startswith(match["hash"]):
        return match["claimed"]
    return doc_id


@dataclass(frozen=True)
class Clash:
    """A file indexed under a second id because another file holds the id its document claims."""

    path: str
    holder: str
    claimed: str
    indexed_as: str

    def __str__(self) -> str:
        return (f"{shown_path(self.path)}: claims document id {self.claimed}, as "
                f"{shown_path(self.holder)} does; both are indexed, this one as {self.indexed_as}")


@dataclass(frozen=True)
class Assigned:
    """The id a document read just now gets, or the file holding its very bytes."""

    doc_id: str | None
    duplicate_of: str | None = None


class Claims:
    """Which file holds each document id while a build writes, and so the id each document gets.

    ``records`` are the build's own records (path -> ``FileRecord``), which it
    keeps up to date as it writes; the claims follow what is given out here.
    """

    def __init__(self, records: Mapping[str, FileRecord]):
        self._records = records
        self.holders = {record.doc_id: path for path, record in records.items()}

    def give(self, path: str, claimed: str, sha256: str) -> Assigned:
        """The id for the document of ``path``: the one it claims, else its second id.

        None, with the holder, when a file with the same bytes holds it; also
        when another file holds the second id, which needs both hashes to
        begin alike (one chance in four billion).
        """
        holder = None
        for doc_id in (claimed, second_id(claimed, sha256)):
            holder = self.holders.get(doc_id)
            if holder is None:
                self.holders[doc_id] = path
                return Assigned(doc_id)
            held = self._records.get(holder)
            if held is not None and held.sha256 == sha256:
                break
        return Assigned(None, holder)

    def again(self, path: str, claimed: str, sha256: str, *, reclaim: bool) -> str | None:
        """The id for an indexed document read again: as it was, or with ``reclaim`` the
        claimed one if it is free now; None when the file changed since it was indexed."""
        old = self._records[path]
        if sha256 != old.sha256 or claimed != claimed_id(old.doc_id, old.sha256):
            return None
        if not reclaim:
            return old.doc_id
        self.holders.pop(old.doc_id, None)
        return self.give(path, claimed, sha256).doc_id


def find_clashes(records: Mapping[str, FileRecord]) -> list[Clash]:
    """Every indexed file whose document holds a second id while another file holds the first."""
    holders = {record.doc_id: path for path, record in records.items()}
    clashes = []
    for path in sorted(records):
        record = records[path]
        claimed = claimed_id(record.doc_id, record.sha256)
        if claimed != record.doc_id and claimed in holders:
            clashes.append(Clash(path, holders[claimed], claimed, record.doc_id))
    return clashes


def freed(records: Mapping[str, FileRecord]) -> list[str]:
    """Files indexed under a second id whose claimed id no file holds any longer."""
    held = {record.doc_id for record in records.values()}
    return sorted(path for path, record in records.items()
                  if (claimed := claimed_id(record.doc_id, record.sha256)) != record.doc_id
                  and claimed not in held)
