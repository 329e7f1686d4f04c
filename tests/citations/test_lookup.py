"""Citation lookup: reading pasted citations, addresses and symbols, and finding the
document they cite in an index of look-alike documents."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from indexer.archive import open_archive
from indexer.build import write_index
from indexer.citations.formats import STYLES, format_citation
from indexer.citations.lookup import lookup
from indexer.citations.parsing import parse_citation
from indexer.citations.similarity import date_agreement, fold, title_similarity
from indexer.dates import format_long
from indexer.edits import edit_distance
from indexer.errors import QueryError, QueryTooLong
from indexer.records import Country

ACCESSED = dt.date(2016, 5, 25)


@pytest.fixture(scope="module")
def archive(citation_index):
    with open_archive(citation_index) as opened:
        yield opened


@pytest.fixture(scope="module")
def seed_id(seed_as_extracted):
    return seed_as_extracted.id


# ---- the real examples ------------------------------------------------------

def example_lines(corpus_dir) -> tuple[list[str], list[str]]:
    """(citation lines of sections 1-3, lines of section 4) of CITATION_EXAMPLES.md."""
    text = (corpus_dir / "refworld-records" / "CITATION_EXAMPLES.md").read_text(encoding="utf-8")
    citations_part, urls_part = text.split("## 4.", 1)
    citations = [re.split(r"\s{2,}<-", line)[0].strip()
                 for line in citations_part.splitlines()
                 if re.match(r"^ {4}\S", line)]
    return citations, urls_part.splitlines()


# marker (occurs in exactly one example line) -> title start, date, symbol, docid
CITE_AS_EXAMPLES = {
    "2002 Trafficking in Persons Report - Nigeria": (
        "U.S. Department of State 2002 Trafficking in Persons Report - Nigeria", "2002-06-05", None, None),
    "2004 Trafficking in Persons Report - Nigeria": (
        "U.S. Department of State 2004 Trafficking in Persons Report - Nigeria", "2004-06-14", None, None),
    "2005 Trafficking in Persons Report - Nigeria": (
        "U.S. Department of State 2005 Trafficking in Persons Report - Nigeria", "2005-06-03", None, None),
    "Report 2008 - Nigeria": ("Trafficking in Persons Report 2008 - Nigeria", "2008-06-04", None, None),
    "2002 Trafficking in Persons Report - Mali": (
        "U.S. Department of State 2002 Trafficking in Persons Report - Mali", "2002-06-05", None, None),
    "2004 Trafficking in Persons Report - Mali": (
        "U.S. Department of State 2004 Trafficking in Persons Report - Mali", "2004-06-14", None, None),
    "2006 Trafficking in Persons Report - Mali": (
        "U.S. Department of State 2006 Trafficking in Persons Report - Mali", "2006-06-05", None, None),
    "2007 Trafficking in Persons Report - Mali": (
        "U.S. Department of State 2007 Trafficking in Persons Report - Mali", "2007-06-12", None, None),
    "Report 2008 - Mali": ("Trafficking in Persons Report 2008 - Mali", "2008-06-04", None, None),
    "NGA26574.E": ("Nigeria: Information on whether the Nigerian embassy in Canada is closed, and if so,",
                   "1997-04-01", "NGA26574.E", "3ae6ab005c"),
    "HCR/GIP/16/12": ("Guidelines on International Protection No. 12: Claims for refugee status",
                      "2016-12-02", "HCR/GIP/16/12", "583595ff4"),
    "Marina Sharpe": ("The 1969 OAU Refugee Convention and the Protection of People fleeing",
                      "2013-01", None, "50fd3edb2"),
    "Refugees in Africa": ("Refugees in Africa. The Challenges of Protection and Solutions",
                           "2004-12", None, "427224a44"),
    "Universal Declaration": ("Universal Declaration of Human Rights", "1948-12-10", "217 A (III)",
                              "3ae6b3712c"),
    "Constitution of Brazil": ("Constitution of Brazil (Brazil)", "1988-10-05", None, "4c4820bf2"),
}


def test_every_example_citation_is_in_the_table(corpus_dir):
    citations, _ = example_lines(corpus_dir)
    assert len(citations) >= 15
    for line in citations:
        assert sum(marker in line for marker in CITE_AS_EXAMPLES) == 1, line
    for marker in CITE_AS_EXAMPLES:
        assert sum(marker in line for line in citations) == 1, marker


def test_every_example_citation_parses(corpus_dir):
    citations, _ = example_lines(corpus_dir)
    for line in citations:
        marker = next(m for m in CITE_AS_EXAMPLES if m in line)
        title, date, symbol, docid = CITE_AS_EXAMPLES[marker]
        parsed = parse_citation(line)
        assert parsed.title.startswith(title), line
        assert parsed.date == date, line
        assert parsed.document_symbol == symbol, line
        assert parsed.refworld_docid == docid, line
        assert "available" not in parsed.title and "accessed" not in parsed.title


def test_example_publishers_come_before_the_title(corpus_dir):
    citations, _ = example_lines(corpus_dir)
    publishers = {parse_citation(line).publisher for line in citations}
    assert {"United States Department of State", "Canada: Immigration and Refugee Board of Canada",
            "UN High Commissioner for Refugees", "Marina Sharpe", "UN General Assembly"} <= publishers


def test_example_access_dates_are_read(corpus_dir):
    citations, _ = example_lines(corpus_dir)
    accessed = [parse_citation(line).accessed for line in citations]
    assert accessed.count(None) == 3   # the protection-manual lines give no access date
    assert "2016-05-25" in accessed and "2017-09-28" in accessed and "2023-05-20" in accessed


# address (path after refworld.org/, or a docid) -> docid, new-site id, type code, publisher, country, year
URL_EXAMPLES = {
    "docid/3ae6ab005c.html": ("3ae6ab005c", None, None, None, None, None),
    "cgi-bin/texis/vtx/rwmain?docid=484f9a312d": ("484f9a312d", None, None, None, None, None),
    "publisher,USDOS,,MLI,5b3e0addf,0.html": ("5b3e0addf", None, None, "USDOS", "MLI", None),
    "type,COUNTRYREP,USDOS,NGA,4b8e7a6f23,0.html": ("4b8e7a6f23", None, "COUNTRYREP", "USDOS", "NGA", None),
    "country,,,COUNTRYREP,MLI,,4b8e7a72c,0.html": ("4b8e7a72c", None, "COUNTRYREP", None, "MLI", None),
    "publisher,GBR_UTIAC,,,50ffbce4f,,0.html": ("50ffbce4f", None, None, "GBR_UTIAC", None, None),
    "reference/annualreport/usdos/2003/en/26145": (None, "26145", "annualreport", "usdos", None, 2003),
    "reference/annualreport/usdos/2001/en/28161": (None, "28161", "annualreport", "usdos", None, 2001),
    "reference/annualreport/usdos/2009/en/70603": (None, "70603", "annualreport", "usdos", None, 2009),
    "reference/annualreport/usdos/2017/en/116425": (None, "116425", "annualreport", "usdos", None, 2017),
    "reference/annualreport/hrw/1992/en/97424": (None, "97424", "annualreport", "hrw", None, 1992),
    "reference/annualreport/cpj/2017/en/119702": (None, "119702", "annualreport", "cpj", None, 2017),
    "reference/countryrep/amnesty/1997/fr/22296": (None, "22296", "countryrep", "amnesty", None, 1997),
    "reference/countryrep/irbc/1992/en/22034": (None, "22034", "countryrep", "irbc", None, 1992),
    "reference/regionalreport/unhcr/2013/en/104283": (None, "104283", "regionalreport", "unhcr", None, 2013),
    "reference/themreport/isi/2020/en/123325": (None, "123325", "themreport", "isi", None, 2020),
    "policy/countrypos/unhcr/2007/en/52516": (None, "52516", "countrypos", "unhcr", None, 2007),
    "docid/4c4820bf2.html": ("4c4820bf2", None, None, None, None, None),
    "docid/583595ff4.html": ("583595ff4", None, None, None, None, None),
    "docid/3ae6b4ec0.html": ("3ae6b4ec0", None, None, None, None, None),
    "docid/3ae6b5c60.html": ("3ae6b5c60", None, None, None, None, None),
    "docid/47036d562.html": ("47036d562", None, None, None, None, None),
    "docid/3e9a9dba4.html": ("3e9a9dba4", None, None, None, None, None),
    "docid/55643c1d4.html": ("55643c1d4", None, None, None, None, None),
    "docid/4c46c6860.html": ("4c46c6860", None, None, None, None, None),
    "docid/3ae6ab6c38.html": ("3ae6ab6c38", None, None, None, None, None),
    "docid/440ed749a.html": ("440ed749a", None, None, None, None, None),
    "docid/440ed6e7a.html": ("440ed6e7a", None, None, None, None, None),
}
_ADDRESS_RE = re.compile(
    r"refworld\.org/([^\s<>]+)"                                      # written out
    r"|(?<![/\w])(docid/[0-9a-f]{9,10}\.html)"                        # a bare docid path
    r"|\b((?:reference|policy)/[a-z]+/[a-z0-9_-]+/\d{4}/[a-z]{2}/\d+)"  # new-site paths
    r"|\b((?:publisher|type|country),[A-Za-z0-9_,]*,0\.html)")          # comma forms
_TEMPLATE_RE = re.compile(r"refworld\.org/(\S*<docid>\S*)\s+e\.g\.\s+(.+)$")


def example_addresses(lines: list[str]) -> list[str]:
    """Every concrete Refworld address in section 4: those written out, and the
    docid templates filled with their "e.g." docids."""
    found = []
    for line in lines:
        template = _TEMPLATE_RE.search(line)
        if template and "<" not in template.group(1).replace("<docid>", ""):
            for docid in re.findall(r"\b[0-9a-f]{9,10}\b", template.group(2)):
                found.append(template.group(1).replace("<docid>", docid))
        for match in _ADDRESS_RE.finditer(line):
            address = next(g for g in match.groups() if g).rstrip(".,)")
            if "<" not in line[match.start(): match.end() + 1] and re.search(r"\d", address):
                found.append(address)
    return list(dict.fromkeys(found))


def test_every_example_address_is_in_the_table(corpus_dir):
    _, lines = example_lines(corpus_dir)
    addresses = example_addresses(lines)
    assert len(addresses) >= 25
    assert sorted(set(addresses)) == sorted(URL_EXAMPLES)


@pytest.mark.parametrize("address", sorted(URL_EXAMPLES))
@pytest.mark.parametrize("prefix", ["https://www.refworld.org/", "http://refworld.org/",
                                    "https://webarchive.archive.unhcr.org/20240423022457mp_/"
                                    "https://www.refworld.org/"])
def test_every_example_address_parses(address, prefix):
    docid, new_id, type_code, publisher, country, year = URL_EXAMPLES[address]
    parsed = parse_citation(prefix + address)
    assert (parsed.refworld_docid, parsed.new_site_id) == (docid, new_id)
    found = parsed.address
    assert found is not None
    assert found.doc_type_code == type_code
    assert found.publisher_code == publisher
    assert found.country_code == country
    assert found.year == year
    assert parsed.title is None and parsed.publisher is None


def test_example_docids_parse_bare(corpus_dir):
    _, lines = example_lines(corpus_dir)
    docids = [d for line in lines if "e.g." in line
              for d in re.findall(r"\b[0-9a-f]{9,10}\b", line.split("e.g.", 1)[1])]
    assert len(docids) >= 4
    for docid in docids:
        assert parse_citation(docid).refworld_docid == docid
        assert parse_citation(f"  {docid.upper()}\n").refworld_docid == docid


# ---- reading citations ------------------------------------------------------

SEED_CITE = ("United States Department of State, U.S. Department of State 2004 Trafficking in "
             "Persons Report - Mali, 14 June 2004, available at: [accessed 25 May 2016]")
SEED_TITLE = "U.S. Department of State 2004 Trafficking in Persons Report - Mali"


@pytest.mark.parametrize("text, publisher, title, date, accessed", [
    (SEED_CITE, "United States Department of State", SEED_TITLE, "2004-06-14", "2016-05-25"),
    (SEED_CITE.replace("14 June 2004", "2004-06-14"), "United States Department of State",
     SEED_TITLE, "2004-06-14", "2016-05-25"),
    (SEED_CITE.replace("14 June 2004", "June 14, 2004"), "United States Department of State",
     SEED_TITLE, "2004-06-14", "2016-05-25"),
    (SEED_CITE.replace("14 June 2004", "June 2004"), "United States Department of State",
     SEED_TITLE, "2004-06", "2016-05-25"),
    (SEED_CITE.replace(" 14 June 2004,", ""), "United States Department of State",
     SEED_TITLE, None, "2016-05-25"),
    (SEED_CITE.replace("United States Department of State, ", ""), None, SEED_TITLE,
     "2004-06-14", "2016-05-25"),
    ("  United States   Department of State,\n\n U.S. Department of State 2004 Trafficking in "
     "Persons Report \u2013 Mali ,  14 June 2004 ,\u00a0available at:\u00a0[accessed 25 May 2016] ",
     "United States Department of State", SEED_TITLE, "2004-06-14", "2016-05-25"),
    ("\u201cU.S. Department of State 2004 Trafficking in Persons Report - Mali\u201d, 14 June 2004",
     None, SEED_TITLE, "2004-06-14", None),
    (SEED_TITLE, None, SEED_TITLE, None, None),
    ("Some Board, Nigeria: Whether the applicant accessed state protection, 1 May 2000",
     "Some Board", "Nigeria: Whether the applicant accessed state protection", "2000-05-01", None),
    (SEED_CITE.replace("[accessed 25 May 2016]", "[Accessed: 25 May 2016"),
     "United States Department of State", SEED_TITLE, "2004-06-14", "2016-05-25"),
    ("Some Board, Nigeria: Whether help is available from the police, 1 May 2000, available at: "
     "https://www.refworld.org/docid/3ae6ab6c38.html", "Some Board",
     "Nigeria: Whether help is available from the police", "2000-05-01", None),
    (SEED_CITE.replace("25 May 2016", "2016-05-25"),
     "United States Department of State", SEED_TITLE, "2004-06-14", "2016-05-25"),
    ("UNHCR, Guidelines, 2004, available at: https://www.refworld.org/docid/3ae6b3712c.html "
     "(accessed on 1 May 2020)", "UNHCR", "Guidelines", "2004", "2020-05-01"),
    ("UNHCR, Report 2004 - Mali, 12 pages", "UNHCR", "Report 2004 - Mali, 12 pages", None, None),
])
def test_citation_parts_are_found_by_their_anchors(text, publisher, title, date, accessed):
    parsed = parse_citation(text)
    assert (parsed.publisher, parsed.title, parsed.date, parsed.accessed) == (
        publisher, title, date, accessed)


@pytest.mark.parametrize("text, publisher, title, date, symbol, accessed", [
    ("United States Department of State. (2004, June 14). U.S. Department of State 2004 "
     "Trafficking in Persons Report - Mali. Retrieved May 25, 2016, from "
     "https://www.refworld.org/docid/4680d7f3c.html",
     "United States Department of State", SEED_TITLE, "2004-06-14", None, "2016-05-25"),
    ("Canada: Immigration and Refugee Board of Canada. (1997, April 1). Nigeria: Information on "
     "whether the embassy is closed, and if so, why (NGA26574.E).",
     "Canada: Immigration and Refugee Board of Canada",
     "Nigeria: Information on whether the embassy is closed, and if so, why", "1997-04-01",
     "NGA26574.E", None),
    ("Marina Sharpe. (2013, January). The 1969 OAU Refugee Convention.", "Marina Sharpe",
     "The 1969 OAU Refugee Convention", "2013-01", None, None),
    ("UNHCR. (n.d.). Handbook on Procedures and Criteria.", "UNHCR",
     "Handbook on Procedures and Criteria", None, None, None),
    ("United States Department of State. \u201cU.S. Department of State 2004 Trafficking in Persons "
     "Report - Mali.\u201d June 14, 2004. Accessed May 25, 2016. "
     "https://www.refworld.org/docid/4680d7f3c.html.",
     "United States Department of State", SEED_TITLE, "2004-06-14", None, "2016-05-25"),
    ('Canada: Immigration and Refugee Board of Canada. "Nigeria: Information, and if so, why." '
     "NGA26574.E. April 1, 1997.", "Canada: Immigration and Refugee Board of Canada",
     "Nigeria: Information, and if so, why", "1997-04-01", "NGA26574.E", None),
    ('Some Board, Nigeria: Treatment of "area boys" by the police, 1 April 1997', "Some Board",
     'Nigeria: Treatment of "area boys" by the police', "1997-04-01", None, None),
    ("United States Department of State. 2008. Trafficking in Persons Report 2008 - Mali.",
     "United States Department of State", "Trafficking in Persons Report 2008 - Mali", "2008", None, None),
])
def test_author_date_and_quoted_title_styles_are_read(text, publisher, title, date, symbol, accessed):
    parsed = parse_citation(text)
    assert (parsed.publisher, parsed.title, parsed.date, parsed.document_symbol, parsed.accessed) == (
        publisher, title, date, symbol, accessed)


@pytest.mark.parametrize("text", [
    "@techreport{irb1997,\n  author = {{Canada: Immigration and Refugee Board of Canada}},\n"
    "  title = {{Nigeria: Costs \\& fees of 50\\% {rise}}},\n  year = {1997},\n  month = apr,\n"
    "  number = {NGA26574.E},\n  url = {https://www.refworld.org/docid/3ae6ab005c.html},\n"
    "  urldate = {2023-05-20},\n}",
    "TY  - RPRT\nAU  - Canada: Immigration and Refugee Board of Canada\n"
    "TI  - Nigeria: Costs & fees of 50% rise\nPY  - 1997\nDA  - 1997/04//\nM1  - NGA26574.E\n"
    "UR  - https://www.refworld.org/docid/3ae6ab005c.html\nY2  - 2023/05/20\nER  - ",
    '[{"id": "x", "type": "report", "title": "Nigeria: Costs & fees of 50% rise", '
    '"author": [{"literal": "Canada: Immigration and Refugee Board of Canada"}], '
    '"issued": {"date-parts": [[1997, 4]]}, "number": "NGA26574.E", '
    '"URL": "https://www.refworld.org/docid/3ae6ab005c.html", "accessed": {"date-parts": [[2023, 5, 20]]}}]',
])
def test_structured_records_are_read_field_by_field(text):
    parsed = parse_citation(text)
    assert parsed.publisher == "Canada: Immigration and Refugee Board of Canada"
    assert parsed.title == "Nigeria: Costs & fees of 50% rise"
    assert (parsed.date, parsed.document_symbol, parsed.accessed) == ("1997-04", "NGA26574.E", "2023-05-20")
    assert parsed.refworld_docid == "3ae6ab005c"


def test_broken_json_is_read_as_plain_text():
    parsed = parse_citation('[{"title": "Trafficking in Persons Report 2008 - Mali", 4 June 2008')
    assert parsed.date == "2008-06-04"
    assert "Trafficking in Persons Report 2008 - Mali" in parsed.title


def test_known_publisher_decides_where_the_title_begins():
    text = ("Research Directorate, Immigration and Refugee Board, Canada, Nigeria: Treatment of "
            "returnees, including students, 11 February 1999")
    assert parse_citation(text).publisher == "Research Directorate"
    known = ["Research Directorate, Immigration and Refugee Board, Canada", "Research Directorate"]
    parsed = parse_citation(text, known)
    assert parsed.publisher == "Research Directorate, Immigration and Refugee Board, Canada"
    assert parsed.title == "Nigeria: Treatment of returnees, including students"


def test_known_publisher_is_recognised_through_a_typo():
    parsed = parse_citation("Untied States Department of State, Trafficking in Persons Report "
                            "2008 - Mali, 4 June 2008", ["United States Department of State"])
    assert parsed.publisher == "United States Department of State"
    assert parsed.title == "Trafficking in Persons Report 2008 - Mali"


def test_an_unknown_first_field_is_kept_as_one_reading_of_two():
    parsed = parse_citation("Nigeria: Treatment of returnees, including students, 11 February 1999")
    assert [(r.publisher, r.title) for r in parsed.readings] == [
        ("Nigeria: Treatment of returnees", "including students"),
        (None, "Nigeria: Treatment of returnees, including students")]


@pytest.mark.parametrize("text, symbol", [
    ("NGA26574.E", "NGA26574.E"), ("HCR/GIP/02/01", "HCR/GIP/02/01"),
    ("HCR/GIP/16/12", "HCR/GIP/16/12"), ("217 A (III)", "217 A (III)"),
    (" nga26574.e ", "nga26574.e"),
    ("Some Board, A title, with commas, 1 April 1997, NGA26574.E", "NGA26574.E"),
    ("Some Board, A title, with commas, NGA26574.E", "NGA26574.E"),
    ("UNHCR, Guidelines on HIV/AIDS, 7 May 2002", None),
])
def test_document_symbols_are_recognised(text, symbol):
    assert parse_citation(text).document_symbol == symbol


def test_an_overlong_paste_is_refused():
    with pytest.raises(QueryTooLong, match="at most 5,000"):
        parse_citation("Report, " * 1000)


@pytest.mark.parametrize("text", ["", "   ", "\n\t", None])
def test_empty_input_is_a_query_error(text):
    with pytest.raises(QueryError, match="Paste a citation"):
        parse_citation(text)


@pytest.mark.parametrize("text", [",,, ;", "available at: [accessed 25 May 2016]", "[French]"])
def test_input_with_nothing_to_look_up_is_a_query_error(text):
    with pytest.raises(QueryError, match="Nothing to look up"):
        parse_citation(text)


# ---- similarity -------------------------------------------------------------

def test_title_similarity_forgives_typos_but_not_other_years_or_countries():
    title = "Trafficking in Persons Report 2008 - Mali"
    typo = title_similarity("Trafficknig in Persons Report 2008 - Mali", title)
    assert title_similarity(title, title) == 1.0
    assert typo > 0.9
    assert typo > title_similarity("Trafficking in Persons Report 2009 - Mali", title)
    assert typo > title_similarity("Trafficking in Persons Report 2008 - Malawi", title)
    assert title_similarity("Trafficking in Persons Report 2008 - Niger", title) < 0.9
    assert title_similarity("", title) == 0.0


def test_title_similarity_prefers_a_swap_of_letters_to_a_longer_name():
    typed = "Trafficking in Persons Report 2009 - Mlai"
    assert (title_similarity(typed, "Trafficking in Persons Report 2009 - Mali")
            > title_similarity(typed, "Trafficking in Persons Report 2009 - Malawi"))


def test_title_similarity_takes_a_long_title_cut_short_as_that_title():
    full = ("Nigeria: Information on whether the Nigerian embassy in Canada is closed, and if so, "
            "since when and why, and information on the treatment of students")
    assert title_similarity(full[:70], full) >= 0.85
    assert title_similarity("Trafficking in Persons", "Trafficking in Persons Report 2009 - Mali") < 0.85


@pytest.mark.parametrize("a, b, distance", [
    ("mali", "mali", 0), ("mlai", "mali", 1), ("mlai", "malawi", 2), ("niger", "nigeria", 2),
    ("kitten", "sitting", 3), ("", "abc", 3), ("trafficking", "traffikcing", 1),
])
def test_edit_distance_counts_a_swap_as_one_edit(a, b, distance):
    assert edit_distance(a, b) == distance


@pytest.mark.parametrize("cited, published, score", [
    ("2004-06-14", "2004-06-14", 1.0), ("2004-06", "2004-06-14", 1.0), ("2004-06-14", "2004-06", 0.8),
    ("2004-06-15", "2004-06-14", 0.6),
    ("2004-07-14", "2004-06-14", 0.3), ("2005-06-14", "2004-06-14", 0.0), ("2004", "2004", 1.0),
])
def test_date_agreement_is_graded_by_precision(cited, published, score):
    assert date_agreement(cited, published)[0] == score


def test_fold_ignores_case_accents_quotes_and_punctuation():
    assert fold("C\u00f4te d\u2019Ivoire \u2013 REPORT,  2008") == "cote d ivoire report 2008"


# ---- round trips on an index of look-alikes ---------------------------------

def without_address(doc):
    return dataclasses.replace(doc, source_url=None, refworld_docid=None)


def without_identifiers(doc):
    return dataclasses.replace(doc, source_url=None, refworld_docid=None, document_symbol=None)


def typo(title: str) -> str:
    """Swap two letters in the middle of the title's longest word."""
    word = max(re.findall(r"[A-Za-z]+", title), key=len)
    i = len(word) // 2
    return title.replace(word, word[: i - 1] + word[i] + word[i - 1] + word[i + 1:], 1)


