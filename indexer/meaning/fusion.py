"""Fusing the ranking by words with the ranking by meaning.

Reciprocal-rank fusion (Cormack, Clarke and Buettcher, 2009): a document at
rank r of a ranking earns weight / (k + r), and the documents are ordered by
what they earn in both. It needs no calibration between BM25 scores, which
grow with the query's length and the archive's statistics, and cosine
similarities, which do not; and a document both rankings put near the top
beats one only one of them likes, which is what keeps exact-word needs
where they were when meaning agrees with them.
"""
from __future__ import annotations

import numpy as np

from .. import config


def ranks(scores: np.ndarray) -> np.ndarray:
    """Each position's rank (0 for the best score; ties share the better rank)."""
    order = np.argsort(-scores, kind="stable")
    sorted_scores = scores[order]
    first = np.r_[True, sorted_scores[1:] != sorted_scores[:-1]]
    positions = np.maximum.accumulate(np.where(first, np.arange(len(scores)), 0))
    out = np.empty(len(scores), dtype=np.int64)
    out[order] = positions
    return out


def fuse(word_scores: np.ndarray, meaning_scores: np.ndarray, weight: float) -> np.ndarray:
    """The fused score of each document, from its score by words and by meaning (aligned),
    meaning counting ``weight`` times as much as words."""
    k = config.MEANING_FUSION_K
    return 1.0 / (k + ranks(word_scores)) + weight / (k + ranks(meaning_scores))
