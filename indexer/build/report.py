"""The record of what one build did, which `refsearch index` prints and callers of ``update_index`` read.

Paths are absolute. Besides what was added, updated, removed and left
unchanged, it names each file skipped (a bad file, or a copy of an indexed
one) or unreadable just now (its document kept as it was), and each file
indexed under a second id because another file holds the id it claims
(``build.clashes``), each document read again because its part of the
index was damaged (``build.recovery``), and why a build refuses to start
(``refusal``, ``damaged_refusal``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import DocumentError
from ..skips import SkippedFile, skipped_files
from .clashes import Clash


@dataclass
class BuildReport:
    """What one build did. Paths are absolute; ``skipped`` includes duplicates."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[DocumentError] = field(default_factory=list)
    # Folders and files that could not be read just now, and the documents
    # kept as they were because of them (indexed paths).
    unreadable: list[DocumentError] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    # Documents read again because the furniture learned for their site changed.
    retrimmed: list[str] = field(default_factory=list)
    # Files indexed under a second id, because another file holds the id they claim.
    clashes: list[Clash] = field(default_factory=list)
    # Documents read again because their part of the index was damaged (``recovery``),
    # and what was found damaged and done about it, one line each.
    repaired: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    duration: float = 0.0
    # The live generation after the build and how many documents it holds.
    generation: str | None = None
    documents: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        text = (f"{len(self.added)} added, {len(self.updated)} updated, "
                f"{len(self.removed)} removed, {len(self.unchanged)} unchanged, "
                f"{len(self.skipped)} skipped")
        if self.unreadable:
            text += (f", {len(self.unreadable)} unreadable ({len(self.kept)} "
                     f"document{'' if len(self.kept) == 1 else 's'} kept as they were)")
        if self.retrimmed:
            text += f"; {len(self.retrimmed)} read again for their site's learned furniture"
        if self.repaired:
            text += (f"; {len(self.repaired)} read again because their part of the index was "
                     "damaged")
        if self.clashes:
            text += (f"; {len(self.clashes)} id clash{'es' if len(self.clashes) != 1 else ''} "
                     "(every file indexed)")
        return text

    def skipped_reasons(self) -> list[str]:
        """One line per skipped file: its path (quoted if need be) and why."""
        return [str(error) for error in self.skipped]

    def not_indexed(self) -> tuple[SkippedFile, ...]:
        """The files this build did not index, as the manifest keeps them: the skipped, and
        those that cannot be read just now and were not indexed before."""
        kept = set(self.kept)
        return skipped_files([*self.skipped, *(e for e in self.unreadable if e.path not in kept)])

    def unreadable_reasons(self) -> list[str]:
        """One line per folder or file that could not be read: its path and why."""
        return [str(error) for error in self.unreadable]

    def clash_reasons(self) -> list[str]:
        """One line per file indexed under a second id: its path, the id and the other file."""
        return [str(clash) for clash in self.clashes]


def refusal(problems: list[DocumentError], rebuild: bool, documents: int | None = None,
            why: str = "its format changed") -> str:
    """Why a build that would lose documents that cannot be read just now does not start."""
    count = len(problems) if documents is None else documents
    what = "--rebuild" if rebuild else f"the index must be rebuilt ({why}), and that"
    lines = [f"{what} would lose {count} indexed document{'s' if count != 1 else ''} that cannot "
             "be read just now, so nothing was changed:"]
    lines += [f"  {problem}" for problem in problems]
    lines.append("Make them readable (or connect the drive) and run again"
                 + ("; without --rebuild the index is updated and keeps them." if rebuild else "."))
    return "\n".join(lines)


def damaged_refusal(problems: list[DocumentError]) -> str:
    """Why a damaged index that must be read again from every file is not, while some cannot be."""
    lines = ["the index is damaged and must be read again from every file, but what it held "
             "is unknown and these cannot be read just now, so nothing was changed:"]
    lines += [f"  {problem}" for problem in problems]
    lines.append("Make them readable (or connect the drive) and run again.")
    return "\n".join(lines)