def us_date(iso: str) -> str:
    """"June 14, 2004" (or "June 2004", "2004")."""
    parts = [int(p) for p in iso.split("-")]
    month = dt.date(2000, parts[1], 1).strftime("%B") if len(parts) > 1 else ""
    return {1: f"{parts[0]}", 2: f"{month} {parts[0]}"}.get(len(parts), f"{month} {parts[-1]}, {parts[0]}")


def perturbations(doc) -> dict[str, str]:
    """The document's citation without address, and copies without any identifier
    mistyped or rewritten (so only the bibliographic fields can find the document)."""
    out = {"with symbol": format_citation(without_address(doc), "refworld", ACCESSED)}
    clean = format_citation(without_identifiers(doc), "refworld", ACCESSED)
    out["clean"] = clean
    if doc.title:
        out["typo"] = clean.replace(doc.title, typo(doc.title))
    if doc.published:
        long = format_long(doc.published)
        out["iso date"] = clean.replace(long, doc.published)
        out["us date"] = clean.replace(long, us_date(doc.published))
        out["no date"] = clean.replace(f", {long}", "")
    if doc.publisher:
        out["no publisher"] = clean.replace(f"{doc.publisher}, ", "", 1)
    out["spaced"] = clean.replace(" ", "  ").replace(", ", ",\n").replace("'", "\u2019")
    if doc.title and doc.publisher and doc.published:
        out["typo, no date, no publisher"] = out["typo"].replace(
            f", {format_long(doc.published)}", "").replace(f"{doc.publisher}, ", "", 1)
    return out


