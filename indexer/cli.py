"""The `refsearch` command line: a thin click shell over the library.

Each command parses its options, makes one library call and prints the
result; a ``RefsearchError`` becomes its message on stderr and exit status 1;
click's own usage errors exit with status 2.
"""
from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from . import config
from .errors import RefsearchError

INDEX_OPTION = click.option(
    "--index", "index_dir", type=click.Path(file_okay=False, path_type=Path),
    default=config.INDEX_DIR, show_default=True, help="Folder of the search index.")


def reports_errors(command):
    """Turn a RefsearchError into a one-line message and exit status 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except RefsearchError as error:
            click.echo(f"Error: {error}", err=True)
            sys.exit(1)

    return wrapper


def print_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Search engine for archives of country-of-origin and human-rights documents."""


# ---- extract ---------------------------------------------------------------


# ---- index -----------------------------------------------------------------


# ---- search ----------------------------------------------------------------


# ---- show and cite ---------------------------------------------------------


# ---- serve -----------------------------------------------------------------

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
    # Imported here so that the other commands never load the web app.
    import waitress

    from webapp import create_app

    from .build import open_index, update_index
    from .errors import IndexMissing

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
