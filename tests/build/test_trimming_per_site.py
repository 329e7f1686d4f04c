"""What a build does for the files it does not read: an update that reads 1% of the archive
goes through the records of the other 99% to count their furniture and to decide whether any
must be read again. Work that depends only on a site (the digest of its marked furniture, the
keys of its marked texts) is done once per site, not once per file, and decides the same."""
from __future__ import annotations

import pytest

from indexer.build import trimming
from indexer.build.trimming import Trimming
from indexer.documents.furniture import FurnitureModel, marked_key
from indexer.store.manifest import FileRecord

SITE = "example.org"
MARKED = ("home about us contact", "all rights reserved example org", "sign up for our newsletter")
FILES = 300


def indexed_with(marked: tuple[str, ...] = MARKED) -> dict:
    """The manifest's furniture of an index whose one site's pages named ``marked`` as furniture."""
    return FurnitureModel({}, {}, {SITE: marked}).to_dict()


def kept_records(suffix: str, marked: tuple[str, ...] = MARKED) -> dict[str, FileRecord]:
    """``FILES`` indexed files of the site that the build does not read again."""
    packed = "".join(sorted(marked_key(text) for text in marked))
    return {f"/archive/{n:04d}{suffix}": FileRecord(f"/archive/{n:04d}{suffix}", 1, 1, "0" * 64, f"d{n}",
                                                    SITE, "", marked=packed if suffix == ".html" else "")
            for n in range(FILES)}


def counting(monkeypatch, name: str) -> list[int]:
    """Count the calls of ``trimming.<name>`` from now on."""
    calls = [0]
    real = getattr(trimming, name)

    def counted(*args, **kwargs):
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(trimming, name, counted)
    return calls


def test_the_marked_furniture_of_kept_pages_is_looked_up_once_per_site(monkeypatch):
    calls = counting(monkeypatch, "marked_key")
    kept = Trimming(indexed_with(), kept_records(".html").values())
    assert calls[0] <= len(MARKED)  # each of the site's texts keyed once; per page: 900
    assert kept.final({})[0].marked_of(SITE) == tuple(sorted(MARKED))


@pytest.mark.parametrize("suffix", [".txt", ".pdf"])
def test_whether_files_without_markup_are_stale_is_decided_once_per_site(monkeypatch, suffix):
    records = {**kept_records(".html"), **kept_records(suffix)}  # the pages name the furniture
    trim = Trimming(indexed_with(), records.values())
    calls = counting(monkeypatch, "marked_digest")
    _, stale = trim.final(records)
    assert stale == []
    assert calls[0] <= 2  # the indexed model's digest and the final one; per file: 600


def test_files_without_markup_are_still_read_again_when_their_site_s_marked_furniture_changed():
    pages = kept_records(".html", MARKED[:2])  # the pages now name two of the three texts
    texts = kept_records(".txt")
    trim = Trimming(indexed_with(), [*pages.values(), *texts.values()])
    _, stale = trim.final({**pages, **texts})
    assert stale == sorted(texts)
