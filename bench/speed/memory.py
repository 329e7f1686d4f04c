"""What a server process holds in memory, read from Linux's ``/proc/<pid>/smaps_rollup``.

A worker's resident size (RSS) mixes two very different things: pages of
the index files it has mapped, which live in the shared page cache (every
worker maps the same files, and the kernel drops them under pressure), and
its anonymous memory (Python objects, caches, arrays), which is the
worker's own and is what grows with its caches. So both are reported, with
the proportional share (PSS) that divides each shared page among its
mappings: the sum of the workers' PSS is what the server really costs.
Resident size counts a file page once per mapping, and each server thread's
reader maps the index files itself, so a worker's file-backed figure can
exceed the index's size without using more memory.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


@dataclass(frozen=True)
class Memory:
    """One process's memory in bytes: resident, its proportional share, anonymous
    (its own: heap and arrays) and file-backed (mapped index files, shared)."""

    rss: int
    pss: int
    anonymous: int
    file: int

    def to_dict(self) -> dict:
        return {"rss": self.rss, "pss": self.pss, "anonymous": self.anonymous, "file": self.file}

    @classmethod
    def from_dict(cls, data: dict) -> Memory:
        return cls(data["rss"], data["pss"], data["anonymous"], data["file"])


def of_process(pid: int) -> Memory | None:
    """``pid``'s memory, or None when it is gone or the kernel does not say."""
    try:
        text = (PROC / str(pid) / "smaps_rollup").read_text()
    except OSError:
        return None
    kilobytes: dict[str, int] = {}
    for line in text.splitlines():
        name, _, rest = line.partition(":")
        parts = rest.split()
        if len(parts) == 2 and parts[1] == "kB":
            kilobytes[name.strip()] = int(parts[0])
    if "Rss" not in kilobytes:
        return None
    rss = kilobytes["Rss"] * 1024
    anonymous = kilobytes.get("Anonymous", 0) * 1024
    return Memory(rss=rss, pss=kilobytes.get("Pss", 0) * 1024, anonymous=anonymous,
                  file=max(0, rss - anonymous))


def children(pid: int) -> list[int]:
    """The processes ``pid`` started, by way of every one of its threads."""
    found: list[int] = []
    try:
        tasks = list((PROC / str(pid) / "task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def leaves(pid: int) -> list[int]:
    """The processes at the leaves of ``pid``'s tree (a gunicorn arbiter's workers; ``pid``
    itself when it started none)."""
    found: list[int] = []
    pending = [pid]
    while pending:
        current = pending.pop()
        below = children(current)
        if below:
            pending += below
        else:
            found.append(current)
    return found


def workers(pid: int) -> list[Memory]:
    """The memory of each process at the leaves of ``pid``'s tree (``leaves``)."""
    return [memory for memory in map(of_process, leaves(pid)) if memory is not None]
