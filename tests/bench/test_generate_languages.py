"""The generator's documents in other languages: their share, their languages as refsearch
identifies them, deterministic, and a clear error without the Declaration's texts."""
from __future__ import annotations

from collections import Counter

import pytest

from bench.corpus import generate as gen
from bench.corpus.udhr import LANGUAGES
from indexer.documents.reader import read_document
from indexer.engine.multilingual import has_stemmer

N = 400


@pytest.fixture(scope="module")
def documents(corpus_dir):
    """N documents of which a tenth are in other languages, with their texts."""
    return [gen.make_document(i, 5, corpus_dir=corpus_dir, other_languages=0.1) for i in range(N)]


def test_the_share_asked_for_is_in_other_languages(documents):
    assert sum(doc.language != "en" for doc, _ in documents) == N // 10


@pytest.mark.parametrize("share", [0.0, 0.25, 1.0])
def test_any_share_is_kept_exactly(share):
    assert sum(gen.document_language(i, 0, share) != "en" for i in range(200)) == int(200 * share)


def test_every_language_appears_among_them(documents):
    assert set(Counter(doc.language for doc, _ in documents)) == {"en", *LANGUAGES}


def test_the_languages_include_some_without_a_stemmer_and_others_with_one():
    assert {has_stemmer(code) for code in LANGUAGES} == {True, False}


def test_refsearch_identifies_each_documents_language(documents, tmp_path):
    wrong = []
    for doc, text in documents:
        if doc.language == "en":
            continue
        path = tmp_path / doc.path.replace("/", "-")
        path.write_text(text, encoding="utf-8")
        if read_document(path).language != doc.language:
            wrong.append((doc.path, doc.language))
    assert wrong == []


def test_text_form_bodies_are_identified_without_a_declared_language(corpus_dir, tmp_path):
    found = {}
    for i in range(60):
        doc, text = gen.make_document(i, 2, ("text",), corpus_dir, other_languages=1.0)
        path = tmp_path / f"{i}.txt"
        path.write_text(text, encoding="utf-8")
        found[doc.language] = found.get(doc.language, set()) | {read_document(path).language}
    assert found == {code: {code} for code in found}


def test_a_document_in_another_language_depends_only_on_seed_and_position(corpus_dir):
    ninth = gen.make_document(9, 3, corpus_dir=corpus_dir, other_languages=0.1)
    assert ninth[0].language != "en"
    assert gen.make_document(9, 3, corpus_dir=corpus_dir, other_languages=0.1) == ninth


def test_english_documents_are_as_without_the_option(corpus_dir):
    for i in range(20):
        if gen.document_language(i, 0, 0.1) == "en":
            assert gen.make_document(i, 0, corpus_dir=corpus_dir, other_languages=0.1) == \
                gen.make_document(i, 0, corpus_dir=corpus_dir)


def test_the_metadata_stays_english_and_the_page_declares_the_bodys_language(corpus_dir):
    doc, text = gen.make_document(9, 3, ("html-table",), corpus_dir, other_languages=0.1)
    english, _ = gen.make_document(9, 3, ("html-table",), corpus_dir)
    assert (doc.title, doc.publisher, doc.cite_as) == (english.title, english.publisher, english.cite_as)
    assert f'<html lang="{doc.language}">' in text


def test_without_the_declarations_texts_the_error_says_what_is_missing(tmp_path, corpus_dir):
    (tmp_path / "tiers").mkdir()
    (tmp_path / gen.TIERS_CSV).write_bytes((corpus_dir / gen.TIERS_CSV).read_bytes())
    for path in corpus_dir.glob("hrr-2024*/*.md"):
        target = tmp_path / path.parent.name / path.name
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(path.read_bytes())
    with pytest.raises(FileNotFoundError, match="udhr-fra.html.*--other-languages"):
        gen.write_corpus(tmp_path / "out", 10, corpus_dir=tmp_path, other_languages=0.1)


def test_the_command_line_writes_the_share_and_records_it(tmp_path, corpus_dir, capsys):
    assert gen.main([str(tmp_path / "out"), "-n", "20", "--other-languages", "0.2", "--workers", "1"]) == 0
    manifest, docs = gen.read_manifest(tmp_path / "out")
    assert manifest["other_languages"] == 0.2
    assert sum(doc.language != "en" for doc in docs) == 4


def test_a_share_outside_zero_to_one_is_refused(tmp_path, corpus_dir):
    with pytest.raises(ValueError, match="between 0 and 1"):
        gen.write_corpus(tmp_path, 10, corpus_dir=corpus_dir, other_languages=1.5)
