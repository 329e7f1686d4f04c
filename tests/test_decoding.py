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
    ("Côte d’Ivoire\n".encode("utf-8"), "Côte d’Ivoire\n"),
    (codecs.BOM_UTF8 + "Côte d’Ivoire\n".encode("utf-8"), "Côte d’Ivoire\n"),
    ("a\r\nb\r\n".encode(), "a\nb\n"),
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
    data = "Côte d’Ivoire and São Tomé: ".encode("utf-8") * 3 + b"the government\x92s efforts."
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
