"""``refsearch serve`` as a child process: started on a free loopback port, stopped on exit.

The test suite's browser and server tests and the benchmarks' web load both
need a real server in its own process, as a user runs it; this is the one
way they start one. ``serve_process`` waits until ``/healthz`` answers
(a first start may build the index), yields the base URL, and always stops
the process, killing it if it does not stop in time.
"""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
# Seconds to wait for /healthz; a first start builds the index.
START_TIMEOUT = 120.0
# Seconds a stopping server is given before it is killed.
STOP_TIMEOUT = 10.0


class ServerDidNotStart(RuntimeError):
    """The server exited or did not answer in time; the message ends with its log."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def get_json(url: str, timeout: float = 10.0) -> dict:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.load(response)


@contextmanager
def server(index_dir: Path, *options: str, log: Path, port: int | None = None,
           timeout: float = START_TIMEOUT, runner: tuple[str, ...] = ("-m", "webapp.cli")
           ) -> Iterator[tuple[str, int]]:
    """Run ``python <runner> serve --index index_dir *options``, logging to ``log``; yield its
    base URL and process id once ``/healthz`` answers; stop it afterwards. ``runner`` is what
    starts the command line (the benchmark's counting wrapper, for instance)."""
    port = port or free_port()
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, *runner, "serve", "--index", str(index_dir),
             "--host", HOST, "--port", str(port), *options],
            cwd=PROJECT_ROOT, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if get_json(f"{base}/healthz")["ok"]:
                    break
            except (OSError, ValueError, KeyError):
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise ServerDidNotStart("refsearch serve did not start:\n"
                                        + log.read_text(errors="replace")[-4000:])
            time.sleep(0.1)
        yield base, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def serve_process(index_dir: Path, *options: str, log: Path, port: int | None = None,
                  timeout: float = START_TIMEOUT) -> Iterator[str]:
    """Run ``refsearch serve --index index_dir *options``, logging to ``log``; yield its base URL."""
    with server(index_dir, *options, log=log, port=port, timeout=timeout) as (base, _):
        yield base
