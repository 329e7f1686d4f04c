"""The web tables of the benchmark report: the request log served, per kind, and memory.

Each load of ``refsearch serve`` is set beside the same log answered by the
web app in process, one request at a time (``bench.speed.run.web_loads``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from bench.speed.numbers import num, percentile, ratio, ratio_row

if TYPE_CHECKING:
    from bench.speed.report import Figures


def load_label(load: dict) -> str:
    """How a load is named in every table: its clients and whether the results cache was on."""
    return f"{load['clients']} clients, cache {'on' if load['cache'] else 'off'}"


def web_table(f: Figures) -> str:
    """The request log served by ``refsearch serve``, against the web app in process."""
    if not f.web_loads:
        return ""
    inproc = f.in_process.get("latencies", [])
    stream = f.stream
    seconds = f.web_loads[0]["seconds"]
    lines = [
        f"Web: the request log ({stream.get('requests', 0):,} requests, {stream.get('distinct', 0):,} "
        f"distinct: {stream.get('search', 0):,} searches, {stream.get('page 2', 0):,} second pages, "
        f"{stream.get('document', 0):,} document pages, {stream.get('cite', 0):,} citation lookups; "
        f"Zipf-like repetition, see `bench/speed/stream.py`) replayed in order against `refsearch serve` "
        f"({f.cores} processes) for about {seconds:.0f} s per row group{_warmed(f)}, with its results "
        "cache on and off; compared with the same log answered by the web app in a process of its "
        f"own, one request at a time, no results cache ({len(inproc):,} requests). The hit-rate "
        "row's second column is the share of replayed search pages that repeat an earlier one of "
        "the same load. CPU per request is counted over the measured part: the server's processes "
        "(gunicorn's arbiter and workers), the clients (the benchmark's threads, on the same "
        "cores), the web app in process; *cores used* is CPU seconds over wall seconds, which "
        "falls short of the cores when the machine is busy with other work.",
        "",
        "| Measure | web | in process | web/in process |",
        "|---|---:|---:|---:|",
    ]
    for load in f.web_loads:
        label, latency, errors = load_label(load), load["latencies"], load["errors"]
        requests = len(latency) + errors
        lines += [
            ratio_row(f"Web, {label}: p50, ms", 1000 * percentile(latency, 50), 1000 * percentile(inproc, 50),
                      digits=2),
            ratio_row(f"Web, {label}: p95, ms", 1000 * percentile(latency, 95), 1000 * percentile(inproc, 95),
                      digits=2),
            ratio_row(f"Web, {label}: requests per second", requests / load["seconds"] if load["seconds"] else 0,
                      f.in_process_rate()),
            f"| Web, {label}: errors | {errors} | {f.in_process.get('errors', 0)} | n/a |",
        ]
        if "server_cpu" in load:
            lines += [
                ratio_row(f"Web, {label}: server CPU per request, ms", 1000 * load["server_cpu"] / requests
                          if requests else float("nan"), 1000 * cpu_per_request(f.in_process), digits=2),
                f"| Web, {label}: client CPU per request, ms | "
                f"{num(1000 * load['client_cpu'] / requests if requests else float('nan'), 2)} | n/a | n/a |",
                ratio_row(f"Web, {label}: cores used (server; in process)",
                          load["server_cpu"] / load["seconds"] if load["seconds"] else float("nan"),
                          cores_used(f.in_process), digits=2),
            ]
        if load["cache"]:
            asked = load["cache_hits"] + load["cache_misses"]
            lines.append(ratio_row(f"Web, {label}: results-cache hit rate, %",
                                   100 * load["cache_hits"] / asked if asked else float("nan"),
                                   100 * _repeat_share(load), digits=1))
    lines += _single_rows(f)
    lines += ["", scaling_table(f), "", _kinds_table(f), "", memory_table(f)]
    return "\n".join(lines)


def _single_rows(f: Figures) -> list[str]:
    """One server process's load against the app in process, and each two-process load with
    the cache off against it: the server's own scaling, HTTP on both sides."""
    single = f.web_single
    if not single:
        return []
    label = f"{single['clients']} clients, cache off, one server process"
    requests = len(single["latencies"]) + single["errors"]
    rate = f.single_process_rate()
    lines = [
        ratio_row(f"Web, {label}: requests per second", rate, f.in_process_rate()),
        ratio_row(f"Web, {label}: server CPU per request, ms",
                  1000 * single["server_cpu"] / requests if requests else float("nan"),
                  1000 * cpu_per_request(f.in_process), digits=2),
        ratio_row(f"Web, {label}: cores used (server; in process)",
                  single["server_cpu"] / single["seconds"] if single["seconds"] else float("nan"),
                  cores_used(f.in_process), digits=2),
    ]
    return lines


