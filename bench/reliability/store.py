"""Damage to the index on disk: the store figures of RELIABILITY.md, and what checking costs.

``store_damage`` (a section of ``bench.reliability``) builds the 40-document
archive of the other sections and damages copies of its index: one flipped
byte in each kind of file a generation holds (``bench.reliability.damage``), the same
with the file's modification time put back (a failing disk), a byte flipped
under a running `refsearch serve`, the ``CURRENT`` pointer damaged or lost
over an emptied source folder, and a full disk when a run only remembers
touched files. Handled: the damage is reported in one line that says what
to do, no traceback, nothing served from the damaged generation (`/healthz`
503), the next `refsearch index` rebuilds the damaged part and every
document answers again; nothing is deleted and no other archive is served
because the pointer was lost.

``python -m bench.reliability.store --costs N`` measures what checking costs on a
generated corpus of N documents (``bench.generate``): writing the
checksums, opening a checked generation, the check of each web request,
a full check, and a first opening that must read everything.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .common import WORD, Row, answers, indexed_archive, refsearch, table, traceback_free
from .damage import KINDS, damage


def _cli(*args) -> tuple[int, str]:
    """`refsearch ARGS` in this process (a one-shot command: the same code as its own process);
    its exit status and stderr."""
    from click.testing import CliRunner

    from indexer.cli import main
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stderr


def _one_line(status: int, stderr: str, words: str) -> bool:
    lines = stderr.strip().splitlines()
    return status == 1 and len(lines) == 1 and words in lines[0] and "refsearch index" in lines[0]


def _healthz(index_dir: Path) -> int:
    from webapp import create_app
    return create_app({"INDEX_DIR": index_dir, "TESTING": True}).test_client().get("/healthz").status_code


def _copy(index_dir: Path, target: Path) -> Path:
    shutil.copytree(index_dir, target, symlinks=True)
    return target


def flipped_bytes(work: Path, quick: bool) -> list[Row]:
    """One flipped byte in each kind of file, and one that came without a write. The quick run
    rebuilds in this process (`refsearch index` is a process of its own in the full run)."""
    docs, index_dir, env = indexed_archive(work, "store")
    rows = []
    for kind in (*KINDS, "stored fields, modification time put back"):
        copy = _copy(index_dir, work / "store" / kind.replace(" ", "-").replace(",", ""))
        put_back = "put back" in kind
        if put_back:  # the copy checked once, as the build checks what it writes
            _cli("check", "--index", copy)
        file = damage(copy, kind.split(",")[0], keep_times=put_back)
        if put_back:  # a new process, which trusts what the check kept (.verified)
            opened = refsearch("", "search", WORD, "--index", copy, env=env)
            search, search_err = opened.returncode, opened.stderr
        else:
            search, search_err = _cli("search", WORD, "--index", copy)
        check, check_err = _cli("check", "--index", copy)
        health = _healthz(copy)
        rebuild = _index(copy, env, quick)
        after, _ = _cli("check", "--index", copy)
        found = answers(copy, WORD)
        if put_back:  # found by reading every byte: `check` (or a read that fails on it)
            seen = _one_line(check, check_err, file.name) and "Traceback" not in search_err
            expected = ("search: no traceback (opening trusts .verified); check: exit 1, one "
                        "line; next index rebuilds it, 40 answer")
        else:
            seen = (_one_line(search, search_err, file.name) and _one_line(check, check_err, file.name)
                    and health == 503)
            expected = "search and check: exit 1, one line; /healthz 503; next index rebuilds it, 40 answer"
        ok = (seen and rebuild.returncode == 0 and "was damaged" in rebuild.stderr
              and traceback_free(rebuild) and after == 0 and found == 40)
        rows.append(Row(f"a flipped byte in the {kind} (a {file.suffix} file)",
                        expected, f"search exit {search}, check exit {check}, /healthz {health}; "
                        f"index exit {rebuild.returncode}, then check exit {after}, {found} answer",
                        ok))
    return rows


def _index(index_dir: Path, env: dict, quick: bool):
    """`refsearch index` of the archive's default sources (``env``) into ``index_dir``."""
    if not quick:
        return refsearch("", "index", "--index", index_dir, "--workers", "1", env=env)
    import subprocess

    from indexer import config
    saved = config.DEFAULT_SOURCES
    config.DEFAULT_SOURCES = (config.SEEDS_DIR, Path(env["REFSEARCH_ARCHIVE"]) / "documents")
    try:
        status, stderr = _cli("index", "--index", index_dir, "--workers", "1")
    finally:
        config.DEFAULT_SOURCES = saved
    return subprocess.CompletedProcess(["refsearch", "index"], status, "", stderr)


