"""Citation lookup by the bibliographic fields: title and date similarity, and every
document's citation, mistyped or rewritten or in any style, finding it first in an
index of look-alikes."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from lookup_cases import SEED_CITE, SEED_TITLE
from lookup_cases import archive as archive
from lookup_cases import seed_id as seed_id

from indexer.citations.formats import STYLES, format_citation
from indexer.citations.lookup import lookup
from indexer.citations.similarity import date_agreement, fold, title_similarity
from indexer.dates import format_long
from indexer.edits import edit_distance

ACCESSED = dt.date(2016, 5, 25)


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
