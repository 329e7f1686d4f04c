"""One extractor per field, as tables of (input, expected)."""
from __future__ import annotations

import re

import pytest

from indexer.documents import metadata as m
from indexer.documents.metadata import Source
from indexer.refworld_urls import parse_refworld_url


def src(body: str = "", labels: dict | None = None, meta: dict | None = None, title: str | None = None) -> Source:
    return Source(path="x", sha256="ab" * 32, title_line=title, labels=labels or {}, meta=meta or {}, body=body)


@pytest.mark.parametrize("text, tier", [
    ("Tier 1", "Tier 1"), ("TIER 2 WATCH LIST", "Tier 2 Watch List"), ("tier 2 watchlist", "Tier 2 Watch List"),
    ("Tier 2 - Watch List", "Tier 2 Watch List"), ("Special Case", "Special Case"), ("Tier 4", None), (None, None),
])
def test_normalise_tier(text, tier):
    assert m.normalise_tier(text) == tier


@pytest.mark.parametrize("line, expected", [
    ("Mali (Tier 2)", ("Tier 2", "Mali")),
    ("MALI (Tier 2)", ("Tier 2", "MALI")),
    ("Nigeria (Tier 2 Watch List)", ("Tier 2 Watch List", "Nigeria")),
    ("MALI: TIER 2 WATCH LIST", ("Tier 2 Watch List", "MALI")),
    ("MALI: Tier 2 Watch List", ("Tier 2 Watch List", "MALI")),
    ("SOMALIA (Special Case)", ("Special Case", "SOMALIA")),
    ("KOREA, REPUBLIC OF (Tier 1)", ("Tier 1", "KOREA, REPUBLIC OF")),
    ("Tier 2 Watch List", ("Tier 2 Watch List", None)),
    ("**MALI: TIER 3**", ("Tier 3", "MALI")),
    ("Mali – Tier 2", ("Tier 2", "Mali")),
    ("The report (Tier 2) says", None),
    ("countries were placed on Tier 2", None),
    ("Mali (Tier 5)", None),
])
def test_tier_heading(line, expected):
    assert m.tier_heading(line) == expected


@pytest.mark.parametrize("body, tier", [
    ("Mali (Tier 2)\n\nBody.", "Tier 2"),
    ("Intro line\nNIGERIA (Tier 1)\nBody.", "Tier 1"),
    ("Nigeria is placed on the Tier 2 Watch List because of its failure to show efforts.", "Tier 2 Watch List"),
    ("Mali was upgraded to Tier 2 Watch List.", "Tier 2 Watch List"),
    ("The report covers trafficking in persons, including forced labor.", None),
    ("Tier-one suppliers of the Frontier Corps; a second tier of officials.", None),
    ("Countries on Tier 3 may face sanctions.", None),
    ("The 2009 Interim Assessment notes progress.", None),
])
def test_extract_tier_from_heading_or_explicit_placement_only(body, tier):
    assert m.extract_tier(src(body)) == tier


@pytest.mark.parametrize("title, body, tier", [
    ("Trafficking in Persons Report 2004 - Nigeria", "Nigeria is placed on the Tier 2 Watch List.", "Tier 2 Watch List"),
    (None, "Nigeria is placed on the Tier 2 Watch List.", "Tier 2 Watch List"),
    ("Trafficking in Persons Interim Assessment - Nigeria", "Nigeria was placed on the Tier 2 Watch List in 2009.", None),
    (None, "[From the text accompanying the Interim Assessment]\nNigeria was placed on Tier 1 in 2009.", None),
    ("Nigeria — 2024 Human Rights Report", "Nigeria was placed on Tier 2 in the TIP report.", None),
    ("Nigeria — 2024 Human Rights Report", "NIGERIA (Tier 2)\nA heading always counts.", "Tier 2"),
])
def test_placement_sentences_count_only_in_tip_chapters(title, body, tier):
    assert m.extract_tier(src(body), title) == tier


