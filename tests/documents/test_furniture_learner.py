"""The furniture learner counts edge keys as numbers (``documents.learner``): its models are those
of counting every key as a string."""
from __future__ import annotations

import random
from collections import Counter, defaultdict

import pytest

from indexer import config
from indexer.documents import learner as learner_module
from indexer.documents.furniture import edge_key, is_numbered
from indexer.documents.learner import Learner, key_number


def counted_model(documents: list[tuple[str, list[str]]], min_documents: int, min_share: float,
                  numbered_share: float) -> dict[str, dict[str, int]]:
    """The learned lines of each site, counting every key as a string: the learner's rule, plainly."""
    counts: dict[str, Counter] = defaultdict(Counter)
    seen: Counter = Counter()
    for site, keys in documents:
        seen[site] += 1
        counts[site].update(keys)
    model = {}
    for site, count in counts.items():
        needed = max(min_documents, min_share * seen[site])
        numbered = max(min_documents, numbered_share * seen[site])
        learned = {key: n for key, n in count.items()
                   if n >= (numbered if is_numbered(key) else needed)}
        if learned:
            model[site] = learned
    return model


def archive(seed: int, files: int) -> list[tuple[str, list[str]]]:
    """Documents of a few sites: banners many share, numbered lines, each one's own lines, a key
    twice in one document, and strings that are not edge keys."""
    rng = random.Random(seed)
    banners = [f"Banner {n}" if n % 3 else f"Copyright {2000 + n}" for n in range(30)]
    documents = []
    for n in range(files):
        keys = [edge_key(rng.choice(banners[:int(rng.paretovariate(1.0)) % 30 + 1])) for _ in range(4)]
        keys += [edge_key(f"the own line {e} of document {n}") for e in range(6)]
        if n % 7 == 0:
            keys.append(keys[0])
        if n % 11 == 0:
            keys.append("not-a-key")
        documents.append((f"site{rng.randrange(5)}", keys))
    return documents


@pytest.mark.parametrize("seed, files", [(1, 300), (2, 3000)])
def test_the_learner_s_model_is_that_of_counting_every_key(seed, files):
    documents = archive(seed, files)
    learner = Learner()
    for done, (site, keys) in enumerate(documents, 1):
        learner.add_keys(site, keys)
        if done % 97 == 0 or done == len(documents):
            expected = counted_model(documents[:done], max(2, config.FURNITURE_MIN_DOCUMENTS),
                                     config.FURNITURE_MIN_SHARE, max(config.FURNITURE_MIN_SHARE,
                                                                     config.FURNITURE_NUMBERED_SHARE))
            assert learner.model().sites == expected
    assert expected  # some lines were learned


@pytest.mark.parametrize("key, number", [
    ("0123456789ab", 0x0123456789AB),
    ("n123456789ab", 1 << 48 | 0x123456789AB),
    ("0123456789AB", None),     # upper case: not a key edge_key makes
    ("0x23456789ab", None),
    ("123456789ab", None),
    ("not-a-key", None),
])
def test_an_edge_key_is_counted_as_the_number_its_digits_spell(key, number):
    assert key_number(key) == number


def packed_archive(seed: int, files: int) -> list[tuple[str, str]]:
    """Observations as a manifest keeps them (each document's keys sorted, once each), one site's
    with a string no build makes (counted one by one)."""
    observations = []
    for n, (site, keys) in enumerate(archive(seed, files)):
        packed = "".join(sorted({key for key in keys if key_number(key) is not None}))
        if site == "site4" and n % 13 == 0:
            packed += "not-a-key!!!"
        observations.append((site, packed if n % 17 else ""))
    return observations


def learned(learner: Learner) -> list[tuple[str, list[tuple[str, int]]]]:
    """The model's sites and keys with their counts, in their order (the manifest's)."""
    return [(site, list(keys.items())) for site, keys in learner.model().sites.items()]


@pytest.mark.parametrize("seed, files, batch", [(3, 400, 1024), (4, 3000, 1024), (5, 3000, 37)])
def test_counting_many_kept_files_at_once_is_counting_them_one_by_one(seed, files, batch, monkeypatch):
    monkeypatch.setattr(learner_module, "_BATCH_DOCUMENTS", batch)
    observations = packed_archive(seed, files)
    one_by_one, at_once = Learner(), Learner()
    third = len(observations) // 3
    # Counted before, at once, and after: each state is that of counting one at a time.
    for site, packed in observations[:third]:
        one_by_one.add_packed(site, packed)
        at_once.add_packed(site, packed)
    for site, packed in observations[third:2 * third]:
        one_by_one.add_packed(site, packed)
    at_once.add_packed_many(observations[third:2 * third])
    assert learned(at_once) == learned(one_by_one)
    assert at_once._documents == one_by_one._documents
    for done, (site, packed) in enumerate(observations[2 * third:]):
        one_by_one.add_packed(site, packed)
        at_once.add_packed(site, packed)
        if done % 50 == 0:
            assert learned(at_once) == learned(one_by_one)
    assert learned(at_once) == learned(one_by_one)
    fresh = Learner()
    fresh.add_packed_many(observations)
    assert learned(fresh) == learned(one_by_one)
    assert len(learned(fresh)) >= 3  # sites, with lines learned
