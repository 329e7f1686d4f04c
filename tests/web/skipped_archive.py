"""A small archive on disk whose index run skips files for several reasons, for the tests of
what the web app says about files not indexed."""
from __future__ import annotations

from pathlib import Path

from pdf_maker import make_pdf

from indexer.build import update_index

GOOD = ("Mali: detention of returnees\n\nPublished: 12 August 2025\n\n"
        "Returnees were detained on arrival and questioned about their travel by the police.\n")


def write_skipped_archive(folder: Path) -> Path:
    """A folder with one readable report and four files the index run skips: an empty file,
    a scanned PDF (pages without a text layer), a hidden file and a copy of the report."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mali.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.pdf").write_bytes(make_pdf([[], []]))
    (folder / ".draft.txt").write_text(GOOD, encoding="utf-8")
    (folder / "saved-again.txt").write_text(GOOD, encoding="utf-8")
    return folder


def build_skipped_index(folder: Path, index_dir: Path) -> Path:
    update_index([folder], index_dir, workers=1)
    return index_dir
