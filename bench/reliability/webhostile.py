"""Hostile web requests to a real `refsearch serve`: the web figures of RELIABILITY.md.

Generated Refworld-form documents, one very long document (just under the
file size limit in the full run) and one whose source address is
``javascript:alert(1)`` are indexed with `refsearch index` and served by
gunicorn as users run it (``webapp.process``, without a results cache, so
every request is computed). Each request goes over HTTP and gives a ``Row``
with its status, time and size. Handled: costly wildcards and deep nesting
refused with a 400 saying what to narrow, quickly; the long document shown a
page at a time, quickly; work past its budget stopped with 503, the worker
free at once after; normal searches answered beside attackers and the server
idle soon after they hang up (``bench.reliability.webattack``), and beside slow or idle
connections, which hold no thread (``bench.reliability.slowclients``); no ``javascript:``
address anywhere a client reads it; the security headers on the server's
own errors; no traceback.
"""
from __future__ import annotations

import http.client
import json
import re
import time
from collections import Counter
from pathlib import Path
from random import Random
from urllib.parse import urlencode

from bench.reliability.common import QUICK_ANSWER, Answer, Row, get, refsearch

WORKERS, THREADS = 2, 4   # of the server the requests go to
PAGE_SECONDS = 10.0       # seconds a page of the long document may take
LONG_MARK, SHORT_MARK, UNSAFE_MARK = "quillonbrack", "plinthwark", "vexhollow"
SHORT_PARAGRAPHS = 30_000   # of two or three characters, in the document of short paragraphs
LETTERS = "abcdefghijklmnopqrstuvwxyz"
ALPHABET = " OR ".join(f"{c}*" for c in LETTERS)                    # 152 characters
SPRAY = " ".join(f"{LETTERS[k % 26]}*" for k in range(312))          # 935 characters
NESTED = "(" * 250 + "trafficking" + ")" * 250
INVENTED = ("qvx", "qvy", "qvz", "zqx", "zqy", "zqz")
SECURITY = {"content-security-policy": "frame-ancestors 'none'", "x-content-type-options": "nosniff",
            "referrer-policy": "", "x-frame-options": "DENY"}


def raw(base: str, data: bytes) -> Answer:
    """``data`` sent on a socket as it is, and the answer."""
    host, port = base.rsplit("/", 1)[1].split(":")
    started = time.perf_counter()
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    conn.connect()
    conn.sock.sendall(data)
    response = http.client.HTTPResponse(conn.sock, method="GET")
    response.begin()
    body = response.read()
    conn.close()
    return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, body,
                  time.perf_counter() - started)


def _url(base: str, path: str, **params) -> str:
    return f"{base}{path}?{urlencode(params)}" if params else f"{base}{path}"


def build_archive(work: Path, quick: bool) -> tuple[Path, Path, str]:
    """The documents, the long one and the unsafe one, indexed: (folder, index, long text)."""
    from bench.reliability.kills import _kill_corpus
    docs, index = work / "web" / "docs", work / "web" / "index"
    _kill_corpus(docs / "generated", 300 if quick else 2000)
    long_text = _long_text(2_000_000 if quick else 19_000_000)
    (docs / "long").mkdir(parents=True)
    (docs / "long" / "compiled-reports.txt").write_text(long_text, encoding="utf-8")
    (docs / "long" / "short-paragraphs.txt").write_text(  # each paragraph carries a link on its page
        f"Register of entries: the {SHORT_MARK} list\n\n"
        + "\n\n".join(f"n{k % 97}" for k in range(SHORT_PARAGRAPHS)) + "\n", encoding="utf-8")
    (docs / "unsafe").mkdir()
    (docs / "unsafe" / "invented-words.txt").write_text(  # six stems of 210 words each, whatever the corpus
        "A list of invented words\n\n" + " ".join(f"{stem}{a}{b}" for stem in INVENTED for a in LETTERS[:10]
                                                 for b in LETTERS[:21]) + "\n", encoding="utf-8")
    (docs / "unsafe" / "javascript-source.txt").write_text(
        f"Forced labour on {UNSAFE_MARK} plantations\n\nPublisher Example Watch\nPublication Date "
        f"3 March 2011\nSource URL: javascript:alert(1)\n\nWorkers on {UNSAFE_MARK} plantations "
        "reported debt bondage and confiscated papers.\n", encoding="utf-8")
    run = refsearch("", "index", docs, "--index", index, "--workers", "2")
    assert run.returncode == 0, run.stderr
    return docs, index, long_text


