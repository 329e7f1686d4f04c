"""The benchmark's figures as Markdown tables, side by side with FTS5, and the targets checked.

``Figures`` holds everything measured for one corpus size; ``markdown``
renders all sizes with machine information. Every table row carries a
refsearch figure, a comparison figure and their ratio, so the smoke test
can check the table is complete.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .queries import CLASSES


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
    web_latency: list[float] = field(default_factory=list)
    web_errors: int = 0
    web_seconds: float = 0.0
    web_clients: int = 8
    # The same load against a server that remembers no results pages (--search-cache 0).
    web_uncached_latency: list[float] = field(default_factory=list)
    web_uncached_errors: int = 0
    web_uncached_seconds: float = 0.0
    cores: int = 1
    levers: dict[str, dict[str, list[float]]] = field(default_factory=dict)

    @property
    def fts_total_seconds(self) -> float:
        return self.fts_parse_seconds + self.fts_load_seconds

    def all_latencies(self) -> list[float]:
        return [t for name in CLASSES for t in self.latency.get(name, [])]


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
    inproc = f.all_latencies()
    lines += [
        "",
        f"Web `/search`, {f.web_clients} concurrent clients for {f.web_seconds:.0f} s each, "
        f"against the same query mix in process (one caller, no results cache). The server "
        f"runs as `refsearch serve` does by default (one process per core, results cache on), "
        f"then with `--search-cache 0` (every request searches):",
        "",
        "| Measure | web | in process | web/in process |",
        "|---|---:|---:|---:|",
    ]
    phases = [("", f.web_latency, f.web_errors, f.web_seconds)]
    if f.web_uncached_seconds:
        phases.append((", cache off", f.web_uncached_latency, f.web_uncached_errors,
                       f.web_uncached_seconds))
    for suffix, latency, errors, seconds in phases:
        requests = len(latency) + errors
        lines += [
            _row(f"p50, ms{suffix}", 1000 * percentile(latency, 50), 1000 * percentile(inproc, 50), 2),
            _row(f"p95, ms{suffix}", 1000 * percentile(latency, 95), 1000 * percentile(inproc, 95), 2),
            _row(f"Requests per second{suffix}", requests / seconds if seconds else 0,
                 len(inproc) / sum(inproc) if inproc else float("nan")),
            f"| Errors{suffix} | {errors} | 0 | n/a |",
        ]
    lines.append("")
    return "\n".join(lines)


def lever_table(f: Figures) -> str:
    """Results-page latency per lever and class, p50 / p95 in ms."""
    if not f.levers:
        return ""
    head = "| Variant | " + " | ".join(f"{name} p50 / p95, ms" for name in CLASSES) + " |"
    lines = [f"Where a results page's time goes at N = {f.n:,} (in process; see "
             "`bench/levers.py`):", "", head, "|---|" + "---:|" * len(CLASSES)]
    for lever, timings in f.levers.items():
        cells = []
        for name in CLASSES:
            times = timings.get(name, [])
            cells.append(f"{_num(1000 * percentile(times, 50), 1)} / "
                         f"{_num(1000 * percentile(times, 95), 1)}")
        lines.append(f"| {lever} | " + " | ".join(cells) + " |")
    return "\n".join(lines + [""])


def targets(f: Figures) -> list[tuple[str, bool, str]]:
    """Each target: (statement, met, the figures that decide it)."""
    out = []
    for name in CLASSES:
        ours, theirs = f.latency.get(name, []), f.fts_latency.get(name, [])
        p95, fp95 = percentile(ours, 95), percentile(theirs, 95)
        p50, fp50 = percentile(ours, 50), percentile(theirs, 50)
        out.append((f"{name}: p95 <= FTS5 p95", p95 <= fp95,
                    f"{1000 * p95:.1f} ms vs {1000 * fp95:.1f} ms ({_ratio(p95, fp95)}x)"))
        out.append((f"{name}: p50 <= half of FTS5 p50", p50 <= fp50 / 2,
                    f"{1000 * p50:.1f} ms vs {1000 * fp50 / 2:.1f} ms ({_ratio(p50, fp50)}x FTS5 p50)"))
    inproc95 = percentile(f.all_latencies(), 95)
    web95 = percentile(f.web_latency, 95)
    out.append(("web: zero errors", f.web_errors == 0, f"{f.web_errors} errors"))
    out.append(("web: p95 within 3x of in-process p95", web95 <= 3 * inproc95,
                f"{1000 * web95:.1f} ms vs {1000 * inproc95:.1f} ms ({_ratio(web95, inproc95)}x)"))
    if f.web_uncached_seconds:
        cold95 = percentile(f.web_uncached_latency, 95)
        out.append(("web, cache off: zero errors", f.web_uncached_errors == 0,
                    f"{f.web_uncached_errors} errors"))
        out.append(("web, cache off: p95 within 3x of in-process p95", cold95 <= 3 * inproc95,
                    f"{1000 * cold95:.1f} ms vs {1000 * inproc95:.1f} ms ({_ratio(cold95, inproc95)}x)"))
    out.append(("build: at most 8x FTS5 load time", f.build_seconds <= 8 * f.fts_load_seconds,
                f"{f.build_seconds:.1f} s vs {f.fts_load_seconds:.1f} s load only "
                f"({_ratio(f.build_seconds, f.fts_load_seconds)}x); "
                f"{_ratio(f.build_seconds, f.fts_total_seconds)}x FTS5 parse + load"))
    busy = f.build_cpu_seconds / (f.build_seconds * f.cores) if f.build_seconds else 0
    out.append(("build: uses every core (>= 75% of all cores busy)", busy >= 0.75,
                f"{100 * busy:.0f}% of {f.cores} cores"))
    share = f.incremental_seconds / f.build_seconds if f.build_seconds else float("nan")
    out.append(("incremental 1%: under 5% of the full build", share < 0.05,
                f"{100 * share:.1f}% ({f.incremental_seconds:.1f} s)"))
    out.append(("peak memory under 2 GB", f.build_peak_mb < 2048,
                f"{f.build_peak_mb:.0f} MB"))
    return out


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
    if analysis:
        lines += [analysis.strip(), ""]
    return "\n".join(lines)
