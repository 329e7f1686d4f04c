"""Running a real `refsearch serve` process for tests, on a free loopback port."""
from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# How long the server may take to answer /healthz (seconds); a first run builds the index.
SERVER_START_TIMEOUT = 90


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


@contextlib.contextmanager
def serve(index_dir: Path, log: Path, *extra: str) -> Iterator[tuple[str, Path]]:
    """``python -m webapp.cli serve`` over ``index_dir``; yields its base URL once /healthz is ok."""
    port = free_port()
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "webapp.cli", "serve", "--index", str(index_dir),
             "--port", str(port), *extra],
            cwd=PROJECT_ROOT, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            try:
                if get_json(f"{base}/healthz")["ok"]:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"refsearch serve did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.1)
        yield base, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
