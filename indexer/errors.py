"""The exceptions refsearch raises, each with a message that tells the user what to do.

They are translated at the edges: the CLI prints the message and exits
non-zero, the web app answers with ``http_status`` and a page or JSON body.
"""
from __future__ import annotations

import os
import re

# A file name byte that is not UTF-8, as Python keeps it (surrogateescape).
_ESCAPED_BYTE_RE = re.compile(r"\\udc([89a-f][0-9a-f])")


def shown_path(path: object) -> str:
    """A path as messages print it: as it is, or quoted with escapes when that is not safe.

    A file name may hold a newline (which would forge a line of a report), a
    terminal escape, an invisible direction override, or bytes that are not
    UTF-8. Such a name is printed in quotes with Python-style escapes
    (``'a\\nb.txt'``, ``'caf\\xe9.txt'``) so it reads as one unambiguous item;
    every other name is printed as it is.
    """
    text = os.fsdecode(path) if isinstance(path, bytes) else str(path)
    if text.isprintable() and not text.startswith(("'", '"')):
        return text
    return _ESCAPED_BYTE_RE.sub(r"\\x\1", repr(text))


class RefsearchError(Exception):
    """Base class: a problem the user can fix, never a bug."""

    http_status = 500


class DocumentError(RefsearchError):
    """One file could not be read as a document; the batch goes on without it."""

    http_status = 422

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(f"{shown_path(path)}: {reason}")
        self.path = str(path)
        self.reason = reason

    def __reduce__(self):
        # Rebuilt from (path, reason) so it survives a process pool's pickling.
        return (type(self), (self.path, self.reason))


class QueryError(RefsearchError):
    """A query or a search parameter is malformed."""

    http_status = 400


class QueryTooLong(QueryError):
    """The query is longer than ``config.MAX_QUERY_LENGTH``."""

    http_status = 413


class QueryTooCostly(QueryError):
    """A query that would cost too much to run: too deep, too many parts, too wide a wildcard."""

    http_status = 400


class SearchTimeout(RefsearchError):
    """A search ran past its time budget and was stopped."""

    http_status = 503

    def __init__(self, seconds: float) -> None:
        super().__init__(f"The search was stopped after {seconds:g} seconds. Narrow it (fewer or "
                         "longer wildcards, fewer words joined by OR, a filter) and try again.")
        self.seconds = seconds


class DocumentNotFound(RefsearchError):
    """No document in the index has the requested id."""

    http_status = 404


class DocumentMoved(DocumentNotFound):
    """An id the index gave out whose document has another id now: the web app redirects to it."""

    http_status = 308

    def __init__(self, doc_id: str, now: str) -> None:
        super().__init__(f"Document {doc_id} is now document {now}; open it as {now}.")
        self.doc_id = doc_id
        self.now = now


class DocumentGone(DocumentNotFound):
    """An id the index gave out whose document left the archive; ``title`` is what it was called."""

    def __init__(self, message: str, title: str) -> None:
        super().__init__(message)
        self.title = title


class IndexMissing(RefsearchError):
    """There is no complete index to search yet."""

    http_status = 503

    def __init__(self, index_dir: object) -> None:
        super().__init__(
            f"No search index at {index_dir}. Build it with: refsearch index --index {index_dir}"
        )
        self.index_dir = str(index_dir)


class IndexDamaged(RefsearchError):
    """A file of the index does not match its checksum (or is missing): nothing is searched in it."""

    http_status = 503

    def __init__(self, index_dir: object, generation: str, damage: list[str]) -> None:
        more = f" (and {len(damage) - 1} more)" if len(damage) > 1 else ""
        super().__init__(
            f"the index in {shown_path(index_dir)} is damaged: {generation}/{damage[0]}{more}. "
            f"Run refsearch index with the folders it was built from (and --index "
            f"{shown_path(index_dir)}) to rebuild the damaged part; until then it is not searched")
        self.index_dir = str(index_dir)
        self.generation = generation
        self.damage = list(damage)

    def __reduce__(self):
        return (type(self), (self.index_dir, self.generation, self.damage))


class IndexBusy(RefsearchError):
    """Another `refsearch index` run holds the index lock."""

    http_status = 503


class SourcesUnreadable(RefsearchError):
    """A rebuild would lose the documents of folders or files that cannot be read just now."""

    http_status = 503


class BuildFailed(RefsearchError):
    """The index could not be written; the previous index is unchanged."""

    http_status = 503


class IndexWriteFailed(BuildFailed, RuntimeError):
    """A process writing the index failed (it is a RuntimeError too, as it was before)."""


class DiskFull(BuildFailed):
    """The disk holding the index ran out of space during a build."""

    def __init__(self, index_dir: object, free_bytes: int | None, needed_bytes: int | None) -> None:
        free = f"{free_bytes / 2**20:,.0f} MB free" if free_bytes is not None else "no space left"
        needs = (f", the build needs about {max(needed_bytes, 2**20) / 2**20:,.0f} MB"
                 if needed_bytes else "")
        super().__init__(f"the disk is full: {free}{needs}. Free space on the disk that holds "
                         f"{shown_path(index_dir)} (or build elsewhere with --index) and run "
                         "refsearch index again")
        self.index_dir = str(index_dir)
        self.free_bytes = free_bytes
        self.needed_bytes = needed_bytes


class BuildInterrupted(BuildFailed):
    """The build was stopped (Ctrl-C) before it published anything."""

    http_status = 503
