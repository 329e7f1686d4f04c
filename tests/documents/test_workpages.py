"""The pages of a work's PDF copy, named for the passages of its other copies (``indexer.workpages``)."""
from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import make_document

from indexer.records import Paragraph
from indexer.workpages import paragraph_pages, snippet_places
from indexer.works import merge

PAGES = ["The courts heard forty cases of forced labour in the mining districts during the year.",
         "Prison conditions were harsh and life threatening because of overcrowding and disease.",
         "The government did not meet the minimum standards for the elimination of trafficking."]


def paged_pdf():
    """A PDF copy: one paragraph a page, each page starting where its paragraph starts."""
    text = "\n\n".join(PAGES)
    starts = [text.index(p) for p in PAGES]
    paragraphs = tuple(Paragraph(f"p{i + 1}", None, i + 1, s, s + len(p)) for i, (s, p) in enumerate(zip(starts, PAGES)))
    return make_document(id="pdf", path="/archive/mali.pdf", text=text, pages=tuple(starts), paragraphs=paragraphs)


def markdown(paragraph_texts: list[str]):
    text = "\n\n".join(paragraph_texts)
    paragraphs, at = [], 0
    for i, p in enumerate(paragraph_texts):
        start = text.index(p, at)
        paragraphs.append(Paragraph(f"p{i + 1}", None, i + 1, start, start + len(p)))
        at = start + len(p)
    return make_document(id="md", path="/archive/mali.md", text=text, paragraphs=tuple(paragraphs))


@pytest.mark.parametrize(("paragraphs", "expected"), [
    (PAGES, (1, 2, 3)),
    ([PAGES[2], PAGES[0]], (3, 1)),                                          # in another order
    (["PRISON CONDITIONS were harsh, and life-threatening because of overcrowding."], (2,)),  # case, punctuation
    (["A line the Markdown copy added, found on no page of the PDF at all.", PAGES[1]], (0, 2)),
    (["Nothing of this text is in the PDF copy, not one run of eight words."], ()),
])
def test_each_paragraph_is_placed_on_the_pdf_page_holding_its_words(paragraphs, expected):
    assert paragraph_pages(markdown(paragraphs), paged_pdf()) == expected


def test_a_merged_work_keeps_the_pdf_pages_of_its_other_copies_and_none_for_the_pdf():
    work = merge([markdown([PAGES[1], PAGES[2]]), paged_pdf()])
    pages = {copy.kind: copy.pages for copy in work.copies}
    assert pages == {"Markdown": (2, 3), "PDF": ()}


def test_a_snippet_of_a_copy_without_pages_names_the_page_of_the_pdf_copy():
    md = markdown([PAGES[0], PAGES[2]])
    work = merge([md, paged_pdf()])
    md = replace(md, work=work)
    third = md.text.index("minimum standards")
    places, anchors, pages, pdf = snippet_places(md, [0, third])
    assert (pages, pdf, anchors) == ((1, 3), "pdf", ("p1", "p2"))
    assert places == ("p. 1, para. 1", "p. 3, para. 2")


def test_a_copy_of_a_work_without_a_pdf_names_no_page():
    md = markdown([PAGES[0]])
    places, _, pages, pdf = snippet_places(md, [0])
    assert (places, pages, pdf) == (("para. 1",), (), None)


def test_a_work_whose_copies_are_unchanged_takes_their_pages_from_before():
    md, pdf = markdown([PAGES[1]]), paged_pdf()
    before = merge([md, pdf])
    lent = replace(before, copies=tuple(replace(c, pages=(9,)) if c.pages else c for c in before.copies))
    assert {c.kind: c.pages for c in merge([md, pdf], lent).copies} == {"Markdown": (9,), "PDF": ()}


def test_a_work_of_other_copies_or_without_pages_before_finds_them_again():
    md, pdf = markdown([PAGES[1]]), paged_pdf()
    other = merge([replace(md, id="md2"), pdf])
    unpaged = replace(other, copies=tuple(replace(c, id="md" if c.id == "md2" else c.id, pages=()) for c in other.copies))
    for before in (other, unpaged):
        assert {c.kind: c.pages for c in merge([md, pdf], before).copies} == {"Markdown": (2,), "PDF": ()}