def damaged_under_a_server(work: Path) -> list[Row]:
    from webapp.process import get_json, serve_process

    from .webhostile import get
    docs, index_dir, env = indexed_archive(work, "served")
    log = work / "served" / "serve.log"
    with serve_process(index_dir, "--workers", "1", "--threads", "2", log=log) as base:
        before = get_json(f"{base}/healthz")["ok"]
        damage(index_dir, "segment postings")
        health, search = get(f"{base}/healthz"), get(f"{base}/api/search?q={WORD}")
    clean = "Traceback" not in log.read_text(errors="replace")
    ok = before and health.status == 503 and search.status == 503 and clean
    return [Row("a flipped byte in the served index, under a running refsearch serve",
                "/healthz and searches 503 from the next request, no traceback",
                f"/healthz {health.status}, search {search.status}", ok)]


def lost_pointer(work: Path) -> list[Row]:
    """``CURRENT`` damaged or lost, over a source folder that was emptied (an unmounted drive)."""
    from indexer.store import generations
    from webapp.process import get_json, serve_process
    rows = []
    for what, rebuild in (("index", False), ("index --rebuild", True)):
        docs, index_dir, env = indexed_archive(work, f"pointer-{what.replace(' ', '')}")
        before = generations.list_generations(index_dir)
        live = generations.read_current(index_dir)
        (index_dir / "CURRENT").write_bytes(b"\x00\xffgen-0")
        shutil.move(docs, docs.with_name("away"))
        docs.mkdir()
        run = refsearch("", "index", "--index", index_dir, *(["--rebuild"] if rebuild else []), env=env)
        words = "--rebuild would lose 40" if rebuild else "holds no document files now, but 40"
        kept = generations.list_generations(index_dir) == before
        found = answers(index_dir, WORD)
        rows.append(Row(f"CURRENT damaged, the documents folder emptied: refsearch {what}",
                        "exit 1, the folder named, nothing deleted, 40 answer from the recovered "
                        "generation" + ("" if rebuild else ", the pointer written again"),
                        f"exit {run.returncode}, generations kept: {kept}, {found} answer",
                        run.returncode == 1 and words in run.stderr and traceback_free(run) and kept
                        and found == 40 and (rebuild or generations.read_current(index_dir) == live)))
    total = _count(index_dir)
    (index_dir / "CURRENT").unlink()
    log = work / "pointer-serve.log"
    with serve_process(index_dir, "--workers", "1", log=log) as base:
        health = get_json(f"{base}/healthz")
    built = "building" in log.read_text(errors="replace")
    rows.append(Row("CURRENT lost, the documents folder emptied: refsearch serve",
                    f"serves the recovered generation ({total} documents), builds nothing",
                    f"/healthz documents {health['documents']}, the recovered generation: "
                    f"{health['generation'] == live}, built: {built}",
                    health["documents"] == total and health["generation"] == live and not built))
    return rows


def _count(index_dir: Path) -> int:
    from indexer.archive import open_archive
    with open_archive(index_dir) as archive:
        return archive.count()


