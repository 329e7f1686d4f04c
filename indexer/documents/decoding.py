"""From the bytes of a saved file to text, or a clear reason why not.

Saved pages come as UTF-8 (with or without a byte-order mark), as legacy
Windows-1252 / Latin-1 pages or in another language's legacy encoding (GBK,
Big5, EUC-KR, ISO-8859-2, cp866, ...), as UTF-16 (Windows "Unicode" text, often
without a byte-order mark), with Windows or old Mac line endings, and
sometimes are not text at all (a PDF saved with a ``.html`` name). The
encoding is detected, never assumed: a byte-order mark, then UTF-16 by the
shape of its bytes, then strict UTF-8, then UTF-8 with its Windows-1252
stretches repaired (a file edited in two programs), then the page's own
``<meta charset>``, then charset-normalizer's analysis, in which readings
equally free of noise are told apart by the alphabets of the languages
their letters belong to (``alphabets``). UTF-8 comes before
any statistical guess because a statistical guess over a mostly-ASCII file
has little to go on and can land on an exotic code page (Mac Icelandic reads
"Côte d’Ivoire" as "C√¥te d‚ÄôIvoire"), while valid multi-byte UTF-8
almost never happens by accident. Each refusal raises ``Unreadable`` with a
sentence the user can act on.
"""
from __future__ import annotations

import codecs
import re

import charset_normalizer

from .. import config
from .alphabets import LATIN_CODE_PAGES, alphabet_fit, is_latin_text


class Unreadable(ValueError):
    """The bytes cannot become a document; the message says why."""


_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Control characters that never occur in text (tab, newline, form feed and carriage return do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
# Labels that browsers read as Windows-1252 (WHATWG Encoding Standard).
_WESTERN = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii",
            "windows-1252", "cp1252", "x-cp1252", "iso_8859-1"}
# Legacy encodings that browsers read as a superset of what the page declares (WHATWG
# Encoding Standard): pages labelled GB2312 hold GBK characters, EUC-KR pages Windows-949
# ones, TIS-620 pages Windows-874 ones.
_AS_BROWSERS_READ = {"gb2312": "gb18030", "gbk": "gb18030", "euc_kr": "cp949", "big5": "big5hkscs",
                     "iso8859_9": "cp1254", "tis_620": "cp874", "iso8859_11": "cp874",
                     "shift_jis": "cp932"}
# Share of ASCII bytes above which undetectable bytes are read as Windows-1252 rather than refused.
_MIN_ASCII_SHARE = 0.97
# Noise (charset-normalizer's "chaos") by which a reading may exceed the least noisy one
# and still be weighed as equally plausible.
_CHAOS_TOLERANCE = 0.02
# Characters of each reading whose letters are weighed (``alphabets.alphabet_fit``).
_FIT_SAMPLE_CHARS = 200_000
# Share of control bytes above which a file is taken to be binary.
_MAX_CONTROL_SHARE = 0.01
# Share of a UTF-16 reading's characters that must fall in its two commonest
# 128-character blocks (say ASCII and Cyrillic) for it to be text rather than
# binary data that happens to decode.
_UTF16_MIN_BLOCK_SHARE = 0.9
# Printable ASCII and the whitespace of text, as bytes.
_TEXT_BYTES = bytes(range(32, 127)) + b"\t\n\r\f"
# Share of such bytes above which data is single-byte text, never UTF-16: in UTF-16
# every Latin letter comes with a NUL, and ideographs hold bytes of every value.
_UTF16_MAX_TEXT_BYTE_SHARE = 0.95
# Ideographs, kana and hangul: one script whose text spreads over many blocks.
_CJK_RANGES = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF),
               (0xF900, 0xFAFF), (0xFF00, 0xFFEF))
# A multi-byte UTF-8 sequence: two, three or four bytes.
_UTF8_SEQUENCE_RE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# A stretch of non-ASCII bytes, and one too long to be stray Windows-1252 characters
# ("\x93guides\x94", "government\x92s" have one or two together).
_HIGH_RUN_RE = re.compile(rb"[\x80-\xff]+")
_LONG_STRAY_RE = re.compile(rb"[\x80-\xff]{4,}")
# Share of the non-ASCII bytes outside UTF-8 sequences that may sit in long stretches
# in a file of UTF-8 with stray Windows-1252 bytes.
_MAX_LONG_STRAY_SHARE = 0.1


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
    problem = _binary_bytes(data[:65536])
    if problem and not utf16_without_bom(data):  # in UTF-16 those bytes are halves of characters
        raise Unreadable(problem)


