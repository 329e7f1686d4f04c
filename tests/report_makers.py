"""One report's text made into files by producers a test finds on the machine, at test time.

The text is a reference of the shared corpus's producers/ folder (headings,
paragraphs, two footnotes). Each maker writes it with one program or library
in its own way (headings in a larger or bold type, footnotes where the
producer has them) and says which footnotes it could set, so a test compares
what refsearch reads with exactly the text the file holds.
"""
from __future__ import annotations

import html
import importlib.util
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*)$")
_NOTE_RE = re.compile(r"^Test footnote (one|two):")
# Paragraphs of a table in the reference: its caption and its flattened rows.
_TABLE_RE = re.compile(r"^Table \d+\.")


@dataclass(frozen=True)
class Block:
    """A heading (``level`` 1 and up) or a paragraph (``level`` 0), with the footnote it cites."""

    text: str
    level: int = 0
    note: str | None = None


@dataclass(frozen=True)
class Report:
    blocks: tuple[Block, ...]
    notes: tuple[str, ...]

    def reference(self, with_notes: bool) -> str:
        """The text a perfect reader recovers from a file made of this report."""
        lines = [("#" * b.level + " " if b.level else "") + b.text for b in self.blocks]
        return "\n".join(lines + (list(self.notes) if with_notes else []))


def report_from_reference(text: str) -> Report:
    """The report of a ``.ref.md``: its tables left out, its footnotes cited by the first two long paragraphs."""
    blocks: list[Block] = []
    notes: list[str] = []
    lines = [line for line in text.split("\n")[1:] if line.strip()]
    skip_next = False
    for line in lines:
        if skip_next:
            skip_next = False
            continue
        if _TABLE_RE.match(line):
            skip_next = True
            continue
        if _NOTE_RE.match(line):
            notes.append(line)
        elif match := _HEADING_RE.match(line):
            blocks.append(Block(match.group(2), level=len(match.group(1)) - 2))
        else:
            blocks.append(Block(line))
    long = [i for i, b in enumerate(blocks) if not b.level and len(b.text) > 600]
    for number, index in enumerate(long[:len(notes)], start=1):
        blocks[index] = Block(blocks[index].text, note=str(number))
    return Report(tuple(blocks), tuple(notes))


def _first_sentence_end(text: str) -> int:
    match = re.search(r"[a-z]\.\s", text)
    return match.end() - 1 if match else len(text)


# Each maker: (report, folder) -> (the file written, whether it holds the footnotes).
Maker = Callable[[Report, Path], tuple[Path, bool]]


def _ascii(text: str) -> str:
    return text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"}))


def enscript_ps2pdf(report: Report, folder: Path) -> tuple[Path, bool]:
    """GNU enscript's PostScript of the text (headings in a larger bold font, lines word-wrapped,
    its page header), turned into PDF by Ghostscript's ps2pdf."""
    lines = []
    for block in report.blocks:
        text = _ascii(block.text)
        if block.level:
            size = 16 - 2 * block.level
            lines += ["", f"~font{{Helvetica-Bold{size}}}{text}~font{{default}}", ""]
        else:
            lines += [text, ""]
    source = folder / "report.txt"
    source.write_text("\n".join(lines), encoding="latin-1")
    postscript, pdf = folder / "report.ps", folder / "enscript-report.pdf"
    subprocess.run(["enscript", "-q", "-e~", "--word-wrap", "-fTimes-Roman11", "-b", "Country report||Page $%",
                    "-o", str(postscript), str(source)], check=True)
    subprocess.run(["ps2pdf", str(postscript), str(pdf)], check=True)
    return pdf, False


def _html(report: Report, notes_inline: bool) -> str:
    """The report as HTML; with ``notes_inline`` each footnote is a span after its first sentence."""
    parts = []
    for block in report.blocks:
        text = html.escape(block.text)
        if block.note and notes_inline:
            end = _first_sentence_end(text)
            note = html.escape(report.notes[int(block.note) - 1])
            text = f'{text[:end]}<span class="fn">{note}</span>{text[end:]}'
        if block.level:
            parts.append(f"<h{block.level + 1}>{text}</h{block.level + 1}>")
        else:
            parts.append(f"<p>{text}</p>")
    return "<html><body>" + "\n".join(parts) + "</body></html>"


