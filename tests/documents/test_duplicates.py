"""Exact and near copies, with the near-copy threshold calibrated on pairs built from the corpus."""
from __future__ import annotations

import itertools
import random
import re
from dataclasses import replace

import pytest
from conftest import make_document

from indexer import config, duplicates
from indexer.documents.reader import parse_document, read_document
from indexer.duplicates import (
    Signature,
    copy_groups,
    copy_keys,
    is_near_copy,
    near_copy_pairs,
    resemblance,
    shingles,
    signature,
    text_key,
)

THRESHOLD = config.NEAR_DUPLICATE_THRESHOLD


@pytest.fixture(scope="module")
def reports(corpus_dir):
    paths = sorted(p for folder in ("hrr-2024", "hrr-2024-more")
                   for p in (corpus_dir / folder).glob("*.md") if p.name != "PROVENANCE.md")
    return {p.stem: read_document(p) for p in paths}


@pytest.fixture(scope="module")
def signatures(reports):
    return {name: signature(doc.text) for name, doc in reports.items()}


def test_a_file_saved_twice_with_other_line_endings_and_encoding_is_an_exact_copy(seed_path):
    data = seed_path.read_bytes()
    original = parse_document(data, "a.txt")
    windows = parse_document(data.decode("utf-8").replace("\n", "\r\n").encode("utf-16"), "b.txt")
    latin = parse_document(data.decode("utf-8").encode("cp1252", errors="replace"), "c.txt")
    assert original.sha256 != windows.sha256 != latin.sha256
    assert text_key(original) == text_key(windows) == text_key(latin)


def test_the_same_refworld_docid_makes_copies_whatever_the_text():
    a = make_document(id="a", refworld_docid="4680d7f3c", text="One saved form of the page. " * 10)
    b = make_document(id="b", refworld_docid="4680D7F3C", text="Another saved form, from another address. " * 10)
    assert set(copy_keys(a)) & set(copy_keys(b)) == {"docid:4680d7f3c"}
    assert copy_groups([a, b]) == [["a", "b"]]


def test_short_texts_are_copies_only_with_the_same_title():
    a = make_document(id="a", title="Mali: note", text="See the attached file.")
    b = make_document(id="b", title="Niger: note", text="See the attached file.")
    assert text_key(a) != text_key(b)
    assert text_key(a) == text_key(replace(b, title="Mali: note"))


def test_shingles_are_five_word_runs_case_folded():
    assert shingles("One two three four five Six") == {"one two three four five", "two three four five six"}
    assert shingles("Too short") == {"too short"} and shingles("") == set()


# ---- calibration: pairs built from the corpus ---------------------------------------


def test_different_reports_of_one_series_are_far_below_the_threshold(signatures):
    scores = [resemblance(signatures[a], signatures[b]) for a, b in itertools.combinations(signatures, 2)]
    assert len(scores) == 42 * 41 // 2
    assert max(scores) < 0.25 < THRESHOLD   # measured: at most 0.13, for all their shared wording


@pytest.mark.parametrize("name", ["mali", "nigeria", "eritrea", "burma"])
def test_a_report_and_its_pdf_edition_are_near_copies(corpus_dir, signatures, name):
    pdf = read_document(corpus_dir / "pdf" / f"{name}-2024-human-rights-report.pdf")
    assert resemblance(signatures[name], signature(pdf.text)) >= 0.9   # measured: 0.99-1.0


