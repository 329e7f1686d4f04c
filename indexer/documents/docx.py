"""From a Word ``.docx`` file to its paragraphs, headings and metadata, with the standard library and lxml.

A ``.docx`` is a zip archive; its text is ``word/document.xml``, one
``<w:p>`` per paragraph (tables' cells included, in reading order), its
headings the paragraphs styled ``Heading1``..``Heading6`` (or with an
outline level), its footnotes in ``word/footnotes.xml`` (each written as a
Markdown footnote, ``[^1]: ...``, after the paragraph referring to it, and
numbered as Word shows them), and its title, author and subject are in
``docProps/core.xml``. Paragraphs come out as lines with a blank line
between them and headings marked as Markdown, as every other kind of file
reaches the text cleaning. The XML is parsed without entities or network
access, and a part far larger than the file is refused (a zip bomb).
"""
from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from .. import config
from .characters import normalise_characters
from .decoding import Unreadable

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CORE = {"dc:title": "docx:title", "dc:creator": "docx:author", "dc:subject": "docx:subject"}
_NAMESPACES = {"dc": "http://purl.org/dc/elements/1.1/",
               "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"}
_HEADING_STYLE_RE = re.compile(r"^(?:heading|berschrift|titre|titolo|encabezado)\s*(\d)$", re.I)
# A part may unpack to at most this many times the largest file the reader accepts.
_MAX_EXPANSION = 5


def is_docx(data: bytes) -> bool:
    """A Word document by content: a zip archive holding ``word/document.xml``."""
    return data[:4] == b"PK\x03\x04" and b"word/document.xml" in data


def _xml(archive: zipfile.ZipFile, name: str, limit: int):
    info = archive.getinfo(name)
    if info.file_size > limit:
        raise Unreadable(f"Word document too large once unpacked ({info.file_size:,} bytes in {name})")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(archive.read(name), parser)


def _heading_level(paragraph) -> int | None:
    properties = paragraph.find(f"{_W}pPr")
    if properties is None:
        return None
    style = properties.find(f"{_W}pStyle")
    name = style.get(f"{_W}val", "") if style is not None else ""
    if name.lower() == "title":
        return 1
    match = _HEADING_STYLE_RE.match(name)
    if match:
        return min(int(match.group(1)), 6)
    outline = properties.find(f"{_W}outlineLvl")
    if outline is not None and (outline.get(f"{_W}val") or "").isdigit():
        return min(int(outline.get(f"{_W}val")) + 1, 6)
    return None


def _paragraph_text(paragraph) -> str:
    pieces = []
    for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        pieces.append(node.text or "" if node.tag == f"{_W}t" else " ")
    return " ".join(normalise_characters("".join(pieces)).split())


def footnotes(root) -> dict[str, str]:
    """The text of each footnote of ``word/footnotes.xml``, by id (the separators left out)."""
    notes = {}
    for note in root.iter(f"{_W}footnote"):
        if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join(filter(None, (_paragraph_text(paragraph) for paragraph in note.iter(f"{_W}p"))))
        if text:
            notes[note.get(f"{_W}id", "")] = text
    return notes


def read_docx(data: bytes, *, max_bytes: int = config.MAX_FILE_BYTES) -> tuple[list[str], dict[str, str]]:
    """The document's lines (headings marked, a blank line between paragraphs) and its metadata."""
    limit = _MAX_EXPANSION * max_bytes
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            body = _xml(archive, "word/document.xml", limit)
            core = (_xml(archive, "docProps/core.xml", limit)
                    if "docProps/core.xml" in archive.namelist() else None)
            notes = (footnotes(_xml(archive, "word/footnotes.xml", limit))
                     if "word/footnotes.xml" in archive.namelist() else {})
    except Unreadable:
        raise
    except KeyError:
        raise Unreadable("not a Word document: the archive has no word/document.xml") from None
    except (zipfile.BadZipFile, etree.XMLSyntaxError, OSError, EOFError) as error:
        raise Unreadable(f"broken Word document: it cannot be unpacked ({error})") from None
    lines: list[str] = []
    numbers: dict[str, int] = {}
    for paragraph in body.iter(f"{_W}p"):
        text = _paragraph_text(paragraph)
        if not text:
            continue
        level = _heading_level(paragraph)
        if lines:
            lines.append("")
        lines.append(f"{'#' * level} {text}" if level else text)
        for reference in paragraph.iter(f"{_W}footnoteReference"):
            note = reference.get(f"{_W}id", "")
            if notes.get(note) and note not in numbers:   # after the paragraph, numbered as Word shows it
                numbers[note] = len(numbers) + 1
                lines += ["", f"[^{numbers[note]}]: {notes[note]}"]
    if not lines:
        raise Unreadable("empty Word document (no text to read)")
    meta = {}
    if core is not None:
        for path, key in _CORE.items():
            value = core.findtext(path, namespaces=_NAMESPACES)
            if value and value.strip():
                meta[key] = " ".join(value.split())
    return lines, meta