def scaling_table(f: Figures) -> str:
    """Each load with the cache off against one server process answering the same log."""
    rate = f.single_process_rate()
    if rate != rate:
        return ""
    lines = [f"Throughput of {f.cores} server processes against one ({f.web_single['clients']} clients, "
             "cache off, the same warm-up), both over HTTP:", "",
             f"| Load | {f.cores} processes, requests/s | one process, requests/s | ratio |",
             "|---|---:|---:|---:|"]
    for load in f.web_loads:
        if not load["cache"]:
            served = (len(load["latencies"]) + load["errors"]) / load["seconds"] if load["seconds"] else 0.0
            lines.append(f"| {load_label(load)} | {num(served, 1)} | {num(rate, 1)} | {ratio(served, rate)} |")
    return "\n".join(lines)


def cpu_per_request(in_process: dict) -> float:
    """CPU seconds per request of the web app in process (NaN in figures saved before it was
    counted)."""
    count = len(in_process.get("latencies", [])) + in_process.get("errors", 0)
    return in_process["replay_cpu_seconds"] / count if count and "replay_cpu_seconds" in in_process \
        else float("nan")


def cores_used(in_process: dict) -> float:
    """The in-process replay's CPU seconds over its answering time: the share of a core it had."""
    busy = sum(in_process.get("latencies", []))
    return in_process["replay_cpu_seconds"] / busy if busy and "replay_cpu_seconds" in in_process \
        else float("nan")


def _warmed(f: Figures) -> str:
    """How long the servers and the web app in process were warmed, when the figures say."""
    warm = f.in_process.get("warm_up")
    return f" after {warm:,} requests per server process (and in process)" if warm else ""


def memory_table(f: Figures) -> str:
    """Each server process's memory at the end of each load (see ``bench.speed.memory``)."""
    loads = [load for load in f.web_loads if load.get("workers")]
    if not loads:
        return ""
    lines = [
        "Memory of each server process at the end of each load, in MB (mean and largest over "
        f"the processes; the index is {f.index_bytes / 1e6:,.0f} MB on disk). *Own* is anonymous "
        "memory (Python objects, caches, arrays): the process's alone. *Mapped* is pages of "
        "files (the index, and the interpreter's libraries), shared through the page cache; each "
        "thread's reader maps the index files itself, and resident size counts a page once per "
        "mapping, so *mapped* can exceed the index's size without a byte more memory in use. "
        "PSS divides each page among its mappings: the sum over the processes is what the "
        "server costs.",
        "",
        "| Load | processes | resident | own | mapped | PSS, sum |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for load in loads:
        workers = load["workers"]

        def mean_max(key: str, workers: list = workers) -> str:
            values = [worker[key] / 1e6 for worker in workers]
            return f"{sum(values) / len(values):,.0f} / {max(values):,.0f}"

        lines.append(f"| {load_label(load)} | {len(workers)} | {mean_max('rss')} | {mean_max('anonymous')} "
                     f"| {mean_max('file')} | {sum(w['pss'] for w in workers) / 1e6:,.0f} |")
    return "\n".join(lines)


def _repeat_share(load: dict) -> float:
    """How many of a load's search pages repeat an earlier one of the load: a bound on what
    one cache shared by every server process could answer."""
    return load.get("repeat_share", float("nan"))


def _kinds_table(f: Figures) -> str:
    """p50 / p95 per kind of request, in process and in each load with the cache off."""
    kinds = ("search", "page 2", "document", "cite")
    cold = [load for load in f.web_loads if not load["cache"]]
    columns = [("in process", f.in_process)] + [(load_label(load), load) for load in cold]
    lines = ["Per kind of request, p50 / p95 in ms:", "",
             "| Kind | " + " | ".join(name for name, _ in columns) + " |",
             "|---|" + "---:|" * len(columns)]
    for kind in kinds:
        cells = []
        for _, data in columns:
            times = [t for t, k in zip(data.get("latencies", []), data.get("kinds", [])) if k == kind]
            cells.append(f"{num(1000 * percentile(times, 50), 1)} / {num(1000 * percentile(times, 95), 1)}")
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines + [""])