def touched_on_a_full_disk(work: Path) -> list[Row]:
    import os

    from indexer.store import generations
    docs, index_dir, env = indexed_archive(work, "touched")
    live = generations.read_current(index_dir)
    for path in docs.rglob("*.txt"):
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    run = refsearch("disk-full-manifest-write", "index", "--index", index_dir, env=env)
    temporary = [p.name for p in index_dir.rglob("*.tmp")]
    ok = (run.returncode == 1 and "the disk is full" in run.stderr and traceback_free(run)
          and not temporary and generations.read_current(index_dir) == live
          and answers(index_dir, WORD) == 40)
    return [Row("disk full when a run only remembers touched files (the manifest alone)",
                "exit 1, one message, no temporary file left, the index unchanged",
                f"exit {run.returncode}, temporary files: {len(temporary)}", ok)]


def store_damage(work: Path, quick: bool = False) -> list[Row]:
    """Every row of the store section (the same rows in the quick run)."""
    return (flipped_bytes(work, quick) + damaged_under_a_server(work) + lost_pointer(work)
            + touched_on_a_full_disk(work))


# ---- what checking costs --------------------------------------------------------


def costs(n: int, work: Path) -> list[tuple[str, float]]:
    """Seconds each step of checking takes on a generated corpus of ``n`` documents."""
    from bench.generate import write_corpus
    from indexer.archive import LiveArchive, open_archive
    from indexer.build import update_index
    from indexer.store import generations, integrity

    corpus = work / f"corpus-{n}"
    if not corpus.is_dir():
        write_corpus(corpus, n)
    index_dir = work / f"index-{n}"
    built = None
    if generations.read_current(index_dir) is None:
        started = time.perf_counter()
        update_index([corpus], index_dir)
        built = time.perf_counter() - started
    generation = generations.read_current(index_dir)
    assert generation is not None, "the build above wrote the index"
    folder = index_dir / generation
    size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())

    def timed(action, repeat: int = 1) -> float:
        started = time.perf_counter()
        for _ in range(repeat):
            action()
        return (time.perf_counter() - started) / repeat

    def fresh(action):
        def run():
            integrity._verdicts.clear()
            integrity._confirmed.clear()
            integrity._sums.clear()
            action()
        return run

    figures = [(f"index size ({n:,} documents, MB)", size / 2**20)]
    if built is not None:
        figures.append(("the whole build, checksums included (s)", built))
    figures.append(("writing the checksums of a whole generation (s)",
                    timed(fresh(lambda: integrity.record(folder)))))
    figures.append(("opening a checked generation, new process (s)",
                    timed(fresh(lambda: open_archive(index_dir).close()), 20)))
    figures.append(("of which the check, from .verified (ms)",
                    1000 * timed(fresh(lambda: integrity.verify(folder)), 200)))
    stamp = folder / integrity.STAMP_NAME
    saved = stamp.read_bytes()
    def first_opening() -> None:
        stamp.unlink()
        open_archive(index_dir).close()

    figures.append(("first opening with no verdict kept: reads everything (s)",
                    timed(fresh(first_opening))))
    stamp.write_bytes(saved)
    live = LiveArchive(index_dir)
    live.release(live.acquire())
    figures.append(("the check of each web request (ms)",
                    1000 * timed(lambda: live.release(live.acquire()), 2000)))
    live.close()
    figures.append(("refsearch check: every byte (s)",
                    timed(fresh(lambda: integrity.check_index(index_dir)))))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--costs", type=int, metavar="N", help="measure checking at N documents")
    parser.add_argument("--work", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument("--quick", action="store_true", help="rebuild in this process")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="refsearch-store-"))
    try:
        if args.costs:
            for what, value in costs(args.costs, work):
                print(f"| {what} | {value:,.3f} |")
            return 0
        rows = store_damage(work, args.quick)
        print(table(rows).replace(f"{work}/", ""))
        return 0 if all(row.handled for row in rows) else 1
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