def test_the_index_is_big_and_full_of_look_alikes(citation_documents):
    titles = [d.title for d in citation_documents]
    assert len(citation_documents) >= 200
    assert len(set(titles)) == len(titles)
    assert {"Trafficking in Persons Report 2008 - Niger", "Trafficking in Persons Report 2008 - Nigeria",
            "Trafficking in Persons Report 2009 - Mali", "Trafficking in Persons Report 2008 - Malawi",
            SEED_TITLE} <= set(titles)


PERTURBED = ("typo", "iso date", "us date", "no date", "no publisher", "spaced",
             "typo, no date, no publisher")


def variants_to_try(citation_documents, kind: str):
    """(document, citation) pairs of one kind: every real and symbol document in every
    kind, and each generated TIP chapter clean and in one perturbed kind, in rotation."""
    for i, doc in enumerate(citation_documents):
        variants = perturbations(doc)
        if kind not in variants:
            continue
        if doc.id.startswith("tip") and kind not in ("clean", PERTURBED[i % len(PERTURBED)]):
            continue
        yield doc, variants[kind]


@pytest.mark.parametrize("kind", ("with symbol", "clean") + PERTURBED)
def test_every_documents_citation_finds_it_first(archive, citation_documents, kind):
    """Every document's citation without address finds it first, and so do copies with
    only the bibliographic fields, mistyped or rewritten; never with certainty."""
    tried = list(variants_to_try(citation_documents, kind))
    assert len(tried) >= 15
    misses = []
    for doc, text in tried:
        found = lookup(archive, text, limit=3)
        if not found or found[0].id != doc.id:
            misses.append((doc.id, [c.id for c in found]))
        elif kind == "with symbol" and doc.document_symbol:
            assert found[0].confidence == 1.0
        else:
            assert found[0].confidence < 1.0
        if kind == "clean" and found:
            assert "title 100% similar" in found[0].reasons
    assert not misses, misses[:10]


