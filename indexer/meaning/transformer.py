"""The packaged sentence model's forward pass, in numpy.

The model (all-MiniLM-L6-v2: a six-layer BERT encoder, 384 wide, trained for
sentence similarity) ships as a Python package holding its weights in
safetensors format. Its forward pass is a few matrix products per layer, so
numpy runs it without torch: the weights are read with ``safetensors.numpy``
and nothing else of the deep-learning stack is installed or imported. It is
used once per machine, to distil the table of word-piece vectors
(``distil``); searches never run it.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np

LAYERS = 6
HEADS = 12
EPSILON = 1e-12
CLS, SEP = 101, 102


class Weights:
    """The encoder's weights by name, with every linear layer's matrix transposed once."""

    def __init__(self, path: Path) -> None:
        from safetensors.numpy import load_file

        self._raw = load_file(str(path))
        self._linear: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def __getitem__(self, name: str) -> np.ndarray:
        return self._raw[name]

    def linear(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        if name not in self._linear:
            self._linear[name] = (np.ascontiguousarray(self._raw[f"{name}.weight"].T),
                                  self._raw[f"{name}.bias"])
        return self._linear[name]


def _norm(x: np.ndarray, weights: Weights, name: str) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(-1, keepdims=True)
    return centred / np.sqrt(variance + EPSILON) * weights[f"{name}.weight"] + weights[f"{name}.bias"]


def _linear(x: np.ndarray, weights: Weights, name: str) -> np.ndarray:
    matrix, bias = weights.linear(name)
    flat = x.reshape(-1, x.shape[-1]) @ matrix   # 2-D, so numpy hands it to BLAS
    return flat.reshape(*x.shape[:-1], -1) + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    # The tanh form of GELU; x*x*x, not x**3, which numpy computes with a slow pow().
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * (x * x * x))))


def encode(weights: Weights, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The last layer's vectors of a batch of token id rows (``mask``: 1 for real tokens)."""
    batch, length = ids.shape
    width = weights["embeddings.word_embeddings.weight"].shape[1]
    size = width // HEADS
    x = (weights["embeddings.word_embeddings.weight"][ids]
         + weights["embeddings.position_embeddings.weight"][:length]
         + weights["embeddings.token_type_embeddings.weight"][0])
    x = _norm(x, weights, "embeddings.LayerNorm")
    hidden = (1.0 - mask[:, None, None, :].astype(np.float32)) * np.float32(-1e9)
    for layer in range(LAYERS):
        name = f"encoder.layer.{layer}"

        query, key, value = (
            _linear(x, weights, f"{name}.attention.self.{part}").reshape(
                batch, length, HEADS, size).transpose(0, 2, 1, 3)
            for part in ("query", "key", "value"))
        scores = query @ key.transpose(0, 1, 3, 2) / np.float32(math.sqrt(size)) + hidden
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ value).transpose(0, 2, 1, 3).reshape(batch, length, width)
        x = _norm(_linear(context, weights, f"{name}.attention.output.dense") + x,
                  weights, f"{name}.attention.output.LayerNorm")
        inner = _gelu(_linear(x, weights, f"{name}.intermediate.dense"))
        x = _norm(_linear(inner, weights, f"{name}.output.dense") + x, weights, f"{name}.output.LayerNorm")
    return x


def sentence_vectors(weights: Weights, rows: list[list[int]]) -> np.ndarray:
    """The model's own sentence vectors (mean of the last layer over real tokens, unit length)
    of token id rows that already hold [CLS] and [SEP]."""
    length = max(len(row) for row in rows)
    ids = np.zeros((len(rows), length), dtype=np.int64)
    mask = np.zeros((len(rows), length), dtype=np.float32)
    for i, row in enumerate(rows):
        ids[i, :len(row)] = row
        mask[i, :len(row)] = 1.0
    out = encode(weights, ids, mask)
    pooled = (out * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
