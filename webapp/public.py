"""What the web app may publish of a record: addresses that are web addresses, file names that
say nothing about the machine.

The records' ``to_dict()`` is what the CLI prints for the person at the
machine: the full path of a document's file and its source address as
saved. Over HTTP, anyone who can reach the server reads the JSON API and
the exports, so two fields change there:

- ``source_url`` is kept only when it is an http(s) address or a Refworld
  address form (``indexer.citations.formats.web_address``); a saved
  ``javascript:``, ``data:`` or ``file:`` value becomes null.
- ``path`` is the file's name inside the folder it was indexed from
  (``tip/mali-2008.txt``), never where that folder is on the server.

The API lists the first ``FACET_LIMIT`` values of each facet (and any
selected one), as the CLI does, whatever the results hold.
"""
from __future__ import annotations

import re
from pathlib import PurePath, PurePosixPath, PureWindowsPath
from typing import Any

from indexer import config
from indexer.citations.parts import web_address
from indexer.provenance import date_origins
from indexer.records import Document, FacetValue, Hit, SearchResults
from indexer.skips import SkippedFile


def archive_name(path: str | None) -> str:
    """``path`` relative to the archive folder (or seed folder) it lies in; a relative path
    as it is; any other absolute path reduced to the file's name."""
    if not path:
        return ""
    pure: PurePath = PureWindowsPath(path) if "\\" in path or path[1:3] == ":\\" else PurePosixPath(path)
    for root in (config.DOCUMENTS_DIR, config.SEEDS_DIR):
        try:
            return PurePosixPath(*pure.relative_to(PurePosixPath(root.as_posix())).parts).as_posix()
        except ValueError:
            continue
    if pure.is_absolute() or pure.anchor or ".." in pure.parts:
        return pure.name
    return PurePosixPath(*pure.parts).as_posix()


def public_document(doc: Document) -> dict[str, Any]:
    """The record, published (see above), with ``dates``: each date, where it was read, in
    words, and whether the document states it (``indexer.provenance``)."""
    out = doc.to_dict()
    out["source_url"] = web_address(doc.source_url)
    out["path"] = archive_name(doc.path)
    out["dates"] = {name: found.to_dict() for name, found in date_origins(doc).items()}
    if out.get("work"):  # the same care for the paths and address of its work's copies
        for copy in out["work"]["copies"]:
            copy["path"] = archive_name(copy["path"])
        out["work"]["values"]["source_url"] = web_address(out["work"]["values"].get("source_url"))
    return out


def public_hit(hit: Hit) -> dict[str, Any]:
    out = hit.to_dict()
    out["source_url"] = web_address(hit.source_url)
    return out


def first_values(values: tuple[FacetValue, ...], limit: int) -> tuple[FacetValue, ...]:
    """The first ``limit`` values of a facet, and any selected one after them."""
    return values[:limit] + tuple(v for v in values[limit:] if v.selected)


def public_results(results: SearchResults) -> dict[str, Any]:
    out = results.to_dict()
    out["hits"] = [public_hit(h) for h in results.hits]
    out["facets"] = {name: [v.to_dict() for v in first_values(values, config.FACET_LIMIT)]
                     for name, values in results.facets.items()}
    return out


def public_skipped(skipped: tuple[SkippedFile, ...]) -> list[dict[str, Any]]:
    """The files the last build did not index, each with its reason and what to do; each path,
    also those the reasons name (the file a duplicate copies, where a link leads), published
    as a document's is (``archive_name``)."""
    return [{**item.to_dict(), "path": archive_name(item.path), "reason": public_reason(item.reason)}
            for item in skipped]


# An absolute path inside a reason: up to the next space, comma, semicolon or bracket.
_ABSOLUTE_PATH_RE = re.compile(r"(?<![\w:/])/[^\s,;()]+")


def public_reason(reason: str) -> str:
    """A build's reason with the absolute paths it names made archive names."""
    return _ABSOLUTE_PATH_RE.sub(lambda match: archive_name(match.group(0)), reason)
