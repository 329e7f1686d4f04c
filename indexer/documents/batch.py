"""Reading an archive as a whole: every file, then the furniture its sites repeat, learned and removed.

``read_archive`` reads every file once, learns the furniture of each site
from all of them (``learner.learn``), and reads again only the files of
sites that turned out to have some, with the learned model applied. A file
of an indexed archive (``indexed``: what an index learned from the whole
archive, ``build.trimming.indexed_furniture``) is trimmed as the index
trimmed it instead, so one file given alone shows what the archive-wide
learning removes from it. With ``explain``, each document's record of what
was removed as furniture, and why, comes back with it, and a sentence on
where its site's furniture was learned. This is what ``refsearch extract``
runs.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import config
from ..errors import DocumentError
from .furniture import FurnitureModel, IndexedFurniture, Removal
from .learner import learn
from .reader import ReadReport, read_each, read_reading


@dataclass
class ArchiveReport(ReadReport):
    """A batch's documents and skipped files, the furniture learned, and what each file lost to furniture."""

    furniture: FurnitureModel = field(default_factory=FurnitureModel)
    removed: dict[str, tuple[Removal, ...]] = field(default_factory=dict)
    # Per document path, with ``explain``: where the furniture of its site was learned.
    learning: dict[str, str] = field(default_factory=dict)


def read_archive(paths: Iterable[Path], *, max_bytes: int = config.MAX_FILE_BYTES,
                 learn_furniture: bool = True, explain: bool = False,
                 link_targets: Iterable[Path] = (),
                 indexed: IndexedFurniture | None = None) -> ArchiveReport:
    """Read every file under ``paths``, removing the furniture learned from all of them
    (or, for a file of the ``indexed`` archive, the furniture its index learned).

    Links are followed into ``paths`` and ``link_targets`` only (``walk.walk_sources``).
    """
    report = ArchiveReport()
    readings, report.skipped = read_each(paths, max_bytes=max_bytes, link_targets=link_targets,
                                         explain=explain)
    if learn_furniture:
        report.furniture = learn(reading.observation for _, reading in readings)
    given = Counter(reading.observation.site for _, reading in readings)
    for path, reading in readings:
        site = reading.observation.site
        in_index = learn_furniture and indexed is not None and str(Path(path).resolve()) in indexed.paths
        model = indexed.model if in_index and indexed is not None else report.furniture
        if model.lines_of(site) or model.marked_of(site):
            try:
                reading = read_reading(path, max_bytes=max_bytes, furniture=model, explain=explain)
            except DocumentError as error:  # changed or gone since the first reading
                report.skipped.append(error)
                continue
        report.documents.append(reading.document)
        if explain:
            report.removed[reading.document.path] = reading.removed
            report.learning[reading.document.path] = _learning(
                site, model, indexed.where if in_index and indexed is not None else None, given[site], learn_furniture)
    return report


def _learning(site: str, model: FurnitureModel, index: str | None, given: int, learning: bool) -> str:
    """Where the furniture of a document's site was learned, or why none was."""
    if not learning:
        return "off (--no-learn): only the named rules removed anything"
    learned = len(model.lines_of(site))
    if index is not None:
        if learned:
            return (f"from the index in {index}: {learned} line{'s' if learned != 1 else ''} "
                    f"repeated at the edges of its site's {model.documents[site]} documents ({site})")
        return f"from the index in {index}: nothing repeats at the edges of its site's documents ({site})"
    if learned:
        return (f"from the {given} files given of its site ({site}): {learned} "
                f"line{'s' if learned != 1 else ''} repeated at their edges")
    return (f"nothing learned for its site ({site}) from the {given} file{'s' if given != 1 else ''} "
            f"given: a line is furniture at the edge of at least {config.FURNITURE_MIN_DOCUMENTS} "
            f"documents of a site (and {config.FURNITURE_MIN_SHARE:.0%} of them); give more of its site's files, or index "
            "its archive and name that index with --index")
