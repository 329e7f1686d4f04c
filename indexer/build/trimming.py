"""The furniture an index's documents are trimmed of, learned from the whole archive as it is read.

Learned furniture (``documents.furniture``) is a property of the archive,
not of one file: a banner is furniture because it tops many pages of one
site. A build cannot know the final model before it has read every file,
and reading twice would double its cost, so it learns while it reads:

1. It starts from the model the indexed documents were trimmed with (kept
   in the manifest) and the observations of every file it will not read
   again (kept in the manifest too, a few dozen bytes a file).
2. Every ``REFRESH_FILES`` files read, the model is learned again from all
   observations so far, and the files read next are trimmed with it; so a
   first build of a site with a banner trims all but its first few pages.
3. At the end, the model of the whole archive is final, and a document is
   *stale* when the final model takes a different set of its edge lines for
   furniture than the model it was read with (``FurnitureModel.known``).
   Only stale documents are read again; in a stable archive there are none.

The texts an HTML page's markup names as its site's furniture (menus, banners,
the footer) go into the model too, kept once per site; the manifest keeps only
their keys per page, so a build that does not read the page again still knows
them. They trim the site's documents that have no markup, such as a page
printed to PDF; such a document is stale too when the site's marked furniture
is not what it was trimmed with.

The manifest then records the final model, which every indexed document is
trimmed with, for the next build to start from.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..documents.furniture import (
    FurnitureModel,
    IndexedFurniture,
    Observation,
    marked_digest,
    marked_key,
    unpack_keys,
)
from ..documents.learner import Learner
from ..store.generations import read_current
from ..store.manifest import FileRecord, load_manifest

# Files read between two learnings of the model used for the files read next.
REFRESH_FILES = 16
# Files whose own markup names their furniture (``documents.html_page``).
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def observation_of(record: FileRecord) -> Observation | None:
    """What the learner saw of an indexed file (None for a document given without a file)."""
    return Observation.unpacked(record.site, record.edges) if record.site else None


def indexed_furniture(index_dir: Path) -> IndexedFurniture | None:
    """The furniture the live index in ``index_dir`` learned, with its files; None without one."""
    live = read_current(Path(index_dir))
    manifest = load_manifest(Path(index_dir) / live) if live else None
    if manifest is None:
        return None
    return IndexedFurniture(FurnitureModel.from_dict(manifest.furniture), frozenset(manifest.records),
                            str(index_dir))


class Trimming:
    """One build's furniture: the model the index was trimmed with, and the one learned while reading."""

    def __init__(self, indexed_with: dict, kept: Iterable[FileRecord]):
        self.indexed_with = FurnitureModel.from_dict(indexed_with)
        self.current = self.indexed_with
        self._learner = Learner()
        # Per file read: the edge keys its reading model knew, packed (``Observation.packed``;
        # the files of a site mostly share one, kept once, where a set cost 216 bytes a file),
        # and the digest of its site's marked furniture, kept once per digest.
        self._read_with: dict[str, str] = {}
        self._marked_with: dict[str, str] = {}
        self._since = 0
        # Per site, the indexed model's marked texts by key and their digest: made once per site,
        # not once per file of it, as a build that reads 1% of the archive goes through the
        # records of the other 99% too.
        self._indexed_marked: dict[str, dict[str, str]] = {}
        self._indexed_digests = _Digests(self.indexed_with)
        # The kept files' keys at once, a site at a time (``Learner.add_packed_many``): one by
        # one they were most of an update's fixed cost.
        kept = [record for record in kept if record.site]
        self._learner.add_packed_many([(record.site, record.edges) for record in kept])
        for record in kept:
            self._keep_marked(record)

    def model(self) -> FurnitureModel:
        """The furniture to trim from the files read next."""
        return self.current

    def keep(self, record: FileRecord) -> None:
        """Count a document that stays as it was indexed (its page's marked furniture, kept in
        the model it was indexed with, included)."""
        if record.site:
            self._learner.add_packed(record.site, record.edges)
            self._keep_marked(record)

    def _keep_marked(self, record: FileRecord) -> None:
        """Count the marked furniture of a kept page, as the model it was indexed with holds it."""
        if record.marked:
            texts = self._indexed_texts(record.site)
            self._learner.add_marked(record.site, (texts[key] for key in unpack_keys(record.marked)
                                                   if key in texts))

    def read(self, seen: Observation, known: str, path: str, marked_with: str = "") -> None:
        """Count a document just read, trimmed of ``known`` (its edge lines the reading model knew,
        packed) and of its site's marked furniture as ``marked_with`` digests it."""
        self._learner.add(seen)
        self._read_with[path] = sys.intern(known)
        self._marked_with[path] = sys.intern(marked_with)
        self._since += 1
        if self._since >= REFRESH_FILES:
            self._since = 0
            self.current = self._learner.model()

    def final(self, records: Mapping[str, FileRecord]) -> tuple[FurnitureModel, list[str]]:
        """The archive's model, and the paths of ``records`` trimmed otherwise than it would."""
        final = self._learner.model()
        final_digests = _Digests(final)
        # Documents read before this build, of a site whose furniture is as it was, are as
        # they should be without a look at their edges.
        changed = {site for site in final.sites.keys() | self.indexed_with.sites.keys()
                   if final.lines_of(site).keys() != self.indexed_with.lines_of(site).keys()}
        stale = []
        for path, record in records.items():
            if not record.site:
                continue
            packed = self._read_with.get(path)
            if self._marked_otherwise(path, record.site, final_digests):
                stale.append(path)
                continue
            if packed is None and record.site not in changed:
                continue
            seen = observation_of(record)
            if seen is None:  # record.site is set, so it was seen
                continue
            used = self.indexed_with.known(seen) if packed is None else frozenset(unpack_keys(packed))
            if final.known(seen) != used:
                stale.append(path)
        self.current = final
        return final, sorted(stale)

    def _marked_otherwise(self, path: str, site: str, final: _Digests) -> bool:
        """Whether a file without markup (a PDF print of a page, a text) was trimmed of other
        marked furniture of its site than the final model names.

        An HTML page is never read again for it: its own markup removed its furniture, and
        the marked texts of a site grow with every page, which would read the whole site again.
        """
        if os.path.splitext(path)[1].lower() in _HTML_SUFFIXES:
            return False
        used = self._marked_with.get(path)
        if used is None:
            used = self._indexed_digests.of(site)
        return final.of(site) != used

    def _indexed_texts(self, site: str) -> dict[str, str]:
        """The indexed model's marked texts of ``site`` by their key (``marked_key``)."""
        texts = self._indexed_marked.get(site)
        if texts is None:
            texts = self._indexed_marked[site] = {marked_key(text): text
                                                  for text in self.indexed_with.marked_of(site)}
        return texts


class _Digests:
    """The digests of a model's marked furniture (``marked_digest``), one per site, made on first use."""

    def __init__(self, model: FurnitureModel):
        self._model = model
        self._digests: dict[str, str] = {}

    def of(self, site: str) -> str:
        digest = self._digests.get(site)
        if digest is None:
            digest = self._digests[site] = marked_digest(self._model.marked_of(site))
        return digest
