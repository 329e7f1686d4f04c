"""Search by meaning: the packaged model run in numpy, its distilled table, passage vectors
in the index, and the rankings that use them (the fallback and the top-up of few matches).

The model ships inside a package and the table is distilled from it on this machine
(scripts/setup does it once), so everything here runs offline.
"""
from __future__ import annotations

import numpy as np
import pytest

from indexer import config, meaning
from indexer.archive import open_archive
from indexer.build import write_index
from indexer.documents.reader import parse_document
from indexer.engine import meaning as engine_meaning
from indexer.meaning import table, transformer, vectors
from indexer.records import Document
from indexer.request import parse_request

pytestmark = pytest.mark.skipif(table.find_model() is None, reason="the sentence model package is not installed")

REPORTS = ("niger", "sudan", "guinea", "ghana", "cotedivoire", "egypt", "eritrea", "syria")


@pytest.fixture(scope="module")
def embedder():
    found = meaning.embedder(distil=True)
    assert found is not None
    return found


@pytest.fixture(scope="module")
def reports(corpus_dir) -> list[Document]:
    return [parse_document((corpus_dir / "hrr-2024-more" / f"{name}.md").read_bytes(), f"hrr/{name}.md")
            for name in REPORTS]


@pytest.fixture(scope="module")
def report_index(reports, tmp_path_factory):
    folder = tmp_path_factory.mktemp("meaning-index")
    write_index(folder, reports)
    return folder


def search(folder, query: str):
    with open_archive(folder) as archive:
        return archive.search(parse_request({"q": query}))


def test_the_numpy_forward_pass_ranks_a_paraphrase_above_an_unrelated_sentence():
    model = table.find_model()
    assert model is not None
    tokenizer = table.tokenizer(model)
    weights = transformer.Weights(model.folder / "model.safetensors")
    texts = ["beaten by police at protests", "security forces used excessive force against demonstrators",
             "the ministry published its annual budget"]
    query, paraphrase, unrelated = transformer.sentence_vectors(weights, [tokenizer.encode(t).ids for t in texts])
    assert float(query @ paraphrase) > 0.5 > float(query @ unrelated) + 0.2


def test_the_distilled_table_has_a_weighted_row_per_word_piece_and_none_for_special_tokens(embedder):
    assert embedder.table.shape == (30522, config.MEANING_DIMENSIONS)
    assert not embedder.table[[0, transformer.CLS, transformer.SEP]].any()
    norms = np.linalg.norm(embedder.table, axis=1)
    # A frequent word ("the") weighs far less than a rare one ("trafficking").
    the, trafficking = (embedder._tokenizer.token_to_id(w) for w in ("the", "trafficking"))
    assert norms[the] < 0.1 * norms[trafficking]


@pytest.mark.parametrize(("query", "paraphrase", "unrelated"), [
    ("police beating protesters", "security forces used excessive force against demonstrators",
     "the government restricted freedom of the press"),
    ("kids forced to marry", "early and forced marriage of girls remained common",
     "authorities detained reporters in connection with their work"),
    ("journalists jailed for their reporting", "authorities detained reporters in connection with their work",
     "child labor in artisanal gold mining"),
])
def test_a_text_in_other_words_lies_closer_than_an_unrelated_one(embedder, query, paraphrase, unrelated):
    q, p, u = embedder.embed([query, paraphrase, unrelated])
    assert float(q @ p) > float(q @ u) + 0.2


def test_a_text_without_words_gets_a_zero_vector_and_embedding_is_unit_length(embedder):
    found = embedder.embed(["", "!!! ...", "Trafficking in persons"])
    assert not found[0].any() and not found[1].any()
    assert np.isclose(np.linalg.norm(found[2]), 1.0)


def test_passages_start_with_the_title_join_short_paragraphs_and_cut_long_ones_between_sentences():
    long = " ".join(f"Sentence number {i} tells one more fact about the detention of critics." for i in range(40))
    text = f"Heading\n\nShort line.\n\n{long}\n\nA closing paragraph of enough words to stand on its own here."
    doc = Document(id="d", title="A report", publisher=None, author=None, published=None, last_updated=None,
                   countries=(), tier=None, report_year=None, doc_type=None, document_symbol=None,
                   citation=None, source_url=None, refworld_docid=None, language=None, sha256="0",
                   path="d.txt", text=text)
    starts, texts = vectors.passage_texts(doc)
    assert starts[0] == vectors.TITLE and texts[0] == "A report"
    assert texts[1].startswith("Heading Short line. Sentence number 0")   # short ones joined onward
    assert all(len(t.split()) <= config.MEANING_MAX_WORDS + 12 for t in texts[1:])
    assert len(texts) > 4   # the long paragraph is cut in several pieces
    for start, passage in zip(starts[1:], texts[1:]):
        assert text[start:].startswith(passage.split()[0])


def test_passage_vectors_survive_their_bytes_within_rounding(embedder, reports):
    stored = meaning.stored_vectors(reports[0])
    assert stored is not None and stored.startswith(embedder.checksum)
    unpacked = vectors.unpack(stored[len(embedder.checksum):])
    original = vectors.document_passages(embedder, reports[0])
    assert unpacked is not None and np.array_equal(unpacked.starts, original.starts)
    assert np.abs(unpacked.vectors - original.vectors).max() < 0.01


def test_vectors_of_another_table_are_never_compared(report_index, embedder, monkeypatch):
    with open_archive(report_index) as archive:
        searcher = archive._searcher()
        query = embedder.embed(["children working in gold mines"])[0]
        docnums = np.arange(searcher.doc_count_all())
        scores, _ = engine_meaning.best_passages(searcher, docnums, query)
        assert (scores > 0).all()
        monkeypatch.setattr(embedder, "checksum", b"\0" * len(embedder.checksum))
        scores, _ = engine_meaning.best_passages(searcher, docnums, query)
        assert (scores == -1).all()


def test_a_need_in_other_words_finds_the_report_that_answers_it(report_index):
    # No report holds all of these words; Niger's says "cyanide" and "artisanal gold mining".
    results = search(report_index, "toxic chemicals used by small-scale gold miners in Niger")
    assert results.hits and results.hits[0].id and "Niger" in (results.hits[0].title or "")
    assert results.notice and "showing documents with" in results.notice


def test_few_documents_holding_every_word_are_followed_by_those_holding_most(report_index):
    results = search(report_index, "cyanide gold mining Niger health hazards")
    notice = results.notice or ""
    assert notice.startswith("Only ") and "after" in notice
    alone = int(notice.split()[1])
    assert len(results.hits) > alone
    assert all(not hit.missing for hit in results.hits[:alone])
    assert results.hits[alone].missing   # the first that follows says which words it lacks


def test_without_the_model_search_ranks_by_words_alone(report_index, monkeypatch):
    monkeypatch.setattr(config, "MEANING_ENABLED", False)
    assert meaning.embedder() is None
    results = search(report_index, "toxic chemicals used by small-scale gold miners in Niger")
    assert results.hits   # still answered: the any-word fallback ranks by words


@pytest.mark.parametrize(("question", "country"), [
    ("what happens to people who try to avoid national service in Eritrea?", "Eritrea"),
    ("how are gay people treated by the police in Egypt?", "Egypt"),
])
def test_a_question_naming_a_country_finds_that_country_s_report_first(report_index, question, country):
    hits = search(report_index, question).hits
    assert country in (hits[0].title or "")
