"""Every default setting of refsearch, in one place.

The CLI and the web app read their defaults from here; tests and users
override them through arguments or ``create_app(test_config)``, never by
editing other modules.
"""
from __future__ import annotations

import os
from pathlib import Path

# The project folder: the parent of the ``indexer`` package.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The data folder, like Flask's instance folder; REFSEARCH_ARCHIVE moves it.
ARCHIVE_DIR = Path(os.environ.get("REFSEARCH_ARCHIVE", PROJECT_ROOT / "archive"))
# Where users put their own saved documents (originals, never modified).
DOCUMENTS_DIR = ARCHIVE_DIR / "documents"
# The sample documents shipped with the project.
SEEDS_DIR = PROJECT_ROOT / "seeds"
# The generated Whoosh index (git-ignored).
INDEX_DIR = ARCHIVE_DIR / "index"
# Folders indexed when `refsearch index` is given no paths.
DEFAULT_SOURCES = (SEEDS_DIR, DOCUMENTS_DIR)
# Processes that read documents during `refsearch index` (None: one per CPU).
INDEX_WORKERS = None
# Files handed to a reading process at a time.
INDEX_CHUNK_FILES = 16
# Fewer files than this to read are read by one reading process (no pool of several).
INDEX_POOL_MIN_FILES = 24
# Seconds one file may take to read; a file over it is skipped with its reason (None: no limit).
INDEX_FILE_SECONDS = 60
# Megabytes of memory reading one file may need; a file over it is skipped (None: no limit).
INDEX_FILE_MB = 1024
# Memory the Whoosh writer may use before spilling to temporary files (MB).
INDEX_WRITER_MB = 256
# Seconds a replaced index generation stays on disk at least (for searches that
# had just opened it); after that it is deleted once no process reads it.
PREVIOUS_INDEX_GRACE = 60

# File endings the reader accepts.
DOCUMENT_SUFFIXES = (".txt", ".md", ".html", ".htm")
# Files larger than this are skipped with a reason (bytes).
MAX_FILE_BYTES = 20 * 1024 * 1024
# HTML nested deeper than this is refused as pathological.
MAX_HTML_DEPTH = 400

# Results per page when the request does not say.
DEFAULT_PER_PAGE = 10
# The largest page a request may ask for.
MAX_PER_PAGE = 100
# The deepest page a request may ask for (bounds the work of a deep page).
MAX_PAGE = 1000
# Longest query accepted, in characters (longer: QueryTooLong, HTTP 413).
MAX_QUERY_LENGTH = 1000
# Passages shown per hit.
SNIPPETS_PER_HIT = 3
# Characters of context around a match in a snippet.
SNIPPET_SURROUND = 80
# A trailing wildcard expands to at most this many index terms.
MAX_WILDCARD_TERMS = 200
# Values listed per facet (the rest are summarised).
FACET_LIMIT = 30
# Similar documents shown on a document page.
MORE_LIKE_THIS = 5
# Candidates returned by citation lookup.
CITE_CANDIDATES = 5
# Documents whose titles share words with a pasted citation that lookup rescores.
CITE_POOL = 50
# Of those, how many are compared letter by letter after a cheap word-by-word ranking.
CITE_RESCORE = 10
# Citation candidates less certain than this are not offered.
CITE_MIN_CONFIDENCE = 0.3
# Longest pasted citation accepted, in characters (longer: QueryTooLong, HTTP 413).
MAX_CITATION_LENGTH = 5000

# Web server defaults for `refsearch serve`.
HOST = "127.0.0.1"
PORT = 5000
# Server processes (None: one per CPU) and threads in each. Searches are
# CPU-bound Python, so processes, not threads, let concurrent searches run at once.
SERVER_WORKERS = None
SERVER_THREADS = 4
# Seconds a request may take before its server process is replaced, and
# seconds a stopping server gives requests in progress to finish.
SERVER_TIMEOUT = 60
SERVER_GRACEFUL_TIMEOUT = 10

# ---- web app ----
# Results pages each server process remembers for the index generation they
# were computed on (least recently used dropped first); 0 turns this off.
SEARCH_CACHE_SIZE = 256
# Longest raw URL query string the web app accepts, in bytes (longer: HTTP 413).
MAX_QUERY_STRING = 8 * 1024
# Most results one export of a search (CSV, JSON, RIS, BibTeX) writes.
EXPORT_LIMIT = 1000
# Entries in the Atom feed of a search (newest first).
FEED_ENTRIES = 50
