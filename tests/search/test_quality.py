"""Search quality, one class of need at a time, on a small index built here.

Each test pins a way refsearch once ranked worse than a plain BM25 engine
(the classes of ``bench/relevance``): country names filed as words, codes
read into ordinary acronyms, demonyms, numbers, spellings, transliterations,
stemming collisions, words far apart, the any-word fallback, suggestions,
snippets and copies.
"""
from __future__ import annotations

import pytest
from conftest import make_document

from indexer.archive import open_archive
from indexer.build import write_index
from indexer.querylang import CountryName, parse
from indexer.records import Country
from indexer.request import parse_request

FILLER = "The report covers the year under review and the government's response. " * 3


def doc(doc_id: str, text: str, country: tuple[str, str] = ("Chad", "TCD"), title: str | None = None):
    return make_document(id=doc_id, title=title or f"Report {doc_id}", text=f"{text} {FILLER}",
                         countries=(Country(*country),), tier=None, path=f"quality/{doc_id}.txt")


DOCUMENTS = [
    doc("ethiopia", "Police detained journalists in Addis Ababa.", ("Ethiopia", "ETH"),
        title="Ethiopia 2024 Human Rights Report"),
    doc("elections", "The democratic elections were postponed twice.", title="Elections report"),
    doc("somalia", "Somali security forces and Somali officials detained critics in Mogadishu. "
        "Somali courts heard cases. Somalia's parliament met.", ("Somalia", "SOM"),
        title="Somalia 2024 Human Rights Report"),
    doc("host", "The country hosted Somali refugees in camps near the border.", ("Kenya", "KEN"),
        title="Kenya 2024 Human Rights Report"),
    doc("article3", "Article 3 of the constitution protects every person."),
    doc("article5", "Article 5 of the constitution protects every person."),
    doc("british", "Forced labour in brick kilns persisted; organisations reported it."),
    doc("american", "Forced labor in fishing persisted; organizations reported it."),
    doc("bahai", "Members of the Baha'i faith and the Uighur minority were harassed."),
    doc("quran", "A man was charged for burning a Koran near the Quran school."),
    doc("organ", "Police investigated organ trafficking and security forces were deployed."),
    doc("near", "The Federal Police committed abuses in the north."),
    doc("far", "The federal budget grew. " + "Other matters. " * 40 + "Local police patrolled."),
    doc("tigray", "Fighting in Tigray displaced civilians.", ("Ethiopia", "ETH"), title="Tigray update"),
    doc("hazara", "Hazaras faced attacks. Hazards of travel rose."),
    doc("hazards1", "Hazards at work."), doc("hazards2", "Hazards of mining."),
    doc("hazards3", "Hazards in ports."), doc("hazards4", "Hazards of floods."),
    doc("hazards5", "Hazards on roads."), doc("hazards6", "Hazards for divers."),
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("quality")
    write_index(folder, DOCUMENTS)
    with open_archive(folder) as opened:
        yield opened


def ids(archive, query: str) -> list[str]:
    return [hit.id for hit in archive.search(parse_request({"q": query, "per_page": "50"})).hits]


def test_official_country_names_are_not_words_of_the_report(archive):
    """Ethiopia is filed as the Federal Democratic Republic of Ethiopia; "democratic" is not in its text."""
    assert ids(archive, "democratic") == ["elections"]
    assert ids(archive, "Ethiopia")[0] == "ethiopia"


@pytest.mark.parametrize("text", ["ID cards", "IT act", "EU border", "AI report", "UN staff", "TV journalist"])
def test_two_letter_capitals_are_acronyms_not_countries(text):
    assert not any(isinstance(n, CountryName) for n in (parse(text).tree.nodes))


def test_a_country_code_still_names_a_country_in_the_country_field():
    assert parse("country:ID").tree.value == "IDN"


def test_a_demonym_finds_its_people_not_the_country_s_own_report(archive):
    assert ids(archive, "Somali refugees")[0] == "host"
    assert "somalia" in ids(archive, "Somali")  # the demonym still matches the people's report


def test_numbers_are_words(archive):
    assert ids(archive, "article 3") == ["article3"]
    assert ids(archive, '"article 5"') == ["article5"]


@pytest.mark.parametrize("query", ["forced labour", "forced labor", "organisations", "organizations"])
def test_british_and_american_spellings_find_each_other(archive, query):
    assert set(ids(archive, query)) == {"british", "american"}


@pytest.mark.parametrize("query, expected", [
    ("Baha'i", {"bahai"}), ("Bahai", {"bahai"}), ("Uyghur", {"bahai"}), ("Uighurs", {"bahai"}),
    ("Quran", {"quran"}), ("Qur'an", {"quran"}), ("Koran", {"quran"}),
])
def test_apostrophes_and_transliterations_fold(archive, query, expected):
    assert set(ids(archive, query)) == expected


def test_stems_do_not_join_unrelated_concepts(archive):
    assert "organ" not in ids(archive, "organizations")
    assert "organ" not in ids(archive, "forced")


def test_words_that_stand_together_rank_above_words_far_apart(archive):
    assert ids(archive, "federal police")[:2] == ["near", "far"]


def test_a_misspelt_name_is_corrected_to_a_name_that_one_document_holds(archive):
    assert archive.search(parse_request({"q": "Tigrai"})).suggestion == "Tigray"


def test_a_name_the_archive_holds_is_never_corrected_to_a_commoner_word(archive):
    assert archive.search(parse_request({"q": "Hazaras"})).suggestion is None
    assert archive.search(parse_request({"q": "hazaards"})).suggestion == "hazards"


def test_the_summary_says_a_spelling_was_folded(archive):
    assert "labour (also labor)" in archive.search(parse_request({"q": "forced labour"})).interpreted_query


def test_without_a_document_holding_every_word_the_hits_hold_most_and_say_what_they_lack(archive):
    results = archive.search(parse_request({"q": "federal police zanzibarquux"}))
    assert "showing documents with most of them" in results.notice
    assert [h.id for h in results.hits][:2] == ["near", "far"]  # both hold 2 of the 3 words
    assert all(h.missing == ("zanzibarquux",) for h in results.hits[:2])
    # Fewer than a page hold two of the words: those holding one follow.
    assert "then with any" in results.notice and len(results.hits) > 2
    assert "elections" not in [h.id for h in results.hits]  # holds none: not shown


def test_a_typo_that_finds_nothing_is_searched_as_corrected(archive):
    results = archive.search(parse_request({"q": "Tigrai fighting"}))
    assert [h.id for h in results.hits] == ["tigray"]
    assert results.notice == "No document contains all of Tigrai, fighting; showing documents for Tigray fighting"


def test_missing_words_are_shown_on_the_results_page(tmp_path):
    from webapp import create_app

    write_index(tmp_path, DOCUMENTS)
    client = create_app({"INDEX_DIR": tmp_path, "TESTING": True}).test_client()
    page = client.get("/search?q=federal+police+zanzibarquux").get_data(as_text=True)
    assert "Missing: <s>zanzibarquux</s>" in page


def test_snippets_show_the_passage_on_the_subject_before_the_country_s_names(tmp_path):
    text = ("Iranian officials met. Iran and Iranians and the Islamic Republic of Iran were named. "
            + "Nothing here. " * 30 + "Women were arrested for defying the hijab rules.")
    write_index(tmp_path, [doc("iran", text, ("Iran", "IRN"))])
    with open_archive(tmp_path) as opened:
        first = opened.search(parse_request({"q": "Iranian women hijab"})).hits[0].snippets[0]
    assert "<mark>hijab</mark>" in first and "<mark>Women</mark>" in first


COPIES = [
    doc("original", "Forced evictions in the capital displaced hundreds of families last year."),
    make_document(id="resaved", title="Report original", text="Forced evictions in the capital displaced "
                  "hundreds of families\r\nlast year.  " + FILLER, countries=(Country("Chad", "TCD"),),
                  tier=None, path="quality/resaved.txt"),
    doc("other", "Forced evictions were rare in the provinces."),
]


def test_a_document_saved_twice_is_shown_once_with_its_copy(tmp_path):
    write_index(tmp_path, COPIES)
    with open_archive(tmp_path) as opened:
        results = opened.search(parse_request({"q": "forced evictions"}))
        assert results.total == 2
        first = next(h for h in results.hits if h.id != "other")
        assert {first.id, *first.copies} == {"original", "resaved"}
        assert [d.id for d in opened.copies(first.id)] == list(first.copies)
        assert sum(v.count for v in results.facets["country"]) == 2
        assert "resaved" not in [h.id for h in opened.similar("original", 5)]


def test_a_stop_word_written_in_capitals_is_an_acronym(tmp_path):
    docs = [doc("it", "Cases under the IT Act were withdrawn."),
            doc("plain", "It was said that cases were withdrawn.")]
    write_index(tmp_path, docs)
    with open_archive(tmp_path) as opened:
        # Only "it" holds the acronym (the other document holds "it", the stop word): it alone
        # holds every word, and the document holding most of them follows it.
        results = opened.search(parse_request({"q": "IT act cases withdrawn"}))
        assert [h.id for h in results.hits][0] == "it"
        assert results.notice and results.notice.startswith("Only 1 document contains all of")


def test_irregular_verb_forms_find_their_base(tmp_path):
    docs = [doc("fled", "Thousands fled the fighting; others could not flee."),
            doc("left", "The delegation left the capital.")]
    write_index(tmp_path, docs)
    with open_archive(tmp_path) as opened:
        assert ids(opened, "fleeing") == ["fled"] and ids(opened, "fled") == ["fled"]
        # A past form that is also another word is left to the stemmer alone.
        assert ids(opened, "leave") == []


def test_a_query_naming_two_countries_weighs_the_reports_about_either_alike(tmp_path):
    # Mali's documents are many and Côte d'Ivoire's one, so Mali's names are common words of
    # this archive and Côte d'Ivoire's rare ones, and Côte d'Ivoire has more names (several
    # of two words): being about either country still counts the same, and the words of the
    # need decide.
    docs = [doc("agreement", "Mali and Cote d'Ivoire signed an agreement against child trafficking. "
                             "Malian officials said trafficking fell.", ("Mali", "MLI"), title="Annual report"),
            doc("ivorian", "Cote d'Ivoire held elections and Ivorian courts sat. Trafficking was reported. "
                           "A trader from Mali was fined under a trade agreement.",
                ("Côte d'Ivoire", "CIV"), title="Annual report")]
    docs += [doc(f"mali{n}", f"Mali report {n}: Malian courts sat in Bamako.", ("Mali", "MLI"))
             for n in range(4)]
    write_index(tmp_path, docs)
    with open_archive(tmp_path) as opened:
        assert ids(opened, "Mali Cote D'Ivoire trafficking agreement")[:2] == ["agreement", "ivorian"]
