"""`refsearch serve`: the one command that needs the web app.

It lives here, not in ``indexer.cli``, so that data and imports flow one way:
the web app imports the indexer, never the reverse. The ``refsearch``
console script points at this module's ``main``, which is the indexer's
command group with ``serve`` added.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import click

from indexer import config
from indexer.archive import open_archive
from indexer.build import update_index
from indexer.cli import INDEX_OPTION, main, reports_errors
from indexer.errors import IndexMissing
from indexer.store import generations

from . import create_app
from .security import is_ip_address
from .server import ReadingWorker, Server


def check_base_url(ctx, param, value: str | None) -> str | None:
    """An http(s) address with a host and nothing XML or a header cannot hold."""
    if value is None:
        return None
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment \
            or any(ord(ch) < 33 or ord(ch) == 127 for ch in value.strip()):
        raise click.BadParameter("give the public address of the site, such as https://search.example.org/")
    return value.strip().rstrip("/") + "/"


def served_hosts(host: str, base_url: str | None, allow_hosts: tuple[str, ...]) -> tuple[str, ...]:
    """The host names the app answers for besides localhost forms and IP addresses."""
    names = list(allow_hosts)
    if host and not is_ip_address(host.strip("[]")):
        names.append(host)
    if base_url:
        names.append(urlsplit(base_url).hostname or "")
    return tuple(n for n in names if n)


@main.command()
@INDEX_OPTION
@click.option("--host", default=config.HOST, show_default=True,
              help="Address to listen on (0.0.0.0 for every interface).")
@click.option("--port", default=config.PORT, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
@click.option("--workers", default=None, type=click.IntRange(1, 64),
              help="Server processes  [default: one per CPU]")
@click.option("--threads", default=config.SERVER_THREADS, show_default=True,
              type=click.IntRange(1, 256), help="Threads per server process.")
@click.option("--search-cache", default=config.SEARCH_CACHE_SIZE, show_default=True,
              type=click.IntRange(0, 100_000),
              help="Results pages each server process remembers (0: search every time).")
@click.option("--facet-limit", default=config.FACET_LIMIT, show_default=True, type=click.IntRange(1, 1000),
              help="Values each filter lists before its 'Show all' link.")
@click.option("--time-budget", default=config.REQUEST_TIME_BUDGET, show_default=True, metavar="SECONDS",
              type=click.FloatRange(0, min_open=True),
              help="Seconds of work a page or API request may take before it is stopped with 503.")
@click.option("--export-time-budget", default=config.EXPORT_TIME_BUDGET, show_default=True, metavar="SECONDS",
              type=click.FloatRange(0, min_open=True),
              help="Seconds of work an export or feed may take before it is stopped with 503.")
@click.option("--base-url", default=None, callback=check_base_url,
              help="Public address of the site (e.g. https://search.example.org/), used for links in "
                   "feeds and OpenSearch; its host name is also served.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Another host name to answer for (repeatable). Localhost forms, IP addresses, "
                   "--host and the --base-url host are always served; other names get 400.")
@click.option("--debug", is_flag=True,
              help="Use Flask's development server with the debugger (never on a public address).")
@reports_errors
def serve(index_dir: Path, host: str, port: int, workers: int | None, threads: int,
          search_cache: int, facet_limit: int, time_budget: float, export_time_budget: float,
          base_url: str | None, allow_hosts: tuple[str, ...], debug: bool) -> None:
    """Serve the search engine over HTTP, building the index first if there is none.

    The index is built from the sample documents and archive/documents/
    only in a folder that holds no index at all; the web app notices later
    rebuilds (`refsearch index`) by itself.
    """
    try:
        open_archive(index_dir).close()
    except IndexMissing:
        if generations.list_generations(index_dir):  # another archive's, however broken
            raise IndexMissing(index_dir) from None
        sources = ", ".join(str(s) for s in config.DEFAULT_SOURCES)
        click.echo(f"No index at {index_dir} yet; building it from {sources}", err=True)
        update_index(config.DEFAULT_SOURCES, index_dir)
    settings = {"INDEX_DIR": index_dir, "SEARCH_CACHE": search_cache, "FACET_LIMIT": facet_limit,
                "BASE_URL": base_url,
                "REQUEST_TIME_BUDGET": time_budget, "EXPORT_TIME_BUDGET": export_time_budget,
                "ALLOWED_HOSTS": served_hosts(host, base_url, allow_hosts)}
    shown_host = f"[{host}]" if ":" in host else host
    click.echo(f"Serving refsearch at http://{shown_host}:{port}/ (press Ctrl+C to stop)", err=False)
    sys.stdout.flush()
    if debug:
        create_app(settings).run(host=host, port=port, debug=True, use_reloader=False, threaded=True)
        return
    options = {
        "bind": f"{shown_host}:{port}",
        "workers": workers or config.SERVER_WORKERS or os.cpu_count() or 1,
        "threads": threads,
        "worker_class": ReadingWorker,
        # Seconds an idle connection stays open, before its first request and between requests.
        "keepalive": config.SERVER_KEEPALIVE,
        # Longest request line gunicorn reads: above the app's MAX_QUERY_STRING with room for the
        # method, path and protocol, so an overlong query gets the app's own 413 page.
        "limit_request_line": config.SERVER_REQUEST_LINE,
        "proc_name": "refsearch",
        "timeout": config.SERVER_TIMEOUT,
        "graceful_timeout": config.SERVER_GRACEFUL_TIMEOUT,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
    }
    Server(lambda: create_app(settings), options).run()


if __name__ == "__main__":
    main()