def _long_text(size: int) -> str:
    """A compiled report of a little under ``size`` bytes: numbered sections of paragraphs."""
    rng = Random(11)
    try:
        from bench.corpus.generate import CORPUS_DIR
        from bench.corpus.markov import chain_for, fill
        chain = chain_for(CORPUS_DIR)
    except OSError:  # no shared corpus to learn words from: the small documents' sentences
        chain = None

    def paragraph() -> str:
        if chain is None:
            from bench.reliability.common import doc_text
            return " ".join(doc_text(rng.randrange(10**5), f"case{rng.randrange(10**5)}").split("\n\n")[3].strip()
                            for _ in range(5))
        return fill(chain.paragraph(rng, 2 + rng.randrange(6)), "Mali", "Malian")
    lines = [f"Country Reports compiled: the {LONG_MARK} edition", "",
             "Publisher United States Department of State", "Publication Date 8 March 2024", ""]
    used, section = sum(len(line) + 1 for line in lines), 0
    while used < size - 2_000:
        if used // 100_000 >= section:
            section += 1
            lines += [f"Section {section}. Country chapter {section}", ""]
        lines += [paragraph(), ""]
        used += len(lines[-2].encode("utf-8")) + 2
    return "\n".join(lines) + "\n"


def _document_id(base: str, mark: str) -> str:
    return json.loads(get(_url(base, "/api/search", q=mark)).body)["hits"][0]["id"]


def _costly_wildcards(base: str, docs: Path) -> tuple[str, str]:
    """The most wildcards of three letters the server still runs, and one more that it refuses
    (refusals cost nothing, so the count is found from the top down): the commonest stems of
    the documents, then the invented ones, of which six are too many on their own."""
    words: Counter = Counter()
    for path in sorted(p for p in docs.glob("generated/**/*") if p.suffix in (".txt", ".html"))[:300]:
        words.update(set(re.findall(r"[a-z]{4,}", path.read_text("utf-8", "replace").lower())))
    stems = [stem for stem, _ in Counter(word[:3] for word in words).most_common(40)] + list(INVENTED)
    prefixes = [f"{stem}*" for stem in stems]
    for k in range(len(prefixes), 0, -1):
        if get(_url(base, "/api/search", q=" OR ".join(prefixes[:k]), per_page=1)).status == 200:
            return " OR ".join(prefixes[:k]), " OR ".join(prefixes[:k + 1])
    raise AssertionError("no wildcard query accepted")


def costly_queries(base: str, log: Path, too_many: str) -> list[Row]:
    cases = [(f"`a* OR b* … OR z*` ({len(ALPHABET)} characters), {name}", path, ALPHABET, "letters before")
             for name, path in (("page", "/search"), ("JSON API", "/api/search"),
                                ("BibTeX export", "/search.bib"), ("CSV export", "/search.csv"))]
    cases += [(f"`a* b* …` ({len(SPRAY)} characters), page", "/search", SPRAY, "letters before"),
              ("a two-letter prefix `tr*`, page", "/search", "tr*", "letters before"),
              (f"{too_many.count('*')} wildcards of three letters standing for too many words, page",
               "/search", too_many, "stand for more than")]
    cases += [(f"parentheses nested 250 deep, {path}", path, NESTED, "nests parentheses")
              for path in ("/search", "/api/search", "/search.csv", "/search.atom")]
    rows = []
    for what, path, query, words in cases:
        before = log.read_text(errors="replace").count("Traceback")
        answer = get(_url(base, path, q=query))
        traced = log.read_text(errors="replace").count("Traceback") > before
        rows.append(Row(what, f"400 within {QUICK_ANSWER:g} s saying what to narrow, no traceback",
                        f"{answer.status} in {answer.seconds:.2f} s: {answer.message()[:110]}"
                        + ("; a traceback in the log" if traced else ""),
                        answer.status == 400 and answer.seconds < QUICK_ANSWER
                        and words in answer.message() and not traced))
    return rows


