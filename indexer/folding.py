"""Text made comparable: one fold for every comparison of titles, names and words.

Citations are pasted from PDFs and web pages with curly quotes, dashes,
non-breaking spaces and accents that the document's own metadata may not
have. ``normalise_text`` straightens those (the text stays readable: it is
what a parsed citation shows); ``fold`` goes on to lower case, drops accents
and punctuation and leaves single spaces: the form citation matching and the
engine's citation candidates compare. Country names are matched by
``countries.normalise``, which keeps apostrophes and every script's letters
and runs over whole texts, so it is not cached as ``fold`` is.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from . import config

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
                         "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def normalise_text(text: str) -> str:
    """Straight quotes and hyphens, one space between words."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_QUOTES).split())


@functools.lru_cache(maxsize=config.FOLD_CACHE)
def fold(text: str | None) -> str:
    """Lower case, accents and punctuation gone, single spaces: what similarity compares."""
    if not text:
        return ""
    ascii_text = unicodedata.normalize("NFKD", normalise_text(text)).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).split())
