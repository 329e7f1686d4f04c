"""The benchmark corpus generator: deterministic, faithful to the tier table, marked, varied."""
from __future__ import annotations

import csv
import statistics
from collections import Counter

import pytest

from bench.corpus import generate as gen
from bench.corpus.forms import DISCLAIMER, FORMS, HTML_FORMS


@pytest.fixture(scope="module")
def rows(corpus_dir):
    with (corpus_dir / gen.TIERS_CSV).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def mixed(corpus_dir):
    """400 documents past the tier table's rows (all kinds) with their texts."""
    start = len(gen.tier_rows(corpus_dir))
    return [gen.make_document(i, 0, FORMS, corpus_dir) for i in range(start, start + 400)]


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_writes_byte_identical_files(tmp_path, corpus_dir):
    first = gen.write_corpus(tmp_path / "a", 30, seed=7, corpus_dir=corpus_dir)
    second = gen.write_corpus(tmp_path / "b", 30, seed=7, corpus_dir=corpus_dir, workers=2)
    assert first == second
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert len(_files(tmp_path / "a")) == 31   # 30 documents and the manifest


def test_different_seed_writes_different_documents(tmp_path, corpus_dir):
    gen.write_corpus(tmp_path / "a", 10, seed=1, corpus_dir=corpus_dir)
    gen.write_corpus(tmp_path / "b", 10, seed=2, corpus_dir=corpus_dir)
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    bodies_a = sorted(v for k, v in a.items() if k != gen.MANIFEST)
    bodies_b = sorted(v for k, v in b.items() if k != gen.MANIFEST)
    assert not set(bodies_a) & set(bodies_b)


def test_document_depends_only_on_seed_and_position(corpus_dir):
    alone = gen.make_document(123, 5, FORMS, corpus_dir)
    in_sequence = list(gen.generate(124, seed=5, corpus_dir=corpus_dir, start=120))[3]
    assert alone[0] == in_sequence


@pytest.mark.parametrize("i", [0, 1, 2, 57, 400, 999, 1500, 2000, 2258])
def test_tip_chapters_follow_the_tier_table_rows(i, rows, corpus_dir):
    doc, text = gen.make_document(i, 0, FORMS, corpus_dir)
    row = rows[i]
    assert (doc.kind, doc.country_code, doc.report_year, doc.tier) == (
        "tip", row["iso3"], int(row["tip_report_year"]), row["tier"])
    assert doc.publisher == "United States Department of State"
    assert doc.author == "Office to Monitor and Combat Trafficking in Persons"
    assert doc.published.startswith(f"{row['tip_report_year']}-06-")
    assert f"({row['tier']})" in text


@pytest.mark.parametrize("year, title, heading", [
    (2004, "U.S. Department of State 2004 Trafficking in Persons Report - Mali", "Mali (Tier 2)"),
    (2007, "U.S. Department of State 2007 Trafficking in Persons Report - Mali", "Mali (Tier 2)"),
    (2008, "Trafficking in Persons Report 2008 - Mali", "MALI (Tier 2)"),
    (2012, "Trafficking in Persons Report 2012 - Mali", "MALI (Tier 2)"),
])
def test_titles_and_tier_headings_follow_their_era(year, title, heading, corpus_dir):
    row = gen.TierRow("Mali", "MLI", year, "Tier 2")
    assert gen._title("tip", row, None) == title
    assert gen._heading("tip", row) == heading


def test_seed_like_document_has_the_exact_cite_as_pattern(corpus_dir):
    index = next(i for i, r in enumerate(gen.tier_rows(corpus_dir))
                 if (r.iso3, r.year) == ("MLI", 2004))
    doc, text = gen.make_document(index, 0, ("text",), corpus_dir)
    assert doc.title == "U.S. Department of State 2004 Trafficking in Persons Report - Mali"
    assert doc.published == "2004-06-14"
    assert doc.cite_as.startswith(
        "United States Department of State, U.S. Department of State 2004 Trafficking in "
        "Persons Report - Mali, 14 June 2004, available at: [accessed ")
    assert f"Cite as {doc.cite_as}\n" in text
    assert "\nMali (Tier 2)\n" in text


def test_every_document_is_marked_as_generated(mixed):
    for doc, text in mixed:
        assert doc.path.rsplit("/", 1)[-1].startswith(gen.FILE_PREFIX)
        assert gen.GENERATED_LINE in text
        if doc.form != "text":
            assert f'<meta name="generator" content="{gen.GENERATED_MARK}">' in text


