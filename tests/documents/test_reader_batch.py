"""Reading folders: every bad file skipped with its reason, every good file still read."""
from __future__ import annotations

import codecs
import pickle
import shutil
from concurrent.futures import ProcessPoolExecutor

import pytest
from bad_documents import BAD_DOCUMENTS as BAD_FILES
from bad_documents import write_bad_documents

from bench.corpus.forms import RefworldPage, render
from indexer.documents.reader import parse_document, read_all, read_document
from indexer.documents.walk import iter_source_files
from indexer.errors import DocumentError


@pytest.fixture
def batch(tmp_path, seed_path):
    folder = write_bad_documents(tmp_path / "archive")
    shutil.copy(seed_path, folder / "seed.txt")
    page = RefworldPage(title="Trafficking in Persons Report 2008 - Mali", heading="MALI (Tier 2)",
                        paragraphs=("Mali is a source country.",), publisher="United States Department of State")
    (folder / "mali-2008.html").write_text(render(page, "html-table"), encoding="utf-8")
    (folder / "notes.odt").write_bytes(b"PK\x03\x04")  # not a document suffix: never read
    (folder / "sub").mkdir()
    (folder / "sub" / "crlf.txt").write_bytes(render(page, "text").replace("\n", "\r\n").encode("utf-8"))
    return folder


def test_read_all_skips_each_bad_file_with_its_reason_and_reads_the_rest(batch):
    report = read_all([batch])
    assert sorted(d.path.rsplit("/", 1)[-1] for d in report.documents) == ["crlf.txt", "mali-2008.html", "seed.txt"]
    reasons = {e.path.rsplit("/", 1)[-1]: e.reason for e in report.skipped}
    assert set(reasons) == set(BAD_FILES)
    for name, (_, reason) in BAD_FILES.items():
        assert reason in reasons[name], (name, reasons[name])
    assert report.summary.splitlines()[0] == f"3 read, {len(BAD_FILES)} skipped"
    assert all(f"{e.path}: {e.reason}" in report.summary for e in report.skipped)


def test_originals_are_never_modified(batch):
    before = {p: p.read_bytes() for p in batch.rglob("*") if p.is_file()}
    read_all([batch])
    assert before == {p: p.read_bytes() for p in batch.rglob("*") if p.is_file()}


def test_too_large_file_is_skipped_at_a_configurable_limit(batch):
    with pytest.raises(DocumentError, match="file too large"):
        read_document(batch / "seed.txt", max_bytes=100)
    report = read_all([batch / "seed.txt", batch / "mali-2008.html"], max_bytes=3000)
    assert [e.reason.split(" (")[0] for e in report.skipped] == ["file too large"]
    assert len(report.documents) == 1


def test_iter_source_files_walks_folders_sorted_by_suffix_and_takes_named_files_as_given(batch):
    walked = [p.relative_to(batch).as_posix() for p in iter_source_files([batch])]
    assert walked == sorted(walked)
    assert "notes.odt" not in walked and "sub/crlf.txt" in walked
    assert list(iter_source_files([batch / "notes.odt"])) == [batch / "notes.odt"]
    assert list(iter_source_files([batch / "seed.txt", batch / "seed.txt"])) == [batch / "seed.txt"]


def test_missing_file_and_folder_given_as_file_are_reported(tmp_path):
    with pytest.raises(DocumentError, match="no such file"):
        read_document(tmp_path / "absent.txt")
    report = read_all([tmp_path / "absent.txt"])
    assert report.documents == [] and "no such file" in report.skipped[0].reason


def test_crlf_and_cr_files_read_like_lf_files(batch):
    lf = parse_document((batch / "seed.txt").read_bytes(), "seed.txt")
    for ending in ("\r\n", "\r"):
        data = (batch / "seed.txt").read_bytes().decode("utf-8").replace("\n", ending).encode("utf-8")
        other = parse_document(data, "seed.txt")
        assert (other.text, other.title, other.tier, other.citation) == (lf.text, lf.title, lf.tier, lf.citation)
        assert other.sha256 != lf.sha256


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_a_short_file_without_blank_lines_keeps_its_lines_as_body(ending):
    """A title taken from the first line(s) never swallows the whole text."""
    data = ending.join(["Mali report", "Line two", "line three"]).encode("utf-8")
    doc = parse_document(data, "short.txt")
    assert doc.title == "Mali report"
    assert doc.text == "Line two\nline three"


def test_utf8_bom_file_reads_like_plain_utf8(seed_path):
    data = seed_path.read_bytes()
    with_bom = parse_document(codecs.BOM_UTF8 + data, "bom.txt")
    plain = parse_document(data, "plain.txt")
    assert with_bom.text == plain.text and with_bom.title == plain.title


def test_windows_1252_html_page_is_decoded_right():
    page = RefworldPage(title="Trafficking in Persons Report 2009 - C\u00f4te d\u2019Ivoire",
                        heading="C\u00d4TE D\u2019IVOIRE (Tier 2 Watch List)",
                        paragraphs=("C\u00f4te d\u2019Ivoire is a \u201csource\u201d country \u2013 and a destination.",),
                        publisher="United States Department of State")
    html = render(page, "html-dl").replace('<meta charset="utf-8">', "")
    doc = parse_document(html.encode("cp1252"), "civ.html")
    assert doc.title == page.title
    assert page.paragraphs[0] in doc.text
    assert doc.countries[0].code == "CIV" and doc.tier == "Tier 2 Watch List" and doc.report_year == 2009


def test_documents_and_errors_cross_process_boundaries(seed_path):
    with ProcessPoolExecutor(max_workers=1) as pool:
        doc = pool.submit(read_document, seed_path).result()
    assert doc == read_document(seed_path)
    error = DocumentError("x.txt", "empty file")
    assert pickle.loads(pickle.dumps(error)).reason == "empty file"


def test_windows_1252_text_file_is_decoded_right(tmp_path):
    text = ("Trafficking in Persons Report 2009 - C\u00f4te d\u2019Ivoire\n\nC\u00d4TE D\u2019IVOIRE (Tier 2 Watch List)\n\n"
            "The government\u2019s \u201cefforts\u201d \u2013 modest \u2013 continued in C\u00f4te d\u2019Ivoire.\n")
    path = tmp_path / "civ.txt"
    path.write_bytes(text.encode("cp1252"))
    doc = read_document(path)
    assert doc.title == "Trafficking in Persons Report 2009 - C\u00f4te d\u2019Ivoire"
    assert doc.text.endswith("The government\u2019s \u201cefforts\u201d \u2013 modest \u2013 continued in C\u00f4te d\u2019Ivoire.")
    assert doc.countries[0].name == "C\u00f4te d'Ivoire" and doc.tier == "Tier 2 Watch List"


@pytest.mark.parametrize("name, html", [
    ("page.txt", True), ("page.html", True), ("dump.html", False), ("dump.txt", False),
])
def test_html_is_recognised_by_content_not_by_name(seed_path, name, html):
    from indexer.documents.reader import looks_like_html
    text = "<!DOCTYPE html><html><body><p>x</p></body></html>" if name.startswith("page") else seed_path.read_text()
    assert looks_like_html(text, name) is html


def test_a_text_dump_saved_with_an_html_name_reads_like_the_text(seed_path):
    assert parse_document(seed_path.read_bytes(), "dump.html").text == read_document(seed_path).text
