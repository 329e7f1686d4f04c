"""The baseline refsearch is measured against: SQLite FTS5 over the same title and text.

A few lines of SQL anyone would write: one FTS5 table of (title, body)
with the Porter stemmer over unicode61 (diacritics removed), ranked by
``bm25()`` with the title weighted 3 to 1 against the body, as refsearch
weights them. Every word of the query is required; a quoted phrase is an
FTS5 phrase. When no document has all of them and there are several,
documents with any of them are ranked instead, as refsearch falls back.
Filters (country, tier, year, dates) are checked on the documents'
metadata. The first hit's passage is FTS5's own ``snippet()`` of the body.
"""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from .engines import Document

TITLE_WEIGHT = 3.0
BODY_WEIGHT = 1.0
SNIPPET_TOKENS = 32  # words of context in a passage
_TERM_RE = re.compile(r'"([^"]*)"|(\S+)')
_WORD_CHAR_RE = re.compile(r"\w")


@dataclass(frozen=True)
class Hit:
    path: str
    snippets: tuple[str, ...]


@dataclass(frozen=True)
class Answer:
    hits: tuple[Hit, ...]
    any_word: bool
    suggestion: str | None = None  # FTS5 has no did-you-mean


def terms(query: str) -> list[str]:
    """The query's words and quoted phrases, each as an FTS5 string (quotes doubled)."""
    found = []
    for phrase, word in _TERM_RE.findall(query):
        text = (phrase or word).strip()
        if _WORD_CHAR_RE.search(text):
            found.append('"' + text.replace('"', '""') + '"')
    return found


def _year(doc: Document) -> int | None:
    if doc.report_year:
        return doc.report_year
    return int(doc.published[:4]) if doc.published else None


def allowed(doc: Document, filters: Mapping[str, Sequence[str] | str]) -> bool:
    """Whether ``doc`` passes the need's filters (values as the web app's URL gives them)."""
    def values(name: str) -> list[str]:
        value = filters.get(name) or []
        return [value] if isinstance(value, str) else list(value)

    countries = {c.code for c in doc.countries}
    if values("country") and not countries & {v.upper() for v in values("country")}:
        return False
    if values("tier") and doc.tier not in values("tier"):
        return False
    if values("year") and _year(doc) not in {int(v) for v in values("year")}:
        return False
    published = doc.published or ""
    start, end = values("from"), values("to")
    if start and not (published and published >= start[0]):
        return False
    if end and not (published and published[:len(end[0])] <= end[0]):
        return False
    return True


class Baseline:
    """An in-memory FTS5 index of the documents."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self._docs = list(documents)
        self._conn = sqlite3.connect(":memory:")
        self._conn.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, "
                           "tokenize='porter unicode61 remove_diacritics 2')")
        with self._conn:
            self._conn.executemany("INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)",
                                   [(i, d.title or "", d.text) for i, d in enumerate(self._docs)])

    def close(self) -> None:
        self._conn.close()

    def _ranked(self, match: str, rows: list[int] | None, limit: int) -> list[tuple[int, str]]:
        where = "" if rows is None else f" AND rowid IN ({','.join(map(str, rows))})"
        return self._conn.execute(
            f"SELECT rowid, snippet(docs, 1, char(1), char(2), '…', {SNIPPET_TOKENS}) FROM docs "
            f"WHERE docs MATCH ?{where} ORDER BY bm25(docs, {TITLE_WEIGHT}, {BODY_WEIGHT}), rowid "
            "LIMIT ?", (match, limit)).fetchall()

    def search(self, query: str, filters: Mapping[str, Sequence[str] | str] | None = None,
               limit: int = 20) -> Answer:
        """The first ``limit`` documents for ``query``: all words, else any word."""
        found = terms(query)
        if not found:
            return Answer((), False)
        rows = None
        if filters:
            rows = [i for i, d in enumerate(self._docs) if allowed(d, filters)]
        ranked = self._ranked(" AND ".join(found), rows, limit)
        any_word = False
        if not ranked and len(found) > 1:
            ranked = self._ranked(" OR ".join(found), rows, limit)
            any_word = bool(ranked)
        hits = tuple(Hit(self._docs[rowid].path, (_html(snippet),) if snippet else ())
                     for rowid, snippet in ranked)
        return Answer(hits, any_word)


def _html(snippet: str) -> str:
    return escape(snippet).replace("\x01", "<mark>").replace("\x02", "</mark>")
