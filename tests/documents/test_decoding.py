"""Bytes to text: encodings detected, line endings normalised, non-text refused with a reason."""
from __future__ import annotations

import codecs

import pytest

from indexer.documents.decoding import (
    Unreadable,
    declared_charset,
    decode,
    detect_and_decode,
    normalise_newlines,
    repair_mojibake,
)

WESTERN_TEXT = ("Malian children are trafficked to C\u00f4te d\u2019Ivoire, where \u201cguides\u201d "
                "sell them \u2013 the government\u2019s efforts were noted. ") * 4


@pytest.mark.parametrize("data, expected", [
    ("Côte d’Ivoire\n".encode(), "Côte d’Ivoire\n"),
    (codecs.BOM_UTF8 + "Côte d’Ivoire\n".encode(), "Côte d’Ivoire\n"),
    (b"a\r\nb\r\n", "a\nb\n"),
    (b"a\rb\r", "a\nb\n"),
    (b"a\r\n\r\nb\rc\n", "a\n\nb\nc\n"),
    ("Côte d’Ivoire".encode("utf-16"), "Côte d’Ivoire"),
])
def test_decode_reads_utf8_bom_utf16_and_every_line_ending(data, expected):
    assert decode(data) == expected


def test_windows_1252_text_is_detected_not_guessed():
    text, encoding = detect_and_decode(WESTERN_TEXT.encode("cp1252"))
    assert text == WESTERN_TEXT
    assert encoding == "cp1252"


def test_utf8_with_a_stray_windows_1252_byte_keeps_both_right():
    data = "Côte d’Ivoire and São Tomé: ".encode() * 3 + b"the government\x92s efforts."
    assert decode(data) == "Côte d’Ivoire and São Tomé: " * 3 + "the government’s efforts."


@pytest.mark.parametrize("text, expected", [
    ("CÃ´te dâ€™Ivoire", "Côte d’Ivoire"),
    ("â€œquotedâ€\x9d and SÃ£o TomÃ©", "“quoted” and São Tomé"),
    ("Côte d’Ivoire", "Côte d’Ivoire"),
    ("Ã la carte is French, and so is Ã‰ric → ok", "Ã la carte is French, and so is Ã‰ric → ok"),
    ("plain ascii", "plain ascii"),
])
def test_repair_mojibake_only_when_the_whole_text_round_trips(text, expected):
    assert repair_mojibake(text) == expected


def test_english_text_with_a_few_odd_bytes_is_read_not_refused(seed_path):
    data = bytearray(seed_path.read_bytes())
    for position, odd in ((100, b"\x81\xfe"), (900, b"\x8d\xff\x90"), (2000, b"\x9d")):
        data[position:position] = odd
    text = decode(bytes(data))
    assert "Trafficking in Persons Report - Mali" in text and len(text) > 3000


def test_latin1_text_without_curly_quotes_is_read_right():
    original = "Agreements with C\u00f4te d'Ivoire and S\u00e3o Tom\u00e9 were signed. " * 5
    assert decode(original.encode("latin-1")) == original


@pytest.mark.parametrize("declaration", [
    b'<meta charset="windows-1252">', b'<meta charset=iso-8859-1>',
    b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
])
def test_html_meta_charset_decides_a_legacy_page(declaration):
    page = b"<html><head>" + declaration + b"</head><body><p>" + WESTERN_TEXT.encode("cp1252") + b"</p></body></html>"
    assert declared_charset(page) == "cp1252"
    assert WESTERN_TEXT in decode(page)


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"   \n\r\n\t ", "empty file"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file: this is a PDF"),
    (b"GIF89a\x00\x01\x00", "binary file: it contains NUL bytes"),
    (b"text\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11", "binary file: too many control characters"),
    (bytes(range(0x80, 0x100)) * 8, "undecodable text"),
    (b"x" * 101, "file too large"),
])
def test_bad_input_is_refused_with_a_reason_naming_the_problem(data, reason):
    with pytest.raises(Unreadable, match=reason):
        decode(data, max_bytes=100 if reason == "file too large" else 10_000)


def test_normalise_newlines_removes_stray_byte_order_marks():
    assert normalise_newlines("\ufeffa\r\nb") == "a\nb"


