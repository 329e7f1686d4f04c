"""Options and error handling every `refsearch` command shares (``cli``, ``cli_check``)."""
from __future__ import annotations

import functools
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


LINK_TARGETS_OPTION = click.option(
    "--follow-links-to", "link_targets", multiple=True, metavar="FOLDER",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also follow symbolic links that lead into FOLDER (repeatable). Links are followed "
         "only into the folders being read and these; any other is skipped and named.")