def test_later_documents_add_publishers_and_types(mixed):
    kinds = Counter(doc.kind for doc, _ in mixed)
    assert set(kinds) == {"hrr", "irb", "amnesty", "freedomhouse", "hrw"}
    assert all(doc.tier is None for doc, _ in mixed)
    irb = [doc for doc, _ in mixed if doc.kind == "irb"]
    for doc in irb:
        assert doc.publisher == "Canada: Immigration and Refugee Board of Canada"
        assert doc.document_symbol.startswith(doc.country_code)
        assert doc.document_symbol.endswith(".E")
        assert f", {doc.document_symbol}, available at: " in doc.cite_as
    hrr = next(doc for doc, _ in mixed if doc.kind == "hrr")
    assert hrr.title == (f"Country Reports on Human Rights Practices {hrr.report_year} - "
                         f"{hrr.country_name}")
    assert len({doc.publisher for doc, _ in mixed}) == 5


def test_lengths_are_long_tailed_within_bounds(mixed):
    sizes = sorted(doc.size for doc, _ in mixed)
    assert sizes[0] >= gen.MIN_BYTES
    assert sizes[-1] <= gen.MAX_BYTES + 10_000          # body bound plus page furniture
    median = statistics.median(sizes)
    assert 3_000 < median < 20_000
    assert sizes[-1] > 4 * median                       # the tail reaches far past the middle
    assert statistics.mean(sizes) > median              # skewed right


def test_forms_are_mixed_half_text(mixed):
    forms = Counter(doc.form for doc, _ in mixed)
    assert 0.4 < forms["text"] / len(mixed) < 0.6
    assert all(forms[form] >= 25 for form in HTML_FORMS)
    for doc, text in mixed:
        assert doc.path.endswith(".txt" if doc.form == "text" else ".html")
        assert text.startswith("Last Updated: ") == (doc.form == "text")


def test_only_the_forms_asked_for_are_written(corpus_dir):
    docs = list(gen.generate(40, forms=("html-dl", "html-newsite"), corpus_dir=corpus_dir))
    assert {d.form for d in docs} == {"html-dl", "html-newsite"}
    with pytest.raises(ValueError):
        gen.write_corpus("unused", 1, forms=("pdf",), corpus_dir=corpus_dir)


def test_bodies_name_their_country(mixed):
    def body(doc, text):
        return text.split(DISCLAIMER)[-1] if doc.form == "text" else text.split("document-body")[-1]
    from bench.corpus.countries import demonym
    named = sum(doc.country_name in body(doc, text)
                or (demonym(doc.country_name) or "\0") in body(doc, text) for doc, text in mixed)
    assert named >= 0.97 * len(mixed)


def test_command_line_writes_documents_and_manifest(tmp_path, corpus_dir, capsys):
    assert gen.main([str(tmp_path), "-n", "6", "--seed", "3", "--workers", "1"]) == 0
    assert "wrote 6 documents" in capsys.readouterr().out
    meta, docs = gen.read_manifest(tmp_path)
    assert (meta["n"], meta["seed"], len(docs)) == (6, 3, 6)
    assert all((tmp_path / d.path).stat().st_size == d.size for d in docs)


def _sample_by_form_and_kind(corpus_dir, kinds=("tip", "hrr", "irb"), per_pair=2):
    """A few generated documents of each (form, kind), found by walking the sequence."""
    wanted = {(form, kind): per_pair for form in FORMS for kind in kinds}
    found = []
    for i in list(range(0, 200)) + list(range(len(gen.tier_rows(corpus_dir)),
                                             len(gen.tier_rows(corpus_dir)) + 600)):
        doc, text = gen.make_document(i, 0, FORMS, corpus_dir)
        if wanted.get((doc.form, doc.kind)):
            wanted[(doc.form, doc.kind)] -= 1
            found.append((doc, text))
    assert not any(wanted.values()), wanted
    return found


def test_reader_extracts_the_expected_metadata_in_every_form(tmp_path, corpus_dir):
    from indexer.documents.reader import read_document
    for doc, text in _sample_by_form_and_kind(corpus_dir):
        path = tmp_path / doc.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        read = read_document(path)
        where = f"{doc.path} ({doc.form}, {doc.kind})"
        assert read.title == doc.title, where
        assert read.countries and read.countries[0].code == doc.country_code, where
        assert read.tier == doc.tier, where
        assert gen.GENERATED_LINE in read.text, where
        if doc.kind == "tip":
            assert read.report_year == doc.report_year, where
        if doc.form == "html-newsite":   # no header lines: what the address and title say
            assert read.doc_type == doc.doc_type, where
            continue
        assert (read.publisher, read.published, read.document_symbol) == (
            doc.publisher, doc.published, doc.document_symbol), where
