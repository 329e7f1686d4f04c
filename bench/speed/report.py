"""The benchmark's figures as Markdown tables, side by side with FTS5, and the targets checked.

``Figures`` holds everything measured for one corpus size; ``markdown``
renders all sizes with machine information. Every table row carries a
refsearch figure, a comparison figure and their ratio, so the smoke test
can check the table is complete.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from bench.speed.queries import CLASSES


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


@dataclass
class Figures:
    """What one run measured at one corpus size (times in seconds, sizes in bytes)."""

    n: int
    documents: int
    corpus_bytes: int
    build_seconds: float
    build_cpu_seconds: float
    build_peak_mb: float
    index_bytes: int
    fts_parse_seconds: float
    fts_load_seconds: float
    fts_peak_mb: float
    fts_cpu_seconds: float
    fts_bytes: int
    changed: int
    incremental_seconds: float
    fts_update_seconds: float          # parse + replace of the changed files
    latency: dict[str, list[float]] = field(default_factory=dict)       # class -> seconds
    fts_latency: dict[str, list[float]] = field(default_factory=dict)
    # Each web load of the request log: clients, cache (on/off), latencies, kinds, errors,
    # seconds, cache_hits, cache_misses (see bench.run.web_loads).
    web_loads: list[dict] = field(default_factory=list)
    # The request log answered by the web app in process, one caller, no results cache.
    in_process: dict = field(default_factory=dict)
    # What the log holds: requests, distinct, and distinct per kind.
    stream: dict = field(default_factory=dict)
    cores: int = 1
    levers: dict[str, dict[str, list[float]]] = field(default_factory=dict)

    @property
    def fts_total_seconds(self) -> float:
        return self.fts_parse_seconds + self.fts_load_seconds

    def in_process_rate(self) -> float:
        """Requests per second of the web app in process, one request at a time."""
        times = self.in_process.get("latencies", [])
        return len(times) / sum(times) if times else float("nan")


def _ratio(a: float, b: float) -> str:
    if not b or a != a or b != b:
        return "n/a"
    return f"{a / b:.2f}"


def _num(x: float, digits: int = 1) -> str:
    if x != x:
        return "n/a"
    return f"{x:,.{digits}f}"


def _row(label: str, ours: float, theirs: float, digits: int = 1) -> str:
    return f"| {label} | {_num(ours, digits)} | {_num(theirs, digits)} | {_ratio(ours, theirs)} |"


def tables(f: Figures) -> str:
    mb = f.corpus_bytes / 1e6
    lines = [
        f"### N = {f.n:,} ({f.documents:,} documents read, {mb:,.1f} MB of files)",
        "",
        "| Measure | refsearch | SQLite FTS5 | refsearch/FTS5 |",
        "|---|---:|---:|---:|",
        _row("Full build, s (refsearch incl. parsing; FTS5 parse + load)",
             f.build_seconds, f.fts_total_seconds),
        _row("Full build, s (refsearch incl. parsing; FTS5 load only)",
             f.build_seconds, f.fts_load_seconds),
        _row("Build throughput, docs/s (FTS5 parse + load)",
             f.documents / f.build_seconds, f.documents / f.fts_total_seconds, 0),
        _row("Build throughput, MB/s (FTS5 parse + load)",
             mb / f.build_seconds, mb / f.fts_total_seconds, 2),
        _row("Build CPU use, % of all cores (FTS5: parse on all cores, then load on one)",
             100 * f.build_cpu_seconds / (f.build_seconds * f.cores),
             100 * f.fts_cpu_seconds / (f.fts_total_seconds * f.cores), 0),
        _row("Peak memory, MB (build process + workers; FTS5 load process)",
             f.build_peak_mb, f.fts_peak_mb, 0),
        _row("Size on disk, MB", f.index_bytes / 1e6, f.fts_bytes / 1e6),
        _row(f"Incremental re-index of 1% ({f.changed} files), s (FTS5 parse + replace)",
             f.incremental_seconds, f.fts_update_seconds, 2),
        _row("Incremental re-index, % of full build",
             100 * f.incremental_seconds / f.build_seconds,
             100 * f.fts_update_seconds / f.fts_total_seconds, 2),
    ]
    for name in CLASSES:
        ours, theirs = f.latency.get(name, []), f.fts_latency.get(name, [])
        for q in (50, 95):
            lines.append(_row(f"Results page, {name}, p{q}, ms",
                              1000 * percentile(ours, q), 1000 * percentile(theirs, q), 2))
    lines.append("")
    lines.append(web_table(f))
    return "\n".join(lines)


def _load_label(load: dict) -> str:
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
        f"({f.cores} processes) for about {seconds:.0f} s per row group, with its results cache on "
        "and off; compared with the same log answered by the web app in this process, one request "
        f"at a time, no results cache ({len(inproc):,} requests). The hit-rate row's second "
        "column is the share of replayed search pages that repeat an earlier one of the same load.",
        "",
        "| Measure | web | in process | web/in process |",
        "|---|---:|---:|---:|",
    ]
    for load in f.web_loads:
        label, latency, errors = _load_label(load), load["latencies"], load["errors"]
        requests = len(latency) + errors
        lines += [
            _row(f"Web, {label}: p50, ms", 1000 * percentile(latency, 50), 1000 * percentile(inproc, 50), 2),
            _row(f"Web, {label}: p95, ms", 1000 * percentile(latency, 95), 1000 * percentile(inproc, 95), 2),
            _row(f"Web, {label}: requests per second", requests / load["seconds"] if load["seconds"] else 0,
                 f.in_process_rate()),
            f"| Web, {label}: errors | {errors} | {f.in_process.get('errors', 0)} | n/a |",
        ]
        if load["cache"]:
            asked = load["cache_hits"] + load["cache_misses"]
            lines.append(_row(f"Web, {label}: results-cache hit rate, %",
                              100 * load["cache_hits"] / asked if asked else float("nan"),
                              100 * _repeat_share(load), 1))
    lines += ["", _kinds_table(f), "", memory_table(f)]
    return "\n".join(lines)


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

        lines.append(f"| {_load_label(load)} | {len(workers)} | {mean_max('rss')} | {mean_max('anonymous')} "
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
    columns = [("in process", f.in_process)] + [(_load_label(load), load) for load in cold]
    lines = ["Per kind of request, p50 / p95 in ms:", "",
             "| Kind | " + " | ".join(name for name, _ in columns) + " |",
             "|---|" + "---:|" * len(columns)]
    for kind in kinds:
        cells = []
        for _, data in columns:
            times = [t for t, k in zip(data.get("latencies", []), data.get("kinds", [])) if k == kind]
            cells.append(f"{_num(1000 * percentile(times, 50), 1)} / {_num(1000 * percentile(times, 95), 1)}")
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines + [""])


def lever_table(f: Figures) -> str:
    """Results-page latency per lever and class, p50 / p95 in ms."""
    if not f.levers:
        return ""
    head = "| Variant | " + " | ".join(f"{name} p50 / p95, ms" for name in CLASSES) + " |"
    lines = [f"Where a results page's time goes at N = {f.n:,} (in process; see "
             "`bench/speed/levers.py`):", "", head, "|---|" + "---:|" * len(CLASSES)]
    for lever, timings in f.levers.items():
        cells = []
        for name in CLASSES:
            times = timings.get(name, [])
            cells.append(f"{_num(1000 * percentile(times, 50), 1)} / "
                         f"{_num(1000 * percentile(times, 95), 1)}")
        lines.append(f"| {lever} | " + " | ".join(cells) + " |")
    return "\n".join(lines + [""])


def targets(f: Figures) -> list[tuple[str, bool, str]]:
    """Each target of the speed issue: (statement, met, the figures that decide it)."""
    out = []
    for name in CLASSES:
        ours, theirs = f.latency.get(name, []), f.fts_latency.get(name, [])
        for q in (50, 95):
            mine, base = percentile(ours, q), percentile(theirs, q)
            out.append((f"{name}: p{q} <= half of FTS5 p{q}", mine <= base / 2,
                        f"{1000 * mine:.1f} ms vs {1000 * base:.1f} ms ({_ratio(mine, base)}x)"))
    inproc = f.in_process.get("latencies", [])
    inproc95, rate = percentile(inproc, 95), f.in_process_rate()
    for load in f.web_loads:
        label = _load_label(load)
        latency, errors, seconds = load["latencies"], load["errors"], load["seconds"]
        out.append((f"web, {label}: zero errors", errors == 0, f"{errors} errors"))
        if load["cache"]:
            continue
        served = (len(latency) + errors) / seconds if seconds else 0.0
        out.append((f"web, {label}: throughput >= 1.8x in-process", served >= 1.8 * rate,
                    f"{served:.1f} vs {rate:.1f} requests/s ({_ratio(served, rate)}x)"))
        bound = load["clients"] / f.cores
        web95 = percentile(latency, 95)
        out.append((f"web, {label}: p95 <= {bound:g}x in-process p95 (clients / cores)",
                    web95 <= bound * inproc95,
                    f"{1000 * web95:.1f} ms vs {1000 * inproc95:.1f} ms ({_ratio(web95, inproc95)}x)"))
    out.append(("build: at most 4x FTS5 load time", f.build_seconds <= 4 * f.fts_load_seconds,
                f"{f.build_seconds:.1f} s vs {f.fts_load_seconds:.1f} s load only "
                f"({_ratio(f.build_seconds, f.fts_load_seconds)}x); "
                f"{_ratio(f.build_seconds, f.fts_total_seconds)}x FTS5 parse + load"))
    busy = f.build_cpu_seconds / (f.build_seconds * f.cores) if f.build_seconds else 0
    out.append(("build: uses every core (>= 75% of all cores busy)", busy >= 0.75,
                f"{100 * busy:.0f}% of {f.cores} cores"))
    out.append(("build: peak memory under 2 GB", f.build_peak_mb < 2048, f"{f.build_peak_mb:.0f} MB"))
    share = f.incremental_seconds / f.build_seconds if f.build_seconds else float("nan")
    out.append(("incremental 1%: under 2% of the full build", share < 0.02,
                f"{100 * share:.1f}% ({f.incremental_seconds:.1f} s)"))
    return out


def exponent(ns: list[int], values: list[float]) -> float:
    """The slope of log(value) against log(N), least squares: how the cost grows with N."""
    points = [(math.log(n), math.log(v)) for n, v in zip(ns, values) if v == v and v > 0]
    if len(points) < 2:
        return float("nan")
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    spread = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / spread if spread else float("nan")


def growth_table(runs: list[Figures]) -> str:
    """Each measure at every N, and its fitted exponent against N, for refsearch and FTS5."""
    runs = sorted(runs, key=lambda f: f.n)
    if len(runs) < 2:
        return ""
    ns = [f.n for f in runs]
    head = "| Measure | " + " | ".join(f"N={n:,}" for n in ns) + " | exponent |"
    lines = ["### How cost grows with N", "",
             "Each cell is refsearch / FTS5; the exponent is the least-squares slope of log(value) "
             "against log(N) (1: grows in proportion to the archive), refsearch / FTS5.", "",
             head, "|---|" + "---:|" * (len(ns) + 1)]

    def row(label, ours, theirs, scale=1.0, digits=1):
        cells = [f"{_num(scale * a, digits)} / {_num(scale * b, digits)}" for a, b in zip(ours, theirs)]
        slopes = f"{_num(exponent(ns, ours), 2)} / {_num(exponent(ns, theirs), 2)}"
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {slopes} |")

    row("Full build, s (FTS5: load only)", [f.build_seconds for f in runs],
        [f.fts_load_seconds for f in runs])
    for name in CLASSES:
        for q in (50, 95):
            row(f"{name}, p{q}, ms", [percentile(f.latency.get(name, []), q) for f in runs],
                [percentile(f.fts_latency.get(name, []), q) for f in runs], 1000, 2)
    return "\n".join(lines + [""])


def summary_table(f: Figures) -> str:
    """The headline figures at one N against each target, as the project README shows them."""
    def ms(values, q):
        return 1000 * percentile(values, q)

    lines = [f"Summary at N = {f.n:,} ({f.corpus_bytes / 1e9:.1f} GB of files), {f.cores} cores:", "",
             "| Measure | refsearch | FTS5 | ratio | target |", "|---|---:|---:|---:|---|"]
    met = {statement: ok for statement, ok, _ in targets(f)}

    def verdict(*statements):
        found = [met[s] for s in statements if s in met]
        return "met" if found and all(found) else "missed" if found else "n/a"

    lines.append(f"| Full build (FTS5: load only) | {f.build_seconds:,.0f} s | {f.fts_load_seconds:,.0f} s | "
                 f"{_ratio(f.build_seconds, f.fts_load_seconds)}x | at most 4x: "
                 f"{verdict('build: at most 4x FTS5 load time')} |")
    share = 100 * f.incremental_seconds / f.build_seconds if f.build_seconds else float("nan")
    lines.append(f"| Incremental re-index of 1% | {f.incremental_seconds:.1f} s | {f.fts_update_seconds:.1f} s | "
                 f"{share:.1f}% of the build | under 2%: {verdict('incremental 1%: under 2% of the full build')} |")
    lines.append(f"| Peak build memory | {f.build_peak_mb / 1024:.1f} GB | {f.fts_peak_mb / 1024:.1f} GB | | "
                 f"under 2 GB: {verdict('build: peak memory under 2 GB')} |")
    with_workers = [load for load in f.web_loads if load.get("workers")]
    if with_workers:
        busiest = max(with_workers, key=lambda load: (load["cache"], load["clients"]))
        workers = busiest["workers"]
        rss = max(worker["rss"] for worker in workers) / 1e6
        own = max(worker["anonymous"] for worker in workers) / 1e6
        lines.append(f"| Web server process, largest ({_load_label(busiest)}) | {rss:,.0f} MB resident, "
                     f"{own:,.0f} MB its own | | | reported (the rest is the mapped index, shared) |")
    for name in CLASSES:
        ours, theirs = f.latency.get(name, []), f.fts_latency.get(name, [])
        lines.append(
            f"| {name[:1].upper() + name[1:]} page p50 / p95 | {ms(ours, 50):,.0f} / {ms(ours, 95):,.0f} ms | "
            f"{ms(theirs, 50):,.0f} / {ms(theirs, 95):,.0f} ms | "
            f"{_ratio(ms(ours, 50), ms(theirs, 50))}x / {_ratio(ms(ours, 95), ms(theirs, 95))}x | "
            f"at most 0.5x: {verdict(f'{name}: p50 <= half of FTS5 p50', f'{name}: p95 <= half of FTS5 p95')} |")
    inproc = f.in_process.get("latencies", [])
    for load in f.web_loads:
        label = _load_label(load)
        served = (len(load["latencies"]) + load["errors"]) / load["seconds"] if load["seconds"] else 0.0
        asked = load["cache_hits"] + load["cache_misses"]
        hit = f", {100 * load['cache_hits'] / asked:.0f}% cache hits" if load["cache"] and asked else ""
        ratios = (f"{_ratio(served, f.in_process_rate())}x throughput, "
                  f"{_ratio(percentile(load['latencies'], 95), percentile(inproc, 95))}x p95")
        goal = ("0 errors: " + verdict(f"web, {label}: zero errors") if load["cache"] else
                f"1.8x throughput, {load['clients'] / f.cores:g}x p95, 0 errors: " + verdict(
                    f"web, {label}: zero errors", f"web, {label}: throughput >= 1.8x in-process",
                    f"web, {label}: p95 <= {load['clients'] / f.cores:g}x in-process p95 (clients / cores)"))
        lines.append(f"| Web, request log, {label} | {served:,.0f} req/s, p95 "
                     f"{ms(load['latencies'], 95):,.0f} ms, {load['errors']} errors{hit} | | "
                     f"{ratios} (in process) | {goal} |")
    return "\n".join(lines + [""])


def markdown(runs: list[Figures], machine: dict[str, str], analysis: str = "") -> str:
    lines = ["# Benchmark results", "",
             "Generated by `bench/run`; see `bench/README.md` for what is measured and how.", "",
             "| Machine | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in machine.items()]
    lines.append("")
    for f in runs:
        lines.append(tables(f))
        if f.levers:
            lines.append(lever_table(f))
        lines += [f"#### Targets at N = {f.n:,}", "", "| Target | Met | Figures |", "|---|---|---|"]
        lines += [f"| {t} | {'yes' if ok else '**no**'} | {why} |" for t, ok, why in targets(f)]
        lines.append("")
    growth = growth_table(runs)
    if growth:
        lines.append(growth)
    if runs:
        lines.append(summary_table(max(runs, key=lambda f: f.n)))
    if analysis:
        lines += [analysis.strip(), ""]
    return "\n".join(lines)
