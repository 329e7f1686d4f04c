"""Reading saved files into ``Document`` records: the archive side of refsearch.

``parse_document`` is pure (bytes in, record out) and ``read_document`` adds
the file system; both are plain module-level functions so a process pool
can call them. Originals are only ever read, and each record carries the
SHA-256 of the bytes it came from, so re-reading a file gives the same id.
A file that cannot be read raises ``DocumentError`` with a reason;
``read_all`` collects those and reads the rest of the batch.
"""
from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .. import config
from ..errors import DocumentError, shown_path
from ..records import Document
from ..refworld_urls import parse_refworld_url
from . import metadata as fields
from .cleaning import Split, clean_body, normalise_lines, split_header, take_front_matter
from .decoding import Unreadable, decode
from .html_page import parse_html

_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_ANY_TAG_RE = re.compile(r"<(?:[a-z][a-z0-9]*[\s/>]|!--|!doctype|/[a-z])", re.I)
_HTML_START_RE = re.compile(r"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)


def looks_like_html(text: str, path: str) -> bool:
    """HTML by content: a page saved under another name is HTML, a tagless ``.html`` file is text."""
    if _HTML_START_RE.match(text[:2048]):
        return True
    return path.lower().endswith(_HTML_SUFFIXES) and bool(_ANY_TAG_RE.search(text[:65536]))


def parse_document(data: bytes, path: str, *, max_bytes: int = config.MAX_FILE_BYTES) -> Document:
    """The described, cleaned document in ``data``; raises ``DocumentError(path, reason)``."""
    try:
        text = decode(data, max_bytes=max_bytes)
        sha256 = hashlib.sha256(data).hexdigest()
        if looks_like_html(text, path):
            parts = parse_html(text)
            split = split_header(normalise_lines(parts.text), title_line=parts.heading_title is None,
                                 is_heading=fields.is_tier_heading)
            title_line, markup_labels, meta = parts.heading_title, parts.labels, parts.meta
            if title_line is None and split.title:
                title_line = _text_title_of_page(split, meta)
        else:
            split = split_header(normalise_lines(text), is_heading=fields.is_tier_heading)
            title_line, markup_labels, meta = split.title, {}, {}
        take_front_matter(split)
        # Fields in label/value markup win over the same labels written as text lines.
        src = fields.Source(path=path, sha256=sha256, title_line=title_line,
                            labels={**split.labels, **markup_labels}, meta=meta)
    except Unreadable as error:
        raise DocumentError(path, str(error)) from None
    title = fields.extract_title(src)
    src.body = clean_body(split.body, title)
    if not src.body.strip() and not title:
        raise DocumentError(path, "no document text: the file holds only page furniture")
    return describe(src, title)


def _text_title_of_page(split: Split, meta: dict[str, str]) -> str | None:
    """A page without <h1> whose text opens with a title line (a text dump in <pre>, say).

    The line is the title when the page's own title agrees or header fields
    follow it; otherwise it was the first line of the body and goes back.
    """
    head = fields.extract_title(fields.Source(path="", sha256="", meta=meta))
    if head is None or head.casefold() == split.title.casefold() or split.labels:
        return split.title
    split.body = [split.title, ""] + split.body
    split.title = None
    return None


def describe(src: fields.Source, title: str | None) -> Document:
    """Run every field extractor over one cleaned source."""
    source_url = fields.extract_source_url(src)
    addr = fields.address(src) or (parse_refworld_url(source_url) if source_url else None)
    publisher = fields.extract_publisher(src, title, addr)
    published = fields.extract_published(src)
    doc_type = fields.extract_doc_type(src, title, publisher, addr)
    docid = fields.extract_refworld_docid(src, source_url)
    return Document(
        id=fields.extract_id(src.sha256, docid, addr),
        title=title,
        publisher=publisher,
        author=fields.extract_author(src),
        published=published,
        last_updated=fields.extract_last_updated(src),
        countries=fields.extract_countries(src, title, addr),
        tier=fields.extract_tier(src, title),
        report_year=fields.extract_report_year(src, title, addr, doc_type, published),
        doc_type=doc_type,
        document_symbol=fields.extract_document_symbol(src),
        citation=fields.extract_citation(src),
        source_url=source_url,
        refworld_docid=docid,
        language=fields.extract_language(src, addr),
        sha256=src.sha256,
        path=src.path,
        text=src.body,
    )


def read_document(path: Path, *, max_bytes: int = config.MAX_FILE_BYTES) -> Document:
    """Read one file (never modifying it) into a Document; raises ``DocumentError``."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentError(path, f"file too large ({size:,} bytes; the limit is {max_bytes:,} bytes)")
        data = path.read_bytes()
    except IsADirectoryError:
        raise DocumentError(path, "is a folder, not a file") from None
    except FileNotFoundError:
        raise DocumentError(path, "no such file") from None
    except PermissionError:
        raise DocumentError(path, "permission denied: the file cannot be read") from None
    except OSError as error:
        raise DocumentError(path, f"cannot be read ({error.strerror or error})") from None
    return parse_document(data, str(path), max_bytes=max_bytes)


# OS errors that mean a path is really gone, not merely unreadable just now.
GONE_ERRNOS = (errno.ENOENT, errno.ENOTDIR)


@dataclass(frozen=True)
class SourceProblem:
    """Something under the sources that exists but cannot be read just now.

    ``path`` is where the walk met it, ``real`` what it stands for (the
    resolved folder or file): documents indexed from ``real`` or below it
    must be kept as they are, because nothing says they are gone.
    """

    path: Path
    reason: str
    real: Path


@dataclass
class SourceWalk:
    """What a walk over the source paths found.

    ``candidates`` are the paths a reader should try, in order: the
    document files, and also the broken links and missing paths named in
    ``problems`` that look like files, so that reading them reports why.
    ``files`` are the candidates that are not problems. ``refused`` are
    files not read at all, each with its reason (a name that is not UTF-8, a
    link back to a folder already read). ``empty_roots`` are folders given
    as sources that hold no document file.
    """

    candidates: list[Path] = field(default_factory=list)
    problems: list[SourceProblem] = field(default_factory=list)
    refused: list[DocumentError] = field(default_factory=list)
    empty_roots: list[Path] = field(default_factory=list)

    @property
    def files(self) -> list[Path]:
        broken = {problem.path for problem in self.problems}
        return [path for path in self.candidates if path not in broken]

    @property
    def skipped(self) -> list[DocumentError]:
        """What any reader of the walk reports as skipped: refusals and folders it could not read."""
        tried = set(self.candidates)
        return [*self.refused, *(DocumentError(problem.path, problem.reason)
                                 for problem in self.problems if problem.path not in tried)]


def walk_sources(paths: Iterable[Path]) -> SourceWalk:
    """Walk the source paths once: the one place that decides which files are documents.

    Folders are walked for files with a document suffix (hidden names
    skipped), sorted; named files are taken as given. Links to files and
    folders are followed; a link back to a folder being walked is a loop and
    is reported, as are broken links and folders or files that cannot be
    read. A file whose name (or path) is not valid UTF-8 is refused: it could be neither stored nor shown as it is, and renaming the
    file is the fix. Names with control characters are read and printed with
    escapes (``errors.shown_path``).
    """
    walk = SourceWalk()
    seen: set[Path] = set()
    for root in paths:
        root = Path(root)
        found: list[Path] = []
        try:
            is_dir = stat.S_ISDIR(os.stat(root).st_mode)
        except OSError as error:
            walk.problems.append(SourceProblem(root, _stat_problem(root, error), _real(root)))
            found.append(root)
        else:
            if is_dir:
                _walk_folder(root, walk, found, ancestors=(), walked={})
                if not found:
                    walk.empty_roots.append(root)
            else:
                found.append(root)
        for path in sorted(found):
            if path in seen:
                continue
            seen.add(path)
            if _valid_name(path):
                walk.candidates.append(path)
            else:
                walk.refused.append(DocumentError(path, "the file name is not valid UTF-8; rename "
                                                        "the file"))
    return walk


def _valid_name(path: Path) -> bool:
    try:
        str(path).encode("utf-8")
        return True
    except UnicodeEncodeError:  # bytes kept as surrogates by the file system encoding
        return False


def iter_source_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files to read: folders walked in sorted order for known suffixes; named files as given.

    Broken links with a document suffix and missing paths are included, so
    that reading them says what is wrong (see ``walk_sources``).
    """
    yield from walk_sources(paths).candidates


def _walk_folder(folder: Path, walk: SourceWalk, found: list[Path], *,
                 ancestors: tuple[tuple[int, int], ...], walked: dict) -> None:
    try:
        info = os.stat(folder)
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        walk.problems.append(SourceProblem(
            folder, f"the folder cannot be read ({_strerror(error)})", _real(folder)))
        return
    key = (info.st_dev, info.st_ino)
    walked.setdefault(key, folder)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        suffix = os.path.splitext(entry.name)[1].lower()
        try:
            if not entry.is_symlink():
                if entry.is_dir(follow_symlinks=False):
                    _walk_folder(path, walk, found, ancestors=(*ancestors, key), walked=walked)
                elif suffix in config.DOCUMENT_SUFFIXES:
                    if entry.is_file(follow_symlinks=False):
                        found.append(path)
                    else:
                        walk.refused.append(DocumentError(path, _NOT_A_FILE))
                continue
            target = entry.stat()  # a link: what it points to
        except OSError as error:
            if suffix in config.DOCUMENT_SUFFIXES or not suffix:  # a document, or maybe a folder
                walk.problems.append(SourceProblem(path, _stat_problem(path, error), _real(path)))
                if suffix:
                    found.append(path)
            continue
        if stat.S_ISDIR(target.st_mode):
            link_key = (target.st_dev, target.st_ino)
            if link_key in (*ancestors, key):
                walk.refused.append(DocumentError(path, f"a symbolic link loop: it leads back to "
                                                      f"{shown_path(walked[link_key])}, not followed"))
            elif link_key in walked:
                walk.refused.append(DocumentError(path, f"a link to {shown_path(walked[link_key])}, "
                                                      "which is read already"))
            else:
                _walk_folder(path, walk, found, ancestors=(*ancestors, key), walked=walked)
        elif suffix in config.DOCUMENT_SUFFIXES:
            if stat.S_ISREG(target.st_mode):
                found.append(path)
            else:
                walk.refused.append(DocumentError(path, _NOT_A_FILE))


# Reading a named pipe would wait for a writer for ever; a device could be anything.
_NOT_A_FILE = "not a regular file (a named pipe, socket or device), so it is not read"


def _stat_problem(path: Path, error: OSError) -> str:
    """Why ``path`` cannot be looked at, in words that say what to do."""
    if error.errno == errno.ELOOP:
        return "a symbolic link loop: the link leads back to itself; fix or remove it"
    if error.errno in GONE_ERRNOS:
        if os.path.islink(path):
            return (f"a broken symbolic link to {shown_path(os.readlink(path))} (not found; if it is "
                    "on a drive or network share, connect it; otherwise fix or remove the link)")
        return "no such file or folder (if it is on a drive or network share, connect it)"
    return f"cannot be read ({_strerror(error)})"


def _strerror(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def _real(path: Path) -> Path:
    """The resolved form of ``path`` as far as it can be resolved (the manifest's keys are resolved)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a loop
        return path.absolute()


@dataclass
class ReadReport:
    """The documents of a batch and the files that were skipped, each with its reason."""

    documents: list[Document] = field(default_factory=list)
    skipped: list[DocumentError] = field(default_factory=list)

    @property
    def summary(self) -> str:
        lines = [f"{len(self.documents)} read, {len(self.skipped)} skipped"]
        lines += [f"  skipped {error.path}: {error.reason}" for error in self.skipped]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary


def read_all(paths: Iterable[Path], *, max_bytes: int = config.MAX_FILE_BYTES) -> ReadReport:
    """Read every file under ``paths``; unreadable files are reported, the rest still read."""
    report = ReadReport()
    walk = walk_sources(paths)
    report.skipped.extend(walk.skipped)
    for path in walk.candidates:
        try:
            report.documents.append(read_document(path, max_bytes=max_bytes))
        except DocumentError as error:
            report.skipped.append(error)
    return report
