"""Files that look odd but are documents are read; hidden ones are named, never passed over in silence."""
from __future__ import annotations

import json

import pytest
from buildhelp import ids_matching, seed_like_text, write_doc
from pdf_maker import make_pdf, report_page

from indexer import cli


def body(marker: str) -> str:
    return seed_like_text("Mali", 2008, "Tier 2", f"Children worked in gold mines ({marker}).")


def extract(runner, *paths):
    result = runner.invoke(cli.main, ["extract", "--json", *map(str, paths)])
    data = json.loads(result.stdout) if result.stdout.strip() else []
    return result, data if isinstance(data, list) else [data]


def index(runner, docs, tmp_path):
    return runner.invoke(cli.main, ["index", str(docs), "--index", str(tmp_path / "ix"),
                                    "--workers", "1"])


def skipped(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("skipped ")]


# ---- %PDF- near the start of a text -----------------------------------------------


PDF_MENTION = ("Last Updated: Monday, 3 July 2009, 09:30 GMT\n\nNote on the archive\n\n"
               "Scanned reports were saved as %PDF-1.4 files and lost their text layer "
               "(pdfmention1x).\n")


def test_a_text_mentioning_the_pdf_header_in_its_first_kilobyte_is_extracted_as_text(runner, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(PDF_MENTION, encoding="utf-8")
    result, docs = extract(runner, path)
    assert result.exit_code == 0, result.stderr
    assert "saved as %PDF-1.4 files" in docs[0]["text"]


def test_a_text_mentioning_the_pdf_header_in_its_first_kilobyte_is_indexed(runner, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "note.txt").write_text(PDF_MENTION, encoding="utf-8")
    result = index(runner, tmp_path / "docs", tmp_path)
    assert skipped(result) == []
    assert len(ids_matching(tmp_path / "ix", "pdfmention1x")) == 1


def test_a_pdf_with_bytes_before_its_header_is_still_read_as_a_pdf(runner, tmp_path):
    path = tmp_path / "mailed.pdf"
    path.write_bytes(b"From: registry\r\n\r\n" + make_pdf([report_page(1, ["Forced labour in Kayes."])]))
    result, docs = extract(runner, path)
    assert result.exit_code == 0, result.stderr
    assert "Forced labour in Kayes." in docs[0]["text"] and docs[0]["pages"] == [0]


# ---- NUL bytes ----------------------------------------------------------------------


@pytest.mark.parametrize("position", [0, 40, 400, -2])
def test_a_stray_nul_byte_is_dropped_and_the_text_read(runner, tmp_path, position):
    clean = body("strayzero1x").encode()
    path = tmp_path / "report.txt"
    at = position % len(clean)
    path.write_bytes(clean[:at] + b"\x00" + clean[at:])
    (tmp_path / "clean.txt").write_bytes(clean)
    result, docs = extract(runner, path, tmp_path / "clean.txt")
    assert result.exit_code == 0, result.stderr
    assert docs[0]["text"] == docs[1]["text"] and "\x00" not in docs[0]["text"]
    assert docs[0]["sha256"] != docs[1]["sha256"]  # the hash is still of the bytes as they are


def test_a_stray_nul_byte_does_not_keep_a_text_out_of_the_index(runner, tmp_path):
    data = body("strayzero2x").encode()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "report.txt").write_bytes(data[:300] + b"\x00" + data[300:])
    result = index(runner, tmp_path / "docs", tmp_path)
    assert skipped(result) == []
    assert len(ids_matching(tmp_path / "ix", "strayzero2x")) == 1


def test_a_file_with_many_nul_bytes_is_still_refused_as_binary(runner, tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(body("manyzeros1x").encode().replace(b" ", b" \x00"))
    result, _ = extract(runner, path)
    assert result.exit_code == 1
    assert skipped(result) == [f"skipped {path}: binary file: it contains NUL bytes, so it is not "
                               "a text or HTML page"]


# ---- hidden files and folders --------------------------------------------------------


@pytest.fixture
def hidden(tmp_path):
    """docs/ with a document, a hidden document, a hidden folder of two documents,
    a macOS "._" file and hidden files that are not documents."""
    docs = tmp_path / "docs"
    write_doc(docs, 1, "shown1x")
    (docs / ".draft.txt").write_text(body("hiddenfile1x"), encoding="utf-8")
    write_doc(docs / ".old" / "2007", 2, "hiddenfolder2x")
    write_doc(docs / ".old", 3, "hiddenfolder3x")
    (docs / "._report.pdf").write_bytes(b"\x00\x05\x16\x07")
    (docs / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (docs / ".git").mkdir()
    (docs / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    return docs


HIDDEN_LINES = [
    "{docs}/._report.pdf: macOS metadata of report.pdf (a \"._\" file), not a document: not read",
    "{docs}/.draft.txt: a hidden file (its name starts with a dot): not read; rename it to read it",
    "{docs}/.old: a hidden folder (its name starts with a dot) holding 2 document files: not read; "
    "rename the folder to read them",
]


@pytest.mark.parametrize("command", ["extract", "index"])
def test_hidden_documents_are_named_one_line_each_and_a_hidden_folder_once(runner, hidden, tmp_path,
                                                                          command):
    result = (extract(runner, hidden)[0] if command == "extract"
              else index(runner, hidden, tmp_path))
    assert skipped(result) == [f"skipped {line.format(docs=hidden)}" for line in HIDDEN_LINES]


def test_hidden_documents_are_not_read(runner, hidden, tmp_path):
    index(runner, hidden, tmp_path)
    assert len(ids_matching(tmp_path / "ix", "shown1x")) == 1
    assert all(ids_matching(tmp_path / "ix", word) == []
               for word in ("hiddenfile1x", "hiddenfolder2x", "hiddenfolder3x"))


def test_a_hidden_folder_named_as_the_source_is_read(runner, hidden):
    result, docs = extract(runner, hidden / ".old")
    assert result.exit_code == 0, result.stderr
    assert len(docs) == 2
