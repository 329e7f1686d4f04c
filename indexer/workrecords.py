"""The records of a work: one report saved as several files (``works`` merges them).

Kept apart from ``records`` so that each stays short; ``records`` re-exports them,
and a ``Document`` carries its ``Work``.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class WorkCopy:
    """One saved file of a work: its document's id, its path, the kind of file ("PDF"), the
    title it gives itself (a citation may name the work by any copy's title) and, for a copy
    without pages, the pages of the work's PDF copy its paragraphs are on."""

    id: str
    path: str
    kind: str
    title: str | None = None
    # For a copy without pages of a work with a PDF copy: the page of that PDF each of its
    # paragraphs is on, in order (0: not found there); empty otherwise (``workpages``).
    pages: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        if self.pages:
            out["pages"] = list(self.pages)
        else:
            del out["pages"]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WorkCopy:
        return cls(**{**data, "pages": tuple(data.get("pages") or ())})


# The metadata fields a work takes from the best of its copies (``works``); the text, its
# structure, the id, path and hash stay each copy's own.
WORK_FIELDS = ("title", "publisher", "author", "published", "published_source", "last_updated",
               "countries", "tier", "report_year", "doc_type", "document_symbol", "citation",
               "source_url", "refworld_docid", "language")


@dataclass(frozen=True)
class Work:
    """The copies of one report saved as several files (a PDF and its Markdown), as one work.

    ``id`` is the id of the copy whose page is the work's (``copies[0]``);
    ``sources`` names, for each field of ``WORK_FIELDS`` a copy gave, the id of
    that copy; ``values`` holds the work's value of each field, in the JSON form of
    ``Document.to_dict``, so every copy is shown, filtered and cited alike.
    """

    id: str
    copies: tuple[WorkCopy, ...]
    sources: tuple[tuple[str, str], ...] = ()
    values: tuple[tuple[str, Any], ...] = ()

    def source_of(self, name: str) -> WorkCopy | None:
        """The copy the work's ``name`` field came from (None when no copy gives it)."""
        copy_id = dict(self.sources).get(name)
        return next((c for c in self.copies if c.id == copy_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "copies": [c.to_dict() for c in self.copies],
                "sources": dict(self.sources), "values": dict(self.values)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Work:
        return cls(id=data["id"], copies=tuple(WorkCopy.from_dict(c) for c in data.get("copies") or ()),
                   sources=tuple((data.get("sources") or {}).items()),
                   values=tuple((data.get("values") or {}).items()))