@pytest.mark.parametrize("style", STYLES)
def test_citations_in_every_style_find_their_documents(archive, citation_documents, style):
    """What refsearch itself writes, pasted back: without identifiers the bibliographic
    fields find the document first; with them, for certain."""
    sample = [d for d in citation_documents if not d.id.startswith("tip")]
    sample += [d for d in citation_documents if d.id.startswith("tip")][::9]
    for doc in sample:
        fuzzy = lookup(archive, format_citation(without_identifiers(doc), style, ACCESSED))
        assert fuzzy and fuzzy[0].id == doc.id, (style, doc.id, fuzzy[:2])
        if doc.source_url or doc.refworld_docid or doc.document_symbol:
            certain = lookup(archive, format_citation(doc, style, ACCESSED))
            assert certain[0].id == doc.id and certain[0].confidence == 1.0, (style, doc.id)


def test_full_citations_with_addresses_find_their_documents_for_certain(archive, citation_documents):
    with_address = [d for d in citation_documents if d.source_url or d.refworld_docid]
    assert len(with_address) >= 8
    for doc in with_address:
        found = lookup(archive, format_citation(doc, "refworld", ACCESSED))
        assert found[0].id == doc.id
        assert found[0].confidence == 1.0


def test_lookup_reasons_say_what_agreed(archive, seed_id):
    found = lookup(archive, SEED_CITE)
    assert found[0].id == seed_id
    assert set(found[0].reasons) >= {"title 100% similar", "date matches", "publisher matches",
                                     "country mentioned: Mali"}
    assert all(0.0 <= c.confidence <= 1.0 for c in found)
    assert [c.confidence for c in found] == sorted((c.confidence for c in found), reverse=True)


