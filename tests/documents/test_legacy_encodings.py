"""Legacy encodings are read to the right text: GBK to TIS-620, as text files and as declared HTML pages."""
from __future__ import annotations

import json

import pytest
from buildhelp import all_ids

from bench.reliability.hostile import LEGACY_SAMPLES, LEGACY_TEXTS, legacy_page
from indexer import cli
from indexer.documents.alphabets import alphabet_fit
from indexer.documents.decoding import decode, has_utf8_stretches

HEADER = ("U.S. Department of State 2008 Trafficking in Persons Report - Mali\n\n"
          "Publisher United States Department of State\nPublication Date 4 June 2008\n\n")
SAMPLE_IDS = [f"{encoding}-{language.split()[0].lower()}" for encoding, language, _ in LEGACY_SAMPLES]


def extract_one(runner, path):
    result = runner.invoke(cli.main, ["extract", "--json", str(path)])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("encoding, language, text", LEGACY_SAMPLES, ids=SAMPLE_IDS)
def test_a_report_saved_in_a_legacy_encoding_is_extracted_to_its_own_text(runner, tmp_path, encoding,
                                                                           language, text):
    path = tmp_path / "report.txt"
    path.write_bytes((HEADER + text + "\n").encode(encoding))
    assert extract_one(runner, path)["text"].strip() == text


@pytest.mark.parametrize("encoding, language, text", LEGACY_SAMPLES, ids=SAMPLE_IDS)
def test_an_html_page_declaring_a_legacy_encoding_is_extracted_to_its_own_text(runner, tmp_path,
                                                                               encoding, language, text):
    path = tmp_path / "page.html"
    path.write_bytes(legacy_page(text, encoding))
    assert extract_one(runner, path)["text"].strip() == text


@pytest.fixture(scope="module")
def legacy_index(tmp_path_factory):
    """One index of a folder holding the paragraph of every sample, each in its encoding.

    Each paragraph starts with its encoding's name: the same paragraph at the end of three
    files of one folder would otherwise be learned as furniture.
    """
    from click.testing import CliRunner

    root = tmp_path_factory.mktemp("legacy")
    docs, index_dir = root / "docs", root / "ix"
    docs.mkdir()
    for encoding, _, text in LEGACY_SAMPLES:
        (docs / f"{encoding}.txt").write_bytes((HEADER + f"[{encoding}] {text}\n").encode(encoding))
    result = CliRunner().invoke(cli.main, ["index", str(docs), "--index", str(index_dir),
                                           "--workers", "1"])
    assert result.exit_code == 0 and " 0 skipped" in result.output, result.output
    from indexer.archive import open_archive

    with open_archive(index_dir) as archive:
        docs_read = [archive.document(doc_id) for doc_id in all_ids(index_dir)]
    return {doc.path.rsplit("/", 1)[-1][:-len(".txt")]: doc.text for doc in docs_read}


@pytest.mark.parametrize("encoding, language, text", LEGACY_SAMPLES, ids=SAMPLE_IDS)
def test_index_stores_a_legacy_encoded_report_as_its_own_text(legacy_index, encoding, language, text):
    assert legacy_index[encoding].strip() == f"[{encoding}] {text}"


@pytest.mark.parametrize("encoding, language, text", LEGACY_SAMPLES, ids=SAMPLE_IDS)
def test_legacy_bytes_are_not_taken_for_utf8_with_stray_windows_1252(encoding, language, text):
    assert not has_utf8_stretches(text.encode(encoding))


@pytest.mark.parametrize("right, wrong", [
    ("Handel ludźmi pozostaje poważnym problemem.", "Handel ludỳmi pozostaje powaṡnym problemem."),
    ("Kadınlar ve çocuklar şehirlere götürülüyor.", "Kadýnlar ve çocuklar þehirlere götürülüyor."),
    ("İnsan ticareti ülkede ciddi bir sorun.", "¦nsan ticareti ³lkede ciddi bir sorun."),
    ("Obchodování s lidmi zůstává vážným problémem.", "Obchodování s lidmi zůstává vľným problémem."),
])
def test_the_reading_in_one_languages_alphabet_fits_better_than_a_mixture(right, wrong):
    assert alphabet_fit(right) == 1.0
    assert alphabet_fit(wrong) < alphabet_fit(right)


@pytest.mark.parametrize("text", [
    "Children from Côte d’Ivoire and São Tomé were found in “gold mines” – the ministry’s report. " * 3,
    "La traite des êtres humains demeure un problème grave dans ce pays.",
    "O tráfico de pessoas continua a ser um problema grave no país; a proteção das vítimas é limitada.",
])
def test_western_text_in_windows_1252_stays_windows_1252(text):
    assert decode(text.encode("cp1252")) == text


def test_a_page_declaring_gb2312_is_read_as_gbk_as_browsers_do(runner, tmp_path):
    text = LEGACY_TEXTS["Chinese (simplified)"][1] + "臺灣"  # two characters GB2312 lacks
    path = tmp_path / "page.html"
    path.write_bytes(legacy_page(text, "gbk").replace(b'charset="gbk"', b'charset="gb2312"'))
    assert extract_one(runner, path)["text"].strip() == text