def without_stray_nuls(data: bytes) -> bytes:
    """``data`` without its NUL bytes when they are a stray few in text; otherwise as it is.

    A NUL in a text file is a byte left by a crash while saving or by a tool
    that pads; one of them must not cost the whole document. A few (at most
    ``config.MAX_STRAY_NUL_SHARE`` of the bytes, and at least one) are
    dropped when the rest is plainly text. UTF-16, whose NULs are halves of
    characters, and binary files, which have many, keep them and are judged
    as they are.
    """
    nuls = data.count(0)
    if not nuls or nuls > max(1, len(data) * config.MAX_STRAY_NUL_SHARE):
        return data
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or utf16_without_bom(data):
        return data
    cleaned = data.replace(b"\x00", b"")
    return cleaned if _binary_bytes(cleaned[:65536]) is None else data


def _binary_bytes(sample: bytes) -> str | None:
    """Why ``sample`` looks binary when read a byte at a time, or None."""
    if b"\x00" in sample:
        return "binary file: it contains NUL bytes, so it is not a text or HTML page"
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(sample):
        return "binary file: too many control characters for a text or HTML page"
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` when ``data`` reads as text in it, else None.

    Windows saves "Unicode" text as UTF-16, sometimes without a byte-order
    mark. Its bytes look binary (every ASCII letter comes with a NUL), so the
    reading is tried in both byte orders and kept only when it is plausible
    text: no unpaired surrogates, no control characters but line breaks and
    tabs, and characters from one or two scripts, as text has, rather than
    spread over the whole of Unicode, as binary data read this way is.
    """
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:65536]
    if len(sample.translate(None, _TEXT_BYTES)) < (1 - _UTF16_MAX_TEXT_BYTE_SHARE) * len(sample):
        return None  # single-byte text (with a stray NUL), whose byte pairs read as ideographs
    # Latin text has a NUL as the high byte of nearly every character: first
    # in big-endian order, second in little-endian. Try the likelier order first.
    orders = ("utf-16-le", "utf-16-be")
    if sample[0::2].count(0) > sample[1::2].count(0):
        orders = orders[::-1]
    for encoding in orders:
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError as error:
            if error.start < len(sample) - 2:
                continue  # an unpaired surrogate: not UTF-16 in this byte order
            text = sample[:error.start].decode(encoding)  # a pair cut by the sample's end
        if _plausible_text(text):
            return encoding
    return None


def _plausible_text(text: str) -> bool:
    if not text.strip() or any(ch < " " and ch not in "\t\n\r\f" for ch in text):
        return False
    # Text read in the wrong byte order turns each Latin letter into U+xx00.
    if sum(1 for ch in text if ord(ch) & 0xFF == 0) > 0.05 * len(text):
        return False
    blocks: dict[int, int] = {}
    for ch in text:
        code = ord(ch)
        block = -1 if any(low <= code <= high for low, high in _CJK_RANGES) else code >> 7
        blocks[block] = blocks.get(block, 0) + 1
    commonest = sorted(blocks.values(), reverse=True)[:2]
    return sum(commonest) >= _UTF16_MIN_BLOCK_SHARE * len(text)


def declared_charset(data: bytes) -> str | None:
    """The encoding an HTML page declares in ``<meta charset>`` (or http-equiv), if any."""
    match = _META_CHARSET_RE.search(data[:4096])
    if not match:
        return None
    label = match.group(1).decode("ascii", "replace").lower()
    if label in _WESTERN:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _AS_BROWSERS_READ.get(name, name)


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


# typeshed types a handler as taking any UnicodeError; codecs give each of these only its own kind.
codecs.register_error("refsearch-cp1252", _stray_byte_as_cp1252)  # type: ignore[arg-type]
codecs.register_error("refsearch-c1", _c1_as_byte)  # type: ignore[arg-type]


def has_utf8_stretches(data: bytes) -> bool:
    """Does ``data`` (which is not valid UTF-8 as a whole) hold UTF-8 text beside single bytes?

    A file edited in two programs mixes UTF-8 ("Côte d’Ivoire" as C3 B4 and
    E2 80 99) with Windows-1252 bytes (92 for ’). Real Windows-1252 text
    almost never forms a valid multi-byte UTF-8 sequence: it would take an
    accented capital or ``à``-``ï`` directly followed by a symbol such as a
    curly quote. So any sequence that is telling means UTF-8: one of three or
    four bytes, a two-byte one for a Latin letter or sign (U+0080 to U+017F:
    leads C2 to C5, where an accident needs Â, Ã, Ä or Å before a symbol),
    or one next to another (a word in another script). However few there
    are beside however many single bytes, provided those single bytes are
    what stray Windows-1252 characters look like: one to three together
    between ASCII. Text in a multi-byte legacy encoding (GBK, Big5, EUC-KR,
    EUC-JP) or a non-Latin single-byte one (cp866, TIS-620) is made of long
    stretches of non-ASCII bytes, in which valid UTF-8 sequences do occur by
    accident; they tell nothing there.
    """
    telling = any(_telling(match, data) for match in _UTF8_SEQUENCE_RE.finditer(data))
    if not telling:
        return False
    stray = _UTF8_SEQUENCE_RE.sub(b"", data)  # the bytes outside UTF-8 sequences
    long_stray = sum(map(len, _LONG_STRAY_RE.findall(stray)))
    return long_stray <= _MAX_LONG_STRAY_SHARE * sum(map(len, _HIGH_RUN_RE.findall(stray)))


def _telling(match: re.Match, data: bytes) -> bool:
    sequence = match.group()
    return (len(sequence) > 2 or sequence[0] <= 0xC5
            or _UTF8_SEQUENCE_RE.match(data, match.end()) is not None)


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
    if _binary_bytes(data[:65536]) and (utf16 := utf16_without_bom(data)):
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass  # plausible at the start only: read on as other text would be
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if has_utf8_stretches(data):
        return data.decode("utf-8", errors="refsearch-cp1252"), "utf-8+cp1252"
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
        # Plain English with a few odd bytes is still text: read those bytes as Windows-1252
        # (or as the Latin code page whose letters they make).
        if sum(b < 128 for b in data) >= _MIN_ASCII_SHARE * len(data):
            return _likeliest(data, [(_western(data), "cp1252")])
        raise Unreadable("undecodable text: the bytes are not UTF-8 and match no other known "
                         "text encoding; save the file as UTF-8")
    # Several code pages often read a file with equally little noise. Western ones
    # decode it identically or nearly so: the one browsers use comes first.
    plausible = [m for m in matches if m.chaos <= best.chaos + _CHAOS_TOLERANCE]
    readings = [(str(m), m.encoding) for m in plausible]
    if any("cp1252" in m.could_be_from_charset for m in plausible):
        readings.insert(0, (_western(data), "cp1252"))
    return _likeliest(data, readings)


def _likeliest(data: bytes, readings: list[tuple[str, str]]) -> tuple[str, str]:
    """Of ``readings`` (text, encoding), in order of preference, the one whose letters one language writes.

    charset-normalizer stops trying code pages once some read a file well,
    so a Latin-script file is also read in each Latin code page
    (``alphabets.LATIN_CODE_PAGES``): Czech in ISO-8859-2 after an English
    preface is otherwise read as Windows-1250, with "ľ" for "ž". Readings
    are weighed on their first ``_FIT_SAMPLE_CHARS`` characters; the first
    of equally fitting readings wins.
    """
    heads: list[tuple[str, str, str | None]] = [(text[:_FIT_SAMPLE_CHARS], encoding, text)
                                               for text, encoding in readings]
    if is_latin_text(heads[0][0]):
        seen = {head for head, _, _ in heads}
        for code_page in LATIN_CODE_PAGES:
            try:
                head = data[:_FIT_SAMPLE_CHARS].decode(code_page)  # one byte, one character
            except UnicodeDecodeError:
                continue
            if head not in seen:
                seen.add(head)
                heads.append((head, code_page, None))
    heads.sort(key=lambda reading: alphabet_fit(reading[0]), reverse=True)  # stable: first of equals
    for _, encoding, text in heads:
        try:
            return (text if text is not None else data.decode(encoding)), encoding
        except UnicodeDecodeError:  # a byte past the sample that this code page lacks
            continue
    return readings[0]


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


# C1 control characters that are Windows-1252 characters read as Latin-1 (and
# saved again as UTF-8): U+0092 is what became of a ’. Real text never holds
# them; the five code points Windows-1252 leaves undefined stay as they are.
_C1_AS_CP1252 = {code: bytes([code]).decode("cp1252") for code in range(0x80, 0xA0)
                 if code not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


_C1_RE = re.compile("[\x80-\x9f]")


def repair_c1_controls(text: str) -> str:
    """Windows-1252 punctuation that was once read as Latin-1 becomes itself again."""
    if not _C1_RE.search(text):
        return text
    return text.translate(_C1_AS_CP1252)


def normalise_newlines(text: str) -> str:
    """Windows (CRLF) and old Mac (CR) line endings become LF; stray BOMs go."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")


def decode(data: bytes, *, max_bytes: int = config.MAX_FILE_BYTES) -> str:
    """Checked, decoded, newline-normalised text of ``data``; raises ``Unreadable``."""
    data = without_stray_nuls(data)
    check_bytes(data, max_bytes=max_bytes)
    text, _encoding = detect_and_decode(data)
    text = repair_c1_controls(repair_mojibake(normalise_newlines(text)))
    if not text.strip():
        raise Unreadable("empty file (no text to read)")
    if text.count("\ufffd") > max(10, len(text) // 100):
        raise Unreadable("undecodable text: too many bytes are invalid in every encoding tried")
    return text
