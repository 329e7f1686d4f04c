"""``bench/RELEVANCE.md``: the figures of one relevance run as Markdown tables.

Every figure is computed here from the run's outcomes (one ``runner.Run``
per split): nothing is carried over from earlier runs, so the file always
describes the engines as they were when it was written. Each split gets
its nDCG@10 for the three engines with refsearch's paired-bootstrap
intervals against both baselines; the development split keeps the full
table of measures, the needs refsearch loses, did-you-mean and the
citations. The sealed test split gives no per-need rows: it says how good
the ranking is, not which need to tune it for.
"""
from __future__ import annotations

import datetime as dt
import platform
import sqlite3
from collections import defaultdict
from importlib.metadata import PackageNotFoundError, version
from pathlib import PurePosixPath
from typing import TypedDict

from . import bootstrap, metrics
from .judgements import HARD_CLASSES, HARD_TEST_CLASSES, ORDINARY_CLASSES, TEST_CLASSES
from .runner import ENGINES, CitationOutcome, Outcome, Run

try:
    TANTIVY_VERSION = version("tantivy")
except PackageNotFoundError:  # installed without metadata: the report still names the engine
    TANTIVY_VERSION = "?"

# Confidences at which citation positives and negatives are counted.
THRESHOLDS = (0.5, 0.7, 0.8, 0.9, 0.95, 1.0)
# Hits named per engine in the table of needs refsearch loses.
SHOWN_HITS = 3


def short(path: str) -> str:
    """A file's name as the tables print it: a report by its stem, a record by its number."""
    p = PurePosixPath(path)
    if p.parts[0] == "refworld-records":
        return "record " + p.stem.split("_", 1)[0]
    if p.parts[0] == "seeds":
        return "seed"
    if p.parts[0] == "pdf":
        return p.stem + " (pdf)"
    return p.stem


def _f(value: float) -> str:
    return f"{value:.3f}"


def _pct(hits: int, total: int) -> str:
    return f"{hits}/{total}" if total else "–"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


class Summary(TypedDict):
    n: int
    ndcg: float
    mrr: float
    s1: float
    s3: float
    snippet: tuple[int, int]  # (right, asked)
    dym: tuple[int, int]


def summary(outcomes: list[Outcome]) -> Summary:
    """The mean measures of some needs' outcomes for one engine."""
    snippets = [o.snippet for o in outcomes if o.snippet is not None]
    dyms = [o.dym_right for o in outcomes if o.dym_right is not None]
    return {
        "n": len(outcomes),
        "ndcg": metrics.mean([o.ndcg for o in outcomes]),
        "mrr": metrics.mean([o.rr for o in outcomes]),
        "s1": metrics.mean([float(o.s1) for o in outcomes]),
        "s3": metrics.mean([float(o.s3) for o in outcomes]),
        "snippet": (sum(snippets), len(snippets)),
        "dym": (sum(dyms), len(dyms)),
    }


ENGINE_NAMES = {"refsearch": "refsearch", "fts5": "FTS5", "tantivy": "tantivy"}
# Rows in bold: the totals above the per-class rows.
TOTAL_ROWS = ("all needs", "ordinary", "hard")


def _groups(run: Run) -> list[tuple[str, list[str]]]:
    """(label, need ids) for: all needs, ordinary and hard (when kinds are stated), each class present."""
    needs = run.needs.needs
    groups = [("all needs", [n.id for n in needs])]
    for kind in ("ordinary", "hard"):
        ids = [n.id for n in needs if n.kind == kind]
        if ids:
            groups.append((kind, ids))
    stated = any(n.kind for n in needs)  # the development split's classes, else the test split's
    known = ORDINARY_CLASSES + HARD_CLASSES + HARD_TEST_CLASSES if stated else TEST_CLASSES
    classes = list(dict.fromkeys(known)) + sorted({n.cls for n in needs} - set(known))
    for cls in classes:
        # A class both kinds use (ordinary and hard typos) is one row per kind, so the hard
        # needs written like the sealed split's are read apart from the ordinary ones.
        kinds = list(dict.fromkeys(n.kind for n in needs if n.cls == cls))
        for of_kind in kinds:
            ids = [n.id for n in needs if n.cls == cls and n.kind == of_kind]
            groups.append((f"{cls} ({of_kind})" if len(kinds) > 1 else cls, ids))
    return groups


def _label(label: str) -> str:
    return f"**{label}**" if label in TOTAL_ROWS else label


def _interval(c: bootstrap.Comparison) -> str:
    return f"{c.mean:+.3f} [{c.low:+.3f}, {c.high:+.3f}]"


