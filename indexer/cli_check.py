"""`refsearch check`: read every file of the live index and compare it with its checksum.

Opening an index compares its files' sizes, modification times and inodes
with those of their last full check (``store.integrity``); this command
reads every byte, which also finds damage that came without a write (a
failing disk). Added to the ``refsearch`` group by ``cli``.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .cli_options import INDEX_OPTION, reports_errors


@click.command()
@INDEX_OPTION
@reports_errors
def check(index_dir: Path) -> None:
    """Check every file of the index against the checksums written when it was built.

    Exit status 0 when every file matches; 1 when a file is damaged or
    missing, the index pointer is damaged, or the index cannot be checked
    (each said on stderr, with what to do).
    """
    from .errors import IndexMissing
    from .store import generations
    from .store.integrity import check_index, damaged

    found = check_index(index_dir)
    verdict = found.verdict
    if found.generation is None or verdict is None:
        raise IndexMissing(index_dir)
    problems = []
    if not found.pointer_sound:
        problems.append(f"the index pointer {index_dir / generations.POINTER_NAME} is damaged; "
                        f"{found.generation}, the newest complete generation, is searched meanwhile. "
                        "The next refsearch index writes it again")
    if verdict.legacy:
        problems.append(f"{found.generation} was written by an earlier version of refsearch, "
                        "without checksums, and cannot be checked; refsearch index --rebuild "
                        "writes them")
    elif verdict.ok:
        click.echo(f"{found.generation}: {len(verdict.intact)} files, "
                   f"{verdict.size / 2**20:,.1f} MB, every one matches its checksum "
                   f"({found.seconds:.1f} s)")
    else:
        problems.append(str(damaged(index_dir, verdict)))
        problems += [f"  {found.generation}/{d}" for d in verdict.damage[1:]]
    for problem in problems:
        click.echo(problem if problem.startswith(" ") else f"Error: {problem}", err=True)
    if problems:
        sys.exit(1)
