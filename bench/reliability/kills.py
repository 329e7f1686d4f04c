"""Kills of a rebuild while readers search: the figures behind RELIABILITY.md's kill table.

A rebuild is killed (SIGKILL, SIGTERM, or Ctrl-C sent to its process group
as a terminal does) at moments spread from the start of its writing to its
end, while two readers search without pause: one opening the index for
every search as `refsearch search` does, one keeping it open and following
``CURRENT`` as a `refsearch serve` process does. Every search must give the
total the intact index gives; Ctrl-C must print no traceback; the next
`refsearch index` must recover. The documents are generated Refworld-form
ones (``bench.corpus.generate``) when the shared corpus is there, else small ones.
"""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench.reliability.common import PROJECT_ROOT, Row, answers, default_sigint, refsearch, write_docs

SIGNALS = (("SIGKILL", signal.SIGKILL), ("SIGTERM", signal.SIGTERM), ("Ctrl-C", signal.SIGINT))


@dataclass
class Searches:
    done: int = 0
    failed: int = 0
    wrong: int = 0


# Searches run without pause during the kills; each must find what it finds in the intact index.
KILL_QUERIES = ("trafficking", "forced labour", "Mali", "prosecutions", '"rice fields"')


def _search_without_pause(index_dir: Path, expected: dict[str, int], tally: Searches,
                          stop: threading.Event, reopen_each_time: bool) -> None:
    """Search ``expected``'s queries in turn until ``stop``, counting failures and wrong totals."""
    from indexer.archive import current_generation, open_archive
    from indexer.request import parse_request

    held, generation = None, None
    queries = list(expected)
    k = 0
    while not stop.is_set():
        query = queries[k % len(queries)]
        k += 1
        try:
            if reopen_each_time or current_generation(index_dir) != generation:
                if held is not None:
                    held.close()
                held = open_archive(index_dir)
                generation = held.generation
            assert held is not None  # opened on the first pass
            total = held.search(parse_request({"q": query})).total
            tally.done += 1
            if total != expected[query]:
                tally.wrong += 1
        except Exception:  # noqa: BLE001 - a failed search is what is counted
            tally.failed += 1


def _kill_corpus(folder: Path, documents: int) -> str:
    """Realistic generated documents when the shared corpus is at hand, else small text dumps."""
    from bench.corpus.generate import write_corpus
    try:
        write_corpus(folder, documents, seed=0)
        return "generated Refworld-form"
    except OSError:  # no shared corpus to learn from
        shutil.rmtree(folder, ignore_errors=True)
        write_docs(folder, range(documents))
        return "small text-dump"


def kills(work: Path, count: int, documents: int, seed: int) -> tuple[list[Row], Searches, str]:
    from indexer.archive import current_generation
    from indexer.store import generations

    docs, index_dir = work / "kills" / "docs", work / "kills" / "index"
    kind = _kill_corpus(docs, documents)
    faults = "parallel-writing" if documents < 1000 else ""
    first = refsearch(faults, "index", docs, "--index", index_dir, "--workers", "2")
    assert first.returncode == 0, first.stderr
    expected = {query: answers(index_dir, query) for query in KILL_QUERIES}
    started = time.monotonic()  # one rebuild, undisturbed, to know how long one takes
    refsearch(faults, "index", docs, "--index", index_dir, "--workers", "2", "--rebuild")
    duration = time.monotonic() - started
    chooser = random.Random(seed)
    tally, rows = Searches(), []
    stop = threading.Event()
    readers = [threading.Thread(target=_search_without_pause, daemon=True,
                                args=(index_dir, expected, tally, stop, each))
               for each in (True, False)]
    for reader in readers:
        reader.start()
    try:
        for k in range(count):
            name, signum = SIGNALS[k % len(SIGNALS)]
            live = current_generation(index_dir)
            process = subprocess.Popen(
                [sys.executable, "-m", "bench.reliability.faults", faults, "--", "index", str(docs),
                 "--index", str(index_dir), "--workers", "2", "--rebuild"],
                cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                start_new_session=True, preexec_fn=default_sigint,
                env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
            begun = time.monotonic()
            while (process.poll() is None and time.monotonic() - begun < 120
                   and generations.list_generations(index_dir)[-1] == live):
                time.sleep(0.01)  # until the new generation's folder exists: writing has begun
            # The k-th kill falls in the k-th of ``count`` equal stretches of the writing, so
            # together they cover it from its start to its very end.
            remaining = max(0.1, duration - (time.monotonic() - begun))
            time.sleep(remaining * (k + chooser.random()) / count)
            at = time.monotonic() - begun
            if process.poll() is None:
                if signum == signal.SIGINT:
                    os.killpg(process.pid, signal.SIGINT)  # as a terminal does
                else:
                    process.send_signal(signum)
            _, stderr = process.communicate(timeout=300)
            published = current_generation(index_dir) != live
            recovery = refsearch(faults, "index", docs, "--index", index_dir, "--workers", "2")
            clean = "Traceback" not in stderr and (signum != signal.SIGINT
                                                   or process.returncode in (0, 130))
            ok = clean and recovery.returncode == 0 and all(
                answers(index_dir, query) == total for query, total in expected.items())
            rows.append(Row(f"{name} at {at:.1f} s of about {duration:.1f} s",
                            "the previous or the new index answers; next run recovers",
                            f"exit {process.returncode}, {'new' if published else 'previous'} "
                            f"index live" + ("" if clean else f"; stderr: {stderr.strip()[-200:]}"),
                            ok))
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    return rows, tally, kind
