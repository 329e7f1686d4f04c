"""A passage pasted with no title finds its document and its paragraph, through the CLI, the
lookup page and the JSON API; text the archive does not hold is not found. The quotations
are cut from the real 2024 Country Reports of the shared corpus while the tests run."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from indexer import config
from indexer.archive import open_archive
from indexer.build import write_index
from indexer.citations.lookup import lookup
from indexer.cli import main

# Written for these tests in the reports' vocabulary; no report holds them.
NOT_HELD = (
    "Armed groups in the central regions imposed their own courts on villagers and punished "
    "those who refused to pay levies, while the army detained suspected collaborators for months "
    "without charge, according to accounts collected by humanitarian workers in Mopti and Segou.",
    "The law provides for freedom of expression, but the government restricted this right in "
    "practice, and journalists reported that they practiced self-censorship to avoid harassment "
    "by security officials.",
    "Police in Nairobi used live ammunition against protesters opposing the finance bill, and "
    "rights groups documented dozens of abductions of young activists in the weeks that followed.",
)


@pytest.fixture(scope="module")
def reports(corpus_dir):
    """The 2024 Country Reports, by file stem."""
    from indexer.documents.reader import read_document

    found = {}
    for folder in sorted(corpus_dir.glob("hrr-2024*")):
        for path in sorted(folder.glob("*.md")):
            if path.stem != "PROVENANCE":
                found[path.stem] = read_document(path)
    return found


@pytest.fixture(scope="module")
def mali_pdf(corpus_dir):
    from indexer.documents.reader import read_document

    return read_document(corpus_dir / "pdf" / "mali-2024-human-rights-report.pdf")


@pytest.fixture(scope="module")
def index(tmp_path_factory, reports, mali_pdf):
    folder = tmp_path_factory.mktemp("quotations")
    write_index(folder, [*reports.values(), mali_pdf])
    return folder


@pytest.fixture(scope="module")
def archive(index):
    with open_archive(index) as opened:
        yield opened


def passage(doc, anchor: str, start: int = 0, words: int = 60) -> str:
    paragraph = next(p for p in doc.paragraphs if p.anchor == anchor)
    return " ".join(doc.text[paragraph.start: paragraph.end].split()[start: start + words])


@pytest.mark.parametrize("stem, anchor", [
    ("nigeria", "s1.c-p1"), ("eritrea", "s2.a-p1"), ("syria", "s3.a-p1"), ("burma", "s2.b-p1"),
])
def test_a_pasted_paragraph_finds_its_document_and_paragraph(archive, reports, stem, anchor):
    doc = reports[stem]
    first = lookup(archive, passage(doc, anchor, 0, 120))[0]
    assert (first.id, first.verdict, first.at) == (doc.id, "found", anchor)
    assert first.confidence >= config.CITE_FOUND


@pytest.mark.parametrize("stem, anchor", [
    ("nigeria", "s2.b-p1"), ("haiti", "s1.a-p1"), ("russia", "s2.a-p1"),
])
def test_sentences_from_the_middle_of_a_paragraph_name_that_paragraph(archive, reports, stem, anchor):
    doc = reports[stem]
    first = lookup(archive, passage(doc, anchor, 100, 30))[0]
    assert (first.id, first.verdict, first.at) == (doc.id, "found", anchor)


def test_a_quotation_with_a_passage_left_out_is_still_found(archive, reports):
    doc = reports["eritrea"]
    words = passage(doc, "s2.a-p1", 40, 90).split()
    quoted = " ".join(words[:35] + ["[...]"] + words[55:])
    first = lookup(archive, quoted)[0]
    assert (first.id, first.verdict, first.at) == (doc.id, "found", "s2.a-p1")


def test_a_quotation_with_a_word_changed_is_still_found(archive, reports):
    doc = reports["ghana"]
    words = passage(doc, "executive-summary-p1", 20, 50).split()
    words[25] = "various"
    first = lookup(archive, " ".join(words))[0]
    assert (first.id, first.verdict) == (doc.id, "found")


@pytest.mark.parametrize("text", NOT_HELD)
def test_text_the_archive_does_not_hold_is_not_found(archive, text):
    found = lookup(archive, text)
    assert all(c.verdict not in ("found", "probably") for c in found)
    assert all(c.confidence < config.CITE_PROBABLY and c.at is None for c in found)


def test_a_real_quotation_and_text_not_held_are_far_apart_in_confidence(archive, reports):
    real = lookup(archive, passage(reports["iraq"], "s2.a-p1", 10, 40))[0].confidence
    absent = max((c.confidence for text in NOT_HELD for c in lookup(archive, text)), default=0.0)
    assert real - absent >= 0.4


def test_a_short_quotation_is_only_probable(archive, reports):
    doc = reports["haiti"]
    first = lookup(archive, passage(doc, "s1.a-p1", 100, 12))[0]
    assert (first.id, first.verdict) == (doc.id, "probably")
    assert any("short quotation" in r for r in first.reasons)


def test_a_report_and_its_pdf_edition_count_as_one_work_holding_the_quotation(archive, reports, mali_pdf):
    found = lookup(archive, passage(reports["mali"], "s1.c-p1", 0, 80))
    assert (found[0].verdict, found[0].id in (reports["mali"].id, mali_pdf.id)) == ("found", True)
    assert not {reports["mali"].id, mali_pdf.id} & {c.id for c in found[1:]}  # the work, listed once


def test_a_quotation_two_different_works_hold_is_only_probable(tmp_path, reports):
    import dataclasses

    shared = passage(reports["niger"], "s2.a-p1", 0, 60)
    docs = [reports["niger"],
            dataclasses.replace(reports["chad"], id="chad-quoting-niger",
                                text=reports["chad"].text + "\n\n" + shared)]
    write_index(tmp_path, docs)
    with open_archive(tmp_path) as archive:
        found = lookup(archive, shared)
    assert {c.id for c in found[:2]} == {reports["niger"].id, "chad-quoting-niger"}
    assert all(c.verdict == "probably" for c in found[:2])
    assert "1 other document(s) hold it too" in found[0].reasons


def test_quotation_candidates_come_from_the_index_not_from_reading_every_document(archive, reports,
                                                                                   monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("lookup read every stored document")

    monkeypatch.setattr(archive._searcher(), "all_stored_fields", refuse)
    doc = reports["cuba"]
    assert lookup(archive, passage(doc, "s2.a-p1", 0, 50))[0].id == doc.id


def test_the_cli_names_the_quoted_paragraph(index, reports):
    doc = reports["senegal"]
    result = CliRunner().invoke(main, ["cite", passage(doc, "s2.a-p1", 5, 40), "--index", str(index)])
    assert result.exit_code == 0, result.output
    assert "quoted from paragraph s2.a-p1" in result.output
    assert f"id {doc.id}" in result.output.splitlines()[1]


def test_the_api_answers_the_paragraph_and_takes_a_paragraph_longer_than_a_query(index, reports):
    from webapp import create_app

    doc = reports["syria"]
    text = passage(doc, "s3.a-p1", 300, 250)
    assert config.MAX_QUERY_LENGTH < len(text) <= config.MAX_CITATION_LENGTH
    client = create_app({"INDEX_DIR": index, "TESTING": True}).test_client()
    first = client.get("/api/cite", query_string={"q": text}).get_json()["candidates"][0]
    assert (first["id"], first["verdict"], first["at"]) == (doc.id, "found", "s3.a-p1")


def test_the_lookup_page_links_the_quoted_paragraph(index, reports):
    from webapp import create_app

    doc = reports["somalia"]
    client = create_app({"INDEX_DIR": index, "TESTING": True}).test_client()
    page = client.get("/cite", query_string={"q": passage(doc, "s2.b-p1", 10, 40)}).get_data(as_text=True)
    assert f'href="/documents/{doc.id}?at=s2.b-p1#s2.b-p1"' in page
    assert "The quotation is in" in page
