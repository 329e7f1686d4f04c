"""A build keeps its manifest's records packed (``store.packed``): each read back is the record put
in, and the manifest written from them is the one written from the records themselves."""
from __future__ import annotations

import pytest

from indexer.documents.furniture import edge_key
from indexer.store.manifest import MANIFEST_NAME, FileRecord, Manifest, save_manifest
from indexer.store.packed import PackedRecords

HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
KEYS = edge_key("U.S. Department of State") + edge_key("Copyright 2024") + edge_key("Home | Reports")

RECORDS = [
    # A file read by a build: hexadecimal hash and id, edge keys (one numbered), a text key.
    FileRecord("/archive/tip/mali-2024.html", 48_213, 1_717_171_717_123_456_789, HASH, HASH[:16],
               "state.gov", KEYS, "Mali: Trafficking in Persons Report 2024", "text:" + HASH[:32],
               edge_key("menu")[:12] + "0a1b2c3d4e5f"),
    # A document given without a file: no size, no time, no site.
    FileRecord("docs/given.md", -1, -1, HASH, "given-1", "", "", "", "", ""),
    # An id its metadata names, a title in other scripts, a file name that is not UTF-8.
    FileRecord("/archive/r\udce9sum\u00e9.pdf", 0, 0, HASH, "RWD/2024/0042", "layout:pdf:/archive",
               "", "Rapport \u00e9t\u00e9 \u2014 \u0627\u0644\u062a\u0642\u0631\u064a\u0631", "text:", ""),
    # Strings that look like what is packed, but are not: odd hex, upper case, short keys.
    FileRecord("/archive/odd.txt", 7, 8, HASH.upper(), "abc", "x", "n12345", "0123456789ab", "text:abc",
               "n23456789abc"),
]


@pytest.mark.parametrize("record", RECORDS)
def test_a_packed_record_reads_back_as_the_record_put_in(record):
    records = PackedRecords()
    records[record.path] = record
    assert records[record.path] == record
    assert list(records.items()) == [(record.path, record)]


def test_a_record_kept_under_another_path_keeps_its_own():
    records = PackedRecords()
    records["docs/given.md#given-1"] = RECORDS[1]
    assert records["docs/given.md#given-1"].path == "docs/given.md"


def test_the_records_a_build_starts_from_are_kept_as_given_and_those_set_packed():
    kept = {RECORDS[1].path: RECORDS[1]}
    records = PackedRecords(kept)
    records[RECORDS[0].path] = RECORDS[0]
    assert records[RECORDS[1].path] is RECORDS[1]  # the live manifest's own, held anyway
    assert records[RECORDS[0].path] == RECORDS[0] and records[RECORDS[0].path] is not RECORDS[0]


def test_a_manifest_of_packed_records_is_the_manifest_of_the_records(tmp_path):
    records = {record.path: record for record in RECORDS}
    packed = PackedRecords()
    packed.update(records)
    (tmp_path / "plain").mkdir()
    (tmp_path / "packed").mkdir()
    save_manifest(tmp_path / "plain", Manifest(records, "schema-1"))
    save_manifest(tmp_path / "packed", Manifest(packed, "schema-1"))
    assert (tmp_path / "packed" / MANIFEST_NAME).read_bytes() == (tmp_path / "plain" / MANIFEST_NAME).read_bytes()


def test_packed_records_are_replaced_and_removed_as_in_a_dict():
    records = PackedRecords()
    records.update({record.path: record for record in RECORDS})
    first = RECORDS[0]
    records[first.path] = RECORDS[3]
    del records[RECORDS[1].path]
    assert len(records) == 3 and RECORDS[1].path not in records
    assert records[first.path] == RECORDS[3]
