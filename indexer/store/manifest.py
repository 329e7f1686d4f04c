"""The manifest: which source file became which indexed document, and how to tell it changed.

Each generation folder holds ``manifest.json`` beside its Whoosh files, so
the record of what is indexed is published together with the index itself.
For every indexed file it keeps the path, size, modification time, content
SHA-256 and document id, and what the furniture learner saw of it (its
site and the keys of its edge lines), with the furniture model every
indexed document was trimmed with: a build adds what it reads to what the
manifest remembers and re-reads only documents whose furniture changed. An incremental build compares the files on disk
with it: same size and mtime means unchanged without reading the file; a
different mtime with the same size is settled by the hash (a ``touch`` or a
checkout changes nothing); a different size means changed.

It also keeps the id history (``IdHistory``): every document id the index
has given out and no longer holds, with the id its document has now or,
when the document left the archive, its title and file. A saved link keeps
working because an id, once issued, always resolves to one or the other.
Fields added since format 2 have defaults, so an older manifest still loads
and keeps its ids.
It names the folders the build read (``roots``), the only places the web
app serves an original file from.
It also names the files the build that wrote it did not index, each with
its reason (``skips``), so that the web app can show them: a manifest
written before it did holds none.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..skips import SkippedFile
from .generations import CHECKSUMS_NAME, write_atomically

MANIFEST_NAME = "manifest.json"
# Bump when the manifest's meaning changes; an older manifest forces a full rebuild.
MANIFEST_FORMAT = 2
HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class FileRecord:
    """One indexed source file. ``size``/``mtime_ns`` are -1 for documents given without a file."""

    path: str
    size: int
    mtime_ns: int
    sha256: str
    doc_id: str
    # The furniture learner's observation: the site, and the edge keys packed into one string.
    site: str = ""
    edges: str = ""
    # The document's title and the key of its decoded text (``duplicates.text_key``): what a
    # moved file is recognised by, and what a link to a removed document is told.
    title: str = ""
    text: str = ""
    # The keys of the texts an HTML page's markup named as its site's furniture
    # (``Observation.packed_marked``); the texts are kept once, in the furniture model.
    marked: str = ""


@dataclass(frozen=True)
class Gone:
    """A document that left the archive: what a link to its id is told."""

    title: str
    name: str       # its file's name, without the folders
    removed: str    # the day its file was found gone (YYYY-MM-DD)


@dataclass(frozen=True)
class IdHistory:
    """The ids the index gave out and no longer holds: where each went, or what is gone."""

    moved: dict[str, str] = field(default_factory=dict)
    gone: dict[str, Gone] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"moved": dict(sorted(self.moved.items())),
                "gone": {key: asdict(self.gone[key]) for key in sorted(self.gone)}}

    @classmethod
    def from_dict(cls, data: dict | None) -> IdHistory:
        data = data or {}
        return cls({str(k): str(v) for k, v in (data.get("moved") or {}).items()},
                   {str(k): Gone(**v) for k, v in (data.get("gone") or {}).items()})


@dataclass(frozen=True)
class Manifest:
    # By path; a build's own are packed (``store.packed``).
    records: Mapping[str, FileRecord]
    # Identifies the schema the index was written with (see ``engine.schema.schema_signature``).
    schema: str
    # The learned furniture (``FurnitureModel.to_dict``) the documents were trimmed with.
    furniture: dict = field(default_factory=dict)
    # The ids given out before and held no longer (``IdHistory``).
    ids: IdHistory = field(default_factory=IdHistory)
    # The files the build did not index (bad, duplicate, refused, unreadable just now), by path.
    skipped: tuple[SkippedFile, ...] = ()
    # The folders the build read (its sources and the link targets it was given), resolved:
    # the web app serves an original only from inside them.
    roots: tuple[str, ...] = ()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def load_manifest(generation_dir: Path) -> Manifest | None:
    """The manifest of a generation, or None when it is missing, damaged or of another format."""
    try:
        data = json.loads((Path(generation_dir) / MANIFEST_NAME).read_text(encoding="utf-8"))
        if data.get("format") != MANIFEST_FORMAT:
            return None
        records = {item["path"]: FileRecord(**item) for item in data["files"]}
        skipped = tuple(SkippedFile(str(item["path"]), str(item["reason"])) for item in data.get("skipped") or ())
        return Manifest(records=records, schema=str(data["schema"]),
                        furniture=dict(data.get("furniture") or {}), ids=IdHistory.from_dict(data.get("ids")),
                        skipped=skipped, roots=tuple(str(r) for r in data.get("roots") or ()))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def load_id_history(generation_dir: Path) -> IdHistory:
    """The id history of a generation (empty when its manifest is missing or unreadable)."""
    manifest = load_manifest(generation_dir)
    return manifest.ids if manifest is not None else IdHistory()


def save_manifest(generation_dir: Path, manifest: Manifest) -> None:
    write_atomically(Path(generation_dir) / MANIFEST_NAME, _manifest_lines(manifest))


def _manifest_lines(manifest: Manifest) -> Iterator[bytes]:
    """The manifest's JSON a record at a time.

    A whole archive's records as one list of dicts, then one string, then its
    bytes cost about six times the records themselves (600 MB at 300,000
    files, at the end of a build, when every other part of it is largest
    too); written a record at a time it costs a record.
    """
    head = {
        "format": MANIFEST_FORMAT,
        # The generation's checksums, written after this file (``integrity``): a generation
        # whose manifest says so and that has none lost them.
        "checksums": CHECKSUMS_NAME,
        "schema": manifest.schema,
        "furniture": manifest.furniture,
        "ids": manifest.ids.to_dict(),
        "skipped": [{"path": item.path, "reason": item.reason} for item in manifest.skipped],
        "roots": list(manifest.roots),
    }
    # ASCII with escapes: also keeps file names that are not valid UTF-8.
    yield "{".encode("ascii")
    for key, value in head.items():
        yield f"\n {json.dumps(key)}: {json.dumps(value, ensure_ascii=True)},".encode("ascii")
    yield b'\n "files": ['
    separator = b"\n  "
    for path in sorted(manifest.records):
        yield separator + json.dumps(vars(manifest.records[path]), ensure_ascii=True).encode("ascii")
        separator = b",\n  "
    yield b"\n ]\n}\n"