def pymupdf_story(report: Report, folder: Path) -> tuple[Path, bool]:
    """MuPDF's Story: HTML laid out on A4 pages by PyMuPDF."""
    import pymupdf

    path = folder / "pymupdf-report.pdf"
    story = pymupdf.Story(_html(report, notes_inline=False), user_css="body{font-family:serif;font-size:11pt}")
    writer = pymupdf.DocumentWriter(str(path))
    page = pymupdf.paper_rect("a4")
    more = True
    while more:
        device = writer.begin_page(page)
        more, _ = story.place(page + (56, 56, -56, -56))
        story.draw(device)
        writer.end_page()
    writer.close()
    return path, False


_WEASYPRINT_CSS = """
@page { size: A4; margin: 2cm; @top-center { content: "2024 Country Report - Ghana"; font-size: 9pt }
        @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 9pt } }
body { font-family: serif; font-size: 11pt; text-align: justify; hyphens: auto }
.fn { float: footnote; font-size: 8pt }
"""


def weasyprint_css(report: Report, folder: Path) -> tuple[Path, bool]:
    """WeasyPrint's print of the HTML: justified and hyphenated, a running header, "Page N of M",
    footnotes set at the page foot by CSS ``float: footnote``."""
    import weasyprint

    path = folder / "weasyprint-report.pdf"
    page = _html(report, notes_inline=True).replace("<html>", '<html lang="en">')
    weasyprint.HTML(string=page).write_pdf(str(path), stylesheets=[weasyprint.CSS(string=_WEASYPRINT_CSS)])
    return path, True


def weasyprint_columns(report: Report, folder: Path) -> tuple[Path, bool]:
    """WeasyPrint's print in two justified, hyphenated columns, footnotes at the page foot."""
    import weasyprint

    path = folder / "weasyprint-columns-report.pdf"
    page = _html(report, notes_inline=True).replace("<html>", '<html lang="en">')
    css = _WEASYPRINT_CSS + "body { column-count: 2; column-gap: 1cm }"
    weasyprint.HTML(string=page).write_pdf(str(path), stylesheets=[weasyprint.CSS(string=css)])
    return path, True


def reportlab_platypus(report: Report, folder: Path) -> tuple[Path, bool]:
    """ReportLab's Platypus: paragraphs and headings in its sample styles, a page number at the foot."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    path = folder / "reportlab-report.pdf"

    def number(canvas, doc) -> None:
        canvas.setFont("Helvetica", 8)
        canvas.drawString(280, 30, f"Page {doc.page}")

    flow = [Paragraph(html.escape(b.text), styles[f"Heading{b.level}"] if b.level else styles["BodyText"])
            for b in report.blocks]
    SimpleDocTemplate(str(path), pagesize=A4).build(flow, onFirstPage=number, onLaterPages=number)
    return path, False


def python_docx(report: Report, folder: Path) -> tuple[Path, bool]:
    """python-docx's Word file: Heading styles, Normal paragraphs, a page-number footer."""
    import docx

    document = docx.Document()
    document.sections[0].footer.paragraphs[0].text = "Country report"
    for block in report.blocks:
        if block.level:
            document.add_heading(block.text, level=block.level)
        else:
            document.add_paragraph(block.text)
    path = folder / "python-docx-report.docx"
    document.save(str(path))
    return path, False


MAKERS: dict[str, tuple[Maker, Callable[[], bool]]] = {
    "enscript+ps2pdf": (enscript_ps2pdf, lambda: bool(shutil.which("enscript") and shutil.which("ps2pdf"))),
    "pymupdf": (pymupdf_story, lambda: importlib.util.find_spec("pymupdf") is not None),
    "weasyprint": (weasyprint_css, lambda: importlib.util.find_spec("weasyprint") is not None),
    "weasyprint-columns": (weasyprint_columns, lambda: importlib.util.find_spec("weasyprint") is not None),
    "reportlab": (reportlab_platypus, lambda: importlib.util.find_spec("reportlab") is not None),
    "python-docx": (python_docx, lambda: importlib.util.find_spec("docx") is not None),
}
