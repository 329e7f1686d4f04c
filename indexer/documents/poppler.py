"""A PDF's lines as poppler's ``pdftotext`` reads them, set in the type pypdf finds at their place.

pypdf reads the words of most producers' PDFs exactly, but not those of
Ghostscript (groff, ps2pdf, many scanned-and-typeset reports), which draws
words in kerned pieces: measured on the same report text made by six
producers, pypdf recovered 86.8% of the Ghostscript file's words (split as
"go vernment", glued as "Magistrate'sCourt"), pdfminer.six 96.4%, and
``pdftotext`` 99.9%, as it did every other producer's words (99.6-100%), in
reading order across two columns, at a tenth of pypdf's time. It gives no
type, though, which headings and footnotes are told by; pypdf gives the size
and font of every run of text it draws. So each line of ``pdftotext
-bbox-layout`` (its words and their boxes on the page) takes the size and
boldness of the pypdf runs drawn inside its box.

``pdftotext`` comes with Debian's poppler-utils (``scripts/setup`` installs
it). Without it, or when it fails on a file, ``pdf`` reads with pypdf alone.
"""
from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass

from lxml import etree

from .. import config

_XHTML = "{http://www.w3.org/1999/xhtml}"
# How far (points) outside a line's box a pypdf run may start and still be taken as drawn in it.
_SLACK = 1.5
# A line within this many points of the page's middle still belongs to its column.
_GUTTER = 10.0
# A page is read as two columns when each holds at least this many lines.
_MIN_COLUMN_LINES = 5
# A piece of a row read apart starts at most this many line heights after the line it continues.
_ROW_GAP = 3.0
# A gap wider than this many line heights over the page's middle is the gutter between two columns.
_GUTTER_GAP = 0.5
# Words closer than this share of their height are pieces of one word (a word space is about 0.25).
_GLUED_GAP = 0.05


@dataclass(frozen=True)
class Run:
    """A run of text pypdf saw drawn: where it starts (from the top of the page), its type and length."""

    x: float
    top: float
    size: float
    bold: bool
    chars: int


@dataclass(frozen=True)
class Box:
    """One line as pdftotext reads it: its text and its box (points from the top-left corner)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


def available() -> bool:
    """Whether poppler's ``pdftotext`` is installed."""
    return shutil.which("pdftotext") is not None


def read_boxes(data: bytes, timeout: float = config.PDFTOTEXT_SECONDS) -> list[tuple[float, list[Box]]] | None:
    """Each page's height and lines, in reading order; None when pdftotext is missing or fails."""
    if not available():
        return None
    try:
        done = subprocess.run(["pdftotext", "-q", "-bbox-layout", "-enc", "UTF-8", "-", "-"], input=data,
                              capture_output=True, timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0 or not done.stdout:
        return None
    try:
        root = etree.fromstring(done.stdout, etree.XMLParser(resolve_entities=False, no_network=True,
                                                             huge_tree=True, recover=True))
    except etree.XMLSyntaxError:
        return None
    if root is None:
        return None
    pages = []
    for page in root.iter(f"{_XHTML}page"):
        boxes = []
        for line in page.iter(f"{_XHTML}line"):
            text = _line_text(line)
            if text.strip():
                boxes.append(Box(text, float(line.get("xMin", 0)), float(line.get("yMin", 0)),
                                 float(line.get("xMax", 0)), float(line.get("yMax", 0))))
        width = float(page.get("width", 0))
        pages.append((float(page.get("height", 0)), reading_order(join_row_pieces(boxes, width), width)))
    return pages


def join_row_pieces(boxes: list[Box], width: float) -> list[Box]:
    """Lines with the pieces pdftotext read apart from them put back: words of one row, set
    with wide spaces (a justified heading in a narrow column), read as lines of their own.

    A piece joins the line it continues: the same row (top and bottom within ``_SLACK``),
    starting after it within ``_ROW_GAP`` times the line's height, the gap not crossing
    the page's middle when wider than ``_GUTTER_GAP`` heights (two columns' lines side by side).
    """
    out: list[Box] = []
    for box in boxes:
        height = box.bottom - box.top
        previous = next((i for i, line in enumerate(out)
                         if abs(line.top - box.top) <= _SLACK and abs(line.bottom - box.bottom) <= _SLACK
                         and 0 <= box.x0 - line.x1 <= _ROW_GAP * height
                         and not (line.x1 <= width / 2 <= box.x0 and box.x0 - line.x1 > _GUTTER_GAP * height)),
                        None)
        if previous is None:
            out.append(box)
        else:
            line = out[previous]
            out[previous] = Box(f"{line.text} {box.text}", line.x0, min(line.top, box.top), box.x1,
                                max(line.bottom, box.bottom))
    return out


def reading_order(boxes: list[Box], width: float) -> list[Box]:
    """A page's lines in reading order: down the left column, then the right, band by band.

    pdftotext orders a page's blocks well, but not always a heading at the
    top of a column (read after the column's text). On a page with two
    columns, lines are taken from the top down in bands: each band is the
    lines between two lines that span both columns (a title, a wide table),
    read left column first. A page of one column is read top down.
    """
    middle = width / 2
    left = [box for box in boxes if box.x1 <= middle + _GUTTER]
    right = [box for box in boxes if box.x0 >= middle - _GUTTER]
    if not width or len(left) < _MIN_COLUMN_LINES or len(right) < _MIN_COLUMN_LINES:
        return boxes
    ordered: list[Box] = []
    band: list[Box] = []
    for box in sorted(boxes, key=lambda box: (box.top, box.x0)):
        if box in left or box in right:
            band.append(box)
            continue
        ordered += _band(band, middle)
        band = []
        ordered.append(box)
    return ordered + _band(band, middle)


def _band(band: list[Box], middle: float) -> list[Box]:
    return ([box for box in band if box.x1 <= middle + _GUTTER]
            + [box for box in band if box.x1 > middle + _GUTTER])


def _line_text(line) -> str:
    """The words of a line, spaced; pieces of one word drawn without a gap between them are joined.

    pdftotext splits a word now and then where Ghostscript drew it in two
    kerned pieces ("leg" "al", the second starting before the first ends).
    """
    text, end = "", None
    for word in line.iter(f"{_XHTML}word"):
        piece = word.text or ""
        if not piece:
            continue
        start, height = float(word.get("xMin", 0)), float(word.get("yMax", 0)) - float(word.get("yMin", 0))
        glued = end is not None and start - end < _GLUED_GAP * height
        text += piece if glued or not text else " " + piece
        end = float(word.get("xMax", 0))
    return text


def style_of(box: Box, runs: list[Run]) -> tuple[float, bool] | None:
    """The size and boldness most of the line's characters are set in, from the runs drawn in its box."""
    chars: Counter[tuple[float, bool]] = Counter()
    for run in runs:
        if (box.x0 - _SLACK <= run.x <= box.x1 + _SLACK and box.top - _SLACK <= run.top <= box.bottom + _SLACK):
            chars[(run.size, run.bold)] += max(run.chars, 1)
    return chars.most_common(1)[0][0] if chars else None
