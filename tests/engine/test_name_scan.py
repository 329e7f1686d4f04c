"""The scan for country words inside names finds exactly what the word-boundary lookahead found."""
from __future__ import annotations

import re

import pytest
from texts import generated_texts, real_texts

from indexer.engine.names import _NAME_RE, HEADS

# The expression as first written: a lookahead tried at every word boundary.
LOOKAHEAD_RE = re.compile(r"\b(?=([A-Z][a-z]+)(?:[ \t]+(?:[A-Z][\w'’-]*|of|for|the|and)){0,4}?[ \t]+(?:"
                          + "|".join(HEADS) + r")\b)")

AWKWARD = [
    "Eritrean Defense Forces and Syrian Democratic Forces; the Kenya Defence Forces. Eritrean refugees",
    "EritreanDefense Forces xEritrean Defense Forces _Syrian Army 1Syrian Army Syrian Army",
    "Syrian Arab Army Front Nigeria Police Act Nigeria Police Forcesx Mali Union of the Act",
    "Sudan People's Liberation Army Movement, Chad's Army, Burundi\tNational Defence Force",
    "Émile Zola Foundation Ñandú Party Côte Police ab Cd Ef Gh Ij Kl Party",
    "", "Army", "Mali", "A Army", "Aa Army",
]


def _same_matches(text: str) -> None:
    assert [(m.start(), m.group(1)) for m in _NAME_RE.finditer(text)] == \
        [(m.start(), m.group(1)) for m in LOOKAHEAD_RE.finditer(text)]


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_text_has_the_names_the_lookahead_found(text):
    _same_matches(text)


def test_generated_documents_have_the_names_the_lookahead_found(corpus_dir):
    for text in generated_texts(corpus_dir):
        _same_matches(text)


def test_real_documents_have_the_names_the_lookahead_found(corpus_dir):
    texts = real_texts(corpus_dir)
    assert len(texts) > 20
    found = 0
    for text in texts:
        _same_matches(text)
        found += len(LOOKAHEAD_RE.findall(text))
    assert found > 100
