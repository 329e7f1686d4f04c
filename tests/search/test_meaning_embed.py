"""The embedder's shortcuts give the very vectors of the plain recipe, bit for bit.

``Embedder.embed`` finds words without a regular expression step per word,
numbers them through a cache and sums each text's piece rows in one numpy
call; the stored passage vectors must stay those of the plain recipe: the
words of ``\\w+`` in the lower-cased text, each tokenized, the rows of their
pieces summed in order, scaled to unit length. Compared on the shared
corpus's real documents, the benchmark's generated ones and awkward texts.
"""
from __future__ import annotations

import re

import numpy as np
import pytest
from conftest import make_document
from texts import generated_texts, real_texts

from indexer import config, meaning
from indexer.meaning import table, vectors

pytestmark = pytest.mark.skipif(table.find_model() is None, reason="the sentence model package is not installed")

AWKWARD = [
    "",
    "!!! ... ---",
    "ÉTAT civil – l’Europe naïve ﬁnance ½ Ⅻ ٣ 𝔘nicode_word x² «quoted»",
    "İstanbul ΣΑΣ ß straße ǅemal",
    "a\ud800b c\x1cd e\u2028f g\xa0h i\u3000j k\x85l",
    "tab\tnew\nline\r\nform\ffeed __init__ 3.14 x-y O'Brien",
]


def plain_vectors(embedder: vectors.Embedder, texts: list[str]) -> np.ndarray:
    """The recipe without shortcuts: every word tokenized, its rows summed in order."""
    tokenizer = table.tokenizer(table.find_model())
    sums = np.zeros((len(texts), embedder.dimensions), dtype=np.float32)
    for row, text in enumerate(texts):
        ids = [piece for word in re.findall(r"\w+", text.lower())
               for piece in tokenizer.encode(word, add_special_tokens=False).ids]
        if ids:
            sums[row] = np.add.reduceat(embedder.table[ids], [0], axis=0)[0]
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    return np.divide(sums, norms, out=np.zeros_like(sums), where=norms > 0)


@pytest.fixture(scope="module")
def fresh():
    """A new embedder on the machine's table, with an empty word cache."""
    loaded = meaning.embedder(distil=True)
    assert loaded is not None
    return vectors.Embedder(table.find_model(), loaded.table)


@pytest.fixture(scope="module")
def passages(corpus_dir) -> list[list[str]]:
    """The passages of every real document's text and of a spread of generated ones."""
    texts = [*real_texts(corpus_dir), *generated_texts(corpus_dir, count=200, every=10)]
    return [vectors.passage_texts(make_document(text=text))[1] for text in texts]


@pytest.mark.parametrize("text", AWKWARD)
def test_the_words_are_those_of_the_regular_expression_in_the_lower_cased_text(text):
    assert vectors.words_of(text) == re.findall(r"\w+", text.lower())


def test_the_words_of_every_real_and_generated_passage_are_those_of_the_regular_expression(passages):
    for text in (text for texts in passages for text in texts):
        assert vectors.words_of(text) == re.findall(r"\w+", text.lower())


def test_awkward_texts_get_the_plain_recipe_s_vectors_bit_for_bit(fresh):
    assert np.array_equal(fresh.embed(AWKWARD), plain_vectors(fresh, AWKWARD))


def test_every_real_and_generated_document_s_packed_vectors_are_the_plain_recipe_s(fresh, passages):
    for texts in passages:
        starts = np.arange(len(texts), dtype=np.int32)
        found = vectors.pack(vectors.Passages(starts, fresh.embed(texts)))
        assert found == vectors.pack(vectors.Passages(starts, plain_vectors(fresh, texts)))


def test_a_word_cache_started_afresh_keeps_every_vector_right(fresh, passages, monkeypatch):
    monkeypatch.setattr(config, "MEANING_WORD_CACHE", 150)
    embedder = vectors.Embedder(table.find_model(), fresh.table)
    for texts in passages[:20]:
        assert np.array_equal(embedder.embed(texts), plain_vectors(fresh, texts))
    assert len(embedder._numbers) < len({w for texts in passages[:20] for t in texts for w in vectors.words_of(t)})
