"""What the reliability checks share: the row of a report, a `refsearch` run with faults,
small generated documents, and a timed HTTP GET.

``bench.reliability`` runs the checks; ``bench.reliability.kills``, ``bench.reliability.webhostile`` and
``bench.reliability.webattack`` hold some of them. All of them take these pieces from here,
so no check module imports another's.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# A word every generated document carries, and no other.
WORD = "zorblatt"


@dataclass
class Row:
    what: str
    expected: str
    outcome: str
    handled: bool


def default_sigint() -> None:
    """Ctrl-C as a terminal delivers it, in a child about to run: a shell that starts background
    jobs with SIGINT ignored passes that on, and a Ctrl-C fault would then interrupt nothing."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def refsearch(faults: str, *args, env: dict | None = None, timeout: float = 900):
    """Run `refsearch ARGS` with ``faults`` in a process group of its own; the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "bench.reliability.faults", faults, "--", *map(str, args)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=timeout, preexec_fn=default_sigint,
        start_new_session=True, env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT), **(env or {})})


def doc_text(number: int, marker: str) -> str:
    """A small document in the shape of a Refworld text dump, carrying a unique ``marker`` word."""
    year = 2001 + number % 14
    return (f"U.S. Department of State {year} Trafficking in Persons Report - Mali\n\n"
            f"Publisher United States Department of State\nPublication Date 14 June {year}\n\n"
            f"Mali (Tier 2)\n\nReport number {number} notes {marker} among forced labour cases "
            f"in gold mines and rice fields ({WORD}), and the prosecutions that followed.\n")


def write_docs(folder: Path, numbers, prefix: str = "doc") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for number in numbers:
        (folder / f"{prefix}{number:05d}.txt").write_text(doc_text(number, f"mark{number}x"),
                                                         encoding="utf-8")


def answers(index_dir: Path, query: str) -> int:
    """How many documents ``query`` finds, through the same calls as `refsearch search`."""
    from indexer.archive import open_archive
    from indexer.request import parse_request
    with open_archive(index_dir) as archive:
        return archive.search(parse_request({"q": query})).total


def traceback_free(process) -> bool:
    return "Traceback" not in process.stderr and "Aborted!" not in process.stderr


QUICK_ANSWER = 2.0        # seconds a refused query, or a search on a free worker, may take


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes
    seconds: float

    def message(self) -> str:
        """The error message of a JSON or HTML answer."""
        text = self.body.decode("utf-8", "replace")
        if self.headers.get("content-type", "").startswith("application/json"):
            return json.loads(text).get("error", {}).get("message", "")
        from bs4 import BeautifulSoup
        page = BeautifulSoup(text, "lxml")
        return " ".join((page.select_one(".error-message") or page).get_text(" ").split())


def get(url: str, timeout: float = 120.0) -> Answer:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, error.headers, error.read()
    return Answer(status, {k.lower(): v for k, v in headers.items()}, body, time.perf_counter() - started)


def indexed_archive(work: Path, name: str) -> tuple[Path, Path, dict]:
    """An archive whose documents folder is a default source, indexed: its folder, index, env."""
    archive = work / name / "archive"
    docs, index_dir = archive / "documents", work / name / "index"
    write_docs(docs / "a", range(0, 20))
    write_docs(docs / "b", range(20, 40))
    env = {"REFSEARCH_ARCHIVE": str(archive)}
    run = refsearch("", "index", "--index", index_dir, "--workers", "1", env=env)
    assert run.returncode == 0, run.stderr
    return docs, index_dir, env


def table(rows: list[Row]) -> str:
    lines = ["| input or fault | expected | outcome | handled |", "|---|---|---|---|"]
    for row in rows:
        cells = [row.what, row.expected, row.outcome, "yes" if row.handled else "**NO**"]
        lines.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", "\\n") for c in cells)
                     + " |")
    return "\n".join(lines)