@pytest.mark.parametrize("title, code, year", [
    ("U.S. Department of State 2004 Trafficking in Persons Report - Mali", "MLI", 2004),
    ("Trafficking in Persons Report 2008 - Nigeria", "NGA", 2008),
    ("Trafficking in Persons Report 2010 - Korea, Democratic People's Republic of", "PRK", 2010),
    ("Trafficking in Persons Report 2009 - Congo, Republic of", "COG", 2009),
    ("Nigeria: Information on whether the Nigerian embassy in Canada is closed", "NGA", None),
    ("Mali — Country Reports on Human Rights Practices", "MLI", None),
    ("Mali — 2024 Human Rights Report", "MLI", 2024),
    ("North Korea (Democratic People’s Republic of Korea) — Country Reports on Human Rights Practices", "PRK", None),
    ("Burma — Country Reports on Human Rights Practices", "MMR", None),
    ("UNHCR's Eligibility Guidelines for Assessing the Needs of Afghan Asylum-Seekers", "AFG", None),
    ("Handbook on Procedures and Criteria for Determining Refugee Status", None, None),
    ("Freedom in the World 2015 - Mali", "MLI", 2015),
    ("Amnesty International Report 2014/15 - Nigeria", "NGA", 2014),
    ("World Report 2012: Burma", "MMR", 2012),
    ("Country Reports on Human Rights Practices for 2010 - Cote d'Ivoire", "CIV", 2010),
    ("Protocol 2000 - Annex", None, None),
])
def test_title_gives_country_and_report_year(title, code, year):
    countries = m.extract_countries(src(), title, None)
    assert (countries[0].code if countries else None) == code
    assert m.extract_report_year(src(), title, None, None, None) == year


@pytest.mark.parametrize("labels, body, codes", [
    ({"countries": "United Kingdom of Great Britain and Northern Ireland - Zimbabwe"}, "", ["GBR", "ZWE"]),
    ({}, "The Government of Nigeria has demonstrated progress; Ghana too.", ["NGA"]),
    ({}, "No country is named here.", []),
])
def test_countries_from_labels_or_first_body_mention(labels, body, codes):
    assert [c.code for c in m.extract_countries(src(body, labels), None, None)] == codes


def test_address_country_comes_before_body_mentions():
    addr = parse_refworld_url("http://www.refworld.org/type,COUNTRYREP,USDOS,NGA,4b8e7a6f23,0.html")
    assert [c.code for c in m.extract_countries(src("Ghana is mentioned first."), None, addr)] == ["NGA"]


@pytest.mark.parametrize("labels, meta, url", [
    ({"citation": "IRB, T, 1 April 1997, NGA26574.E, available at: https://www.refworld.org/docid/3ae6ab005c.html "
                  "[accessed 20 May 2023]"}, {}, "https://www.refworld.org/docid/3ae6ab005c.html"),
    ({}, {"canonical": "https://www.refworld.org/reference/annualreport/usdos/2003/en/26145"},
     "https://www.refworld.org/reference/annualreport/usdos/2003/en/26145"),
    ({}, {"og:url": "https://www.refworld.org/docid/4680d7f3c.html"}, "https://www.refworld.org/docid/4680d7f3c.html"),
    ({"citation": "X, Y, 14 June 2004, available at: [accessed 25 May 2016]"}, {}, None),
    ({}, {"canonical": "/reference/annualreport/usdos/2003/en/26145", "og:site_name": "Refworld"},
     "https://www.refworld.org/reference/annualreport/usdos/2003/en/26145"),
    ({}, {"canonical": "/local/page.html"}, None),
    ({}, {"og:url": "//www.refworld.org/docid/4680d7f3c.html"}, "https://www.refworld.org/docid/4680d7f3c.html"),
])
def test_extract_source_url(labels, meta, url):
    assert m.extract_source_url(src(labels=labels, meta=meta)) == url


@pytest.mark.parametrize("body", [
    "See http://www.refworld.org/docid/3ae6b3712c.html for the text.",
    "See http://www.refworld.org/docid/3ae6b3712c.html and http://www.refworld.org/docid/4c4820bf2.html.",
    "Source: http://www.refworld.org/docid/3ae6b3712c.html",   # a label read from the text, not its body
])
def test_an_address_in_the_body_is_one_the_text_cites_never_its_own(body):
    assert m.extract_source_url(src(body)) is None


