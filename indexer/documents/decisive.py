"""Lines that decide something ("Appeal allowed.", "The claim is refused"): content, never furniture.

However many of a site's documents end with "Appeal dismissed.", the line
says what the document decided; the furniture learner neither learns nor
trims it (``furniture``).
"""
from __future__ import annotations

import re

# Words with which a line decides something (an appeal allowed, a claim refused): content,
# however many of a site's documents end with it.
_DECIDES_RE = re.compile(
    r"\b(?:allowed|dismissed|granted|refused|rejected|upheld|quashed|remitted|set\s+aside|denied|"
    r"withdrawn|struck\s+out|affirmed|reversed|overturned|acquitted|convicted|error\s+of\s+law)\b",
    re.I)
# ``_DECIDES_RE`` minding case, for lower-cased ASCII lines.
_DECIDES_LOWER_RE = re.compile(_DECIDES_RE.pattern)
# What every match of ``_DECIDES_RE`` holds, lower-cased: the first word of each alternative.
_DECIDES_WORDS = ("allowed", "dismissed", "granted", "refused", "rejected", "upheld", "quashed", "remitted",
                  "set", "denied", "withdrawn", "struck", "affirmed", "reversed", "overturned", "acquitted",
                  "convicted", "error")


def decides(line: str) -> bool:
    """Whether ``line`` decides something ("Appeal allowed.", "The claim is refused"): never furniture.

    An ASCII line is lower-cased and searched for the words' first parts, then with the
    pattern minding case, far faster than the case-blind pattern (a build looks at up to fifty
    edge lines of every document, most of them whole paragraphs); in ASCII the two find the
    same. Any other line is searched case-blind, as Unicode's case rules say."""
    if line.isascii():
        lowered = line.lower()
        return any(word in lowered for word in _DECIDES_WORDS) and bool(_DECIDES_LOWER_RE.search(lowered))
    return bool(_DECIDES_RE.search(line))
