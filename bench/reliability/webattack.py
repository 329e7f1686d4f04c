"""Normal clients searching beside attackers, and how soon the server idles once they leave.

Four normal clients search ordinary queries for a while alone, then beside
one attacker per costly address (the costliest searches and exports the
server allows, the long document's page with a long query, queries it
refuses). Each attacker sends its request again as soon as it is answered
and hangs up mid-request when the attack ends, as a client giving up does;
work left behind must stop within its time budget, so the server's
processes idle soon after. The figures join ``bench.reliability.webhostile``'s rows.
"""
from __future__ import annotations

import os
import statistics
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

from bench.reliability.common import QUICK_ANSWER, Row, get

NORMAL = ("trafficking", "forced labour", "Mali", "children", '"debt bondage"', "prosecution",
          "police corruption", "domestic workers")
# Seconds each phase lasts, and a normal search may take beside the attackers (the quick
# form shares the cores with the rest of the test suite).
PHASE_SECONDS = {"full": 20.0, "quick": 5.0}
NORMAL_WORST = {"full": 10.0, "quick": 20.0}


def server_cpu(index: Path) -> float:
    """CPU seconds used so far by the processes serving ``index`` (Linux's /proc)."""
    total = 0
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if str(index) in (entry / "cmdline").read_bytes().decode(errors="replace"):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            continue
    return total / os.sysconf("SC_CLK_TCK")


def clients(base: str, attacks: list[str], seconds: float) -> tuple[list[float], int, Counter]:
    """4 normal clients searching for ``seconds`` beside one attacker per address of ``attacks``:
    (normal latencies, normal searches failed, the attackers' answers)."""
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    failures = [0]
    answers: Counter[int | str] = Counter()  # HTTP status, or what went wrong

    def normal(k: int) -> None:
        while time.monotonic() < deadline:
            k += 4
            query = urlencode({"q": NORMAL[k % len(NORMAL)], "page": 1 + k % 3})
            try:
                answer = get(f"{base}/search?{query}", 60)
                latencies.append(answer.seconds)
                failures[0] += answer.status != 200
            except OSError:
                failures[0] += 1

    def attacker(url: str) -> None:
        while (left := deadline - time.monotonic()) > 0:
            try:
                answers[get(url, left).status] += 1
            except OSError:  # the attack is over: hang up
                answers["hung up"] += 1
    threads = [threading.Thread(target=normal, args=(k,)) for k in range(4)]
    threads += [threading.Thread(target=attacker, args=(url,)) for url in attacks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, failures[0], answers


def attacked(base: str, index: Path, attacks: list[str], quick: bool) -> list[Row]:
    from indexer import config

    scale = "quick" if quick else "full"
    seconds, worst, rows = PHASE_SECONDS[scale], NORMAL_WORST[scale], []
    for what, urls in (("4 normal clients searching, no attack", []),
                       (f"the same beside {len(attacks)} attackers sending the costliest allowed searches, "
                        "exports and long pages, and refused ones", attacks)):
        latencies, failed, answers = clients(base, urls, seconds)
        sent = ", ".join(f"{n} {status}" for status, n in sorted(answers.items(), key=str))
        rows.append(Row(what, f"no normal search fails, the worst within {worst:g} s",
                        f"{len(latencies)} searches in {seconds:g} s, median "
                        f"{statistics.median(latencies):.2f} s, worst {max(latencies):.2f} s, {failed} failed"
                        + (f"; attackers got {sent}" if sent else ""),
                        not failed and max(latencies) < worst))
    left, busy = time.monotonic(), server_cpu(index)
    while time.monotonic() - left < 2 * config.EXPORT_TIME_BUDGET:
        time.sleep(0.5)
        busy, before = server_cpu(index), busy
        if busy - before < 0.05:  # idle: under a tenth of a core for half a second
            break
    idle, after = time.monotonic() - left, get(f"{base}/search?q=government+corruption")
    rows.append(Row("after the attackers hang up", "the server idle within the export budget "
                    f"({config.EXPORT_TIME_BUDGET:g} s); a search answered at once",
                    f"idle after {idle:.1f} s; a search then {after.status} in {after.seconds:.2f} s",
                    idle < config.EXPORT_TIME_BUDGET and after.status == 200 and after.seconds < QUICK_ANSWER))
    return rows
