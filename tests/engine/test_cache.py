"""The one bounded least-recently-used cache: eviction order, bound, and use from many threads."""
from __future__ import annotations

import sys
import threading
from dataclasses import dataclass

import pytest

from indexer.cache import LRU


@dataclass(frozen=True)
class Key:
    number: int


def test_the_least_recently_used_entry_is_dropped_first():
    cache: LRU[str, int] = LRU(3)
    for key, value in (("a", 1), ("b", 2), ("c", 3)):
        cache.put(key, value)
    assert cache.get("a") == 1          # "a" is now the most recently used
    cache.put("d", 4)
    assert cache.keys() == ["c", "a", "d"]
    assert cache.get("b") is None


def test_putting_a_kept_key_again_replaces_its_value_and_refreshes_it():
    cache: LRU[str, int] = LRU(2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("a", 10)
    cache.put("c", 3)
    assert cache.keys() == ["a", "c"] and cache.get("a") == 10


@pytest.mark.parametrize("size, puts, kept", [
    (0, 5, 0),
    (1, 5, 1),
    (4, 3, 3),
    (4, 100, 4),
])
def test_a_cache_never_holds_more_than_its_size(size, puts, kept):
    cache: LRU[int, int] = LRU(size)
    for n in range(puts):
        assert cache.put(n, n * n) == n * n
        assert len(cache) <= size
    assert len(cache) == kept
    assert cache.keys() == list(range(puts - kept, puts))


def test_shrinking_a_cache_drops_its_least_recently_used_entries_at_once():
    cache: LRU[int, int] = LRU(5)
    for n in range(5):
        cache.put(n, n)
    cache.resize(2)
    assert cache.keys() == [3, 4]


def test_remembered_computes_a_missing_value_once_and_keeps_even_none():
    cache: LRU[Key, object] = LRU(4)
    calls: list[int] = []

    def compute(n: int):
        calls.append(n)
        return None if n == 0 else n

    for n in (0, 1, 0, 1, 0):
        assert cache.remembered(Key(n), lambda n=n: compute(n)) == (None if n == 0 else n)
    assert calls == [0, 1]


def test_keys_of_different_types_are_different_entries():
    @dataclass(frozen=True)
    class Other:
        number: int

    cache: LRU[object, str] = LRU(4)
    cache.put(Key(1), "key")
    cache.put(Other(1), "other")
    cache.put((1,), "tuple")
    assert (cache.get(Key(1)), cache.get(Other(1)), cache.get((1,))) == ("key", "other", "tuple")


def test_threads_sharing_a_cache_see_whole_entries_and_the_bound_holds():
    """Eight threads put, get and remember overlapping keys of a small cache at once: every
    value read is the one made for its key, nothing raises, and the bound is never passed."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)   # switch threads as often as possible, to meet the races
    size, errors, overfull = 16, [], []
    cache: LRU[Key, tuple[int, int]] = LRU(size)
    start = threading.Barrier(8)

    def work(seed: int) -> None:
        try:
            start.wait()
            for i in range(4000):
                n = (i * 7 + seed * 13) % 48
                if i % 3 == 0:
                    cache.put(Key(n), (n, n * 2))
                elif i % 3 == 1:
                    found = cache.get(Key(n))
                    if found is not None and found != (n, n * 2):
                        errors.append((n, found))
                else:
                    if cache.remembered(Key(n), lambda n=n: (n, n * 2)) != (n, n * 2):
                        errors.append(n)
                if len(cache) > size:
                    overfull.append(len(cache))
        except Exception as error:  # noqa: BLE001 - any failure in a thread fails the test
            errors.append(error)

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(8)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(previous)
    assert errors == [] and overfull == []
    assert len(cache) == size and len(set(cache.keys())) == size
