"""The baseline: the same parsed documents in SQLite FTS5, doing a results page's work.

A results page is the top hits ranked by BM25 (title weighted above body,
as refsearch weights them), one highlighted snippet per hit (FTS5's
``snippet()`` gives one passage per column per call), the total, and the
count of every facet value over the whole match set. Filters are WHERE
clauses on a metadata table joined by rowid; countries live in their own
table because a document may name several. The match set is written once
into a temporary table so the total and the five facet counts read it
instead of running the full-text match six times.
"""
from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from indexer import config
from indexer.dates import end_of
from indexer.facets import document_year
from indexer.records import Document, SearchRequest

SNIPPET_TOKENS = 24   # words of context in an FTS5 snippet
# bm25() column weights: the title three times the body, as refsearch weighs them.
TITLE_WEIGHT = 3.0
BODY_WEIGHT = 1.0
FACET_COLUMNS = {"tier": "m.tier", "publisher": "m.publisher", "doc_type": "m.doc_type",
                 "year": "m.year"}

_SCHEMA = """
CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='porter unicode61 remove_diacritics 2');
CREATE TABLE meta(rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, title TEXT, publisher TEXT,
                  published TEXT, tier TEXT, doc_type TEXT, year INTEGER, report_year INTEGER,
                  countries TEXT, source_url TEXT, path TEXT);
CREATE TABLE doc_country(rowid INTEGER, code TEXT);
"""
_INDEXES = """
CREATE INDEX IF NOT EXISTS meta_tier ON meta(tier);
CREATE INDEX IF NOT EXISTS meta_publisher ON meta(publisher);
CREATE INDEX IF NOT EXISTS meta_published ON meta(published);
CREATE INDEX IF NOT EXISTS meta_path ON meta(path);
CREATE INDEX IF NOT EXISTS country_code ON doc_country(code, rowid);
CREATE INDEX IF NOT EXISTS country_rowid ON doc_country(rowid);
"""
_TERM_RE = re.compile(r'"([^"]*)"|(\S+)')


@dataclass(frozen=True)
class FtsHit:
    id: str
    title: str | None
    publisher: str | None
    published: str | None
    tier: str | None
    countries: list
    score: float
    snippets: tuple[str, ...]


@dataclass(frozen=True)
class FtsPage:
    total: int
    hits: tuple[FtsHit, ...]
    facets: dict[str, list[tuple[str, int]]]


def connect(db_path: Path | str) -> sqlite3.Connection:
    conn = sqlite3.connect(str(db_path), check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS hits(rowid INTEGER PRIMARY KEY)")
    return conn


def create(db_path: Path | str) -> sqlite3.Connection:
    """A new, empty baseline database (an existing file is replaced)."""
    path = Path(db_path)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    conn = connect(path)
    conn.executescript(_SCHEMA)
    return conn


def _insert(conn: sqlite3.Connection, documents: list[Document]) -> None:
    """Insert documents after the highest rowid, in one transaction."""
    first = conn.execute("SELECT coalesce(max(rowid), 0) + 1 FROM meta").fetchone()[0]
    rows = list(enumerate(documents, start=first))
    with conn:
        conn.executemany("INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)",
                         [(r, d.title or "", d.text) for r, d in rows])
        conn.executemany(
            "INSERT INTO meta VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(r, d.id, d.title, d.publisher, d.published, d.tier, d.doc_type, document_year(d),
              d.report_year, json.dumps([c.to_dict() for c in d.countries]), d.source_url, d.path)
             for r, d in rows])
        conn.executemany("INSERT INTO doc_country VALUES (?, ?)",
                         [(r, country.code) for r, d in rows for country in d.countries])


def load(conn: sqlite3.Connection, documents: Iterable[Document], batch: int = 2000) -> int:
    """Insert documents (one transaction per batch), index the metadata, merge FTS segments."""
    count = 0
    pending: list[Document] = []
    for doc in documents:
        pending.append(doc)
        if len(pending) >= batch:
            _insert(conn, pending)
            count += len(pending)
            pending = []
    _insert(conn, pending)
    count += len(pending)
    conn.executescript(_INDEXES)
    with conn:
        conn.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    return count


def replace(conn: sqlite3.Connection, documents: list[Document]) -> int:
    """Re-index changed files in place: delete each file's old row (by path), insert the new one."""
    with conn:
        for doc in documents:
            for row in conn.execute("SELECT rowid FROM meta WHERE path = ?", (doc.path,)).fetchall():
                for table in ("docs", "meta", "doc_country"):
                    conn.execute(f"DELETE FROM {table} WHERE rowid = ?", row)
    _insert(conn, documents)
    return len(documents)


