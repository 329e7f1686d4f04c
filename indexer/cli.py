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


if __name__ == "__main__":
    main()
