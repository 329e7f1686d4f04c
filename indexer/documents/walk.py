"""Which files under the sources are documents: one walk, for ``index`` and ``extract`` alike.

A folder that cannot be listed or a file that cannot be read just now is a
problem to report, never a reason to forget the documents it held; a name
that is not valid UTF-8, a named pipe or device, and a broken or looping
link are refused with their reason; linked folders are followed once.

A link is followed only when what it resolves to lies inside one of the
folders being read (or a folder the user names, ``link_targets``): a link
planted in the archive, by hand or by unpacking a zip, must not bring
``/etc/shadow``, a key file or ``/proc/self/environ`` into the index and
onto the web. Hidden files and folders (names starting with a dot) are not
read, and each that holds documents is named, so that none goes missing
without a word.
"""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .. import config
from ..errors import DocumentError, shown_path

# OS errors that mean a path is really gone, not merely unreadable just now.
GONE_ERRNOS = (errno.ENOENT, errno.ENOTDIR)


@dataclass(frozen=True)
class SourceProblem:
    """Something under the sources that exists but cannot be read just now.

    ``path`` is where the walk met it, ``real`` what it stands for (the
    resolved folder or file): documents indexed from ``real`` or below it
    must be kept as they are, because nothing says they are gone.
    """

    path: Path
    reason: str
    real: Path


@dataclass
class SourceWalk:
    """What a walk over the source paths found.

    ``candidates`` are the paths a reader should try, in order: the
    document files, and also the broken links and missing paths named in
    ``problems`` that look like files, so that reading them reports why.
    ``files`` are the candidates that are not problems. ``refused`` are
    files not read at all, each with its reason (a name that is not UTF-8, a
    link back to a folder already read). ``empty_roots`` are folders given
    as sources that hold no document file.
    """

    candidates: list[Path] = field(default_factory=list)
    problems: list[SourceProblem] = field(default_factory=list)
    refused: list[DocumentError] = field(default_factory=list)
    empty_roots: list[Path] = field(default_factory=list)
    # The candidates that may be links themselves (a link met in a folder, a path given as a
    # source): only they need resolving, the rest are their folder's real path and their name.
    maybe_links: set[Path] = field(default_factory=set)

    @property
    def files(self) -> list[Path]:
        broken = {problem.path for problem in self.problems}
        return [path for path in self.candidates if path not in broken]

    @property
    def skipped(self) -> list[DocumentError]:
        """What any reader of the walk reports as skipped: refusals and folders it could not read."""
        tried = set(self.candidates)
        return [*self.refused, *(DocumentError(problem.path, problem.reason)
                                 for problem in self.problems if problem.path not in tried)]


def walk_sources(paths: Iterable[Path], *, link_targets: Iterable[Path] = ()) -> SourceWalk:
    """Walk the source paths once: the one place that decides which files are documents.

    Folders are walked for files with a document suffix, sorted; named files
    are taken as given. Hidden files with a document suffix and hidden
    folders holding documents are refused with their reason. Links to files
    and folders are followed when they resolve to a place inside the source
    folders or ``link_targets``, and refused otherwise; a link back to a
    folder being walked is a loop and is reported, as are broken links and
    folders or files that cannot be read. A file whose name (or path) is not
    valid UTF-8 is refused: it could be neither stored nor shown as it is,
    and renaming the file is the fix. Names with control characters are read
    and printed with escapes (``errors.shown_path``).
    """
    paths = [Path(root) for root in paths]
    # A named link target counts even when it is missing: an unmounted drive breaks
    # the links into it, which keeps what was indexed through them.
    inside = tuple(os.path.realpath(folder) for folder in paths if os.path.isdir(folder))
    inside += tuple(os.path.realpath(folder) for folder in link_targets)
    walk = SourceWalk()
    seen: set[Path] = set()
    for root in paths:
        found: list[Path] = []
        try:
            is_dir = stat.S_ISDIR(os.stat(root).st_mode)
        except OSError as error:
            walk.problems.append(SourceProblem(root, _stat_problem(root, error), _real(root)))
            found.append(root)
            walk.maybe_links.add(root)
        else:
            if is_dir:
                _walk_folder(root, walk, found, ancestors=(), walked={}, inside=inside)
                if not found:
                    walk.empty_roots.append(root)
            else:
                found.append(root)
                walk.maybe_links.add(root)
        for path in sorted(found):
            if path in seen:
                continue
            seen.add(path)
            if _valid_name(path):
                walk.candidates.append(path)
            else:
                walk.refused.append(DocumentError(path, "the file name is not valid UTF-8; rename "
                                                        "the file"))
    return walk


def _valid_name(path: Path) -> bool:
    try:
        str(path).encode("utf-8")
        return True
    except UnicodeEncodeError:  # bytes kept as surrogates by the file system encoding
        return False


