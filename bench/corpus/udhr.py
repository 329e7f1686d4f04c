"""Word chains in other languages than English, trained on the Universal Declaration of Human Rights.

A benchmark of an archive in several languages needs bodies in those languages
with their own vocabulary, inflections and scripts. The shared corpus holds the
Declaration in 20 languages (``udhr/``, one HTML page each, the text in ``<p>``
and ``<li>``); each page trains an order-2 word chain (``markov.chain_of``) as
the English reports train the English one. The Declaration is short (about
1,800 words), so a generated body repeats its phrasing; what the benchmark
needs is each language's words and their frequencies, which it has.

``LANGUAGES`` holds languages with a Snowball stemmer in refsearch (French,
Spanish, German, Russian, Arabic, Turkish, Portuguese) and one without (Somali),
in three scripts, each one that refsearch's identifier tells apart from its text.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from random import Random

import lxml.html

from bench.corpus.markov import Chain, chain_of

# Language code (as refsearch files it) -> the Declaration's page in ``udhr/``.
LANGUAGES = {
    "fr": "udhr-fra.html", "es": "udhr-spa.html", "de": "udhr-deu_1996.html", "ru": "udhr-rus.html",
    "ar": "udhr-arb.html", "tr": "udhr-tur.html", "pt": "udhr-por_PT.html", "so": "udhr-som.html",
}
UDHR = Path("udhr")
# Where a sentence ends: after a full stop, a question or exclamation mark (Arabic's too), or a
# semicolon, which the Declaration's long articles use between clauses.
_SENTENCE_END_RE = re.compile(r"(?<=[.!?;؟؛])\s+")


def declaration_paragraphs(path: Path) -> list[str]:
    """The text of the Declaration's paragraphs and list items on one page, in order."""
    root = lxml.html.fromstring(path.read_text(encoding="utf-8"))
    paragraphs = (" ".join(element.text_content().split()) for element in root.iter("p", "li"))
    return [text for text in paragraphs if text]


@lru_cache(maxsize=4)
def language_chains(corpus_dir: Path) -> dict[str, Chain]:
    """A word chain per language of ``LANGUAGES``, trained on its page under ``corpus_dir/udhr/``;
    ``FileNotFoundError`` naming what is missing when the folder or a page is not there."""
    folder = Path(corpus_dir) / UDHR
    missing = [name for name in LANGUAGES.values() if not (folder / name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"no Universal Declaration texts to learn other languages' words from: expected "
            f"{', '.join(missing)} in {folder} (the shared corpus's udhr folder); "
            f"generate without --other-languages, or point REFSEARCH_CORPUS at the shared corpus")
    chains = {}
    for code, name in LANGUAGES.items():
        sentences = (sentence.split() for paragraph in declaration_paragraphs(folder / name)
                     for sentence in _SENTENCE_END_RE.split(paragraph))
        chains[code] = chain_of(sentences)
    return chains


def document_language(i: int, seed: int, other_languages: float) -> str:
    """The language of document ``i``'s body: English, but for a share ``other_languages`` of
    the documents, every ``1 / other_languages``-th one or so, whose language is drawn from
    ``(seed, i)``."""
    if other_languages <= 0 or int((i + 1) * other_languages) == int(i * other_languages):
        return "en"
    codes = sorted(LANGUAGES)
    return codes[int(Random(f"refsearch-bench-language:{seed}:{i}").random() * len(codes))]
