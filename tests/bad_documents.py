"""Files the reader must refuse, each with the words its reason must contain (shared by reader and CLI tests)."""
from __future__ import annotations

from pathlib import Path

BAD_DOCUMENTS = {
    "empty.txt": (b"", "empty file"),
    "report.html": (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
    "nul.txt": (b"Mali\x00\x00\x00 report", "NUL bytes"),
    "garbage.txt": (bytes(range(0x80, 0x100)) * 8, "undecodable text"),
    "headonly.html": (b"<html><head><title>Only a head</title></head></html>", "HTML without a body"),
    "blankbody.html": (b"<html><head><title>t</title></head><body><script>x()</script> </body></html>",
                       "HTML without a body"),
    "furniture.txt": (b"Last Updated: Tuesday, 24 May 2016, 11:51 GMT\n\nSearch Refworld\n", "only page furniture"),
    "deep.html": (b"<html><body>" + b"<div>" * 405 + b"x" + b"</div>" * 405 + b"</body></html>",
                  "nested more than"),
}


def write_bad_documents(folder: Path) -> Path:
    """Write one file of every refused kind into ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (data, _) in BAD_DOCUMENTS.items():
        (folder / name).write_bytes(data)
    return folder