# A file edited in two programs: UTF-8 from one, Windows-1252 from the other.
MIXED_FILES = [
    # The case: mostly ASCII, one UTF-8 name, Word's curly quotes in Windows-1252.
    ("Trafficking in C\u00f4te d\u2019Ivoire remains a concern. ".encode("utf-8")
     + b"The government\x92s efforts were limited; \x93guides\x94 sold children. " * 3,
     "Trafficking in C\u00f4te d\u2019Ivoire remains a concern. "
     + "The government\u2019s efforts were limited; \u201cguides\u201d sold children. " * 3),
    # A Refworld header typed in UTF-8, a body pasted from a Windows-1252 page.
    ("Publisher\tUnited States Department of State\nCountry\tC\u00f4te d'Ivoire\n\n".encode("utf-8")
     + b"C\xf4te d'Ivoire is a Tier 2 country \x96 the ministry\x92s plan of 2008.\n",
     "Publisher\tUnited States Department of State\nCountry\tC\u00f4te d'Ivoire\n\n"
     "C\u00f4te d'Ivoire is a Tier 2 country \u2013 the ministry\u2019s plan of 2008.\n"),
    # A Russian title in UTF-8 beside Windows-1252 quotes.
    ("\u0414\u043e\u043a\u043b\u0430\u0434 \u043e \u0442\u043e\u0440\u0433\u043e\u0432\u043b\u0435 "
     "\u043b\u044e\u0434\u044c\u043c\u0438\n".encode("utf-8") + b"The \x93Trafficking in Persons\x94 report.\n",
     "\u0414\u043e\u043a\u043b\u0430\u0434 \u043e \u0442\u043e\u0440\u0433\u043e\u0432\u043b\u0435 "
     "\u043b\u044e\u0434\u044c\u043c\u0438\nThe \u201cTrafficking in Persons\u201d report.\n"),
    # One euro sign in UTF-8 among Windows-1252 dashes.
    (b"Fines of up to 5,000 " + "\u20ac".encode("utf-8") + b" \x97 rarely imposed \x97 were noted.\n",
     "Fines of up to 5,000 \u20ac \u2014 rarely imposed \u2014 were noted.\n"),
]


@pytest.mark.parametrize("data, expected", MIXED_FILES)
def test_a_mostly_utf8_file_keeps_its_utf8_and_repairs_its_windows_1252_stretches(data, expected):
    text = decode(data)
    assert text == expected
    assert "\u221a" not in text and "\u201a\u00c4" not in text  # no Mac Icelandic "C√¥te d‚ÄôIvoire"


@pytest.mark.parametrize("text", [
    # A French capital before a no-break space (C9 A0) is also valid UTF-8 for "ɠ".
    "RAPPORT ANNUEL DU MINIST\u00c8RE DE LA JUSTICE : CAF\u00c9\u00a0: les \u00e9l\u00e8ves "
    "\u00e9trangers ont \u00e9t\u00e9 entendus. " * 3,
    # "Fuß" before a closing quote (DF 94) is valid UTF-8 for an N'Ko letter.
    "Die Stra\u00dfe hei\u00dft \u201eAm Flu\u00df\u201d, sagte der Beh\u00f6rdenleiter. " * 3,
])
def test_windows_1252_text_with_an_accidental_utf8_pair_stays_windows_1252(text):
    assert decode(text.encode("cp1252")) == text


@pytest.mark.parametrize("text", [
    "Trafficking in Persons Report 2008 - Mali\nMali (Tier 2)\nC\u00f4te d\u2019Ivoire borders Mali.\n",
    "<html><head><title>Mali</title></head><body><p>Tier 2 \u2013 forced labour</p></body></html>\n",
    "\u0414\u043e\u043a\u043b\u0430\u0434 \u043e \u0442\u043e\u0440\u0433\u043e\u0432\u043b\u0435 "
    "\u043b\u044e\u0434\u044c\u043c\u0438 \u2014 \u041c\u0430\u043b\u0438\n",
    "\u4eba\u53e3\u8d29\u8fd0\u95ee\u9898\u62a5\u544a \u9a6c\u91cc\n",
])
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_text_not_binary(text, encoding):
    assert decode(text.encode(encoding)) == text


@pytest.mark.parametrize("data, reason", [
    (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,",
     "binary file: it contains NUL bytes"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00",
     "binary file: it contains NUL bytes"),
    (bytes(range(0x80, 0x100)) * 8, "undecodable text: the bytes are not UTF-8"),
])
def test_bytes_that_no_encoding_reads_as_text_are_refused_with_a_reason(data, reason):
    with pytest.raises(Unreadable, match=reason):
        decode(data)


def test_windows_1252_punctuation_once_read_as_latin1_is_repaired():
    data = "the government\u0092s \u0093guides\u0094 \u0096 2008".encode("utf-8")
    assert decode(data) == "the government\u2019s \u201cguides\u201d \u2013 2008"
