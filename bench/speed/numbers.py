"""Percentiles, ratios and table rows shared by every table of the benchmark report."""
from __future__ import annotations


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def ratio(a: float, b: float) -> str:
    """``a / b`` to two places; n/a when either is missing (NaN) or ``b`` is 0."""
    if not b or a != a or b != b:
        return "n/a"
    return f"{a / b:.2f}"


def num(x: float, digits: int = 1) -> str:
    if x != x:
        return "n/a"
    return f"{x:,.{digits}f}"


def ratio_row(label: str, ours: float, *others: float, digits: int = 1) -> str:
    """A table row: our figure, each other figure, then our figure's ratio to each of them."""
    cells = [num(ours, digits), *(num(x, digits) for x in others), *(ratio(ours, x) for x in others)]
    return f"| {label} | " + " | ".join(cells) + " |"
