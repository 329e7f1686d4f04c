"""The table of word-piece vectors that search by meaning reads, distilled once per machine.

Running the transformer on every passage of a 100,000-document archive would
take days on two cores, and on every query tens of milliseconds. Instead, as
model2vec does (Tulkens and van Dongen, 2024), each word piece of the
model's vocabulary is run through the model once, alone between [CLS] and
[SEP], and its output kept: a static vector per piece. A text's vector is
then the weighted sum of its pieces' vectors, which numpy computes in
microseconds. Two more steps from the same recipe: a principal component
projection to ``config.MEANING_DIMENSIONS`` (it drops the direction every
vector shares, which otherwise makes all texts look alike), and weights that
make frequent pieces count less (smooth inverse frequency, Arora et al.,
2017, with the frequency of a piece estimated from its rank in the
vocabulary, which BERT's vocabulary lists by frequency: Zipf's law).

Distilling takes about a minute; the table is cached in
``config.MEANING_CACHE_DIR`` under a name that holds the model's checksum, so
a new model version is distilled anew. Nothing is downloaded: the model is
the one installed as a package (``config.MEANING_MODEL_PACKAGE``).
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import config
from . import transformer

# Raise when the distillation changes, so cached tables are distilled anew.
DISTIL_VERSION = 1
# Word pieces run through the model at a time while distilling.
BATCH = 512
# The first id of BERT's uncased vocabulary that is a whole word listed by frequency
# (below it: padding, unused slots, special tokens, single characters).
FIRST_WORD_ID = 1996
# Smooth inverse frequency: a piece of estimated frequency p weighs SIF / (SIF + p).
SIF = 1e-4


@dataclass(frozen=True)
class Model:
    """Where the packaged model's files are, and the checksum its table is cached under."""

    folder: Path
    checksum: str

    @property
    def tokenizer_file(self) -> Path:
        return self.folder / "tokenizer.json"


def tokenizer(model: Model):
    """The model's own word-piece tokenizer, cutting whole texts: no padding, no truncation
    (the file may ask for both, for batches of the model's maximum length)."""
    from tokenizers import Tokenizer

    found = Tokenizer.from_file(str(model.tokenizer_file))
    found.no_truncation()
    found.no_padding()
    return found


def find_model() -> Model | None:
    """The installed model package's model folder, or None when the package is not installed."""
    spec = importlib.util.find_spec(config.MEANING_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    weights = folder / "model.safetensors"
    if not weights.is_file() or not (folder / "tokenizer.json").is_file():
        return None
    stat = weights.stat()
    key = f"{DISTIL_VERSION}:{config.MEANING_DIMENSIONS}:{stat.st_size}:{_head_digest(weights)}"
    return Model(folder, hashlib.sha256(key.encode()).hexdigest()[:16])


def _head_digest(path: Path) -> str:
    """A digest of the first megabyte of ``path``: enough to tell model files apart, cheap."""
    with path.open("rb") as f:
        return hashlib.sha256(f.read(1 << 20)).hexdigest()


def table_path(model: Model) -> Path:
    return Path(config.MEANING_CACHE_DIR) / f"pieces-{model.checksum}.npy"


def load_table(model: Model, progress: Callable[[int, int], None] | None = None) -> np.ndarray:
    """The model's table (one row per word piece, already weighted), distilled if not cached."""
    path = table_path(model)
    if path.is_file():
        return np.load(path)
    table = distil(model, progress)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed, so a reader never sees half a table and two
    # processes distilling at once both leave a whole one.
    fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".npy.tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            np.save(f, table)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return table


def distil(model: Model, progress: Callable[[int, int], None] | None = None) -> np.ndarray:
    """Run every word piece through the model alone; project, weight and return the table."""
    weights = transformer.Weights(model.folder / "model.safetensors")
    size = weights["embeddings.word_embeddings.weight"].shape[0]
    out = np.zeros((size, weights["embeddings.word_embeddings.weight"].shape[1]), dtype=np.float32)
    for start in range(0, size, BATCH):
        ids = np.arange(start, min(size, start + BATCH))
        rows = np.stack([np.full(len(ids), transformer.CLS), ids, np.full(len(ids), transformer.SEP)], 1)
        encoded = transformer.encode(weights, rows, np.ones(rows.shape, dtype=np.float32))
        out[ids] = encoded.mean(1)   # the model's own pooling: the mean over every position
        if progress:
            progress(int(ids[-1]) + 1, size)
    return (_project(out, config.MEANING_DIMENSIONS) * _piece_weights(size)[:, None]).astype(np.float32)


def _project(vectors: np.ndarray, dimensions: int) -> np.ndarray:
    """``vectors`` on their first ``dimensions`` principal components."""
    centred = vectors - vectors.mean(0)
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    return centred @ components[:dimensions].T


def _piece_weights(size: int) -> np.ndarray:
    """Smooth inverse frequency of every piece, its frequency estimated by Zipf's law from
    its rank; pieces before the first listed word (characters, punctuation) count as the
    most frequent, and the special tokens not at all."""
    ranks = np.maximum(np.arange(size) - FIRST_WORD_ID + 1, 1).astype(np.float64)
    frequency = 1.0 / (ranks * (np.log(size) + 0.5772))
    weights = SIF / (SIF + frequency)
    weights[[0, transformer.CLS, transformer.SEP, 100, 103]] = 0.0
    return weights.astype(np.float32)
