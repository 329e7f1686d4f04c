"""Document files shaped like the seed (a Refworld text dump), for building real indexes."""
from __future__ import annotations

from pathlib import Path

from whoosh.qparser import QueryParser

from indexer.engine.archive import open_index

COUNTRIES = ("Mali", "Niger", "Ghana", "Chad", "Benin", "Togo", "Senegal", "Guinea")
TIERS = ("Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3")


def seed_like_text(country: str, year: int, tier: str, body: str) -> str:
    """A text dump in the seed's layout: header lines, then the country's chapter."""
    title = f"U.S. Department of State {year} Trafficking in Persons Report - {country}"
    return (
        f"Last Updated: Monday, 3 July {year + 1}, 09:30 GMT\n\n"
        f"{title}\n\n"
        "Publisher United States Department of State\n"
        "Author Office to Monitor and Combat Trafficking in Persons\n"
        f"Publication Date 12 June {year}\n"
        f"Cite as United States Department of State, {title}, 12 June {year}, "
        "available at: [accessed 25 May 2016]\n"
        "DisclaimerThis page is republished as received; its views are the publisher's.\n\n"
        f"{country} ({tier})\n\n"
        f"{body}\n"
    )


def write_doc(folder: Path, number: int, marker: str, *, country: str | None = None) -> Path:
    """Write document ``number`` whose body carries the unique word ``marker``."""
    country = country or COUNTRIES[number % len(COUNTRIES)]
    body = (f"{country} is a source and transit country for men, women and children "
            f"subjected to forced labour. Case note {marker}. Prosecutions remained few.")
    path = folder / f"{number:03d}_{number:016x}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(seed_like_text(country, 2000 + number % 15, TIERS[number % len(TIERS)], body),
                    encoding="utf-8")
    return path


def ids_matching(index_dir: Path, word: str, field: str = "body") -> list[str]:
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        query = QueryParser(field, ix.schema).parse(word)
        return sorted(hit["id"] for hit in searcher.search(query, limit=None))


def all_ids(index_dir: Path) -> list[str]:
    with open_index(index_dir).searcher() as searcher:
        return sorted(fields["id"] for fields in searcher.all_stored_fields())


# The pages of one table-layout site: its banner is learned after the first few are read.
SITE_COUNTRIES = ("Mali", "Niger", "Chad", "Ghana", "Togo", "Benin", "Gabon", "Kenya", "Sudan", "Yemen") * 3


def table_site(folder: Path, monkeypatch) -> Path:
    """Thirty pages of one table-layout site in ``folder``, read two at a time, its furniture
    learned again every two files: a build reads the first ones before the furniture is known."""
    from indexer import config
    from indexer.build import trimming
    from tests.documents.test_furniture import table_page

    monkeypatch.setattr(trimming, "REFRESH_FILES", 2)
    monkeypatch.setattr(config, "INDEX_CHUNK_FILES", 2)
    folder.mkdir(parents=True)
    for n, country in enumerate(SITE_COUNTRIES):
        (folder / f"{n:02d}-{country.lower()}.html").write_text(table_page(country, n), encoding="utf-8")
    return folder
