"""The stylesheet's colour pairs meet WCAG AA contrast (4.5:1 for text)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "webapp" / "static" / "style.css").read_text()
VARIABLES = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", CSS))


def colour(value: str) -> str:
    value = value.strip()
    match = re.fullmatch(r"var\(--([\w-]+)\)", value)
    return VARIABLES[match.group(1)] if match else value


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(colour(a)), luminance(colour(b))), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("foreground, background", [
    ("var(--text)", "var(--bg)"), ("var(--text)", "var(--panel)"), ("var(--muted)", "var(--bg)"),
    ("var(--muted)", "var(--panel)"), ("var(--link)", "var(--bg)"), ("var(--link)", "var(--panel)"),
    ("var(--text)", "var(--mark)"), ("#ffffff", "var(--accent)"), ("#1b5e20", "var(--panel)"),
])
def test_text_colours_meet_wcag_aa(foreground, background):
    assert contrast(foreground, background) >= 4.5


def test_every_tier_badge_meets_wcag_aa():
    badges = re.findall(r"\.tier-[\w-]+\s*\{\s*background:\s*(#\w+);\s*color:\s*(#\w+);", CSS)
    assert len(badges) == 5
    for background, foreground in badges:
        assert contrast(foreground, background) >= 4.5, (foreground, background)


def test_focus_is_always_visible():
    assert re.search(r":focus-visible\s*\{\s*outline:\s*3px solid", CSS)
    assert contrast("var(--focus)", "var(--bg)") >= 3