@pytest.mark.parametrize("text, docid", [
    ("A memo.\n\nSee the 2008 report, available at: http://www.refworld.org/docid/484f9a2ac.html.\n\n"
     "We rely on it.\n", None),
    ("A memo.\n\nSource: http://www.refworld.org/docid/484f9a2ac.html\n\nWe rely on it.\n", None),
    ("A chapter.\n\nIts text.\n\nSource: http://www.refworld.org/docid/484f9a2ac.html\n", "484f9a2ac"),
    ("A chapter.\n\nIts text.\n\nRetrieved from <https://www.refworld.org/docid/484f9a2ac.html>\n", "484f9a2ac"),
])
def test_only_a_labelled_address_ending_the_text_is_its_own(text, docid):
    from indexer.documents.reader import parse_document
    doc = parse_document(text.encode(), "doc.txt")
    assert doc.refworld_docid == docid
    assert (doc.id == docid) is (docid is not None)


@pytest.mark.parametrize("url, publisher, doc_type, year", [
    ("https://www.refworld.org/reference/annualreport/usdos/2003/en/26145", "United States Department of State",
     "Annual report", 2003),
    ("https://www.refworld.org/reference/countryrep/irbc/1992/en/22034",
     "Canada: Immigration and Refugee Board of Canada", "Country report", 1992),
    ("https://www.refworld.org/reference/annualreport/hrw/1992/en/97424", "Human Rights Watch", "Annual report", 1992),
    ("https://www.refworld.org/reference/countryrep/amnesty/1997/fr/22296", "Amnesty International",
     "Country report", 1997),
    ("https://www.refworld.org/policy/countrypos/unhcr/2007/en/52516", "UN High Commissioner for Refugees",
     "Country position", 2007),
    ("http://www.refworld.org/publisher,USDOS,,MLI,5b3e0addf,0.html", "United States Department of State", None, None),
])
def test_refworld_address_gives_publisher_type_and_year(url, publisher, doc_type, year):
    source = src("Body.", meta={"canonical": url})
    addr = m.address(source)
    assert m.extract_publisher(source, None) == publisher
    assert m.extract_doc_type(source, None, publisher, addr) == doc_type
    assert m.extract_report_year(source, None, addr, doc_type, None) == year


@pytest.mark.parametrize("title, labels, publisher, doc_type", [
    ("Trafficking in Persons Report 2008 - Mali", {}, None, "Annual report"),
    ("Mali — Country Reports on Human Rights Practices", {}, None, "Country report"),
    ("Nigeria: Information on the treatment of returnees", {"document_symbol": "NGA26574.E"},
     "Canada: Immigration and Refugee Board of Canada", "Query response"),
    ("Guidelines on International Protection No. 12", {}, "UN High Commissioner for Refugees", "Guidelines"),
    ("BF (Tirana – gay men) Albania [2019] UKUT 0093 (IAC)", {}, None, "Case law"),
    ("Nigeria Child's Rights Act 2003", {}, None, "Legislation"),
    ("Some Paper", {"doc_type": "Case Law"}, None, "Case law"),
    ("Some Paper", {}, None, None),
])
def test_extract_doc_type(title, labels, publisher, doc_type):
    assert m.extract_doc_type(src("Body.", labels), title, publisher, None) == doc_type


@pytest.mark.parametrize("meta, body, language", [
    ({"html-lang": "fr-FR"}, "", "fr"),
    ({}, "The government of Mali is a country that has made efforts in the fight against trafficking.", "en"),
    ({}, "Le gouvernement du Mali a fait des efforts dans la lutte contre la traite des personnes.", "fr"),
    ({}, "El gobierno de Malí ha hecho esfuerzos en la lucha contra la trata de personas.", "es"),
    ({}, "Правительство Мали предприняло усилия по борьбе с торговлей людьми.", "ru"),
    ({}, "Mali 2004 14 June", None),
])
def test_extract_language(meta, body, language):
    assert m.extract_language(src(body, meta=meta), None) == language


