"""`refsearch serve`: the one command that needs the web app.

It lives here, not in ``indexer.cli``, so that data and imports flow one way:
the web app imports the indexer, never the reverse. The ``refsearch``
console script points at this module's ``main``, which is the indexer's
command group with ``serve`` added.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click
import waitress

from indexer import config
from indexer.build import open_index, update_index
from indexer.cli import INDEX_OPTION, main, reports_errors
from indexer.errors import IndexMissing

from . import create_app


@main.command()
@INDEX_OPTION
@click.option("--host", default=config.HOST, show_default=True,
              help="Address to listen on (0.0.0.0 for every interface).")
@click.option("--port", default=config.PORT, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
@click.option("--threads", default=config.SERVER_THREADS, show_default=True,
              type=click.IntRange(1, 256), help="Worker threads of the WSGI server.")
@click.option("--debug", is_flag=True,
              help="Use Flask's development server with the debugger (never on a public address).")
@reports_errors
def serve(index_dir: Path, host: str, port: int, threads: int, debug: bool) -> None:
    """Serve the search engine over HTTP, building the index first if there is none.

    The index is built from the sample documents and archive/documents/;
    the web app notices later rebuilds (`refsearch index`) by itself.
    """
    try:
        open_index(index_dir)
    except IndexMissing:
        sources = ", ".join(str(s) for s in config.DEFAULT_SOURCES)
        click.echo(f"No index at {index_dir} yet; building it from {sources}", err=True)
        update_index(config.DEFAULT_SOURCES, index_dir)
    app = create_app({"INDEX_DIR": index_dir})
    shown_host = f"[{host}]" if ":" in host else host
    click.echo(f"Serving refsearch at http://{shown_host}:{port}/ (press Ctrl+C to stop)", err=False)
    sys.stdout.flush()
    if debug:
        app.run(host=host, port=port, debug=True, use_reloader=False, threaded=True)
    else:
        waitress.serve(app, host=host, port=port, threads=threads, ident="refsearch")


if __name__ == "__main__":
    main()