def match_expression(query: str) -> str:
    """The FTS5 MATCH text for a refsearch query: words and quoted phrases, all required."""
    parts = []
    for phrase, word in _TERM_RE.findall(query):
        text = (phrase or word).replace('"', " ").strip()
        if text:
            parts.append('"' + text + '"')
    return " ".join(parts)


def _filters(request: SearchRequest) -> tuple[str, list]:
    clauses: list[str] = []
    params: list = []

    def any_of(column: str, values) -> None:
        if values:
            clauses.append(f"{column} IN ({','.join('?' * len(values))})")
            params.extend(values)

    any_of("m.tier", request.selected("tier"))
    any_of("m.publisher", request.selected("publisher"))
    any_of("m.doc_type", request.selected("doc_type"))
    any_of("m.year", request.selected("year"))
    codes = request.selected("country")
    if codes:
        clauses.append(f"m.rowid IN (SELECT rowid FROM doc_country WHERE code IN "
                       f"({','.join('?' * len(codes))}))")
        params.extend(codes)
    if request.date_from:
        clauses.append("m.published >= ?")
        params.append(request.date_from)
    if request.date_to:
        clauses.append("m.published <= ?")
        params.append(end_of(request.date_to).isoformat())
    return (" AND ".join(clauses) or "1"), params


def search_page(conn: sqlite3.Connection, request: SearchRequest) -> FtsPage:
    """The work of one results page: match set, total, facet counts, ranked page with snippets."""
    where, params = _filters(request)
    match = match_expression(request.query)
    conn.execute("DELETE FROM temp.hits")
    if match:
        conn.execute("INSERT INTO temp.hits SELECT docs.rowid FROM docs JOIN meta m ON "
                     f"m.rowid = docs.rowid WHERE docs MATCH ? AND {where}", [match, *params])
    else:
        conn.execute(f"INSERT INTO temp.hits SELECT m.rowid FROM meta m WHERE {where}", params)
    total = conn.execute("SELECT count(*) FROM temp.hits").fetchone()[0]
    facets: dict[str, list[tuple[str, int]]] = {}
    for name, column in FACET_COLUMNS.items():
        facets[name] = conn.execute(
            f"SELECT {column}, count(*) AS n FROM temp.hits h JOIN meta m ON m.rowid = h.rowid "
            f"WHERE {column} IS NOT NULL GROUP BY {column} ORDER BY n DESC LIMIT ?",
            (config.FACET_LIMIT,)).fetchall()
    facets["country"] = conn.execute(
        "SELECT c.code, count(*) AS n FROM temp.hits h JOIN doc_country c ON c.rowid = h.rowid "
        "GROUP BY c.code ORDER BY n DESC LIMIT ?", (config.FACET_LIMIT,)).fetchall()
    offset = (request.page - 1) * request.per_page
    if match and request.sort == "relevance":
        # Rank first, then snippet only the shown page: SQLite would otherwise
        # compute snippet() for every matching row before sorting.
        narrowed = "" if where == "1" else "AND docs.rowid IN (SELECT rowid FROM temp.hits) "
        ranked = conn.execute(
            f"SELECT docs.rowid, bm25(docs, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS score FROM docs "
            f"WHERE docs MATCH ? {narrowed}ORDER BY score LIMIT ? OFFSET ?",
            (match, request.per_page, offset)).fetchall()
    else:
        # By date (newest first unless "oldest"), undated last, as refsearch orders them.
        direction = "ASC" if request.sort == "oldest" else "DESC"
        ranked = [(r[0], 0.0) for r in conn.execute(
            "SELECT h.rowid FROM temp.hits h JOIN meta m ON m.rowid = h.rowid "
            f"ORDER BY m.published IS NULL, m.published {direction}, h.rowid LIMIT ? OFFSET ?",
            (request.per_page, offset))]
    rows = [(rowid, score, conn.execute(
        f"SELECT snippet(docs, 1, char(1), char(2), '…', {SNIPPET_TOKENS}) FROM docs "
        "WHERE docs MATCH ? AND rowid = ?", (match, rowid)).fetchone()[0] if match else "")
        for rowid, score in ranked]
    hits = []
    for rowid, score, snippet in rows:
        meta = conn.execute("SELECT id, title, publisher, published, tier, countries FROM meta "
                            "WHERE rowid = ?", (rowid,)).fetchone()
        marked = escape(snippet).replace("\x01", "<mark>").replace("\x02", "</mark>")
        hits.append(FtsHit(meta[0], meta[1], meta[2], meta[3], meta[4], json.loads(meta[5]),
                           -score, (marked,) if marked else ()))
    return FtsPage(total=total, hits=tuple(hits), facets=facets)


def size_bytes(db_path: Path | str) -> int:
    return sum(Path(f"{db_path}{s}").stat().st_size for s in ("", "-wal")
               if Path(f"{db_path}{s}").exists())
