"""HTML text extraction costs work in proportion to the page, however many siblings it has.

Measured without clocks: the number of Python function calls (and generator
steps) that reading a page makes is counted by cProfile, and BeautifulSoup's
one sibling-scanning primitive (``Tag.index``, behind ``extract``,
``insert_before`` and ``replace_with``) is made to add up the children it
scans. A page four times longer must cost about four times as much, never
sixteen.
"""
from __future__ import annotations

import cProfile
import pstats
import warnings

import pytest
from bs4 import Tag

from indexer.documents.html_page import parse_html
from indexer.documents.reader import parse_document

# Pages of N sibling elements, each kind once pathological for the reader.
PAGES = {
    "paragraphs": lambda n: "<p>Paragraph %d of the report.</p>",
    "line breaks": lambda n: "line %d<br>",
    "empty bold": lambda n: "<b></b>",
    "buttons (furniture)": lambda n: "<button>b</button><p>kept %d</p>",
    "comments": lambda n: "<!-- note --><p>kept %d</p>",
    "labels in one holder": lambda n: "<b>Author</b><i>A. Writer</i>",
}


def page(kind: str, n: int) -> str:
    piece = PAGES[kind](n)
    items = "".join(piece % i if "%d" in piece else piece for i in range(n))
    if kind == "labels in one holder":
        items = f"<div>{items}</div>"
    return f"<html><body><p>Opening text.</p>{items}</body></html>"


def cost(html: str, monkeypatch) -> tuple[int, int]:
    """(Python calls made, children scanned by Tag.index) while reading ``html``."""
    scanned = [0]
    original = Tag.index

    def counting_index(self, element):
        scanned[0] += len(self.contents)
        return original(self, element)

    monkeypatch.setattr(Tag, "index", counting_index)
    profile = cProfile.Profile()
    profile.enable()
    try:
        parse_html(html)
    finally:
        profile.disable()
        monkeypatch.setattr(Tag, "index", original)
    calls = sum(stat[1] for stat in pstats.Stats(profile).stats.values())
    return calls, scanned[0]


@pytest.mark.parametrize("kind", PAGES)
def test_reading_a_page_four_times_longer_costs_about_four_times_more(kind, monkeypatch):
    small_calls, small_scanned = cost(page(kind, 2000), monkeypatch)
    large_calls, large_scanned = cost(page(kind, 8000), monkeypatch)
    # Linear work grows 4x; the old quadratic reading grew 16x.
    assert large_calls <= 6 * small_calls, (small_calls, large_calls)
    assert large_scanned <= 6 * max(small_scanned, 1) and large_scanned <= 8 * 8000, \
        (small_scanned, large_scanned)


def test_a_page_of_thirty_thousand_paragraphs_is_read_whole():
    n = 30_000
    html = ("<html><body><h1>A long report</h1>" + "".join(f"<p>Paragraph {i}.</p>" for i in range(n))
            + "</body></html>")
    doc = parse_document(html.encode(), "many.html")
    paragraphs = doc.text.split("\n\n")
    assert doc.title == "A long report" and len(paragraphs) == n and paragraphs[-1] == f"Paragraph {n - 1}."


def test_a_page_opening_with_an_xml_declaration_is_read_without_a_warning():
    html = ('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
            "<head><title>Mali: Report</title></head><body><p>Text of the page.</p></body></html>")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        doc = parse_document(html.encode(), "page.xhtml.txt")
    assert [str(w.message) for w in caught] == []
    assert doc.title == "Mali: Report" and doc.text == "Text of the page."
