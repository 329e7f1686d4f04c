"""Word-level Markov text (order 2) trained on real reports, for generated documents.

The chain is trained once per corpus folder on the 2024 Country Reports on
Human Rights Practices, so generated bodies have the vocabulary, word
frequencies and sentence shapes of real human-rights reporting. Each
report's own country name and demonym are replaced by placeholders while
training, so a generated document mentions *its* country ("the Government
of Mali", "Malian children") where the real text mentioned the report's.

Speed matters (100,000 documents of several kilobytes each): states are
integers, each state's successors are a list of word ids with cumulative
counts, one ``random()`` and one ``bisect`` pick a successor, and states
with a single successor (most of them) skip the draw altogether.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from random import Random

from bench.corpus.countries import demonym

COUNTRY_MARK = "\x01"   # stands for the document's country name in trained text
DEMONYM_MARK = "\x02"   # stands for the document's demonym
START, END = 0, 1       # word ids padding a sentence
_SHIFT = 1 << 21        # state key = previous id * _SHIFT + current id (vocabularies stay far smaller)
MAX_SENTENCE_WORDS = 70  # a runaway sentence is cut and closed here
MENTION_TRIES = 40       # sentences drawn at most to find one naming the country

_HEADER_RE = re.compile(r"^#\s*(.+?)\s+—\s+Country Reports on Human Rights Practices\s*$")
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"(])")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


@dataclass
class Chain:
    """An order-2 word chain: ``table[state] = (successor ids, cumulative counts)``."""

    words: list[str]
    table: dict[int, tuple[list[int], list[int]]]

    def sentence(self, rng: Random) -> str:
        """One sentence, from a sentence start to a sentence end."""
        table, words, random = self.table, self.words, rng.random
        out: list[str] = []
        prev, cur = START, START
        while len(out) < MAX_SENTENCE_WORDS:
            nexts, cums = table[prev * _SHIFT + cur]
            if len(nexts) == 1:
                nxt = nexts[0]
            else:
                nxt = nexts[bisect_right(cums, random() * cums[-1])]
            if nxt == END:
                break
            out.append(words[nxt])
            prev, cur = cur, nxt
        text = " ".join(out)
        if not text.endswith((".", "?", "!", '."', '"')):
            text = text.rstrip(",;:") + "."
        return text

    def paragraph(self, rng: Random, sentences: int, mention_country: bool = False) -> str:
        """``sentences`` sentences; with ``mention_country`` the first names the country.

        A mentioning sentence is found by drawing sentences until one holds a
        placeholder (a few draws at most, since the reports name their
        country often); the draws are deterministic like everything else.
        """
        first = self.sentence(rng)
        tries = MENTION_TRIES if mention_country else 0
        while tries and COUNTRY_MARK not in first and DEMONYM_MARK not in first:
            first = self.sentence(rng)
            tries -= 1
        return " ".join([first] + [self.sentence(rng) for _ in range(sentences - 1)])


def report_paragraphs(path: Path) -> tuple[str, list[str]] | None:
    """The country a report covers and its prose paragraphs; None for other Markdown files."""
    lines = path.read_text(encoding="utf-8").splitlines()
    match = _HEADER_RE.match(lines[0]) if lines else None
    if not match:
        return None
    country = re.sub(r"\s*\(.*\)$", "", match.group(1)).translate(_QUOTES)
    paragraphs = []
    for line in lines[1:]:
        line = line.strip().translate(_QUOTES)
        if not line or line.startswith(("#", "|", "Source PDF", "Editions included")):
            continue
        paragraphs.append(line)
    return country, paragraphs


def _masked(paragraph: str, country: str) -> str:
    """The paragraph with its report's country and demonym replaced by placeholders."""
    text = re.sub(rf"\b{re.escape(country)}\b", COUNTRY_MARK, paragraph)
    people = demonym(country)
    if people:
        text = re.sub(rf"\b{re.escape(people)}\b", DEMONYM_MARK, text)
    return text


def train(files: list[Path]) -> Chain:
    """Count word transitions in the given reports (in the order given) and freeze them."""

    def sentences():
        for path in files:
            report = report_paragraphs(path)
            if report is None:
                continue
            country, paragraphs = report
            for paragraph in paragraphs:
                for sentence in _SENTENCE_SPLIT_RE.split(_masked(paragraph, country)):
                    yield sentence.split()

    return chain_of(sentences())


def chain_of(sentences: Iterable[list[str]]) -> Chain:
    """The chain of word transitions in ``sentences`` (each a list of words; those of fewer
    than three words are left out), counted in the order given."""
    ids: dict[str, int] = {"\x00start": START, "\x00end": END}
    counts: dict[int, dict[int, int]] = {}
    for tokens in sentences:
        if len(tokens) < 3:
            continue
        prev, cur = START, START
        for token in tokens:
            nxt = ids.setdefault(token, len(ids))
            successors = counts.setdefault(prev * _SHIFT + cur, {})
            successors[nxt] = successors.get(nxt, 0) + 1
            prev, cur = cur, nxt
        successors = counts.setdefault(prev * _SHIFT + cur, {})
        successors[END] = successors.get(END, 0) + 1
    if len(ids) <= 2:
        raise ValueError("no text found to train the word chain on")
    words = list(ids)
    table: dict[int, tuple[list[int], list[int]]] = {}
    for state, successors in counts.items():
        nexts = sorted(successors)
        cums, total = [], 0
        for word in nexts:
            total += successors[word]
            cums.append(total)
        table[state] = (nexts, cums)
    return Chain(words=words, table=table)


@lru_cache(maxsize=4)
def chain_for(corpus_dir: Path) -> Chain:
    """The chain trained on every report under ``corpus_dir/hrr-2024*/`` (sorted by path)."""
    files = sorted(Path(corpus_dir).glob("hrr-2024*/*.md"))
    if not files:
        raise FileNotFoundError(
            f"no reports to learn word statistics from: expected {corpus_dir}/hrr-2024*/*.md")
    return train(files)


def fill(text: str, country: str, people: str | None) -> str:
    """Put the document's country name and demonym where the placeholders are."""
    text = text.replace(COUNTRY_MARK, country)
    return text.replace(DEMONYM_MARK, people or f"{country} national")
