"""The benchmark's queries on a corpus with documents in other languages: some of every class
are in those languages, and refsearch finds what they ask for."""
from __future__ import annotations

import re

import pytest

from bench.corpus import generate as gen
from bench.speed.queries import CLASSES, build_queries
from indexer.archive import open_archive
from indexer.build import write_index
from indexer.documents.reader import read_document

N = 160
PER_CLASS = 8


@pytest.fixture(scope="module")
def documents(corpus_dir, tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    docs = gen.write_corpus(folder, N, seed=4, corpus_dir=corpus_dir, other_languages=0.25)
    return [read_document(folder / d.path) for d in docs]


@pytest.fixture(scope="module")
def queries(documents):
    return build_queries(documents, per_class=PER_CLASS, seed=1)


def _english_words(documents) -> set[str]:
    return {word.lower() for d in documents if d.language == "en" for word in re.findall(r"[^\W\d_]+", d.text)}


def _other_language(query: str, english: set[str]) -> bool:
    words = re.findall(r"[^\W\d_]+", query.lower())
    return all(w not in english for w in words)


@pytest.mark.parametrize("name", CLASSES)
def test_every_class_holds_queries_in_other_languages_as_many_as_their_share(queries, documents, name):
    english = _english_words(documents)
    requests = queries.classes[name]
    assert len(requests) == PER_CLASS
    assert [_other_language(r.query, english) for r in requests] == [False] * 6 + [True] * 2


def test_without_other_languages_every_query_is_english(corpus_dir, tmp_path, documents):
    english = [d for d in documents if d.language == "en"]
    queries = build_queries(english, per_class=PER_CLASS, seed=1)
    words = _english_words(english)
    assert not any(_other_language(r.query, words) for reqs in queries.classes.values() for r in reqs)


@pytest.fixture(scope="module")
def archive(documents, tmp_path_factory):
    folder = tmp_path_factory.mktemp("index")
    write_index(folder, documents)
    opened = open_archive(folder)
    yield opened
    opened.close()


@pytest.mark.parametrize("name", ["rare word", "common word", "phrase"])
def test_refsearch_finds_documents_for_the_queries_in_other_languages(queries, archive, name):
    for request in queries.classes[name][-2:]:
        assert archive.search(request).total > 0, request.query
