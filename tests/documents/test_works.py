"""The rules that merge the copies of one report into one work (``indexer.works``)."""
from __future__ import annotations

import pytest
from conftest import make_document

from indexer.records import Country, Document
from indexer.works import as_work, cited_id, is_file_name, kind_of, merge, work_key


def _pdf(**overrides) -> Document:
    """A report's PDF edition as refsearch reads it: a metadata title, the report year for a date."""
    values = dict(id="pdf", path="reports/mali-2024-human-rights-report.pdf",
                  title="Mali 2024 Human Rights Report", author="U.S. Department of State",
                  published="2025", published_source="report year", source_url=None, citation=None,
                  refworld_docid=None, doc_type="Country report", tier=None, report_year=2024,
                  text="The PDF's text.")
    return make_document(**{**values, **overrides})


def _markdown(**overrides) -> Document:
    """The same report as Markdown, saved from the State Department's dated address."""
    values = dict(id="md", path="reports/mali.md", title="Mali — Country Reports on Human Rights Practices",
                  author=None, published="2025-07", published_source="address",
                  source_url="https://www.state.gov/wp-content/uploads/2025/07/MALI-2024.pdf",
                  citation=None, refworld_docid=None, doc_type="Country report", tier=None,
                  report_year=2024, text="The Markdown's text.")
    return make_document(**{**values, **overrides})


def _refworld(**overrides) -> Document:
    values = dict(id="68a1b2c3d", path="reports/refworld-mali.html", title="2024 Country Reports: Mali",
                  published="2025-08-12", published_source="text", refworld_docid="68a1b2c3d",
                  citation="United States Department of State, 2024 Country Reports: Mali, 12 August 2025",
                  source_url="https://www.refworld.org/docid/68a1b2c3d.html", tier=None,
                  report_year=2024, text="Refworld's text.")
    return make_document(**{**values, **overrides})


def _sources(copies: list[Document]) -> dict[str, str]:
    return dict(merge(copies).sources)


@pytest.mark.parametrize(("copies", "field", "expected"), [
    # A date a document states beats a dated address, which beats the report year alone.
    ([_pdf(), _markdown()], "published", "md"),
    ([_pdf(), _markdown(), _refworld()], "published", "68a1b2c3d"),
    # Of two dates from equally strong sources, the more precise.
    ([_pdf(published="2025", published_source="text"),
      _markdown(published="2025-07-14", published_source="text")], "published", "md"),
    # A Refworld docid and Cite-as line beat none.
    ([_pdf(), _markdown(), _refworld()], "refworld_docid", "68a1b2c3d"),
    ([_pdf(), _markdown(), _refworld()], "citation", "68a1b2c3d"),
    # A field only one copy gives comes from that copy.
    ([_pdf(), _markdown()], "author", "pdf"),
    ([_pdf(), _markdown()], "source_url", "md"),
])
def test_each_field_comes_from_the_copy_the_rules_name(copies, field, expected):
    assert _sources(copies)[field] == expected


def test_the_date_source_travels_with_the_date():
    work = merge([_pdf(), _markdown()])
    values = dict(work.values)
    assert (values["published"], values["published_source"]) == ("2025-07", "address")
    assert dict(work.sources)["published_source"] == "md"


def test_a_title_the_document_gives_beats_its_file_name():
    named = _markdown(title="Mali", path="reports/mali.md")   # the file name, rewritten
    pdf = _pdf(path="reports/624521.pdf")
    assert dict(merge([named, pdf]).values)["title"] == "Mali 2024 Human Rights Report"


@pytest.mark.parametrize(("title", "path", "expected"), [
    ("Mali 2024 human rights report", "a/mali-2024_human-rights-report.pdf", True),
    ("Mali", "mali.md", True),
    ("Mali — Country Reports on Human Rights Practices", "mali.md", False),
    (None, "mali.md", False),
])
def test_a_title_that_only_rewrites_the_file_name_is_told(title, path, expected):
    assert is_file_name(title, path) is expected


def test_the_copy_with_the_most_standing_is_the_works_page():
    work = merge([_pdf(), _markdown(), _refworld()])
    assert work.id == "68a1b2c3d"
    assert [c.id for c in work.copies] == ["68a1b2c3d", "md", "pdf"]


def test_copies_of_equal_standing_are_ordered_by_path():
    first = _pdf(id="b", path="a/report.pdf")
    second = _pdf(id="a", path="b/report.pdf")
    assert merge([second, first]).id == "b"


def test_every_copy_shown_as_its_work_has_the_same_metadata_and_its_own_text():
    pdf, md = _pdf(countries=(Country("Mali", "MLI"),)), _markdown(countries=())
    work = merge([pdf, md])
    shown = [as_work(pdf, work), as_work(md, work)]
    assert shown[0].title == shown[1].title == md.title
    assert shown[0].published == shown[1].published == "2025-07"
    assert shown[0].countries == shown[1].countries == (Country("Mali", "MLI"),)
    assert (shown[0].text, shown[1].text) == (pdf.text, md.text)
    assert (shown[0].id, shown[1].id) == ("pdf", "md")


def test_copies_of_one_work_share_its_key_and_cite_its_id():
    pdf, md = _pdf(), _markdown()
    work = merge([pdf, md])
    shown = [as_work(pdf, work), as_work(md, work)]
    assert work_key(shown[0]) == work_key(shown[1]) == "work:md"
    assert cited_id(shown[0]) == cited_id(shown[1]) == "md"
    assert cited_id(pdf) == "pdf"


def test_a_work_survives_its_json_form():
    doc = as_work(_pdf(), merge([_pdf(), _markdown(), _refworld()]))
    assert Document.from_dict(doc.to_dict()) == doc


@pytest.mark.parametrize(("path", "kind"), [
    ("a/report.pdf", "PDF"), ("a/REPORT.PDF", "PDF"), ("mali.md", "Markdown"), ("x.htm", "HTML"),
    ("x.html", "HTML"), ("x.docx", "Word"), ("x.txt", "Text"), ("x.odt", "File"),
])
def test_a_copy_is_named_by_its_kind_of_file(path, kind):
    assert kind_of(path) == kind
