"""The benchmark's figures as Markdown tables, beside FTS5 and tantivy, and the targets checked.

``Figures`` holds everything measured for one corpus size; ``markdown``
renders all sizes with machine information. Every row of the main table
carries refsearch's figure, FTS5's, tantivy's and refsearch's ratio to
each; every row of the web tables a web figure, an in-process one and
their ratio; so the smoke test can check the tables are complete. The
targets are the speed issue's, against FTS5; tantivy's ratios set none.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from bench.speed.numbers import num, percentile, ratio, ratio_row
from bench.speed.queries import CLASSES
from bench.speed.webreport import cpu_per_request, load_label, web_table

NAN = float("nan")
__all__ = ["Figures", "markdown", "percentile"]


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
    # tantivy, as FTS5 (NaN in figures saved before it was measured).
    tantivy_parse_seconds: float = NAN
    tantivy_load_seconds: float = NAN
    tantivy_peak_mb: float = NAN
    tantivy_cpu_seconds: float = NAN
    tantivy_bytes: float = NAN
    tantivy_update_seconds: float = NAN
    latency: dict[str, list[float]] = field(default_factory=dict)       # class -> seconds
    fts_latency: dict[str, list[float]] = field(default_factory=dict)
    tantivy_latency: dict[str, list[float]] = field(default_factory=dict)
    # Each web load of the request log: clients, cache (on/off), latencies, kinds, errors,
    # seconds, cache_hits, cache_misses (see bench.run.web_loads).
    web_loads: list[dict] = field(default_factory=list)
    # The log replayed against one server process (the fewest clients, cache off), as a load of
    # ``web_loads``: what the two-process loads' throughput is set against over HTTP too.
    web_single: dict = field(default_factory=dict)
    # The request log answered by the web app in process, one caller, no results cache.
    in_process: dict = field(default_factory=dict)
    # What the log holds: requests, distinct, and distinct per kind.
    stream: dict = field(default_factory=dict)
    cores: int = 1
    levers: dict[str, dict[str, list[float]]] = field(default_factory=dict)

    @property
    def fts_total_seconds(self) -> float:
        return self.fts_parse_seconds + self.fts_load_seconds

    @property
    def tantivy_total_seconds(self) -> float:
        return self.tantivy_parse_seconds + self.tantivy_load_seconds

    def single_process_rate(self) -> float:
        """Requests per second of one server process (NaN when not measured)."""
        load = self.web_single
        return (len(load["latencies"]) + load["errors"]) / load["seconds"] if load.get("seconds") else NAN

    def in_process_rate(self) -> float:
        """Requests per second of the web app in process, one request at a time."""
        times = self.in_process.get("latencies", [])
        return len(times) / sum(times) if times else float("nan")


def tables(f: Figures) -> str:
    mb = f.corpus_bytes / 1e6
    fts, tv = f.fts_total_seconds, f.tantivy_total_seconds
    row = ratio_row
    lines = [
        f"### N = {f.n:,} ({f.documents:,} documents read, {mb:,.1f} MB of files)",
        "",
        "| Measure | refsearch | SQLite FTS5 | tantivy | refsearch/FTS5 | refsearch/tantivy |",
        "|---|---:|---:|---:|---:|---:|",
        row("Full build, s (refsearch incl. parsing; baselines parse + load)", f.build_seconds, fts, tv),
        row("Full build, s (refsearch incl. parsing; baselines load only)",
            f.build_seconds, f.fts_load_seconds, f.tantivy_load_seconds),
        row("Build throughput, docs/s (baselines parse + load)",
            f.documents / f.build_seconds, f.documents / fts, f.documents / tv, digits=0),
        row("Build throughput, MB/s (baselines parse + load)", mb / f.build_seconds, mb / fts, mb / tv,
            digits=2),
        row("Build CPU use, % of all cores (FTS5: parse on all cores, then load on one; tantivy: "
            "parse, then build, on all cores)",
            100 * f.build_cpu_seconds / (f.build_seconds * f.cores),
            100 * f.fts_cpu_seconds / (fts * f.cores), 100 * f.tantivy_cpu_seconds / (tv * f.cores),
            digits=0),
        row("Peak memory, MB (build process + workers; baselines: load process + parse workers)",
            f.build_peak_mb, f.fts_peak_mb, f.tantivy_peak_mb, digits=0),
        row("Size on disk, MB", f.index_bytes / 1e6, f.fts_bytes / 1e6, f.tantivy_bytes / 1e6),
        row(f"Incremental re-index of 1% ({f.changed} files), s (baselines parse + replace)",
            f.incremental_seconds, f.fts_update_seconds, f.tantivy_update_seconds, digits=2),
        row("Incremental re-index, % of full build", 100 * f.incremental_seconds / f.build_seconds,
            100 * f.fts_update_seconds / fts, 100 * f.tantivy_update_seconds / tv, digits=2),
    ]
    for name in CLASSES:
        timings = (f.latency.get(name, []), f.fts_latency.get(name, []), f.tantivy_latency.get(name, []))
        for q in (50, 95):
            lines.append(row(f"Results page, {name}, p{q}, ms",
                             *(1000 * percentile(t, q) for t in timings), digits=2))
    lines.append("")
    lines.append(web_table(f))
    return "\n".join(lines)


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
            cells.append(f"{num(1000 * percentile(times, 50), 1)} / "
                         f"{num(1000 * percentile(times, 95), 1)}")
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
                        f"{1000 * mine:.1f} ms vs {1000 * base:.1f} ms ({ratio(mine, base)}x)"))
    inproc = f.in_process.get("latencies", [])
    inproc95, rate = percentile(inproc, 95), f.in_process_rate()
    for load in f.web_loads:
        label = load_label(load)
        latency, errors, seconds = load["latencies"], load["errors"], load["seconds"]
        out.append((f"web, {label}: zero errors", errors == 0, f"{errors} errors"))
        if load["cache"]:
            continue
        served = (len(latency) + errors) / seconds if seconds else 0.0
        cpu = ""
        if "server_cpu" in load and served:
            requests = len(latency) + errors
            cpu = (f"; CPU a request {1000 * load['server_cpu'] / requests:.1f} ms in the server vs "
                   f"{1000 * cpu_per_request(f.in_process):.1f} ms in process, clients "
                   f"{1000 * load['client_cpu'] / requests:.2f} ms; {load['server_cpu'] / seconds:.2f} "
                   f"of {f.cores} cores used")
        out.append((f"web, {label}: throughput >= 1.8x in-process", served >= 1.8 * rate,
                    f"{served:.1f} vs {rate:.1f} requests/s ({ratio(served, rate)}x){cpu}"))
        single = f.single_process_rate()
        if single == single:
            out.append((f"web, {label}: throughput >= 1.8x one server process", served >= 1.8 * single,
                        f"{served:.1f} vs {single:.1f} requests/s ({ratio(served, single)}x); one process "
                        f"{single_cpu(f)}"))
        bound = load["clients"] / f.cores
        web95 = percentile(latency, 95)
        out.append((f"web, {label}: p95 <= {bound:g}x in-process p95 (clients / cores)",
                    web95 <= bound * inproc95,
                    f"{1000 * web95:.1f} ms vs {1000 * inproc95:.1f} ms ({ratio(web95, inproc95)}x)"))
    out.append(("build: at most 4x FTS5 load time", f.build_seconds <= 4 * f.fts_load_seconds,
                f"{f.build_seconds:.1f} s vs {f.fts_load_seconds:.1f} s load only "
                f"({ratio(f.build_seconds, f.fts_load_seconds)}x); "
                f"{ratio(f.build_seconds, f.fts_total_seconds)}x FTS5 parse + load"))
    busy = f.build_cpu_seconds / (f.build_seconds * f.cores) if f.build_seconds else 0
    out.append(("build: uses every core (>= 75% of all cores busy)", busy >= 0.75,
                f"{100 * busy:.0f}% of {f.cores} cores"))
    out.append(("build: peak memory under 2 GB", f.build_peak_mb < 2048, f"{f.build_peak_mb:.0f} MB"))
    share = f.incremental_seconds / f.build_seconds if f.build_seconds else float("nan")
    out.append(("incremental 1%: under 2% of the full build", share < 0.02,
                f"{100 * share:.1f}% ({f.incremental_seconds:.1f} s)"))
    return out


def single_cpu(f: Figures) -> str:
    """The one-process load's CPU a request and cores used, as the targets' details say them."""
    load = f.web_single
    requests = len(load["latencies"]) + load["errors"]
    if not requests or not load["seconds"]:
        return "answered nothing"
    return (f"{load['clients']} clients, CPU a request {1000 * load['server_cpu'] / requests:.1f} ms, "
            f"{load['server_cpu'] / load['seconds']:.2f} cores used")


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
    """Each measure at every N, and its fitted exponent against N, for refsearch and both baselines."""
    runs = sorted(runs, key=lambda f: f.n)
    if len(runs) < 2:
        return ""
    ns = [f.n for f in runs]
    head = "| Measure | " + " | ".join(f"N={n:,}" for n in ns) + " | exponent |"
    lines = ["### How cost grows with N", "",
             "Each cell is refsearch / FTS5 / tantivy; the exponent is the least-squares slope of "
             "log(value) against log(N) (1: grows in proportion to the archive), in the same order.",
             "", head, "|---|" + "---:|" * (len(ns) + 1)]

    def row(label, *series, scale=1.0, digits=1):
        cells = [" / ".join(num(scale * value, digits) for value in values) for values in zip(*series)]
        slopes = " / ".join(num(exponent(ns, values), 2) for values in series)
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {slopes} |")

    row("Full build, s (baselines: load only)", [f.build_seconds for f in runs],
        [f.fts_load_seconds for f in runs], [f.tantivy_load_seconds for f in runs])
    for name in CLASSES:
        for q in (50, 95):
            row(f"{name}, p{q}, ms", *([percentile(timings(f).get(name, []), q) for f in runs]
                                       for timings in (lambda f: f.latency, lambda f: f.fts_latency,
                                                       lambda f: f.tantivy_latency)),
                scale=1000, digits=2)
    return "\n".join(lines + [""])


def summary_table(f: Figures) -> str:
    """The headline figures at one N against each target, as the project README shows them."""
    def ms(values, q):
        return 1000 * percentile(values, q)

    def gb(mb):
        return f"{mb / 1024:.1f} GB"

    lines = [f"Summary at N = {f.n:,} ({f.corpus_bytes / 1e9:.1f} GB of files), {f.cores} cores:", "",
             "| Measure | refsearch | FTS5 | tantivy | refsearch/FTS5 | refsearch/tantivy | target |",
             "|---|---:|---:|---:|---:|---:|---|"]
    met = {statement: ok for statement, ok, _ in targets(f)}

    def verdict(*statements):
        found = [met[s] for s in statements if s in met]
        return "met" if found and all(found) else "missed" if found else "n/a"

    lines.append(f"| Full build (baselines: load only) | {f.build_seconds:,.0f} s | {f.fts_load_seconds:,.0f} s | "
                 f"{num(f.tantivy_load_seconds, 0)} s | {ratio(f.build_seconds, f.fts_load_seconds)}x | "
                 f"{ratio(f.build_seconds, f.tantivy_load_seconds)}x | at most 4x FTS5: "
                 f"{verdict('build: at most 4x FTS5 load time')} |")
    share = 100 * f.incremental_seconds / f.build_seconds if f.build_seconds else NAN
    lines.append(f"| Incremental re-index of 1% | {f.incremental_seconds:.1f} s | {f.fts_update_seconds:.1f} s | "
                 f"{num(f.tantivy_update_seconds)} s | {share:.1f}% of the build | | "
                 f"under 2%: {verdict('incremental 1%: under 2% of the full build')} |")
    lines.append(f"| Peak build memory | {gb(f.build_peak_mb)} | {gb(f.fts_peak_mb)} | {gb(f.tantivy_peak_mb)} "
                 f"| | | under 2 GB: {verdict('build: peak memory under 2 GB')} |")
    with_workers = [load for load in f.web_loads if load.get("workers")]
    if with_workers:
        busiest = max(with_workers, key=lambda load: (load["cache"], load["clients"]))
        workers = busiest["workers"]
        rss = max(worker["rss"] for worker in workers) / 1e6
        own = max(worker["anonymous"] for worker in workers) / 1e6
        lines.append(f"| Web server process, largest ({load_label(busiest)}) | {rss:,.0f} MB resident, "
                     f"{own:,.0f} MB its own | | | | | reported (the rest is the mapped index, shared) |")
    for name in CLASSES:
        timings = (f.latency.get(name, []), f.fts_latency.get(name, []), f.tantivy_latency.get(name, []))
        p50s, p95s = [ms(t, 50) for t in timings], [ms(t, 95) for t in timings]
        shown = [f"{num(a, 0)} / {num(b, 0)} ms" for a, b in zip(p50s, p95s)]
        ratios = [f"{ratio(p50s[0], p50s[i])}x / {ratio(p95s[0], p95s[i])}x" for i in (1, 2)]
        lines.append(
            f"| {name[:1].upper() + name[1:]} page p50 / p95 | {' | '.join(shown)} | {' | '.join(ratios)} | "
            f"at most 0.5x FTS5: "
            f"{verdict(f'{name}: p50 <= half of FTS5 p50', f'{name}: p95 <= half of FTS5 p95')} |")
    inproc = f.in_process.get("latencies", [])
    for load in f.web_loads:
        label = load_label(load)
        served = (len(load["latencies"]) + load["errors"]) / load["seconds"] if load["seconds"] else 0.0
        asked = load["cache_hits"] + load["cache_misses"]
        hit = f", {100 * load['cache_hits'] / asked:.0f}% cache hits" if load["cache"] and asked else ""
        ratios_ = (f"{ratio(served, f.in_process_rate())}x throughput, "
                   f"{ratio(percentile(load['latencies'], 95), percentile(inproc, 95))}x p95 (in process)")
        if not load["cache"] and f.single_process_rate() == f.single_process_rate():
            ratios_ += f"; {ratio(served, f.single_process_rate())}x throughput (one server process)"
        goal = ("0 errors: " + verdict(f"web, {label}: zero errors") if load["cache"] else
                f"1.8x throughput, {load['clients'] / f.cores:g}x p95, 0 errors: " + verdict(
                    f"web, {label}: zero errors", f"web, {label}: throughput >= 1.8x in-process",
                    f"web, {label}: throughput >= 1.8x one server process",
                    f"web, {label}: p95 <= {load['clients'] / f.cores:g}x in-process p95 (clients / cores)"))
        lines.append(f"| Web, request log, {label} | {served:,.0f} req/s, p95 "
                     f"{ms(load['latencies'], 95):,.0f} ms, {load['errors']} errors{hit} | | | "
                     f"{ratios_} | | {goal} |")
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
