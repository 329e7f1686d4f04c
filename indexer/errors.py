"""The exceptions refsearch raises, each with a message that tells the user what to do.

They are translated at the edges: the CLI prints the message and exits
non-zero, the web app answers with ``http_status`` and a page or JSON body.
"""
from __future__ import annotations


class RefsearchError(Exception):
    """Base class: a problem the user can fix, never a bug."""

    http_status = 500


class DocumentError(RefsearchError):
    """One file could not be read as a document; the batch goes on without it."""

    http_status = 422

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
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


class IndexMissing(RefsearchError):
    """There is no complete index to search yet."""

    http_status = 503

    def __init__(self, index_dir: object) -> None:
        super().__init__(
            f"No search index at {index_dir}. Build it with: refsearch index --index {index_dir}"
        )
        self.index_dir = str(index_dir)


class IndexBusy(RefsearchError):
    """Another `refsearch index` run holds the index lock."""

    http_status = 503