def long_document(base: str, long_text: str) -> tuple[list[Row], str]:
    """The rows, and the address of the page with the long query (for the attackers)."""
    doc, rng, query = _document_id(base, LONG_MARK), Random(5), ""
    words = re.findall(r"[A-Za-z]{5,}", long_text[:200_000])
    while True:  # words and six-word phrases of the text, up to 1,000 characters
        start = rng.randrange(len(words) - 6)
        part = f'"{" ".join(words[start:start + 6])}"' if rng.random() < 0.5 else words[start]
        if len(query) + len(part) + 1 > 1000:
            break
        query = f"{query} {part}".strip()
    rows, page = [], _url(base, f"/documents/{doc}", q=query)
    for what, url in ((f"the long document's page, a {len(query):,}-character `?q=`", page),
                      ("the long document's page, one word", _url(base, f"/documents/{doc}", q="government")),
                      (f"a page of a document of {SHORT_PARAGRAPHS:,} two-letter paragraphs, the same `?q=`",
                       _url(base, f"/documents/{_document_id(base, SHORT_MARK)}", q=query)),
                      ("the long document's whole text, /text.txt", _url(base, f"/documents/{doc}/text.txt"))):
        answer, whole = get(url), url.endswith(".txt")
        paged = re.search(r"Page 1 of (\d+)", answer.body.decode("utf-8", "replace"))
        rows.append(Row(what, f"200 within {PAGE_SECONDS:g} s, "
                        + ("the whole text" if whole else "one page of under 1 MB"),
                        f"{answer.status} in {answer.seconds:.2f} s, {len(answer.body):,} bytes"
                        + (f", page 1 of {paged.group(1)}" if paged else ""),
                        answer.status == 200 and answer.seconds < PAGE_SECONDS and (
                            len(answer.body) >= 0.9 * len(long_text.encode()) if whole
                            else paged is not None and len(answer.body) < 1_000_000)))
    return rows, page


def budget(index: Path, log: Path, export: str, unbudgeted: Answer) -> list[Row]:
    """One worker of one thread whose exports get a tenth of what ``export`` took: it stops
    with 503, and the worker answers a normal search at once, also after a client hung up."""
    from webapp.process import serve_process
    seconds, rows = round(max(0.05, unbudgeted.seconds / 10), 2), []
    with serve_process(index, "--workers", "1", "--threads", "1", "--export-time-budget",
                       str(seconds), log=log) as base:
        get(_url(base, "/search", q="trafficking"))  # the worker opens the index
        for what, leave in ((f"the costliest JSON export ({unbudgeted.seconds:.1f} s on the default "
                             f"budget) on a budget of {seconds:g} s, then a normal search", None),
                            (f"the same export, its client gone after {seconds / 2:g} s, then a normal search",
                             seconds / 2)):
            try:
                stopped = get(base + export, leave or 120)
            except OSError:  # hung up after ``leave`` seconds, without reading the answer
                stopped = None
            after = get(_url(base, "/search", q="forced labour"))
            first = ("hung up" if stopped is None else
                     f"{stopped.status} in {stopped.seconds:.2f} s: {stopped.message()[:60]}")
            rows.append(Row(what, f"503 within the budget and {QUICK_ANSWER:g} s; the worker free then",
                            f"{first}; then {after.status} in {after.seconds:.2f} s",
                            (stopped is None or stopped.status == 503
                             and stopped.seconds < seconds + QUICK_ANSWER)
                            and after.status == 200 and after.seconds < seconds + QUICK_ANSWER))
    return rows