RECORD_08 = "rec-08_old_tip2008_mali"


@pytest.mark.parametrize("text, doc_id, reason", [
    ("484f9a2ac", RECORD_08, "docid matches"),
    ("https://www.refworld.org/docid/484f9a2ac.html", RECORD_08, "docid matches"),
    ("http://www.refworld.org/cgi-bin/texis/vtx/rwmain?docid=484f9a2ac", RECORD_08, "docid matches"),
    ("http://www.refworld.org/cgi-bin/texis/vtx/rwmain/opendocpdf.pdf?reldoc=y&docid=484f9a2ac",
     RECORD_08, "docid matches"),
    ("http://www.refworld.org/publisher,USDOS,,MLI,484f9a2ac,0.html", RECORD_08, "docid matches"),
    ("http://www.refworld.org/type,ANNUALREPORT,USDOS,MLI,484f9a2ac,0.html", RECORD_08, "docid matches"),
    ("http://www.refworld.org/country,,,ANNUALREPORT,MLI,,484f9a2ac,0.html", RECORD_08, "docid matches"),
    ("https://webarchive.archive.unhcr.org/20240423022457mp_/https://www.refworld.org/docid/3ae6ab005c.html",
     "rec-10_old_irb_rir_1997_nigeria", "docid matches"),
    ("https://www.refworld.org/reference/annualreport/usdos/2003/en/26145",
     "rec-14_new_site_tip2003_nigeria", "new-site id matches"),
    ("26145", "rec-14_new_site_tip2003_nigeria", "new-site id matches"),
    ("refworld.org/policy/countrypos/unhcr/2007/en/52516",
     "rec-16_new_site_unhcr_eligibility_guidelines_2007_afghanistan", "new-site id matches"),
    ("NGA26574.E", "rec-10_old_irb_rir_1997_nigeria", "document symbol matches"),
    ("nga31045.e", "sym-nga31045-e", "document symbol matches"),
    ("HCR/GIP/02/01", "sym-hcr-gip-02-01", "document symbol matches"),
    ("217A(III)", "sym-217-a-iii", "document symbol matches"),
    ("UN General Assembly, Universal Declaration of Human Rights, 10 December 1948, 217 A (III), "
     "available at: http://www.refworld.org/docid/3ae6b3712c.html [accessed 26 April 2014]",
     "sym-217-a-iii", "document symbol matches"),
])
def test_identifiers_find_their_documents_for_certain(archive, text, doc_id, reason):
    found = lookup(archive, text)
    assert found[0].id == doc_id
    assert found[0].confidence == 1.0
    assert reason in found[0].reasons