def edited(text: str, seed: int, share: float) -> tuple[str, str]:
    """``text`` with ``share`` of its sentences cut in half, and with ``share`` of them dropped."""
    rng = random.Random(seed)
    sentences = re.split(r"(?<=\.) ", text)
    halved = [s[:len(s) // 2] if rng.random() < share else s for s in sentences]
    dropped = [s for s in sentences if rng.random() >= share]
    return " ".join(halved), " ".join(dropped)


def test_a_report_with_a_tenth_edited_or_dropped_stays_a_near_copy(reports, signatures):
    for seed, name in enumerate(sorted(reports)):
        halved, dropped = edited(reports[name].text, seed, 0.1)
        assert is_near_copy(signatures[name], signature(halved)), name      # measured: 0.77-0.97
        assert is_near_copy(signatures[name], signature(dropped)), name


def test_a_report_with_a_third_of_its_sentences_replaced_is_not_a_copy(reports, signatures):
    names = sorted(reports)
    for seed, name in enumerate(names):
        rng = random.Random(seed)
        others = re.split(r"(?<=\.) ", reports[names[(seed + 7) % len(names)]].text)
        mixed = [s if rng.random() >= 1 / 3 else rng.choice(others)
                 for s in re.split(r"(?<=\.) ", reports[name].text)]
        assert not is_near_copy(signatures[name], signature(" ".join(mixed))), name   # measured: 0.4-0.62


def test_near_copy_pairs_finds_exactly_the_copies_among_many_texts(reports, signatures):
    found = dict(signatures)
    halved, _ = edited(reports["mali"].text, 3, 0.1)
    found["mali-edited"] = signature(halved)
    found["chad-again"] = signature(reports["chad"].text)
    pairs = [(a, b) for a, b, _ in near_copy_pairs(found)]
    assert pairs == [("chad", "chad-again"), ("mali", "mali-edited")]


def test_copy_groups_joins_exact_and_near_copies(reports):
    mali = reports["mali"]
    halved, _ = edited(mali.text, 5, 0.1)
    docs = [mali, replace(mali, id="mali-copy", path="copy.md"), replace(mali, id="mali-edit", text=halved),
            reports["niger"], reports["nigeria"]]
    assert copy_groups(docs) == [sorted([mali.id, "mali-copy", "mali-edit"])]


def test_a_signature_round_trips_through_a_list_and_bounds_its_size(reports):
    sig = signature(reports["burma"].text)
    assert len(sig.values) == config.MINHASH_VALUES and list(sig.values) == sorted(sig.values)
    assert Signature.from_list(sig.to_list()) == sig
    small = signature("Only a few words here.")
    assert len(small.values) == small.shingles == 1
    assert resemblance(small, small) == 1.0 and resemblance(small, sig) == 0.0


def test_extract_copies_names_the_files_that_are_copies(tmp_path, seed_path, corpus_dir):
    from click.testing import CliRunner

    from indexer.cli import main
    data = seed_path.read_bytes()
    (tmp_path / "seed.txt").write_bytes(data)
    (tmp_path / "seed-windows.txt").write_bytes(data.replace(b"\n", b"\r\n"))
    (tmp_path / "mali.md").write_bytes((corpus_dir / "hrr-2024" / "mali.md").read_bytes())
    (tmp_path / "mali.pdf").write_bytes((corpus_dir / "pdf" / "mali-2024-human-rights-report.pdf").read_bytes())
    (tmp_path / "nigeria.md").write_bytes((corpus_dir / "hrr-2024" / "nigeria.md").read_bytes())
    result = CliRunner().invoke(main, ["extract", str(tmp_path), "--copies"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("copies: ")]
    assert lines == [f"copies: {tmp_path / 'mali.md'}, {tmp_path / 'mali.pdf'}",
                     f"copies: {tmp_path / 'seed-windows.txt'}, {tmp_path / 'seed.txt'}"]


def test_a_documents_text_key_asked_for_twice_in_a_row_is_made_once(monkeypatch):
    doc = make_document(text="Trafficking in persons remained a serious problem. " * 20)
    first = duplicates.text_key(doc)
    monkeypatch.setattr(duplicates, "normalised_text", lambda text: pytest.fail("made again"))
    assert duplicates.text_key(replace(doc, id="other-id")) == first


@pytest.mark.parametrize("change", [
    {"text": "Trafficking in persons remained a serious problem. " * 19 + "Another ending."},
    {"text": "Short text.", "title": "One title"},
])
def test_another_text_or_title_gets_its_own_key_after_a_remembered_one(change):
    doc = make_document(text="Short text.", title="Another title")
    duplicates.text_key(doc)
    other = replace(doc, **change)
    duplicates._LAST_KEY = None
    expected = duplicates.text_key(other)
    duplicates.text_key(doc)
    assert duplicates.text_key(other) == expected != duplicates.text_key(doc)
