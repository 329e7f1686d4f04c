"""Reading pasted citations: the corpus's real cite-as strings and Refworld addresses,
citation styles, structured records, document symbols, and input with nothing to read."""
from __future__ import annotations

import re

import pytest
from lookup_cases import SEED_CITE, SEED_TITLE, example_lines

from indexer.citations.parsing import parse_citation
from indexer.errors import QueryError, QueryTooLong

# ---- the real examples ------------------------------------------------------

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
