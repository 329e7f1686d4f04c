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

import click
from gunicorn.app.base import BaseApplication

from indexer import config
from indexer.archive import open_archive
from indexer.build import update_index
from indexer.cli import INDEX_OPTION, main, reports_errors
from indexer.errors import IndexMissing

from . import create_app


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
@click.option("--debug", is_flag=True,
              help="Use Flask's development server with the debugger (never on a public address).")
@reports_errors
def serve(index_dir: Path, host: str, port: int, workers: int | None, threads: int,
          search_cache: int, debug: bool) -> None:
    """Serve the search engine over HTTP, building the index first if there is none.

    The index is built from the sample documents and archive/documents/;
    the web app notices later rebuilds (`refsearch index`) by itself.
    """
    try:
        open_archive(index_dir).close()
    except IndexMissing:
        sources = ", ".join(str(s) for s in config.DEFAULT_SOURCES)
        click.echo(f"No index at {index_dir} yet; building it from {sources}", err=True)
        update_index(config.DEFAULT_SOURCES, index_dir)
    settings = {"INDEX_DIR": index_dir, "SEARCH_CACHE": search_cache}
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
        "worker_class": "gthread",
        "proc_name": "refsearch",
        "timeout": config.SERVER_TIMEOUT,
        "graceful_timeout": config.SERVER_GRACEFUL_TIMEOUT,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
    }
    Server(lambda: create_app(settings), options).run()


class Server(BaseApplication):
    """Gunicorn, configured from ``serve``'s options rather than its own command line.

    A search is Python work that holds the interpreter lock, so threads of
    one process answer concurrent searches one at a time; gunicorn runs
    several processes (one per CPU by default), each with a few threads for
    slow clients. Each process makes its own app after forking, so no open
    index or searcher is ever shared between processes.
    """

    def __init__(self, make_app, options: dict) -> None:
        self.make_app = make_app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self):
        return self.make_app()


if __name__ == "__main__":
    main()