def test_language_from_a_new_site_address():
    addr = parse_refworld_url("https://www.refworld.org/reference/countryrep/amnesty/1997/fr/22296")
    assert m.extract_language(src("Texte."), addr) == "fr"


@pytest.mark.parametrize("labels, meta, expected", [
    ({"published": "14 June 2004"}, {}, "2004-06-14"),
    ({"published": "January 2013"}, {}, "2013-01"),
    ({}, {"citation_publication_date": "2012"}, "2012"),
    ({}, {"article:published_time": "2016-05-24T11:51:00+00:00"}, "2016-05-24"),
    ({}, {}, None),
])
def test_extract_published(labels, meta, expected):
    assert m.extract_published(src(labels=labels, meta=meta)) == expected


@pytest.mark.parametrize("docid, url, expected", [
    ("4680d7f3c", None, "4680d7f3c"),
    (None, "https://www.refworld.org/reference/annualreport/usdos/2003/en/26145", "rw26145"),
    (None, None, "abababababababab"),
])
def test_extract_id(docid, url, expected):
    assert m.extract_id("ab" * 32, docid, parse_refworld_url(url) if url else None) == expected


@pytest.mark.parametrize("meta, title", [
    ({"og:title": "Mali report | Refworld", "title": "ignored"}, "Mali report"),
    ({"title": "Mali report | Refworld"}, "Mali report"),
    ({"og:title": " | Refworld"}, None),
    ({"title": "Refworld | Mali report"}, "Mali report"),
    ({}, None),
])
def test_extract_title_from_head_when_no_title_line(meta, title):
    assert m.extract_title(src(meta=meta)) == title


def test_the_only_refworld_address_in_a_text_describes_the_document():
    from indexer.documents.reader import parse_document
    text = ("MALI: TIER 2 WATCH LIST\n\nMali was upgraded to Tier 2 Watch List.\n\n"
            "Source: http://www.refworld.org/publisher,USDOS,,MLI,5b3e0addf,0.html\n")
    doc = parse_document(text.encode(), "mali.txt")
    assert (doc.refworld_docid, doc.id, doc.publisher) == ("5b3e0addf", "5b3e0addf", "United States Department of State")
    assert doc.source_url == "http://www.refworld.org/publisher,USDOS,,MLI,5b3e0addf,0.html"
    # No title line: the first heading stands in as the title.
    assert doc.title == "MALI: TIER 2 WATCH LIST" and doc.tier == "Tier 2 Watch List" and doc.countries[0].code == "MLI"


def guess_word_by_word(text: str) -> str | None:
    """``guess_language`` as it first counted: every letter listed, every word looked up per language."""
    letters = [ch for ch in text if ch.isalpha()]
    if letters:
        found = m._script_language(letters)
        if found:
            return found
    words = re.findall(r"[^\W\d_]+", text.lower())
    if not words:
        return None
    scores = {lang: sum(w in stop for w in words) for lang, stop in m.STOP_WORDS.items()}
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] >= max(3, len(words) // 12) else None


@pytest.mark.parametrize("text", [
    "", "2004 14 June", "The government of Mali and the people of the north.",
    "Le gouvernement du Mali a fait des efforts dans la lutte contre la traite des personnes. " * 5,
    "de la de la de la het een en van",  # a tie between languages: the first listed wins
    "Правительство Мали предприняло усилия по борьбе с торговлей людьми. The report says.",
    "Уряд України і її громадяни, їхні права ґрунтуються на законі.",
    "وزارة الخارجية پچژگکی تقرير حقوق الإنسان",
    "Côte d'Ivoire: the government’s réponse, ß, İstanbul, Ⅻ, ² and ½ of 1999.",
    "Ελληνική Δημοκρατία and a few English words of the text",
    "東京都 日本国政府の報告書 とカタカナ",
    "ملخص " * 3 + "The government of Pakistan " * 10,
])
def test_guessing_a_language_gives_what_counting_word_by_word_gives(text):
    assert m.guess_language(text) == guess_word_by_word(text)
