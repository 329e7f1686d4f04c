"""Search by meaning: passages and queries as vectors of a sentence model, read without torch.

Words find a passage only when it uses them; a user who types "police
beating protesters" also wants "excessive force against demonstrators".
This package turns texts into vectors in which such passages lie close to
the query: ``transformer`` runs the packaged model's forward pass in numpy,
``table`` distils it once into a table of word-piece vectors (the only form
fast enough for every passage of a large archive and every query), and
``vectors`` embeds texts and packs a document's passage vectors for the
index. The engine stores those bytes with each document and fuses the
similarity of a document's best passage with its rank by words
(``fusion``).

``embedder()`` is the entry point: None when meaning is turned off
(``config.MEANING_ENABLED``) or the model package is not installed, so every
caller keeps working by words alone.
"""
from __future__ import annotations

import sys
import threading
from collections.abc import Callable

from .. import config
from ..records import Document
from .table import find_model, load_table, table_path
from .vectors import Embedder, document_passages, pack

_LOCK = threading.Lock()


def embedder(*, distil: bool = False, progress: Callable[[int, int], None] | None = None
             ) -> Embedder | None:
    """The process's embedder, or None when search by meaning is off, its model is not
    installed, or (without ``distil``) its table is not distilled yet. Indexing distils
    the table if need be (about a minute, once per machine); a search never waits for it."""
    if not config.MEANING_ENABLED:
        return None
    global _LOADED
    with _LOCK:
        if _LOADED is None:
            model = find_model()
            if model is None:
                _LOADED = (None,)
            elif distil or table_path(model).is_file():
                _LOADED = (Embedder(model, load_table(model, progress)),)
            else:
                return None
        return _LOADED[0]


# The process's embedder, once looked for: (embedder or None,).
_LOADED: tuple[Embedder | None] | None = None


def stored_vectors(doc: Document) -> bytes | None:
    """What the index stores of ``doc`` for search by meaning: the table's checksum, then its
    packed passage vectors; None when search by meaning is off. Computed where the document
    is read (in the reading processes, on every core), not where it is written."""
    found = embedder(distil=True)
    if found is None:
        return None
    return found.checksum + pack(document_passages(found, doc))


def print_progress(done: int, total: int) -> None:
    """Progress of a distillation on standard error, for the command line."""
    sys.stderr.write(f"\rpreparing search by meaning (once per machine): {100 * done // total}%")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()
