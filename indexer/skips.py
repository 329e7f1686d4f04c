"""The files an index build did not index, each with its reason and what to do about it.

`refsearch index` names every skipped file on stderr, but whoever searches
the archive in the web app never sees that output: a scanned PDF that needs
OCR, a report saved with a password or a link leading out of the archive
would simply be missing from the results. So the build keeps the list in
its manifest, and the web app and the API show it, each reason with a
sentence on how to get the file indexed (``advice``).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# (what the reason starts with or holds, what to do), the first match wins.
_ADVICE: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(pattern, re.I), advice) for pattern, advice in (
    (r"^duplicate\b", "Nothing to do: the same file is indexed under another name. Delete one of "
                      "the copies if you like."),
    (r"needs OCR", "Run text recognition (OCR) on it, for example with OCRmyPDF, and save the "
                   "result in its place; a scan has no text to search."),
    (r"^encrypted PDF", "Open it with its password and save a copy without one (print or export "
                        "it to PDF) in its place."),
    (r"^broken (PDF|Word)", "Open it in a PDF reader or in Word; if it opens, save or export it "
                            "again, else download it again."),
    (r"too (large|long)", "Split it into smaller files, or keep only the part you need."),
    (r"^took longer than|memory", "Raise the limit (refsearch index --file-time-limit or "
                                  "--file-memory-limit), or split the file."),
    (r"^empty", "It holds no text: save the document again, or delete the empty file."),
    (r"^binary file", "Save the document as text, HTML, PDF or Word (.docx)."),
    (r"^undecodable", "Open it in a text editor and save it as UTF-8."),
    (r"HTML", "Save the page again from the browser (the whole page, or print it to PDF)."),
    (r"only page furniture", "The file holds only a site's menus and banners: save the "
                             "document's own page instead."),
    (r"not valid UTF-8", "Rename the file with a name of plain letters and digits."),
    (r"leading out of the folders", "Copy the file into the archive folder, or run refsearch "
                                    "index with --follow-links-to naming the folder it leads to."),
    (r"symbolic link loop|broken symbolic link|^a link to", "Fix or remove the link."),
    (r"hidden|macOS metadata", "Rename it without the leading dot to have it read; a macOS "
                               "\"._\" file is not a document and can be deleted."),
    (r"permission denied|cannot be read|no such file", "Make it readable by the account that runs "
                                                       "refsearch index (or connect the drive), then "
                                                       "index again."),
    (r"not a Word document", "Save it again from Word as a .docx document."),
))
_DEFAULT_ADVICE = "Fix or replace the file, then run refsearch index again."


def advice(reason: str) -> str:
    """What to do so that a file skipped for ``reason`` is indexed, in one or two sentences."""
    return next((text for pattern, text in _ADVICE if pattern.search(reason)), _DEFAULT_ADVICE)


@dataclass(frozen=True)
class SkippedFile:
    """A file (or folder) the last build did not index, with the build's reason.

    ``path`` is as the build saw it (absolute); the web app shows it relative to
    the archive folder.
    """

    path: str
    reason: str

    @property
    def advice(self) -> str:
        return advice(self.reason)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "reason": self.reason, "advice": self.advice}


def skipped_files(errors: Iterable[Any]) -> tuple[SkippedFile, ...]:
    """The files of ``errors`` (``DocumentError``s: a ``path`` and a ``reason``), each once, by path."""
    found = {str(error.path): SkippedFile(str(error.path), str(error.reason)) for error in errors}
    return tuple(found[path] for path in sorted(found))