def test_exact_identifier_is_more_certain_than_any_fuzzy_match(archive):
    exact = lookup(archive, "484f9a2ac")[0]
    fuzzy = lookup(archive, "United States Department of State, Trafficking in Persons Report "
                             "2008 - Mali, 4 June 2008")[0]
    assert exact.id == fuzzy.id == RECORD_08
    assert exact.confidence > fuzzy.confidence >= 0.9


def test_the_real_cite_as_strings_find_their_documents(archive, corpus_dir, seed_id):
    citations, _ = example_lines(corpus_dir)
    expected = {
        "Report 2008 - Mali": RECORD_08,
        "2004 Trafficking in Persons Report - Mali": seed_id,
        "2007 Trafficking in Persons Report - Mali": "tip2007mli",
        "2005 Trafficking in Persons Report - Nigeria": "tip2005nga",
        "NGA26574.E": "rec-10_old_irb_rir_1997_nigeria",
        "HCR/GIP/16/12": "sym-hcr-gip-16-12",
    }
    for marker, doc_id in expected.items():
        line = next(l for l in citations if marker in l)
        assert lookup(archive, line)[0].id == doc_id, line


@pytest.mark.parametrize("text, doc_id", [
    ("Trafficking in Persons Report 2009 - Mlai, June 16, 2009", "tip2009mli"),
    ("Trafficking in Persons Report 2009 - Niger", "tip2009ner"),
    ("Trafficking in Persons Report 2009 - Nigeria", "tip2009nga"),
    ("Trafficking in Persons Report 2011 - Guinea", "tip2011gin"),
    ("Trafficking in Persons Report 2011 - Equatorial Guinea", "tip2011gnq"),
    ("Traficking in Persons Report 2012 - Congo, Republic of the", "tip2012cog"),
    ("Nigeria: Information on whether the Nigerian embasy in Canada is closed, and if so, "
     "since when and why, 1997", "rec-10_old_irb_rir_1997_nigeria"),
    ("Nigeria: Treatment of returnees, including students, by the authorities at Lagos airport",
     "sym-nga31045-e"),
    ("Canada: Immigration and Refugee Board of Canada, Nigeria: Treatment of students returning "
     "from Canada, and whether the embassy in Ottawa issues travel documents, September 1997",
     "sym-nga27764-e"),
])
def test_hand_typed_citations_find_their_documents(archive, text, doc_id):
    found = lookup(archive, text)
    assert found[0].id == doc_id
    assert found[0].confidence < 1.0
    assert len(found) < 2 or found[1].confidence < found[0].confidence