def iter_source_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files to read: folders walked in sorted order for known suffixes; named files as given.

    Broken links with a document suffix and missing paths are included, so
    that reading them says what is wrong (see ``walk_sources``).
    """
    yield from walk_sources(paths).candidates


def _walk_folder(folder: Path, walk: SourceWalk, found: list[Path], *,
                 ancestors: tuple[tuple[int, int], ...], walked: dict, inside: tuple[str, ...]) -> None:
    try:
        info = os.stat(folder)
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        walk.problems.append(SourceProblem(
            folder, f"the folder cannot be read ({_strerror(error)})", _real(folder)))
        return
    key = (info.st_dev, info.st_ino)
    walked.setdefault(key, folder)
    below = (*ancestors, key)
    for entry in entries:
        path = folder / entry.name
        suffix = os.path.splitext(entry.name)[1].lower()
        if entry.name.startswith("."):
            _refuse_hidden(entry, path, suffix, walk)
            continue
        try:
            if not entry.is_symlink():
                if entry.is_dir(follow_symlinks=False):
                    _walk_folder(path, walk, found, ancestors=below, walked=walked, inside=inside)
                elif suffix in config.DOCUMENT_SUFFIXES:
                    if entry.is_file(follow_symlinks=False):
                        found.append(path)
                    else:
                        walk.refused.append(DocumentError(path, _NOT_A_FILE))
                continue
            real = os.path.realpath(path)
            if not _within(real, inside):
                if suffix in config.DOCUMENT_SUFFIXES or _may_be_folder(path, suffix):
                    walk.refused.append(DocumentError(path, _leads_out(real)))
                continue
            target = entry.stat()  # a link: what it points to
        except OSError as error:
            if suffix in config.DOCUMENT_SUFFIXES or not suffix:  # a document, or maybe a folder
                walk.problems.append(SourceProblem(path, _stat_problem(path, error), _real(path)))
                if suffix:
                    found.append(path)
                    walk.maybe_links.add(path)
            continue
        if stat.S_ISDIR(target.st_mode):
            link_key = (target.st_dev, target.st_ino)
            if link_key in (*ancestors, key):
                walk.refused.append(DocumentError(path, f"a symbolic link loop: it leads back to "
                                                      f"{shown_path(walked[link_key])}, not followed"))
            elif link_key in walked:
                walk.refused.append(DocumentError(path, f"a link to {shown_path(walked[link_key])}, "
                                                      "which is read already"))
            else:
                _walk_folder(path, walk, found, ancestors=below, walked=walked, inside=inside)
        elif suffix in config.DOCUMENT_SUFFIXES:
            if stat.S_ISREG(target.st_mode):
                found.append(path)
                walk.maybe_links.add(path)
            else:
                walk.refused.append(DocumentError(path, _NOT_A_FILE))


def _within(real: str, folders: tuple[str, ...]) -> bool:
    """Is the resolved path ``real`` one of ``folders`` or inside one?"""
    return any(real == top or real.startswith(top.rstrip(os.sep) + os.sep) for top in folders)


def _may_be_folder(path: Path, suffix: str) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:  # broken: a folder, perhaps, if its name has no suffix
        return not suffix


def _leads_out(real: str) -> str:
    return (f"a symbolic link leading out of the folders being read (to {shown_path(real)}), "
            "not followed; if it should be read, name that folder with --follow-links-to")


def _refuse_hidden(entry: os.DirEntry, path: Path, suffix: str, walk: SourceWalk) -> None:
    """Name a hidden file with a document suffix, or a hidden folder that holds documents."""
    try:
        is_folder = entry.is_dir(follow_symlinks=False)
    except OSError:
        is_folder = False
    if is_folder:
        count, complete = _count_documents(path)
        if count:
            files = f"{'' if complete else 'at least '}{count} document file{'s' if count > 1 else ''}"
            walk.refused.append(DocumentError(path, (
                f"a hidden folder (its name starts with a dot) holding {files}: not read; "
                "rename the folder to read them")))
    elif suffix in config.DOCUMENT_SUFFIXES:
        if entry.name.startswith("._"):
            reason = (f"macOS metadata of {shown_path(entry.name[2:])} (a \"._\" file), "
                      "not a document: not read")
        else:
            reason = "a hidden file (its name starts with a dot): not read; rename it to read it"
        walk.refused.append(DocumentError(path, reason))


def _count_documents(folder: Path) -> tuple[int, bool]:
    """How many files with a document suffix ``folder`` holds, links not followed; and whether
    all of it was looked through (at most ``config.HIDDEN_FOLDER_ENTRIES`` entries are)."""
    count, listed, pending = 0, 0, [folder]
    while pending:
        try:
            with os.scandir(pending.pop()) as listing:
                for entry in listing:
                    listed += 1
                    if listed > config.HIDDEN_FOLDER_ENTRIES:
                        return count, False
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(Path(entry.path))
                    elif os.path.splitext(entry.name)[1].lower() in config.DOCUMENT_SUFFIXES:
                        count += 1
        except OSError:
            continue  # what cannot be listed is not counted
    return count, True


# Reading a named pipe would wait for a writer for ever; a device could be anything.
_NOT_A_FILE = "not a regular file (a named pipe, socket or device), so it is not read"


def _stat_problem(path: Path, error: OSError) -> str:
    """Why ``path`` cannot be looked at, in words that say what to do."""
    if error.errno == errno.ELOOP:
        return "a symbolic link loop: the link leads back to itself; fix or remove it"
    if error.errno in GONE_ERRNOS:
        if os.path.islink(path):
            return (f"a broken symbolic link to {shown_path(os.readlink(path))} (not found; if it is "
                    "on a drive or network share, connect it; otherwise fix or remove the link)")
        return "no such file or folder (if it is on a drive or network share, connect it)"
    return f"cannot be read ({_strerror(error)})"


def _strerror(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def _real(path: Path) -> Path:
    """The resolved form of ``path`` as far as it can be resolved (the manifest's keys are resolved)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a loop
        return path.absolute()
