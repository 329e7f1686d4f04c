"""What a build's main process holds per file read: resident sizes sampled, and ``tracemalloc``.

Builds a fresh index of the first files of a generated corpus (a folder of
links to them, as ``buildcpu`` does) with two reading and two writing
processes, while a thread of the build process samples every 0.1 s its own
resident size and peak (``VmRSS``, ``VmHWM`` of ``/proc/self/status``) and
the peaks of its children. Reports the main process's resident size when
its first file is read, when the first writing ends (every file read) and
its peak, with the growth per file read between the first two; its CPU
seconds (``time.process_time``, which a busy machine does not distort) per
1,000 documents; and the largest child's peak. With ``--trace A``,
``tracemalloc`` starts at the A-th file read and is read when the first
writing ends, when every result of the reading processes has been taken
(results in flight, up to eight chunks, would count otherwise): the bytes
still held per file read, by the line that allocated them (it slows the
main process, so the CPU figure of such a run means nothing).

Command line: ``python -m bench.speed.buildmem CORPUS WORK --limit 10000 [--trace 2000]``.
"""
from __future__ import annotations

import argparse
import json
import os
import threading
import time
import tracemalloc
from pathlib import Path

import indexer.build as build
import indexer.build.steps as steps
import indexer.build.trimming as trimming
from indexer.build import update_index

from .buildcpu import link_subset

MB = 1 << 20
# The steps after the first writing whose resident size and peak are noted as they start and end:
# (label, module, name).
PHASES = [("final furniture", steps, "retrim"), ("second writing", steps, "write_again"),
          ("works found", build, "regroup"), ("works written", build, "_write_works"),
          ("manifest written", build, "save_manifest")]


def _status(pid: int | str = "self") -> dict[str, int]:
    """The kB figures of ``/proc/<pid>/status`` in bytes (empty when the process is gone)."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    found = {}
    for line in text.splitlines():
        name, _, rest = line.partition(":")
        parts = rest.split()
        if len(parts) == 2 and parts[1] == "kB":
            found[name] = int(parts[0]) * 1024
    return found


def _children() -> list[int]:
    """Every process under this one."""
    found, todo = [], [os.getpid()]
    while todo:
        pid = todo.pop()
        try:
            tasks = Path(f"/proc/{pid}/task").iterdir()
            kids = [int(k) for t in tasks for k in (t / "children").read_text().split()]
        except OSError:
            continue
        found.extend(kids)
        todo.extend(kids)
    return found


class Sampler(threading.Thread):
    """Samples the main process's resident size and every child's peak until stopped."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.children_peak: dict[int, int] = {}
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(0.1):
            for pid in _children():
                peak = _status(pid).get("VmHWM", 0)
                self.children_peak[pid] = max(peak, self.children_peak.get(pid, 0))


def _noting(label: str, function, notes: list[str]):
    """``function``, noting the resident size and peak as it starts and ends."""

    def noted(*args, **kwargs):
        before = _status()
        try:
            return function(*args, **kwargs)
        finally:
            after = _status()
            notes.append(f"{label:18} resident {before['VmRSS'] / MB:6.1f} -> {after['VmRSS'] / MB:6.1f} MB, "
                         f"peak {before['VmHWM'] / MB:6.1f} -> {after['VmHWM'] / MB:6.1f} MB")
    return noted


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path, help="a generated corpus folder (read only)")
    parser.add_argument("work", type=Path, help="folder for the links and the index")
    parser.add_argument("--limit", type=int, default=10000, help="the first this many files")
    parser.add_argument("--workers", type=int, default=2, help="reading and writing processes")
    parser.add_argument("--trace", type=int, default=0,
                        help="tracemalloc from the A-th file read to the end of the first writing")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    documents = link_subset(args.corpus, args.work / "links", 1, args.limit)
    trace = args.trace
    marks: dict[str, int] = {}
    traced: list[str] = []
    read_so_far = [0]
    original_read, original_retrim = trimming.Trimming.read, steps.retrim

    def read(self, *a, **k):
        read_so_far[0] += 1
        n = read_so_far[0]
        if n == 1:
            marks["rss_first_file"] = _status()["VmRSS"]
        if trace and n == trace:
            tracemalloc.start(4)
        return original_read(self, *a, **k)

    def retrim(progress):
        marks["rss_end_first_writing"] = _status()["VmRSS"]
        marks["files_read"] = read_so_far[0]
        if tracemalloc.is_tracing():  # every result read is taken: only what the build keeps
            snapshot = tracemalloc.take_snapshot()
            tracemalloc.stop()
            held = sum(stat.size for stat in snapshot.statistics("filename"))
            per = max(1, read_so_far[0] - trace)
            marks["traced_bytes_a_file"] = held / per
            traced.append(f"traced {held / MB:.1f} MB held, {held / per:.0f} bytes a file read")
            for stat in snapshot.statistics("lineno")[:25]:
                frame = stat.traceback[0]
                traced.append(f"{stat.size / per:8.0f} B {stat.count / per:6.2f} objects  "
                              f"{frame.filename.split('site-packages/')[-1]}:{frame.lineno}")
        return original_retrim(progress)

    trimming.Trimming.read = read  # type: ignore[method-assign]
    steps.retrim = retrim
    phases: list[str] = []
    for label, module, name in PHASES:
        setattr(module, name, _noting(label, getattr(module, name), phases))
    index = args.work / "index"
    sampler = Sampler()
    sampler.start()
    started = time.process_time()
    update_index([args.work / "links"], index, rebuild=True, workers=args.workers,
                 link_targets=[args.corpus.resolve()])
    cpu = time.process_time() - started
    sampler.stopped.set()
    sampler.join()
    status = _status()
    files = marks.get("files_read", documents)
    grown = marks["rss_end_first_writing"] - marks["rss_first_file"]
    figures = {
        "documents": documents, "files_read": files,
        "main_rss_first_file_mb": marks["rss_first_file"] / MB,
        "main_rss_end_first_writing_mb": marks["rss_end_first_writing"] / MB,
        "main_peak_mb": status["VmHWM"] / MB,
        "main_grown_bytes_a_file": grown / max(1, files),
        "main_cpu_s_per_1000": cpu * 1000 / documents,
        "largest_child_peak_mb": max(sampler.children_peak.values(), default=0) / MB,
        "traced_bytes_a_file": marks.get("traced_bytes_a_file"),
    }
    print(json.dumps(figures, indent=1))
    print("\n".join(phases + traced))
    if args.out:
        args.out.write_text(json.dumps({**figures, "phases": phases, "traced": traced}, indent=1))


if __name__ == "__main__":
    main()