def test_limit_bounds_the_candidates(archive):
    assert len(lookup(archive, "Trafficking in Persons Report - Mali", limit=4)) == 4
    assert len(lookup(archive, "Trafficking in Persons Report - Mali", limit=1)) == 1


def test_nothing_found_is_an_empty_answer(archive):
    assert lookup(archive, "Zebra quantum marmalade") == ()
    assert lookup(archive, "ffffffffff") == ()
    assert lookup(archive, "https://www.refworld.org/reference/annualreport/usdos/2003/en/99999") == ()


def test_empty_lookup_is_a_query_error(archive):
    with pytest.raises(QueryError):
        lookup(archive, "  ")


# ---- addresses beyond Refworld docids ---------------------------------------

@pytest.fixture(scope="module")
def small_archive(tmp_path_factory):
    from conftest import make_document as make

    docs = [
        make(id="state-2015-mali", title="Mali", published="2015-07-27",
             source_url="https://2009-2017.state.gov/j/tip/rls/tiprpt/countries/2015/243487.htm"),
        # Published in 2002, filed by the new site under 2003.
        make(id="new-2003", title="U.S. Department of State 2003 Trafficking in Persons Report - Nigeria",
             published="2002-12-30",
             source_url="https://www.refworld.org/reference/annualreport/usdos/2003/en/26145"),
        make(id="copy-a", title="Trafficking in Persons Report 2008 - Mali", refworld_docid="484f9a2ac"),
        make(id="copy-b", title="Some other page saved with the same docid", refworld_docid="484f9a2ac"),
    ]
    index_dir = tmp_path_factory.mktemp("small")
    write_index(index_dir, docs)
    with open_archive(index_dir) as opened:
        yield opened


@pytest.mark.parametrize("text, doc_id, reason", [
    ("https://2009-2017.state.gov/j/tip/rls/tiprpt/countries/2015/243487.htm",
     "state-2015-mali", "address matches"),
    ("See http://2009-2017.state.gov/j/tip/rls/tiprpt/countries/2015/243487.htm/ (Mali).",
     "state-2015-mali", "address matches"),
    ("https://www.refworld.org/reference/annualreport/usdos/2003/en/26145",
     "new-2003", "new-site id matches"),
])
def test_other_addresses_find_their_documents(small_archive, text, doc_id, reason):
    found = lookup(small_archive, text)
    assert found[0].id == doc_id
    assert found[0].confidence == 1.0
    assert found[0].reasons[0] == reason
    assert all(c.confidence < 1.0 for c in found[1:])


def test_documents_sharing_a_docid_are_ordered_by_the_rest_of_the_citation(small_archive):
    found = lookup(small_archive, "Trafficking in Persons Report 2008 - Mali, available at: "
                                   "https://www.refworld.org/docid/484f9a2ac.html")
    assert [c.id for c in found[:2]] == ["copy-a", "copy-b"]
    assert found[0].confidence == found[1].confidence == 1.0


def test_an_unknown_address_falls_back_on_the_rest_of_the_citation(archive):
    found = lookup(archive, "United States Department of State, Trafficking in Persons Report "
                             "2008 - Mali, 4 June 2008, available at: "
                             "https://www.refworld.org/docid/ffffffffff.html [accessed 1 May 2020]")
    assert found[0].id == RECORD_08
    assert 0.9 <= found[0].confidence < 1.0
    assert "docid matches" not in found[0].reasons


