"""From the bytes of a saved file to text, or a clear reason why not.

Saved pages come as UTF-8 (with or without a byte-order mark), as legacy
Windows-1252 / Latin-1 pages, with Windows or old Mac line endings, and
sometimes are not text at all (a PDF saved with a ``.html`` name). The
encoding is detected, never assumed: a byte-order mark, then strict UTF-8,
then the page's own ``<meta charset>``, then charset-normalizer's analysis.
Each refusal raises ``Unreadable`` with a sentence the user can act on.
"""
from __future__ import annotations

import codecs
import re

import charset_normalizer

from .. import config


class Unreadable(ValueError):
    """The bytes cannot become a document; the message says why."""


_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Control characters that never occur in text (tab, newline, form feed and carriage return do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
# Labels that browsers read as Windows-1252 (WHATWG Encoding Standard).
_WESTERN = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii",
            "windows-1252", "cp1252", "x-cp1252", "iso_8859-1"}
# Share of ASCII bytes above which undetectable bytes are read as Windows-1252 rather than refused.
_MIN_ASCII_SHARE = 0.97
# Share of control bytes above which a file is taken to be binary.
_MAX_CONTROL_SHARE = 0.01


def check_bytes(data: bytes, *, max_bytes: int = config.MAX_FILE_BYTES) -> None:
    """Refuse empty, oversized and binary input before any decoding work."""
    if len(data) > max_bytes:
        raise Unreadable(f"file too large ({len(data):,} bytes; the limit is {max_bytes:,} bytes)")
    if not data.strip():
        raise Unreadable("empty file (no text to read)")
    if data.lstrip()[:5] == b"%PDF-":
        raise Unreadable("binary file: this is a PDF, save the page as HTML or text instead")
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return
    sample = data[:65536]
    if b"\x00" in sample:
        raise Unreadable("binary file: it contains NUL bytes, so it is not a text or HTML page")
    controls = sum(sample.count(bytes([b])) for b in _CONTROL_BYTES)
    if controls > _MAX_CONTROL_SHARE * len(sample):
        raise Unreadable("binary file: too many control characters for a text or HTML page")


def declared_charset(data: bytes) -> str | None:
    """The encoding an HTML page declares in ``<meta charset>`` (or http-equiv), if any."""
    match = _META_CHARSET_RE.search(data[:4096])
    if not match:
        return None
    label = match.group(1).decode("ascii", "replace").lower()
    if label in _WESTERN:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _stray_byte_as_cp1252(error: UnicodeDecodeError) -> tuple[str, int]:
    """Codec error handler: read the undecodable bytes as Windows-1252 characters."""
    bad = error.object[error.start:error.end]
    return bad.decode("cp1252", errors="replace"), error.end


def _c1_as_byte(error: UnicodeEncodeError) -> tuple[bytes, int]:
    """Codec error handler: the five bytes cp1252 leaves undefined come back as themselves."""
    chars = error.object[error.start:error.end]
    if all(ord(ch) < 256 for ch in chars):
        return chars.encode("latin-1"), error.end
    raise error


codecs.register_error("refsearch-cp1252", _stray_byte_as_cp1252)
codecs.register_error("refsearch-c1", _c1_as_byte)


def mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few stray single-byte characters (a file edited in two programs)?

    Real Windows-1252 text almost never forms valid multi-byte UTF-8
    sequences, so many valid ones beside few invalid ones mean UTF-8.
    """
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    valid = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    return valid >= 2 * invalid > 0


def _western(data: bytes) -> str:
    """Windows-1252, falling back to Latin-1 for the five bytes cp1252 leaves undefined."""
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def detect_and_decode(data: bytes) -> tuple[str, str]:
    """The text and the name of the encoding it was read with."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8-sig"
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if mostly_utf8(data):
        return data.decode("utf-8", errors="refsearch-cp1252"), "utf-8"
    declared = declared_charset(data)
    if declared and declared not in ("utf-8", "utf_8"):
        if declared == "cp1252":
            return _western(data), "cp1252"
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        # Plain English with a few odd bytes is still text: read those bytes as Windows-1252.
        if sum(b < 128 for b in data) >= _MIN_ASCII_SHARE * len(data):
            return _western(data), "cp1252"
        raise Unreadable("undecodable text: the bytes match no known text encoding")
    # Western code pages decode such files identically or nearly so; prefer the
    # one browsers use when it is among the equally plausible readings.
    plausible = [m for m in matches if m.chaos <= best.chaos + 0.01]
    if any("cp1252" in m.could_be_from_charset for m in plausible):
        return _western(data), "cp1252"
    return str(best), best.encoding


_MOJIBAKE_RE = re.compile("[ÂÃ][\u0080-\u00bf]|â€[\u0080-\u00bf\u0152-\u2122]")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was once read as Windows-1252 and saved again ("CÃ´te dâ€™Ivoire").

    Only when the marks of that mistake are present and the whole text
    round-trips exactly; otherwise the text is returned unchanged.
    """
    if not _MOJIBAKE_RE.search(text):
        return text
    try:
        repaired = text.encode("cp1252", errors="refsearch-c1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
    return repaired if len(_MOJIBAKE_RE.findall(repaired)) < len(_MOJIBAKE_RE.findall(text)) else text


def normalise_newlines(text: str) -> str:
    """Windows (CRLF) and old Mac (CR) line endings become LF; stray BOMs go."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")


def decode(data: bytes, *, max_bytes: int = config.MAX_FILE_BYTES) -> str:
    """Checked, decoded, newline-normalised text of ``data``; raises ``Unreadable``."""
    check_bytes(data, max_bytes=max_bytes)
    text, _encoding = detect_and_decode(data)
    text = repair_mojibake(normalise_newlines(text))
    if not text.strip():
        raise Unreadable("empty file (no text to read)")
    if text.count("\ufffd") > max(10, len(text) // 100):
        raise Unreadable("undecodable text: too many bytes are invalid in every encoding tried")
    return text