def compare(run: Run, ids: list[str], baseline: str) -> bootstrap.Comparison:
    """refsearch against ``baseline`` on the needs ``ids``: the mean nDCG@10 difference and its interval."""
    return bootstrap.paired_bootstrap([run.outcomes[i]["refsearch"].ndcg for i in ids],
                                      [run.outcomes[i][baseline].ndcg for i in ids])


def ndcg_table(run: Run) -> list[str]:
    """nDCG@10 of the three engines per class, refsearch's differences with 95% intervals, W/L/T."""
    lines = ["| needs | n | refsearch | FTS5 | tantivy | refsearch − FTS5 [95% CI] | W/L/T "
             "| refsearch − tantivy [95% CI] | W/L/T |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for label, ids in _groups(run):
        means = {e: metrics.mean([run.outcomes[i][e].ndcg for i in ids]) for e in ENGINES}
        cells = []
        for baseline in ("fts5", "tantivy"):
            c = compare(run, ids, baseline)
            cells += [_interval(c), f"{c.won}/{c.lost}/{c.tied}"]
        lines.append(f"| {_label(label)} | {len(ids)} | {_f(means['refsearch'])} | {_f(means['fts5'])} "
                     f"| {_f(means['tantivy'])} | {' | '.join(cells)} |")
    return lines


def rank_table(run: Run) -> list[str]:
    """MRR and success@1 of the three engines per class."""
    lines = ["| needs | n | MRR refsearch | MRR FTS5 | MRR tantivy | S@1 refsearch | S@1 FTS5 "
             "| S@1 tantivy |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for label, ids in _groups(run):
        mrr = [_f(metrics.mean([run.outcomes[i][e].rr for i in ids])) for e in ENGINES]
        s1 = [_f(metrics.mean([float(run.outcomes[i][e].s1) for i in ids])) for e in ENGINES]
        lines.append(f"| {_label(label)} | {len(ids)} | {' | '.join(mrr + s1)} |")
    return lines


def measures_table(run: Run) -> list[str]:
    lines = ["| needs | n | nDCG@10 refsearch | nDCG@10 FTS5 | Δ | MRR refsearch | MRR FTS5 "
             "| S@1 refsearch | S@1 FTS5 | S@3 refsearch | S@3 FTS5 | first snippet refsearch "
             "| first snippet FTS5 | did-you-mean refsearch |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for label, ids in _groups(run):
        ours = summary([run.outcomes[i]["refsearch"] for i in ids])
        theirs = summary([run.outcomes[i]["fts5"] for i in ids])
        lines.append(
            f"| {_label(label)} | {ours['n']} | {_f(ours['ndcg'])} | {_f(theirs['ndcg'])} "
            f"| {ours['ndcg'] - theirs['ndcg']:+.3f} | {_f(ours['mrr'])} | {_f(theirs['mrr'])} "
            f"| {_f(ours['s1'])} | {_f(theirs['s1'])} | {_f(ours['s3'])} | {_f(theirs['s3'])} "
            f"| {_pct(*ours['snippet'])} | {_pct(*theirs['snippet'])} | {_pct(*ours['dym'])} |")
    return lines


def unjudged_table(run: Run) -> list[str]:
    lines = ["| engine | unjudged documents in the top 10 | needs with any |", "|---|---:|---:|"]
    for engine in ENGINES:
        counts = [len(run.outcomes[n.id][engine].unjudged) for n in run.needs.needs]
        lines.append(f"| {ENGINE_NAMES[engine]} | {sum(counts)} | {sum(1 for c in counts if c)} |")
    return lines


def losses_table(run: Run) -> list[str]:
    """Every need where refsearch's nDCG@10 is below FTS5's."""
    lines = ["| need | class | query | nDCG@10 refsearch | nDCG@10 FTS5 | refsearch top 3 | FTS5 top 3 |",
             "|---|---|---|---:|---:|---|---|"]
    lost = [n for n in run.needs.needs
            if run.outcomes[n.id]["refsearch"].ndcg < run.outcomes[n.id]["fts5"].ndcg - 1e-9]
    for need in lost:
        ours, theirs = run.outcomes[need.id]["refsearch"], run.outcomes[need.id]["fts5"]

        def top(o: Outcome) -> str:
            return ", ".join(f"{short(p)} ({g})" for p, g in zip(o.paths[:SHOWN_HITS], o.gains))

        lines.append(f"| {need.id} | {need.cls} | `{_cell(need.query)}` | {_f(ours.ndcg)} "
                     f"| {_f(theirs.ndcg)} | {top(ours) or '(nothing)'} | {top(theirs) or '(nothing)'} |")
    if not lost:
        lines.append("| (none) | | | | | | |")
    return lines


def suggestions_table(run: Run) -> list[str]:
    lines = ["| need | query | expected | refsearch suggests | right |", "|---|---|---|---|---|"]
    for need in run.needs.needs:
        if need.did_you_mean is None:
            continue
        outcome = run.outcomes[need.id]["refsearch"]
        expected = need.did_you_mean or "(no suggestion)"
        lines.append(f"| {need.id} | `{_cell(need.query)}` | {_cell(expected)} "
                     f"| {_cell(outcome.suggestion or '(none)')} | {'yes' if outcome.dym_right else 'no'} |")
    return lines


def _candidate(c: CitationOutcome) -> str:
    if not c.candidates:
        return "(none)"
    path, confidence, verdict = c.candidates[0]
    return f"{short(path)} {confidence:.2f} {verdict}"


def citations_tables(cases: list[CitationOutcome]) -> list[str]:
    positives = [c for c in cases if c.case.expect is not None]
    negatives = [c for c in cases if c.case.expect is None]
    lines = ["### Positives: the archive holds the cited document", "",
             "| case | form | cited document | its rank | its confidence | first candidate |",
             "|---|---|---|---:|---:|---|"]
    for c in positives:
        lines.append(f"| {c.case.id} | {c.case.form} | {short(c.case.expect or '')} | {c.rank or 'missed'} "
                     f"| {'' if c.confidence is None else f'{c.confidence:.2f}'} | {_candidate(c)} |")
    lines += ["", "### Negatives: the archive does not hold the cited document", "",
              "| case | form | what is cited | top confidence offered | first candidate |",
              "|---|---|---|---:|---|"]
    for c in negatives:
        lines.append(f"| {c.case.id} | {c.case.form} | {_cell(c.case.note)} | {c.confidence:.2f} "
                     f"| {_candidate(c)} |")
    found = [c.confidence for c in positives if c.rank == 1 and c.confidence is not None]
    offered = [c.confidence for c in negatives if c.confidence is not None]
    lines += ["", "### Separation", ""]
    lines.append(f"- Positives found first: {len(found)} of {len(positives)}; found anywhere in the "
                 f"candidates: {sum(1 for c in positives if c.rank)}.")
    if found:
        lines.append(f"- Lowest confidence of a positive found first: {min(found):.2f}.")
    if offered:
        lines.append(f"- Highest confidence offered for a negative: {max(offered):.2f}.")
    if found and offered:
        gap = min(found) - max(offered)
        verdict = "they separate" if gap > 0 else "they overlap"
        lines.append(f"- Gap (lowest positive − highest negative): {gap:+.2f}, {verdict}.")
    first_found = sum(1 for c in positives if c.rank == 1 and c.candidates[0][2] == "found")
    first_probably = sum(1 for c in positives if c.rank == 1 and c.candidates[0][2] == "probably")
    negative_found = sum(1 for c in negatives if any(v == "found" for _, _, v in c.candidates))
    negative_absent = sum(1 for c in negatives if not any(v in ("found", "probably") for _, _, v in c.candidates))
    lines += ["", "Verdicts (the lookup's own classes: found, probably, nearest, other):", "",
              f"- Positives whose document comes first as found: {first_found} of {len(positives)}; "
              f"as probably: {first_probably}.",
              f"- Negatives answered with a document found: {negative_found} of {len(negatives)}; "
              f"answered \"not in this archive\" (nothing found or probable): {negative_absent}."]
    lines += ["", "| threshold | positives found first at or above it | negatives answered at or above it |",
              "|---:|---:|---:|"]
    for t in THRESHOLDS:
        lines.append(f"| {t:.2f} | {sum(1 for v in found if v >= t - 1e-9)}/{len(positives)} "
                     f"| {sum(1 for v in offered if v >= t - 1e-9)}/{len(negatives)} |")
    return lines


SPLIT_TITLES = {"dev": "Development split", "test": "Test split (sealed)"}


def _judged(run: Run) -> str:
    judged = sum(len(n.judgements) for n in run.needs.needs)
    pooled = f", {run.needs.pooled} of them from the blind pool" if run.needs.pooled else ""
    return f"{judged} judgements{pooled}"


def _about(name: str, run: Run) -> str:
    needs = run.needs.needs
    if name == "dev":
        by_kind: defaultdict[str, int] = defaultdict(int)
        for need in needs:
            by_kind[need.kind or ""] += 1
        return (f"- Development split (`bench/relevance/dev/needs.json`, the one ranking may be tuned "
                f"on): {len(needs)} needs ({by_kind['ordinary']} ordinary, {by_kind['hard']} hard), "
                f"{_judged(run)}; citation cases: {len(run.citations)} "
                f"({sum(1 for c in run.citations if c.case.expect)} positive, "
                f"{sum(1 for c in run.citations if not c.case.expect)} negative).")
    return (f"- Test split (`bench/relevance/{name}/needs-*.json`, sealed: written and judged without "
            f"seeing any ranking, never tuned on): {len(needs)} needs, {_judged(run)}.")


def _unjudged_section(run: Run, name: str) -> list[str]:
    return [
        "### Unjudged documents", "",
        "Documents in an engine's top 10 that no judgement covers count as not relevant. Judge them "
        f"blind: `python -m bench.relevance pool --split {name} --out FILE` lists them per need "
        "without saying which engine brought them up; grades go to "
        f"`bench/relevance/{name}/pool-judgements.json`.", "",
        *unjudged_table(run), ""]


def dev_section(run: Run) -> list[str]:
    lines = ["## Development split", "", "### nDCG@10 against both baselines", "", *ndcg_table(run), "",
             "### All measures, refsearch against FTS5", "", *measures_table(run), "",
             *_unjudged_section(run, "dev"),
             "### Needs where refsearch ranks below FTS5", "", "Grades of the first hits in brackets.", "",
             *losses_table(run), ""]
    if any(n.did_you_mean is not None for n in run.needs.needs):
        lines += ["### Did you mean", "", *suggestions_table(run), ""]
    return lines


def test_section(name: str, run: Run) -> list[str]:
    return [f"## {SPLIT_TITLES.get(name, name)}", "",
            "Figures per class only: the sealed split says how good the ranking is, not which need "
            "to tune it for, so no need of it is listed.", "",
            "### nDCG@10 against both baselines", "", *ndcg_table(run), "",
            "### MRR and success@1", "", *rank_table(run), "",
            *_unjudged_section(run, name)]


def markdown(runs: dict[str, Run]) -> str:
    """The whole report of one run: one section per split (development first), then the citations."""
    first = next(iter(runs.values()))
    date = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Relevance: refsearch against SQLite FTS5 and tantivy on judged needs",
        "",
        "Written by `python -m bench.relevance` (or `bench/run --relevance`); see "
        "[`README.md`](README.md#relevance) for the method and `bench/relevance/` for the "
        "needs, judgements and citation cases. Do not edit by hand: rerun.",
        "",
        f"- Run: {date}; Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"tantivy {TANTIVY_VERSION}; {first.seconds:.0f} s.",
        f"- Collection: {first.documents} documents read from the shared corpus"
        + (f"; files skipped: {', '.join(first.skipped)}" if first.skipped else "") + " "
        "(which files, and why: `bench/relevance/collection.py`).",
        *[_about(name, run) for name, run in runs.items()],
        "- The three engines index the same extracted title and text; the baselines weight the title "
        "3 to 1 against the body, require all words and fall back to any word when no document has "
        "all of them. FTS5: porter tokenizer, diacritics removed, `bm25()`. tantivy: its `en_stem` "
        "tokenizer (English stemmer, diacritics kept), BM25 of a query boosted on both fields.",
        "",
        "## Measures",
        "",
        "nDCG@10 with graded gains (0, 1, 2) and the log2 discount, the ideal from every judged grade "
        "of the need; MRR and success@k count documents graded 1 or 2 in the top 10. \"First snippet\" "
        "counts needs with a recorded answering passage whose first hit is relevant and whose first "
        "passage overlaps an answer (the sentences a judgement's quote locates, one sentence either "
        "side). \"Did-you-mean\" counts needs stating the expected suggestion (the baselines offer "
        "none). A copy of a document already shown earns nothing.",
        "",
        "refsearch − FTS5 and refsearch − tantivy are the mean per-need differences in nDCG@10; in "
        f"brackets their 95% paired-bootstrap interval ({bootstrap.RESAMPLES:,} resamples of the needs "
        f"with replacement, seed {bootstrap.SEED}, percentile interval). An interval wholly above 0 "
        "says refsearch is ahead on needs like these, not only on these. W/L/T: needs where "
        "refsearch's nDCG@10 is higher, lower, equal.",
        "",
    ]
    for name, run in runs.items():
        lines += dev_section(run) if name == "dev" else test_section(name, run)
    cited = [run.citations for run in runs.values() if run.citations]
    if cited:
        lines += [
            "## Citation lookup",
            "",
            "For each pasted citation: where the cited document comes among the candidates and with "
            "what confidence; for citations of documents the archive does not hold, the highest "
            "confidence offered for any document.",
            "",
            *citations_tables(cited[0]),
            "",
        ]
    return "\n".join(lines)
