"""The benchmark reads a server's memory per process, its own apart from the mapped index."""
from __future__ import annotations

import subprocess
import sys
import time

import pytest

from bench.speed import memory

pytestmark = pytest.mark.skipif(not memory.PROC.joinpath("self", "smaps_rollup").exists(),
                                reason="needs Linux's /proc/<pid>/smaps_rollup")

# A parent that starts one child holding 64 MB of its own memory, then both wait.
PARENT = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c",
    "import sys, time; data = bytearray(64 * 2**20); print('ready', flush=True); time.sleep(60)"],
    stdout=subprocess.PIPE, text=True)
print(child.stdout.readline().strip(), flush=True)
time.sleep(60)
"""


def test_the_workers_are_the_leaves_of_the_process_tree_with_their_own_memory_apart():
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 10
        while not memory.children(parent.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        found = memory.workers(parent.pid)
        assert len(found) == 1 and memory.children(parent.pid)
        worker = found[0]
        assert worker.anonymous >= 64 * 2**20
        assert worker.rss == worker.anonymous + worker.file
        assert 0 < worker.pss <= worker.rss
        assert memory.Memory.from_dict(worker.to_dict()) == worker
    finally:
        for pid in memory.children(parent.pid):
            subprocess.run(["kill", str(pid)], check=False)
        parent.kill()
        parent.wait()


def test_a_process_that_is_gone_has_no_figures():
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    assert memory.of_process(int(done.stdout)) is None
