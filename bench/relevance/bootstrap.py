"""How sure a difference between two engines is: the paired bootstrap over needs.

Both engines answered the same needs, so the figure that matters is the
per-need difference of their scores. Resampling the needs with replacement
(each resample as many needs as there are) and taking the mean difference
of each resample gives the spread that mean would have over other samples
of needs like these; the 2.5th and 97.5th percentiles of the resampled
means are the 95% interval. An interval above zero says the first engine
is better on needs of this kind, not only on these needs. The seed is
fixed so that a rerun on the same scores prints the same interval.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

RESAMPLES = 10_000  # bootstrap resamples of the needs
SEED = 20261207     # fixed, so a rerun gives the same interval
CONFIDENCE = 0.95   # the interval's coverage
TIE = 1e-9          # score differences this small count as ties


@dataclass(frozen=True)
class Comparison:
    """Engine a against engine b on the same needs."""

    n: int
    mean: float   # mean of a − b over the needs
    low: float    # the interval's lower end
    high: float   # the interval's upper end
    won: int      # needs where a scores higher
    lost: int     # needs where a scores lower
    tied: int


def paired_bootstrap(a: Sequence[float], b: Sequence[float], resamples: int = RESAMPLES,
                     seed: int = SEED, confidence: float = CONFIDENCE) -> Comparison:
    """The mean of ``a − b`` (paired by position) with its percentile bootstrap interval."""
    if len(a) != len(b):
        raise ValueError(f"paired scores differ in length ({len(a)} and {len(b)})")
    diff = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    n = len(diff)
    won, lost = int(np.sum(diff > TIE)), int(np.sum(diff < -TIE))
    if n == 0:
        return Comparison(0, 0.0, 0.0, 0.0, 0, 0, 0)
    rng = np.random.default_rng(seed)
    means = diff[rng.integers(0, n, size=(resamples, n))].mean(axis=1)
    tail = (1.0 - confidence) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return Comparison(n, float(diff.mean()), float(low), float(high), won, lost, n - won - lost)
