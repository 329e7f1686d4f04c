"""Small PDFs built in tests: pages of text lines in chosen type, metadata, encryption.

Built with pypdf's own objects (a content stream of text operators per page,
the standard Helvetica fonts), so a test says exactly what is on each page.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

FONTS = {"/F1": "/Helvetica", "/F2": "/Helvetica-Bold"}


@dataclass(frozen=True)
class Text:
    """One line drawn on a page: its text, height on the page, size and boldness."""

    text: str
    y: float
    size: float = 10
    bold: bool = False
    x: float = 72


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def page_stream(lines: list[Text]) -> bytes:
    ops = []
    for line in lines:
        font = "/F2" if line.bold else "/F1"
        ops.append(b"BT %s %g Tf 1 0 0 1 %g %g Tm (%s) Tj ET"
                   % (font.encode(), line.size, line.x, line.y, _escape(line.text)))
    return b"\n".join(ops)


def make_pdf(pages: list[list[Text]], *, metadata: dict[str, str] | None = None,
             user_password: str | None = None, owner_password: str | None = None,
             algorithm: str = "RC4-128") -> bytes:
    """The bytes of a PDF with ``pages`` (each a list of lines), metadata and optional encryption."""
    writer = PdfWriter()
    fonts = DictionaryObject({
        NameObject(name): DictionaryObject({
            NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject(base), NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }) for name, base in FONTS.items()})
    for lines in pages:
        page = writer.add_blank_page(612, 792)
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
        stream = DecodedStreamObject()
        stream.set_data(page_stream(lines))
        page[NameObject("/Contents")] = writer._add_object(stream)
    if metadata:
        writer.add_metadata(metadata)
    if user_password is not None or owner_password is not None:
        writer.encrypt(user_password or "", owner_password, algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def report_page(number: int, body: list[str], *, headings: dict[int, tuple[str, float]] | None = None,
                header: str = "ACME 2023 COUNTRY REPORT", footer: str = "Published by the Acme Office",
                start: float = 700, leading: float = 13) -> list[Text]:
    """A page with a running header, footer and page number around body lines.

    ``headings`` maps a body line index to (heading text, size): the heading
    is drawn bold before that line. A body line "" leaves a paragraph gap.
    """
    headings = headings or {}
    lines = [Text(header, 750, 8), Text(footer, 36, 8), Text(str(number), 22, 8, x=300)]
    y = start
    for i, text in enumerate(body):
        if i in headings:
            title, size = headings[i]
            y -= size
            lines.append(Text(title, y, size, bold=True))
            y -= leading + 4
        if not text:
            y -= leading
            continue
        lines.append(Text(text, y))
        y -= leading
    return lines
