"""The pairs a build compares when it looks for copies of one work among a country and year's documents."""
from __future__ import annotations

import numpy as np
import pytest

from indexer import config
from indexer.engine.copies import MIN_NEAR_WORDS, _comparable, _resemblance, _Traits
from indexer.engine.works import candidate_pairs


def _bucket(seed: int, count: int) -> tuple[list[int], list[np.ndarray], list[bool]]:
    """Documents of ascending length whose samples overlap by every amount, some empty."""
    rng = np.random.default_rng(seed)
    lengths = sorted(int(x) for x in rng.integers(100, 900, count))
    pool = rng.choice(np.arange(1, 400, dtype=np.uint64), size=300, replace=False)
    samples = []
    for _ in range(count):
        if rng.random() < 0.05:
            samples.append(np.zeros(0, dtype=np.uint64))
            continue
        size = int(rng.integers(1, config.SAMPLE_VALUES + 1))
        # Drawn from a small pool, so that many pairs share some values and a few share most.
        low = int(rng.integers(0, 250))
        picked = rng.choice(pool[low:low + 50], size=min(size, 50), replace=False)
        samples.append(np.unique(picked))
    fresh = [bool(rng.random() < 0.3) for _ in range(count)]
    return lengths, samples, fresh


def _all_pairs(lengths, samples, fresh):
    """Every pair the build would compare: ``copies._comparable`` (one country and year), and one
    of them fresh (all when None)."""
    traits = [_Traits("Mali", 2010, length) for length in lengths]
    return {(i, j) for i in range(len(lengths)) for j in range(i + 1, len(lengths))
            if _comparable(traits[i], traits[j]) and (fresh is None or fresh[i] or fresh[j])}


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("with_fresh", [False, True])
def test_every_pair_whose_samples_resemble_is_given_and_no_pair_the_build_would_not_compare(seed, with_fresh):
    lengths, samples, fresh = _bucket(seed, 60)
    fresh_or_all = fresh if with_fresh else None
    given = list(candidate_pairs(lengths, samples, fresh_or_all))
    assert len(given) == len(set(given))
    compared = _all_pairs(lengths, samples, fresh_or_all)
    assert set(given) <= compared
    resembling = {(i, j) for i, j in compared
                  if _resemblance(samples[i], samples[j]) >= config.SAMPLE_RESEMBLANCE}
    assert resembling <= set(given)
    # The point of it: most pairs that cannot resemble are not given.
    assert len(given) < len(compared)


def test_pairs_with_an_empty_sample_are_always_given():
    empty, full = np.zeros(0, dtype=np.uint64), np.arange(1, 65, dtype=np.uint64)
    assert list(candidate_pairs([200, 210, 220], [full, empty, full + 1000])) == [(0, 1), (1, 2)]


def test_a_pair_sharing_just_the_threshold_share_is_given():
    shared = round(config.SAMPLE_RESEMBLANCE * 10)
    a = np.arange(1, 11, dtype=np.uint64)
    b = np.concatenate((a[:shared], np.arange(100, 110 - shared, dtype=np.uint64)))
    assert _resemblance(a, b) >= config.SAMPLE_RESEMBLANCE
    assert list(candidate_pairs([300, 300], [a, b])) == [(0, 1)]
    c = np.concatenate((a[:shared - 1], np.arange(100, 111 - shared, dtype=np.uint64)))
    assert list(candidate_pairs([300, 300], [a, c])) == []


def test_only_pairs_with_a_fresh_document_are_given_when_fresh_ones_are_named():
    same = np.arange(1, 65, dtype=np.uint64)
    assert sorted(candidate_pairs([200, 200, 200], [same] * 3, [False, True, False])) == [(0, 1), (1, 2)]
    assert list(candidate_pairs([200, 200, 200], [same] * 3)) == [(0, 1), (0, 2), (1, 2)]


def test_short_documents_and_far_lengths_are_not_paired():
    same = np.arange(1, 65, dtype=np.uint64)
    assert list(candidate_pairs([MIN_NEAR_WORDS - 1, MIN_NEAR_WORDS], [same] * 2)) == []
    assert list(candidate_pairs([200, 301], [same] * 2)) == []
    assert list(candidate_pairs([200, 300], [same] * 2)) == [(0, 1)]
