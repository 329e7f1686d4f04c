"""Opening the live index generation for searching."""
from __future__ import annotations

from pathlib import Path

import whoosh.index

from ..errors import IndexMissing
from ..store import generations


def open_generation(index_dir: Path) -> tuple[whoosh.index.Index, str]:
    """The live index, read-only, with its generation name; ``IndexMissing`` when there is none."""
    index_dir = Path(index_dir)
    for _attempt in range(3):
        name = generations.read_current(index_dir)
        if name is None:
            break
        try:
            return whoosh.index.open_dir(str(index_dir / name), readonly=True), name
        except Exception as error:  # noqa: BLE001 - any damage means "no usable index"
            if generations.read_current(index_dir) != name:
                continue  # a build was published meanwhile: open that one
            raise IndexMissing(index_dir) from error
    raise IndexMissing(index_dir)


def open_index(index_dir: Path) -> whoosh.index.Index:
    """The latest complete index, read-only; ``IndexMissing`` when there is none or it is unreadable."""
    return open_generation(index_dir)[0]
