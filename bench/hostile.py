"""Hostile and unlucky document files, each with what `refsearch index` must make of it.

Every case writes one file (or link, or pipe) into an archive folder; one
real `refsearch index` run over the folder must then index it with the right
text, skip it with a reason, or report it as unreadable, within the file
budgets, and print exactly one line for each file it does not index.
"""
from __future__ import annotations

import codecs
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# A Refworld text dump in the shape the reader knows, with room for a body.
_HEADER = ("Last Updated: Monday, 3 July 2009, 09:30 GMT\n\n"
           "U.S. Department of State 2008 Trafficking in Persons Report - Mali\n\n"
           "Publisher United States Department of State\n"
           "Publication Date 4 June 2008\n\n"
           "Mali (Tier 2)\n\n")
_MIXED_BODY = ("Children are trafficked to C\u00f4te d\u2019Ivoire for work on farms. ".encode("utf-8")
               + b"The government\x92s efforts were limited; \x93guides\x94 sold them. " * 3)
_UTF16_BODY = _HEADER + "Women are trafficked to C\u00f4te d\u2019Ivoire and Mauritania.\n"


@dataclass(frozen=True)
class Case:
    """One hostile input: how to write it, and what must come of it.

    ``expect`` is "indexed" (and the text holds ``words``), "skipped" or
    "unreadable" (and the reason holds ``words``), or "bounded": indexed,
    or skipped for its time or memory budget.
    """

    label: str
    name: str | bytes
    write: Callable[[Path], None]
    expect: str
    words: str = ""
    # The path the report names, below the written one (a link inside a folder).
    reported: str = ""


def _bytes(data: bytes) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_bytes(data)
    return write


def _text(body: str) -> Callable[[Path], None]:
    return _bytes((_HEADER + body).encode("utf-8"))


def _html(body: str) -> Callable[[Path], None]:
    return _bytes(f"<html><head><title>Mali</title></head><body>{body}</body></html>".encode())


def _link(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


def _looping_folder(path: Path) -> None:
    path.mkdir()
    (path / "up").symlink_to("..")


def cases(scale: float = 1.0) -> list[Case]:
    """The hostile inputs; ``scale`` shrinks the pathological pages (1.0: the sizes of the report)."""
    paragraphs, breaks, bolds = int(20_000 * scale), int(1_000_000 * scale), int(1_000_000 * scale)
    return [
        Case("empty file", "empty.txt", _bytes(b""), "skipped", "empty file"),
        Case("only blank lines", "blank.txt", _bytes(b" \n\r\n\t\n"), "skipped", "empty file"),
        Case("GIF saved as text", "image.txt", _bytes(b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff"),
             "skipped", "binary file"),
        Case("PDF saved as HTML", "report.html", _bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
             "skipped", "PDF"),
        Case("random bytes", "noise.txt", _bytes(bytes(range(0x80, 0x100)) * 16), "skipped",
             "undecodable text"),
        Case("control characters", "controls.txt", _bytes(b"text" + bytes(range(1, 9)) * 4),
             "skipped", "binary file"),
        Case("mixed UTF-8 and Windows-1252", "mixed.txt", _bytes(_HEADER.encode() + _MIXED_BODY),
             "indexed", "C\u00f4te d\u2019Ivoire for work on farms. The government\u2019s efforts"),
        Case("UTF-16 LE without BOM", "utf16le.txt", _bytes(_UTF16_BODY.encode("utf-16-le")),
             "indexed", "C\u00f4te d\u2019Ivoire and Mauritania"),
        Case("UTF-16 BE without BOM", "utf16be.txt", _bytes(_UTF16_BODY.encode("utf-16-be")),
             "indexed", "C\u00f4te d\u2019Ivoire and Mauritania"),
        Case("UTF-8 with BOM, CRLF", "bom.txt",
             _bytes(codecs.BOM_UTF8 + (_HEADER + "Forced labour in S\u00e9gou.\n").replace(
                 "\n", "\r\n").encode()), "indexed", "Forced labour in S\u00e9gou."),
        Case("Windows-1252 only", "western.txt",
             _bytes((_HEADER + "The ministry\u2019s \u201cplan\u201d \u2013 C\u00f4te d\u2019Ivoire.\n"
                     * 3).encode("cp1252")), "indexed", "The ministry\u2019s \u201cplan\u201d"),
        Case("HTML nested 405 deep", "deep.html", _html("<div>" * 405 + "x" + "</div>" * 405),
             "skipped", "nested more than"),
        Case(f"HTML of {paragraphs:,} paragraphs", "paragraphs.html",
             _html("".join(f"<p>Paragraph {i} on forced labour.</p>" for i in range(paragraphs))),
             "bounded"),
        Case(f"HTML of {breaks:,} `<br>`", "breaks.html", _html("x<br>" * breaks), "bounded"),
        Case(f"HTML of {bolds:,} empty `<b></b>`", "bolds.html",
             _html("<b></b>" * bolds + "<p>Forced labour in Mali.</p>"), "bounded"),
        Case("file over the size limit", "huge.txt",
             _bytes((_HEADER + "word " * 4_300_000).encode()), "skipped", "file too large"),
        Case("only page furniture", "furniture.txt",
             _bytes(b"Last Updated: Tuesday, 24 May 2016, 11:51 GMT\n\nSearch Refworld\n"),
             "skipped", "only page furniture"),
        Case("newline in the name", "forged\nskipped ok.txt: fine.txt", _bytes(b""), "skipped",
             "empty file"),
        Case("terminal escape in the name", "red\x1b[31m.txt", _bytes(b""), "skipped", "empty file"),
        Case("name not UTF-8", b"caf\xe9.txt", _text("Forced labour.\n"), "skipped",
             "not valid UTF-8"),
        Case("named pipe", "pipe.txt", lambda path: os.mkfifo(path), "skipped",
             "not a regular file"),
        Case("dangling link", "dangling.txt", _link("nowhere.txt"), "unreadable",
             "broken symbolic link"),
        Case("link to itself", "self.txt", _link("self.txt"), "unreadable", "symbolic link loop"),
        Case("folder link back up", "loop", _looping_folder, "skipped", "symbolic link loop",
             reported="up"),
        Case("parser that spins", "pathological-spin.txt", _text("Spins.\n"), "skipped",
             "took longer than"),
        Case("parser that eats memory", "pathological-hog.txt", _text("Eats.\n"), "skipped",
             "needed more than"),
    ]


def write_cases(folder: Path, chosen: list[Case]) -> dict[str, Path]:
    """Write every case into ``folder``; by label, the path each case is reported under."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for case in chosen:
        name = os.fsdecode(case.name) if isinstance(case.name, bytes) else case.name
        path = folder / name
        case.write(path)
        paths[case.label] = path / case.reported if case.reported else path
    return paths