def unsafe_addresses(base: str) -> list[Row]:
    from bs4 import BeautifulSoup

    from indexer.citations.formats import STYLES
    doc, q = _document_id(base, UNSAFE_MARK), {"q": UNSAFE_MARK}
    places = [("the JSON API (search, document)",
               [_url(base, "/api/search", **q), _url(base, f"/api/documents/{doc}")]),
              ("the exports (CSV, JSON, RIS, BibTeX) and the Atom feed",
               [_url(base, f"/search.{kind}", **q) for kind in ("csv", "json", "ris", "bib", "atom")]),
              (f"its citation in every style ({', '.join(STYLES)})",
               [_url(base, f"/api/documents/{doc}/citation", style=style) for style in STYLES])]
    rows = []
    for what, urls in places:
        answers = [get(url) for url in urls]
        carry = sum(a.status == 200 and UNSAFE_MARK.encode() in a.body.lower() for a in answers)
        leaked = sum(b"javascript:" in a.body.lower() for a in answers)
        rows.append(Row(f"a `javascript:` source address, in {what}", "absent from every answer",
                        f"{carry} of {len(urls)} answers carry the document, {leaked} the address",
                        carry == len(urls) and not leaked))
    pages = [_url(base, "/search", **q)] + [_url(base, f"/documents/{doc}", style=s) for s in STYLES]
    linked = sum(str(value).strip().lower().startswith("javascript:")
                 for url in pages for tag in BeautifulSoup(get(url).body, "lxml").find_all(True)
                 for value in tag.attrs.values())
    rows.append(Row("a `javascript:` source address, on the results page and the document page in every style",
                    "never a link", f"{len(pages)} pages, {linked} links to it", not linked))
    return rows


def server_errors(base: str) -> list[Row]:
    from indexer import config

    def request(target: str) -> bytes:
        return f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
    cases = [(f"a request line over gunicorn's limit ({config.SERVER_REQUEST_LINE:,} bytes)",
              request("/search?q=" + "a" * (config.SERVER_REQUEST_LINE + 10)), 414, ""),
             ("a request line that is not HTTP", b"NOT A REQUEST LINE AT ALL\r\n\r\n", 400, ""),
             ("a malformed header", b"GET /search?q=a HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", 400, ""),
             ("a 5,000-byte query string (over gunicorn's former 4,094-byte limit)",
              request("/search?q=" + "trafficking+" * 416), 413, "the limit is"),
             (f"a query string just over the app's {config.MAX_QUERY_STRING:,}-byte limit",
              request("/search?q=" + "a" * (config.MAX_QUERY_STRING - 1)), 413, "the limit is")]
    rows = []
    for what, data, status, words in cases:
        answer = raw(base, data)
        missing = [name for name, value in SECURITY.items() if value not in answer.headers.get(name, "\0")]
        own = words in answer.body.decode("utf-8", "replace")
        rows.append(Row(what, f"{status}{' (the app’s own page)' if words else ''} with every security header",
                        f"{answer.status}, " + (f"without {', '.join(missing)}" if missing else "every header")
                        + (", the app's page" if words and own else ""),
                        answer.status == status and not missing and own))
    return rows


def web_requests(work: Path, quick: bool) -> list[Row]:
    from bench.reliability.slowclients import slow_client_rows
    from bench.reliability.webattack import attacked
    from webapp.process import serve_process
    docs, index, long_text = build_archive(work, quick)
    logs = [work / "web" / "serve.log", work / "web" / "budget.log"]
    with serve_process(index, "--workers", str(WORKERS), "--threads", str(THREADS), "--search-cache", "0",
                       log=logs[0]) as base:
        allowed, too_many = _costly_wildcards(base, docs)
        rows = costly_queries(base, logs[0], too_many)
        long_rows, long_page = long_document(base, long_text)
        export = "/search.json?" + urlencode({"q": allowed})
        unbudgeted = get(base + export)
        later = unsafe_addresses(base) + server_errors(base)
        attack = attacked(base, index, [_url(base, "/search", q=allowed), base + export,
                                        _url(base, "/search.bib", q=allowed), long_page,
                                        _url(base, "/api/search", q=allowed, per_page=100),
                                        _url(base, "/search", q=ALPHABET), _url(base, "/api/search", q=NESTED),
                                        _url(base, "/search.csv", q=SPRAY)], quick)
        slow = slow_client_rows(base, index, WORKERS * THREADS, quick)
    rows += long_rows + budget(index, logs[1], export, unbudgeted) + attack + slow + later
    traces = sum(log.read_text(errors="replace").count("Traceback") for log in logs)
    rows.append(Row("the servers' logs after every request above", "no traceback", f"{traces} tracebacks",
                    not traces))
    return rows
