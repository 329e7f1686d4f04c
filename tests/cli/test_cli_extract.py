"""`refsearch extract`: JSON with exactly the Document keys, summaries, and exit statuses."""
from __future__ import annotations

import json
import shutil
from dataclasses import fields

from bad_documents import BAD_DOCUMENTS, write_bad_documents
from click.testing import CliRunner

from indexer.cli import main
from indexer.records import Document

DOCUMENT_KEYS = [f.name for f in fields(Document)]


def test_json_for_one_document_is_one_object_with_exactly_the_document_keys(runner, seed_path):
    result = runner.invoke(main, ["extract", "--json", str(seed_path)])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == DOCUMENT_KEYS
    assert data["tier"] == "Tier 2" and data["countries"] == [{"name": "Mali", "code": "MLI"}]


def test_json_for_several_documents_is_an_array(runner, seed_path, tmp_path):
    shutil.copy(seed_path, tmp_path / "a.txt")
    (tmp_path / "b.md").write_text("# Mali — 2024 Human Rights Report\n\nMali text.\n", encoding="utf-8")
    result = runner.invoke(main, ["extract", "--json", str(tmp_path)])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 2
    assert all(list(item) == DOCUMENT_KEYS for item in data)
    assert [item["path"].rsplit("/", 1)[-1] for item in data] == ["a.txt", "b.md"]


def test_summary_names_the_fields_and_counts(runner, seed_path):
    result = runner.invoke(main, ["extract", str(seed_path)])
    assert result.exit_code == 0
    out = result.stdout
    for expected in ("U.S. Department of State 2004 Trafficking in Persons Report - Mali",
                     "United States Department of State", "2004-06-14", "Mali (MLI)", "Tier 2",
                     "Annual report, 2004", str(seed_path), "1 read, 0 skipped"):
        assert expected in out


def test_skipped_files_are_named_on_stderr_and_exit_status_is_1(runner, seed_path, tmp_path):
    shutil.copy(seed_path, tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "scan.html").write_bytes(b"%PDF-1.5 ...")  # a PDF under another name, and broken
    result = runner.invoke(main, ["extract", "--json", str(tmp_path)])
    assert result.exit_code == 1
    assert list(json.loads(result.stdout)) == DOCUMENT_KEYS
    assert f"{tmp_path / 'empty.txt'}: empty file" in result.stderr
    assert f"{tmp_path / 'scan.html'}: broken PDF" in result.stderr
    plain = runner.invoke(main, ["extract", str(tmp_path)])
    assert plain.exit_code == 1 and "1 read, 2 skipped" in plain.stdout


def test_every_refused_file_is_named_with_its_reason_and_the_rest_is_printed(runner, tmp_path, seed_path):
    bad_documents = write_bad_documents(tmp_path / "bad")
    shutil.copy(seed_path, bad_documents / "seed.txt")
    result = runner.invoke(main, ["extract", "--json", str(bad_documents)])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["title"].endswith("Trafficking in Persons Report - Mali")
    for name, (_, reason) in BAD_DOCUMENTS.items():
        line = next(l for l in result.stderr.splitlines() if l.startswith(f"skipped {bad_documents / name}: "))
        assert reason in line
    assert f"1 read, {len(BAD_DOCUMENTS)} skipped" in result.stderr


def test_max_bytes_option_skips_larger_files(runner, seed_path):
    result = runner.invoke(main, ["extract", "--max-bytes", "100", str(seed_path)])
    assert result.exit_code == 1
    assert "file too large" in result.stderr and "0 read, 1 skipped" in result.stdout
    assert runner.invoke(main, ["extract", "--max-bytes", "0", str(seed_path)]).exit_code == 2


def test_missing_path_argument_is_a_usage_error(runner):
    result = runner.invoke(main, ["extract"])
    assert result.exit_code == 2


def test_a_path_that_does_not_exist_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(main, ["extract", str(tmp_path / "absent.txt")])
    assert result.exit_code == 2
    assert "absent.txt" in result.stderr and "does not exist" in result.stderr


def test_json_shows_the_date_source_pages_sections_and_paragraphs(corpus_dir):
    from indexer.cli import main
    result = CliRunner().invoke(main, ["extract", str(corpus_dir / "pdf" / "mali-2024-human-rights-report.pdf"),
                                       "--json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert (record["published"], record["published_source"]) == ("2025", "report year")
    assert len(record["pages"]) == 6 and record["pages"][0] == 0
    section = next(s for s in record["sections"] if s["anchor"] == "s2.a")
    assert set(section) == {"anchor", "number", "title", "level", "start", "end"}
    assert record["text"][section["start"]:].startswith("a. Freedom of the Press")
    paragraph = next(p for p in record["paragraphs"] if p["section"] == "s2.a")
    assert paragraph["anchor"] == "s2.a-p1" and paragraph["ordinal"] == 1
    summary = CliRunner().invoke(main, ["extract", str(corpus_dir / "hrr-2024" / "mali.md")]).output
    assert "published: 2025-07 (address)" in summary and "structure: 17 sections, 13 paragraphs" in summary
