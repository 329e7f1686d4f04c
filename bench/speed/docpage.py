"""CPU time of the document page, in process, each distinct page once.

    python -m bench.speed.docpage INDEX_DIR STREAM_JSON [--profile OUT.prof] [--pages OUT.json]

The document pages of a request log written by ``bench/run``
(``bench/out/stream-N.json``: 300 distinct pages, each a document with a
word of it as ``q``) are asked of the web app through the Flask test client,
one at a time, with no results cache, and each is timed in CPU time
(``time.process_time``: the machine is shared, so wall time says more about
the neighbours than about the page). Every page is distinct, so none finds
its similar documents already ranked (``similar.remembered_similar`` keeps
them per generation); a few other pages are asked first, so the per-generation
tables (field lengths, key term frequencies) are read before timing starts,
as they are in a server that has been answering for a while.

``--pages`` writes each page's HTML and its similar documents' ids (to compare
two versions of the engine page by page); ``--profile`` writes a cProfile of
the timed pages, in CPU time.
"""
from __future__ import annotations

import argparse
import cProfile
import json
import time
from pathlib import Path

# Pages asked before timing starts (not timed), from the other end of the log's documents.
WARM_UP = 10


def document_urls(stream_json: Path) -> list[str]:
    """The log's distinct document pages, in the order the log first asks for each."""
    requests = json.loads(Path(stream_json).read_text())["requests"]
    return list(dict.fromkeys(url for kind, url in requests if kind == "document"))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(index_dir: Path, urls: list[str], profile: Path | None = None,
            pages: Path | None = None) -> dict:
    """CPU ms per page (p50, p95, each page's), and each page's HTML and similar documents."""
    from bs4 import BeautifulSoup

    from webapp import create_app

    client = create_app({"INDEX_DIR": index_dir, "SEARCH_CACHE": 0}).test_client()
    for url in urls[-WARM_UP:]:
        client.get(url.split("?")[0] + "?q=warm")
    timed = urls[:-WARM_UP] if len(urls) > 2 * WARM_UP else urls
    profiler = cProfile.Profile(time.process_time) if profile else None
    cpu: list[float] = []
    answers: dict[str, dict] = {}
    for url in timed:
        if profiler:
            profiler.enable()
        started = time.process_time()
        answer = client.get(url)
        cpu.append((time.process_time() - started) * 1000)
        if profiler:
            profiler.disable()
        if answer.status_code != 200:
            raise SystemExit(f"{url} answered {answer.status_code}")
        if pages:
            html = answer.get_data(as_text=True)
            similar = [str(a["href"]).split("/documents/")[1].split("?")[0]
                       for a in BeautifulSoup(html, "html.parser").select(".similar a")]
            answers[url] = {"similar": similar, "html": html}
    if profiler and profile:
        profiler.dump_stats(str(profile))
    if pages:
        Path(pages).write_text(json.dumps(answers))
    return {"pages": len(cpu), "p50": _percentile(cpu, 0.5), "p95": _percentile(cpu, 0.95), "cpu_ms": cpu}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("index", type=Path, help="the index folder")
    parser.add_argument("stream", type=Path, help="a request log written by bench/run (stream-N.json)")
    parser.add_argument("--limit", type=int, default=None, help="time only the first this many pages")
    parser.add_argument("--profile", type=Path, help="write a cProfile (CPU time) of the timed pages here")
    parser.add_argument("--pages", type=Path, help="write each page's HTML and similar documents here")
    args = parser.parse_args(argv)
    urls = document_urls(args.stream)
    if args.limit:
        urls = urls[:args.limit] + urls[-WARM_UP:]
    found = measure(args.index, urls, args.profile, args.pages)
    print(json.dumps({k: v for k, v in found.items() if k != "cpu_ms"}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
