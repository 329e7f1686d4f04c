"""Reading an archive as a whole: every file, then the furniture its sites repeat, learned and removed.

``read_archive`` reads every file once, learns the furniture of each site
from all of them (``furniture.learn``), and reads again only the files of
sites that turned out to have some, with the learned model applied. With
``explain``, each document's record of what was removed as furniture, and
why, comes back with it. This is what ``refsearch extract`` runs.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import config
from ..errors import DocumentError
from .furniture import FurnitureModel, Removal, learn
from .reader import ReadReport, read_reading
from .walk import walk_sources


@dataclass
class ArchiveReport(ReadReport):
    """A batch's documents and skipped files, the furniture learned, and what each file lost to furniture."""

    furniture: FurnitureModel = field(default_factory=FurnitureModel)
    removed: dict[str, tuple[Removal, ...]] = field(default_factory=dict)


def read_archive(paths: Iterable[Path], *, max_bytes: int = config.MAX_FILE_BYTES,
                 learn_furniture: bool = True, explain: bool = False,
                 link_targets: Iterable[Path] = ()) -> ArchiveReport:
    """Read every file under ``paths``, removing the furniture learned from all of them.

    Links are followed into ``paths`` and ``link_targets`` only (``walk.walk_sources``).
    """
    report = ArchiveReport()
    readings = []
    walk = walk_sources(paths, link_targets=link_targets)
    report.skipped.extend(walk.skipped)
    for path in walk.candidates:
        try:
            readings.append((path, read_reading(path, max_bytes=max_bytes, explain=explain)))
        except DocumentError as error:
            report.skipped.append(error)
    if learn_furniture:
        report.furniture = learn(reading.observation for _, reading in readings)
    for path, reading in readings:
        if report.furniture.lines_of(reading.observation.site):
            try:
                reading = read_reading(path, max_bytes=max_bytes, furniture=report.furniture, explain=explain)
            except DocumentError as error:  # changed or gone since the first reading
                report.skipped.append(error)
                continue
        report.documents.append(reading.document)
        if explain:
            report.removed[reading.document.path] = reading.removed
    return report
