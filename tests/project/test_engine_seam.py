"""The engine seam: Whoosh stays in ``indexer/engine/``, a search reads its query once,
and the facade's lifecycle keeps every request on one generation."""
from __future__ import annotations

import ast
import threading
from pathlib import Path

import pytest
from whoosh.reading import ReaderClosed

from indexer import querylang
from indexer.archive import LiveArchive, open_archive
from indexer.build import write_index
from indexer.errors import IndexMissing
from indexer.request import parse_request

PROJECT = Path(__file__).resolve().parents[2]
# Everything that is refsearch's code (the tests may compare the engine with stock Whoosh).
CODE_FOLDERS = ("indexer", "webapp", "bench")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def code_files(folders: tuple[str, ...] = CODE_FOLDERS) -> list[Path]:
    return sorted(p for folder in folders for p in (PROJECT / folder).rglob("*.py")
                  if ".venv" not in p.parts and "out" not in p.relative_to(PROJECT).parts[:2])


def test_only_the_engine_package_imports_whoosh():
    leaks = [str(path.relative_to(PROJECT)) for path in code_files()
             if not path.is_relative_to(PROJECT / "indexer" / "engine")
             and any(m == "whoosh" or m.startswith("whoosh.") for m in imported_modules(path))]
    assert leaks == []


def test_the_engine_does_import_whoosh():
    # The walk above would pass vacuously if it could not see imports.
    assert "whoosh.index" in imported_modules(PROJECT / "indexer" / "engine" / "archive.py")


def test_no_module_grows_past_four_hundred_lines():
    """The tests are held to the same length as the code: a long test module is as hard
    to read, and a split by behaviour names what each part pins."""
    long = {str(p.relative_to(PROJECT)): n for p in code_files(CODE_FOLDERS + ("tests",))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}


def test_every_module_says_what_it_owns():
    missing = [str(p.relative_to(PROJECT)) for p in code_files()
               if p.stat().st_size and ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None]
    assert missing == []


@pytest.mark.slow
def test_importing_the_library_patches_nothing_in_whoosh():
    """The in-place reading of segment files is installed when the engine opens an index."""
    import subprocess
    import sys

    code = ("import indexer, indexer.archive, indexer.build, webapp\n"
            "from whoosh.filedb import structfile\n"
            "print(structfile.BufferFile.__init__.__module__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT,
                         check=True).stdout.strip()
    assert out == "whoosh.filedb.structfile"


@pytest.mark.parametrize("query", ["trafficing Nigerai", "forced labour -children", '"worst forms" Mali',
                                   "traffick* tier:2", "goverment", ""])
def test_a_search_reads_its_query_text_once(archive, monkeypatch, query):
    calls = []
    real = querylang._tokens

    def counting(text):
        calls.append(text)
        return real(text)

    # Every reading of query text goes through the tokenizer, whoever calls ``parse``.
    monkeypatch.setattr(querylang, "_tokens", counting)
    results = archive.search(parse_request({"q": query}))
    assert calls == [query]
    assert results.interpreted_query


def build(folder: Path, documents) -> Path:
    write_index(folder, documents)
    return folder


def test_an_archive_stays_on_the_generation_it_opened(tmp_path, document_factory):
    build(tmp_path, [document_factory(id="old", path="old.txt")])
    with open_archive(tmp_path) as first:
        build(tmp_path, [document_factory(id="old", path="old.txt"), document_factory(id="new", path="new.txt")])
        assert first.count() == 1
        with open_archive(tmp_path) as second:
            assert second.count() == 2 and second.generation != first.generation


def test_live_archive_opens_a_newer_generation_and_closes_the_old_when_released(tmp_path,
                                                                                 document_factory):
    build(tmp_path, [document_factory(id="a", path="a.txt")])
    opened = []

    def opener(index_dir):
        archive = open_archive(index_dir)
        opened.append(archive)
        return archive

    live = LiveArchive(tmp_path, opener)
    first = live.acquire()
    assert live.acquire() is first and len(opened) == 1
    live.release(first)
    build(tmp_path, [document_factory(id="a", path="a.txt"), document_factory(id="b", path="b.txt")])
    second = live.acquire()
    assert second is not first and second.count() == 2
    assert first.count() == 1  # still in use by one request: not closed yet
    live.release(first)
    with pytest.raises(ReaderClosed):
        first.count()  # closed by its last user
    live.release(second)
    assert live.generation == second.generation
    live.close()


def test_live_archive_without_an_index_says_how_to_build_one(tmp_path):
    with pytest.raises(IndexMissing, match="refsearch index"):
        LiveArchive(tmp_path).acquire()


def test_archives_answer_from_many_threads(tmp_path, document_factory):
    build(tmp_path, [document_factory(id=f"d{n}", path=f"d{n}.txt") for n in range(20)])
    errors = []
    with open_archive(tmp_path) as archive:
        def work():
            try:
                for _ in range(20):
                    assert archive.search(parse_request({"q": "trafficked"})).total == 20
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)

        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
