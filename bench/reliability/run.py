"""Reliability figures: hostile files, unreadable sources, faults and kills of a build under searches.

``python -m bench.reliability`` runs every check against real `refsearch
index` processes (faults injected with ``bench.reliability.faults``) and prints the
figures as the Markdown tables of ``RELIABILITY.md``; it exits 1 if any input
was not handled. ``--quick`` runs smaller pathological pages, a shorter file
budget and three kills: the test suite runs it that way.

1. Hostile inputs: every file of ``bench.reliability.hostile`` in one archive folder,
   one build. Handled: indexed with the right text, or skipped or reported
   with its reason on exactly one line, the build within its budgets, no
   traceback; `extract` refuses the name that is not UTF-8 and the links
   leading out of the archive alike, and nothing from outside the archive
   reaches the index or `extract`'s output.
2. Unreadable sources and build faults: each in its own archive, on top of
   a complete index. Handled: the promised exit status and message, no
   traceback, and every indexed document still answering.
3. Kills of a rebuild while readers search (``bench.reliability.kills``).
4. A replaced generation is removed once its reader moves on.
5. Hostile web requests to a real `refsearch serve` (``bench.reliability.webhostile``).
6. What a document is taken for: ids from its own metadata only, and the
   lines learning removes as furniture (``bench.reliability.identity``).
7. Damage to the index on disk: a flipped byte in each kind of index file,
   a lost ``CURRENT`` pointer, a full disk when only the manifest changes
   (``bench.reliability.store``).
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.reliability.common import WORD, Row, answers, doc_text, indexed_archive, refsearch, table, traceback_free, write_docs
from bench.reliability.hostile import LEADS_OUT, OUTSIDE_SECRET, cases, write_cases

# ---- 1. hostile inputs ------------------------------------------------------


def hostile_inputs(work: Path, scale: float, seconds: float) -> list[Row]:
    from indexer.archive import current_generation, open_archive
    from indexer.errors import shown_path
    from indexer.store.manifest import load_manifest

    folder = work / "hostile"
    chosen = cases(scale)
    paths = write_cases(folder, chosen)
    write_docs(folder, range(3))
    started = time.monotonic()
    run = refsearch("slow-file,greedy-file", "index", folder, "--index", work / "hostile-index",
                    "--workers", "2", "--file-time-limit", seconds, "--file-memory-limit", 300,
                    env={_MARKER: _MARKER_VALUE})
    took = time.monotonic() - started
    lines = run.stderr.splitlines()
    index_dir = work / "hostile-index"
    generation = current_generation(index_dir)
    manifest = load_manifest(index_dir / generation) if generation else None
    records = manifest.records if manifest else {}
    with open_archive(index_dir) as archive:  # the text of each file indexed, by path
        texts = {os.path.abspath(path): archive.document(record.doc_id).text
                 for path, record in records.items()}
    rows = []
    for case in chosen:
        shown = shown_path(paths[case.label])
        reported = [(kind, line[len(f"{prefix} {shown}: "):])
                    for line in lines for kind, prefix in (("skipped", "skipped"),
                                                           ("unreadable", "cannot read"))
                    if line.startswith(f"{prefix} {shown}: ")]
        indexed = texts.get(os.path.realpath(paths[case.label]))
        if indexed is not None:
            outcome = "indexed"
            ok = case.expect in ("indexed", "bounded") and case.words in indexed
        elif reported:
            kind, reason = reported[0]
            outcome = f"{kind}: {reason}"
            budget = ("took longer than", "needed more than")
            ok = len(reported) == 1 and (
                kind == case.expect and case.words in reason
                or case.expect == "bounded" and reason.startswith(budget))
        else:
            outcome, ok = "neither indexed nor reported", False
        rows.append(Row(case.label, _expected(case), outcome, ok))
    forged = [line for line in lines if not line.startswith(("skipped ", "cannot read ", "Error: "))]
    rows.append(Row(f"the whole build ({len(chosen)} hostile files, 3 good)",
                    f"exit 1, one line per file reported, within {2 * seconds:g} s per bad file",
                    f"exit {run.returncode}, {len(lines)} lines ({len(forged)} forged), "
                    f"{took:.1f} s", run.returncode == 1 and not forged and traceback_free(run)
                    and len(texts) >= 3))
    odd = folder / os.fsdecode(b"caf\xe9.txt")
    extracted = refsearch("", "extract", odd)
    refused = f"skipped {shown_path(odd)}: the file name is not valid UTF-8"
    rows.append(Row("`extract` on the name that is not UTF-8", "refused as by `index`",
                    extracted.stderr.strip().splitlines()[-1],
                    any(line.startswith(refused) for line in extracted.stderr.splitlines())))
    rows.append(_links_out(work, [c.label for c in chosen if c.words == LEADS_OUT], paths, texts))
    return rows


# An environment variable of the indexing process, whose value must never reach the index.
_MARKER, _MARKER_VALUE = "REFSEARCH_HOSTILE_MARKER", "environmentmarker"


def _links_out(work: Path, labels: list[str], paths: dict, texts: dict) -> Row:
    """`extract` refuses the links leading out as `index` did; nothing from outside is read."""
    from indexer.errors import shown_path

    links = work / "links-out"
    links.mkdir()
    for label in labels:
        (links / paths[label].name).symlink_to(os.readlink(paths[label]))
    extracted = refsearch("", "extract", links, env={_MARKER: _MARKER_VALUE})
    out = extracted.stdout + extracted.stderr
    named = all(f"skipped {shown_path(links / paths[label].name)}: {LEADS_OUT}" in out
                for label in labels)
    leaked = [text for text in (OUTSIDE_SECRET, _MARKER_VALUE)
              if text in out or any(text in indexed for indexed in texts.values())]
    return Row(f"{len(labels)} links leading out, in `index` and `extract`",
               "each refused alike, nothing from outside indexed or printed",
               f"extract exit {extracted.returncode}, "
               f"{'each named alike' if named else 'not named alike'}, "
               f"{'leaked: ' + ', '.join(leaked) if leaked else 'nothing leaked'}",
               named and not leaked and extracted.returncode == 1 and traceback_free(extracted))


def _expected(case) -> str:
    if case.expect == "bounded":
        return "indexed, or skipped for its budget"
    return f"{case.expect}" + (f" ({case.words[:40]})" if case.words else "")


# ---- 2. unreadable sources and build faults --------------------------------


def source_faults(work: Path) -> list[Row]:
    rows = []

    def check(what, expected, run, status, words, index_dir, count=40):
        try:
            indexed = answers(index_dir, WORD)
        except Exception as error:  # noqa: BLE001 - reported as not handled
            indexed = type(error).__name__
        ok = (run.returncode == status and words in run.stderr and traceback_free(run)
              and indexed == count)
        rows.append(Row(what, expected, f"exit {run.returncode}, {indexed} documents answer", ok))

    docs, index_dir, env = indexed_archive(work, "folder")
    write_docs(docs / "a", [99])
    run = refsearch("unreadable-folder", "index", "--index", index_dir,
                    env={**env, "REFSEARCH_UNREADABLE": str(docs / "b")})
    check("a folder that cannot be listed", "its 20 kept, named, the rest updated, exit 1", run, 1,
          f"cannot read {docs / 'b'}: the folder cannot be read (permission denied)", index_dir, 41)

    docs, index_dir, env = indexed_archive(work, "file")
    changed = docs / "a" / "doc00003.txt"
    changed.write_text(doc_text(3, "changed3x"), encoding="utf-8")
    (docs / "b" / "doc00021.txt").unlink()
    run = refsearch("unreadable-file", "index", "--index", index_dir,
                    env={**env, "REFSEARCH_UNREADABLE": str(changed)})
    check("a changed file that cannot be read, beside a deleted one",
          "old document kept, named, exit 1; the deleted one goes", run, 1,
          "cannot be read (permission denied); its document is kept as it was", index_dir, 39)

    for how in ("moved away", "emptied", "parent replaced by a file"):
        docs, index_dir, env = indexed_archive(work, how.replace(" ", "-"))
        if how == "moved away":
            docs.rename(docs.with_name("away"))
        elif how == "emptied":  # an unmounted drive leaves an empty mount point
            shutil.move(docs, docs.with_name("away"))
            docs.mkdir()
        else:
            shutil.move(docs.parent, docs.parent.with_name("away"))
            docs.parent.write_text("a file where the archive folder was")
        run = refsearch("", "index", "--index", index_dir, env=env)
        words = ("no such file or folder" if how.startswith("parent")
                 else "holds no document files now, but 40 indexed documents come from it")
        check(f"the documents folder {how}", "all 40 kept, named, exit 1", run, 1, words, index_dir)

    docs, index_dir, env = indexed_archive(work, "rebuild")
    run = refsearch("unreadable-folder", "index", "--index", index_dir, "--rebuild",
                    env={**env, "REFSEARCH_UNREADABLE": str(docs / "b")})
    check("--rebuild with a folder that cannot be listed", "refused, index unchanged, exit 1",
          run, 1, "--rebuild would lose 20 indexed documents", index_dir)
    return rows


BUILD_FAULTS = [
    ("disk full in the writing process", "disk-full-writing", "1", 1, "the disk is full"),
    ("disk full in the parallel writing processes", "disk-full-writing,parallel-writing", "2", 1,
     "the disk is full"),
    ("disk full saving the manifest", "disk-full-manifest,parallel-writing", "2", 1,
     "the disk is full"),
    ("disk full flushing the index", "disk-full-flush", "1", 1, "the disk is full"),
    ("disk full moving the pointer", "disk-full-publish", "1", 1, "the disk is full"),
    ("Ctrl-C as the writer commits", "ctrl-c-commit", "1", 130, "interrupted; the previous"),
    ("Ctrl-C as the parallel writers finish", "ctrl-c-commit,parallel-writing", "2", 130,
     "interrupted; the previous"),
    ("Ctrl-C before publishing", "ctrl-c-flush,parallel-writing", "2", 130,
     "interrupted; the previous"),
]


def build_faults(work: Path) -> list[Row]:
    rows = []
    for what, faults, workers, status, words in BUILD_FAULTS:
        docs, index_dir, env = indexed_archive(work, faults.replace(",", "+"))
        run = refsearch(faults, "index", "--index", index_dir, "--rebuild", "--workers", workers,
                        env=env)
        lines = run.stderr.strip().splitlines()
        ok = (run.returncode == status and traceback_free(run) and len(lines) == 2
              and words in lines[0] and lines[1].startswith("The unfinished index was removed")
              and answers(index_dir, WORD) == 40)
        rows.append(Row(what, f"exit {status}, one message and the cleanup line",
                        f"exit {run.returncode}: {lines[0][7:] if lines else ''}", ok))
    return rows


# ---- 4. the previous generation (3, the kills, is in ``bench.reliability.kills``) ---------------------------------------------


def retention(work: Path) -> list[Row]:
    from indexer import config
    from indexer.archive import open_archive
    from indexer.store import generations

    docs, index_dir, env = indexed_archive(work, "retention")
    rows = []
    saved = config.PREVIOUS_INDEX_GRACE
    config.PREVIOUS_INDEX_GRACE = 0
    try:
        reader = open_archive(index_dir)  # a reader, as a web server process
        held = reader.generation
        refsearch("no-grace", "index", "--index", index_dir, "--rebuild", env=env)
        kept = held in generations.list_generations(index_dir)
        moved = open_archive(index_dir)  # the reader moves to the new index
        gone = held not in generations.list_generations(index_dir)
        rows.append(Row("a rebuild while a process reads the index (grace 0 s)",
                        "previous kept while read, removed once the reader moves",
                        f"kept: {kept}, removed after: {gone}", kept and gone))
        reader.close()
        moved.close()
    finally:
        config.PREVIOUS_INDEX_GRACE = saved
    return rows


# ---- the report ---------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true",
                        help="smaller pathological pages, 2 s file budget, 3 kills, 300 documents "
                             "served (the test suite)")
    parser.add_argument("--kills", type=int, help="rebuilds to kill (default 10; 3 with --quick)")
    parser.add_argument("--documents", type=int,
                        help="documents in the killed rebuilds (default 5000; 300 with --quick)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the kill moments")
    parser.add_argument("--work", type=Path, help="work folder (default: a temporary one)")
    args = parser.parse_args(argv)
    scale, seconds = (0.1, 2.0) if args.quick else (1.0, 10.0)
    kill_count = args.kills if args.kills is not None else (3 if args.quick else 10)
    documents = args.documents or (300 if args.quick else 5000)
    work = args.work or Path(tempfile.mkdtemp(prefix="refsearch-reliability-"))
    from bench.reliability.identity import rows as identity_and_furniture
    from bench.reliability.kills import kills
    from bench.reliability.store import store_damage
    from bench.reliability.webhostile import web_requests

    started = time.monotonic()
    try:
        sections = [
            ("Hostile inputs", hostile_inputs(work, scale, seconds)),
            ("Unreadable sources", source_faults(work)),
            ("Full disk and Ctrl-C near the end of a rebuild", build_faults(work)),
        ]
        kill_rows, tally, kind = kills(work, kill_count, documents, args.seed)
        sections.append((f"Kills of a rebuild of {documents:,} {kind} documents under searches",
                         kill_rows))
        sections.append(("The previous index generation", retention(work)))
        sections.append(("Web requests", web_requests(work, args.quick)))
        sections.append(("Identity and furniture", identity_and_furniture(work / "identity")))
        sections.append(("Damage to the index on disk", store_damage(work, args.quick)))
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    every = [row for _, rows in sections for row in rows]
    handled = sum(row.handled for row in every)
    print(f"# Reliability run ({'quick' if args.quick else 'full'}, "
          f"{time.monotonic() - started:.0f} s)\n")
    print(f"Inputs and faults tried: {len(every)}; handled: {handled}.  ")
    print(f"Searches during the {kill_count} kills: {tally.done:,}; failed: {tally.failed}; "
          f"wrong: {tally.wrong}.\n")
    for title, rows in sections:
        # Paths inside the work folder are shown relative to it.
        print(f"## {title}\n\n{table(rows)}\n".replace(f"{work}/", ""))
    return 0 if handled == len(every) and not (tally.failed or tally.wrong) else 1


if __name__ == "__main__":
    sys.exit(main())
