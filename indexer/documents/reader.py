"""Reading saved files into ``Document`` records: the archive side of refsearch.

``parse_document`` is pure (bytes in, record out) and ``read_document`` adds
the file system; both are plain module-level functions so a process pool
can call them. Originals are only ever read, and each record carries the
SHA-256 of the bytes it came from, so re-reading a file gives the same id.
A file that cannot be read raises ``DocumentError`` with a reason;
``read_each`` (and ``read_all`` on it) collects those and reads the rest of
the batch.

The kind of file is told by its content: a PDF (``pdf``), a Word file
(``docx``), an HTML page (``html_page``) or text. Each becomes lines with
headings marked as in Markdown, which go through the same cleaning, the
learned furniture when a model is given (``furniture``), and ``structure``,
which makes the final text with its sections, paragraphs and page starts.
``parse_reading``/``read_reading`` also return what the furniture learner
needs of the file and, on request, what was removed as furniture and why.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import config
from ..errors import DocumentError
from ..records import Document
from ..refworld_urls import parse_refworld_url
from . import metadata as fields
from . import structure, titles
from .cleaning import (
    Split,
    clean_lines,
    collapse_blank_lines,
    normalise_lines,
    split_header,
    take_front_matter,
)
from .decoding import Unreadable, decode
from .docx import is_docx, read_docx
from .furniture import FurnitureModel, Observation, Removal, observe, site_of
from .languageparts import language_parts
from .layouts import read_page
from .pdf import read_pdf
from .walk import walk_sources

_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
# An indirect object of a PDF: object number, generation, "obj".
_PDF_OBJECT_RE = re.compile(rb"\d+[ \t\r\n]+\d+[ \t\r\n]+obj\b")
_ANY_TAG_RE = re.compile(r"<(?:[a-z][a-z0-9]*[\s/>]|!--|!doctype|/[a-z])", re.I)
_HTML_START_RE = re.compile(r"^\s*(<\?xml[^>]{0,200}\?>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)


def looks_like_html(text: str, path: str) -> bool:
    """HTML by content: a page saved under another name is HTML, a tagless ``.html`` file is text."""
    if _HTML_START_RE.match(text[:2048]):
        return True
    return path.lower().endswith(_HTML_SUFFIXES) and bool(_ANY_TAG_RE.search(text[:65536]))


def is_pdf(data: bytes) -> bool:
    """A PDF by content, whatever its name says.

    The format allows bytes before the ``%PDF-`` header, within the first
    kilobyte; a file whose header comes after other bytes is a PDF only if it
    also holds an object ("1 0 obj"), so that a text mentioning "%PDF-" near
    its start is read as text.
    """
    start = data[:1024].find(b"%PDF-")
    if start < 0:
        return False
    return not data[:start].strip() or _PDF_OBJECT_RE.search(data, start) is not None


@dataclass(frozen=True)
class Reading:
    """A document as read, with what the furniture learner needs and what was removed as furniture."""

    document: Document
    observation: Observation
    removed: tuple[Removal, ...] = ()


def parse_document(data: bytes, path: str, *, max_bytes: int = config.MAX_FILE_BYTES,
                   furniture: FurnitureModel | None = None) -> Document:
    """The described, cleaned document in ``data``; raises ``DocumentError(path, reason)``."""
    return parse_reading(data, path, max_bytes=max_bytes, furniture=furniture).document


def parse_reading(data: bytes, path: str, *, max_bytes: int = config.MAX_FILE_BYTES,
                  max_pdf_bytes: int = config.MAX_PDF_BYTES, furniture: FurnitureModel | None = None,
                  explain: bool = False, fast_html: bool = True) -> Reading:
    """Read ``data`` into a ``Reading``; ``furniture`` trims learned furniture, ``explain`` records removals.

    ``fast_html=False`` reads every HTML page with BeautifulSoup (``html_page``), not only the
    pages of unknown layouts (``layouts.read_page``): the fast path's tests compare the two.
    """
    removed: list[Removal] | None = [] if explain else None
    sha256 = hashlib.sha256(data).hexdigest()
    marked: tuple[str, ...] = ()
    try:
        if is_docx(data):
            if len(data) > max_bytes:
                raise Unreadable(f"file too large ({len(data):,} bytes; the limit is {max_bytes:,} bytes)")
            kind, (lines, meta) = "docx", read_docx(data, max_bytes=max_bytes)
            src = fields.Source(path=path, sha256=sha256, meta=meta)
        elif is_pdf(data):
            if len(data) > max_pdf_bytes:
                raise Unreadable(f"PDF too large ({len(data):,} bytes; the limit is {max_pdf_bytes:,} bytes)")
            kind, pdf = "pdf", read_pdf(data, removed=removed)
            lines, src = pdf.lines, fields.Source(path=path, sha256=sha256, meta=pdf.meta)
        else:
            text = decode(data, max_bytes=max_bytes)
            kind = "html" if looks_like_html(text, path) else "text"
            lines, src, marked = _read_text(text, kind, path, sha256, removed, fast_html)
    except Unreadable as error:
        raise DocumentError(path, str(error)) from None
    title = titles.complete_bare_title(fields.extract_title(src), src, lines)
    lines = clean_lines(lines, title, removed)
    site = site_of(fields.candidate_urls(src), path, kind)
    observation = observe(site, lines, structure.is_heading_line, marked)
    if furniture is not None:
        lines = collapse_blank_lines(furniture.trim(site, lines, structure.is_heading_line, removed))
    structured = structure.build(lines, paged=kind == "pdf")
    src.body = structured.text
    if not src.body.strip() and not title:
        raise DocumentError(path, "no document text: the file holds only page furniture")
    doc = describe(src, title, structured)
    if kind == "html":  # the stretches its markup says are in another language
        parts = language_parts(text, doc.text, doc.language)
        doc = replace(doc, language_parts=parts) if parts else doc
    return Reading(doc, observation, tuple(removed or ()))


def _read_text(text: str, kind: str, path: str, sha256: str,
               removed: list[Removal] | None, fast_html: bool = True,
               ) -> tuple[list[str], fields.Source, tuple[str, ...]]:
    """The body lines and the extractors' source of a text or HTML file, and the text of what
    an HTML page's markup names as its site's furniture."""
    marked: tuple[str, ...] = ()
    if kind == "html":
        parts = read_page(text, removed, fast=fast_html)
        split = split_header(normalise_lines(parts.text), title_line=parts.heading_title is None,
                             is_heading=fields.is_tier_heading, removed=removed)
        title_line, markup_labels, meta, marked = parts.heading_title, parts.labels, parts.meta, parts.furniture
        if title_line is None and split.title:
            title_line = _text_title_of_page(split, meta)
    else:
        split = split_header(normalise_lines(text), is_heading=fields.is_tier_heading, removed=removed)
        title_line, markup_labels, meta = split.title, {}, {}
    take_front_matter(split)
    # Fields in label/value markup win over the same labels written as text lines.
    src = fields.Source(path=path, sha256=sha256, title_line=title_line,
                        labels={**split.labels, **markup_labels}, meta=meta)
    return split.body, src, marked


def _text_title_of_page(split: Split, meta: dict[str, str]) -> str | None:
    """A page without <h1> whose text opens with a title line (a text dump in <pre>, say).

    The line is the title when the page's own title agrees or header fields
    follow it; otherwise it was the first line of the body and goes back.
    """
    title = split.title
    head = fields.extract_title(fields.Source(path="", sha256="", meta=meta))
    if title is None or head is None or head.casefold() == title.casefold() or split.labels:
        return title
    split.body = [title, ""] + split.body
    split.title = None
    return None


def describe(src: fields.Source, title: str | None, structured: structure.Structured | None = None) -> Document:
    """Run every field extractor over one cleaned source.

    A document the extractors find no title for is still shown with one:
    its first heading, the title in its Cite-as line, or its file name made
    readable (``titles.fallback_title``).
    """
    structured = structured or structure.build(src.body.split("\n"))
    source_url = fields.extract_source_url(src)
    addr = fields.address(src) or (parse_refworld_url(source_url) if source_url else None)
    publisher = fields.extract_publisher(src, title, addr)
    doc_type = fields.extract_doc_type(src, title, publisher, addr)
    labelled = fields.extract_published(src)
    year = fields.extract_report_year_dated(src, title, addr, doc_type, labelled)
    dated = fields.extract_published_dated(src, title, int(year.value) if year else None)
    published = dated.value if dated else None
    if year is None and published:
        year = fields.extract_report_year_dated(src, title, addr, doc_type, published)
    updated = fields.extract_last_updated_dated(src)
    docid = fields.extract_refworld_docid(src, source_url)
    return Document(
        id=fields.extract_id(src.sha256, docid, addr),
        title=title or titles.fallback_title(src, structured.sections, publisher),
        publisher=publisher,
        author=fields.extract_author(src),
        published=published,
        last_updated=updated.value if updated else None,
        countries=fields.extract_countries(src, title, addr),
        tier=fields.extract_tier(src, title),
        report_year=int(year.value) if year else None,
        doc_type=doc_type,
        document_symbol=fields.extract_document_symbol(src),
        citation=fields.extract_citation(src),
        source_url=source_url,
        refworld_docid=docid,
        language=fields.extract_language(src, addr),
        sha256=src.sha256,
        path=src.path,
        text=src.body,
        published_source=dated.source if dated else None,
        report_year_source=year.source if year else None,
        last_updated_source=updated.source if updated else None,
        pages=structured.pages,
        sections=structured.sections,
        paragraphs=structured.paragraphs,
    )


def read_document(path: Path, *, max_bytes: int = config.MAX_FILE_BYTES,
                  furniture: FurnitureModel | None = None) -> Document:
    """Read one file (never modifying it) into a Document; raises ``DocumentError``."""
    return read_reading(path, max_bytes=max_bytes, furniture=furniture).document


def read_reading(path: Path, *, max_bytes: int = config.MAX_FILE_BYTES,
                 furniture: FurnitureModel | None = None, explain: bool = False) -> Reading:
    """Read one file (never modifying it) into a ``Reading``; raises ``DocumentError``."""
    path = Path(path)
    try:
        size = path.stat().st_size
        limit = config.MAX_PDF_BYTES if path.suffix.lower() == ".pdf" else max_bytes
        if size > limit:
            kind = "PDF" if path.suffix.lower() == ".pdf" else "file"
            raise DocumentError(path, f"{kind} too large ({size:,} bytes; the limit is {limit:,} bytes)")
        data = path.read_bytes()
    except IsADirectoryError:
        raise DocumentError(path, "is a folder, not a file") from None
    except FileNotFoundError:
        raise DocumentError(path, "no such file") from None
    except PermissionError:
        raise DocumentError(path, "permission denied: the file cannot be read") from None
    except OSError as error:
        raise DocumentError(path, f"cannot be read ({error.strerror or error})") from None
    return parse_reading(data, str(path), max_bytes=max_bytes, furniture=furniture, explain=explain)


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


def read_all(paths: Iterable[Path], *, max_bytes: int = config.MAX_FILE_BYTES,
             link_targets: Iterable[Path] = ()) -> ReadReport:
    """Read every file under ``paths``; unreadable files are reported, the rest still read."""
    readings, skipped = read_each(paths, max_bytes=max_bytes, link_targets=link_targets)
    return ReadReport([reading.document for _, reading in readings], skipped)


def read_each(paths: Iterable[Path], *, max_bytes: int = config.MAX_FILE_BYTES,
              link_targets: Iterable[Path] = (), explain: bool = False,
              ) -> tuple[list[tuple[Path, Reading]], list[DocumentError]]:
    """Read every file under ``paths`` once, in this process and without furniture: each file's
    ``Reading`` in the order of the walk, and the files skipped, each with its reason.

    The one batch reading of ``read_all`` and of ``batch.read_archive``'s first
    pass. Links are followed into ``paths`` and ``link_targets`` only
    (``walk.walk_sources``).
    """
    readings: list[tuple[Path, Reading]] = []
    walk = walk_sources(paths, link_targets=link_targets)
    skipped = list(walk.skipped)
    for path in walk.candidates:
        try:
            readings.append((path, read_reading(path, max_bytes=max_bytes, explain=explain)))
        except DocumentError as error:
            skipped.append(error)
    return readings, skipped
