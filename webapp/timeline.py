"""The tier timeline of a document's series: points of a small server-drawn SVG chart.

One country's TIP chapters across the years each carry a tier; the chart
plots year across and tier down (Tier 1 at the top), and the page gives
the same data as a table for screen readers and text browsers.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from indexer.records import TIERS, Document

# Chart geometry, in SVG user units.
WIDTH = 400
ROW_HEIGHT = 30
MARGIN_LEFT = 124
MARGIN_RIGHT = 16
MARGIN_TOP = 16
MARGIN_BOTTOM = 30


@dataclass(frozen=True)
class Point:
    year: int
    tier: str
    doc_id: str
    title: str | None
    x: float
    y: float
    current: bool


@dataclass(frozen=True)
class Timeline:
    points: tuple[Point, ...]
    rows: tuple[tuple[str, float], ...]  # tier label and its y
    years: tuple[tuple[int, float], ...]  # year label and its x
    width: int
    height: int
    plot_left: int = MARGIN_LEFT

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def _year(doc: Document) -> int | None:
    if doc.report_year:
        return doc.report_year
    return int(doc.published[:4]) if doc.published else None


def tier_timeline(documents: Iterable[Document], current_id: str) -> Timeline | None:
    """The chart of the tiered documents by year, or None with fewer than two points."""
    dated = sorted(((y, d) for d in documents if d.tier in TIERS and (y := _year(d))),
                   key=lambda pair: (pair[0], pair[1].id))
    if len(dated) < 2:
        return None
    first, last = dated[0][0], dated[-1][0]
    span = max(1, last - first)
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    height = MARGIN_TOP + ROW_HEIGHT * (len(TIERS) - 1) + MARGIN_BOTTOM

    def x_of(year: int) -> float:
        return MARGIN_LEFT + plot_width * (year - first) / span

    def y_of(tier: str) -> float:
        return MARGIN_TOP + ROW_HEIGHT * TIERS.index(tier)

    points = tuple(Point(y, d.tier, d.id, d.title, x_of(y), y_of(d.tier), d.id == current_id)
                   for y, d in dated if d.tier)  # every one: dated holds only tiered documents
    years = sorted({p.year for p in points})
    step = max(1, -(-len(years) // 8))  # at most about 8 year labels
    labelled = tuple((year, x_of(year)) for year in years[::step])
    return Timeline(points, tuple((t, y_of(t)) for t in TIERS), labelled, WIDTH, height)
