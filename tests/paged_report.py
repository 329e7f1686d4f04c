"""A three-page report made as a PDF in tests, each page with its own words, for the pages of
the original: where each page begins on the document page, and links opening the PDF there.

Page N holds a heading "Section N. <Word> findings" and three paragraphs that use a word no
other page uses (``PAGE_WORDS``), so a test knows on which page any passage lies.
"""
from __future__ import annotations

from pathlib import Path

from pdf_maker import make_pdf, report_page

PAGE_WORDS = ("alphaword", "betaword", "gammaword")


def page_body(word: str, number: int) -> list[str]:
    lines: list[str] = []
    for k in range(3):
        lines += [f"The {word} paragraph {k} of page {number} says the courts heard cases",
                  f"about trafficking and the {word} office reported on them in detail.", ""]
    return lines


def write_report(path: Path, title: str = "Acme 2023 Country Report") -> Path:
    """Write the three-page report PDF to ``path`` and answer ``path``."""
    pages = [report_page(n, page_body(word, n), headings={0: (f"Section {n}. {word.title()} findings", 14)})
             for n, word in enumerate(PAGE_WORDS, start=1)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(make_pdf(pages, metadata={"/Title": title}))
    return path