@pytest.mark.parametrize("text", [
    "http://2009-2017.state.gov/j/tip/rls/tiprpt/countries/2015/243487.htm",
    "https://www.2009-2017.STATE.gov/j/tip/rls/tiprpt/countries/2015/243487.htm/",
    "https://2009-2017.state.gov/j/tip/rls/tiprpt/countries/2015/243487.htm#prosecution",
])
def test_an_address_is_found_whatever_its_scheme_www_case_fragment_or_trailing_slash(small_archive, text):
    found = lookup(small_archive, text)
    assert [c.id for c in found if c.confidence == 1.0] == ["state-2015-mali"]


def test_addresses_are_looked_up_in_the_index_not_by_reading_stored_documents(small_archive,
                                                                              monkeypatch):
    """The address and new-site id are indexed fields: lookup asks the index for them
    instead of decoding every stored document."""
    def refuse(*args, **kwargs):
        raise AssertionError("lookup read every stored document")

    searcher = small_archive._searcher()  # the engine's own searcher, to catch a full scan
    monkeypatch.setattr(searcher, "all_stored_fields", refuse)
    assert lookup(small_archive, "https://2009-2017.state.gov/j/tip/rls/tiprpt/countries/2015/"
                                  "243487.htm")[0].id == "state-2015-mali"
    assert lookup(small_archive, "https://www.refworld.org/reference/annualreport/usdos/2003/en/"
                                  "26145")[0].id == "new-2003"
    assert searcher.doc_frequency("source_url", "2009-2017.state.gov/j/tip/rls/tiprpt/"
                                  "countries/2015/243487.htm") == 1
    assert searcher.doc_frequency("new_site_id", "26145") == 1


@pytest.mark.parametrize("text, doc_id", [
    ("Trafficking in Persons Report 2011 - Sengeal", "tip2011sen"),
    ("Trafficking in Persons Report 2011 - Mlai", "tip2011mli"),
    ("Trafficking in Persons Report 2013 - Burkina Fsao", "tip2013bfa"),
])
def test_a_mistyped_word_still_draws_its_document_into_a_small_pool(archive, monkeypatch, text, doc_id):
    """The candidate search reaches the words a typo nearly spells, so the document is
    among the few rescored even when many titles share every other rare word."""
    from indexer import config

    monkeypatch.setattr(config, "CITE_POOL", 3)
    assert lookup(archive, text)[0].id == doc_id


def test_an_author_named_where_the_publisher_goes_counts_as_agreement(small_archive):
    found = lookup(small_archive, "Office to Monitor and Combat Trafficking in Persons, "
                                   "Trafficking in Persons Report 2008 - Mali, 4 June 2008")
    assert found[0].id == "copy-a"
    assert "author matches" in found[0].reasons


def test_a_candidate_about_another_country_is_ruled_out_and_says_why(tmp_path):
    from conftest import make_document as make

    docs = [make(id=f"tip-2008-{code.lower()}", title=f"Trafficking in Persons Report 2008 - {name}",
                 countries=(Country(name, code),))
            for name, code in [("Algeria", "DZA"), ("Albania", "ALB"), ("Angola", "AGO")]]
    write_index(tmp_path, docs)
    with open_archive(tmp_path) as s:
        wrong_country = lookup(s, "Trafficking in Persons Report 2008 - Mali")
        right_country = lookup(s, "Trafficking in Persons Report 2008 - Algeria")
    assert wrong_country, "look-alike titles are still offered, as other documents of the series"
    assert all(c.verdict == "other" for c in wrong_country)
    assert all("not Mali" in " ".join(c.reasons) for c in wrong_country)
    assert right_country[0].id == "tip-2008-dza" and right_country[0].verdict == "found"
    assert max(c.confidence for c in wrong_country) < 0.5 <= right_country[0].confidence


@pytest.mark.parametrize("text, reason", [
    ("United States Department of State, Trafficking in Persons Report 2009 - Algeria, 16 June 2009",
     "another year of the series"),
    ("U.S. Department of State 2008 Trafficking in Persons Report - Morocco", "not Morocco"),
])
def test_another_year_or_country_of_an_annual_report_is_never_found(tmp_path, text, reason):
    from conftest import make_document as make

    docs = [make(id="tip-2008-dza", title="Trafficking in Persons Report 2008 - Algeria",
                 countries=(Country("Algeria", "DZA"),), published="2008-06-04", report_year=2008)]
    write_index(tmp_path, docs)
    with open_archive(tmp_path) as archive:
        found = lookup(archive, text)
    assert all(c.verdict == "other" for c in found)
    assert not found or reason in " ".join(found[0].reasons)


def test_a_missing_date_is_doubt_and_a_bare_word_is_too_little(tmp_path):
    from conftest import make_document as make

    docs = [make(id="undated", title="Trafficking in Persons Report - Mali", published=None, report_year=None),
            make(id="stub", title="Mali", countries=(Country("Mali", "MLI"),))]
    write_index(tmp_path, docs)
    with open_archive(tmp_path) as archive:
        dated = lookup(archive, "Trafficking in Persons Report - Mali, 4 June 2008")
        bare = lookup(archive, "Mali")
    assert dated[0].id == "undated" and dated[0].verdict != "found"
    assert "the document has no date to compare" in dated[0].reasons
    assert bare and bare[0].confidence <= 0.5 and bare[0].verdict == "nearest"
