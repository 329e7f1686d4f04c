"""How many keystrokes apart two words are: the measure behind "did you mean" and
the typo tolerance of citation lookup."""
from __future__ import annotations


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Optimal-string-alignment distance: insertions, deletions, substitutions and
    transpositions of adjacent letters ("Nigerai" -> "Nigeria"), each one edit.

    With a ``limit``, a distance over it is answered as some number over it as
    soon as two rows of the table are all over it (no later row can come back
    under: each of its cells adds to a cell of one of them). "Did you mean"
    measures a word against thousands of terms and keeps those within a typo or
    two, and most are many edits away: their tables stop after a few letters.
    """
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    over = limit is not None and min(previous) > limit
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
        if limit is not None:
            now_over = min(current) > limit
            if over and now_over:
                return limit + 1
            over = now_over
    return previous[len(b)]
