"""Finding the document a pasted citation refers to.

The citation is parsed (``parsing``), the archive offers candidates
(``Archive.candidates``: documents an identifier names, documents whose
titles share the rarest words, documents saved from the address on another
host, and, for a long pasted text, documents whose text holds its rarest
words), and each is rescored (``similarity``, ``quotation``). An exact
docid, address, new-site id or document symbol is certain (confidence 1.0);
an address on a mirror nearly so (``CITE_MIRROR``); a quotation is as sure
as the share of it the text holds in order; every other candidate is ranked
by title similarity, date agreement, publisher similarity and the country
named. A citation by key (``\\cite{key}``, a CSL cite item) is found by its key
(``citekeys``), and a candidate of a pinpointed citation names the paragraph
its locator points to (``at``) when the document has it.
"""
from __future__ import annotations

import dataclasses
import re

from .. import config
from ..addresses import canonical, canonical_path
from ..archive import Archive
from ..countries import countries_in
from ..duplicates import Signature, is_near_copy, signature
from ..folding import fold, normalise_text
from ..records import Candidate, Document
from ..works import cited_id, work_key
from .citekeys import keyed_documents
from .locators import anchor_in, cited_place
from .parsing import parse_citation
from .quotation import is_quotation, locate, quotation_confidence, quotation_reasons
from .similarity import mentions, score_candidate

# A document the citation rules out (another year or country of the series) keeps this
# share of its confidence: it is listed as another document of the series, never as found.
RULED_OUT_FACTOR = 0.5
# A passage in quotation marks at the start of a pasted text, up to the last closing mark.
_QUOTED_RE = re.compile(r'\s*[\u201c"](.+)[\u201d"]', re.S)
# A quotation found with at least this share of its words in order is held whole.
QUOTE_WHOLE = 0.9


def verdict(confidence: float) -> str:
    """What a fuzzy candidate's confidence says: "found", "probably", or "nearest" (the cited
    document is probably not in this archive and this is only the nearest one)."""
    if confidence >= config.CITE_FOUND:
        return "found"
    return "probably" if confidence >= config.CITE_PROBABLY else "nearest"


def lookup(archive: Archive, text: str, limit: int = config.CITE_CANDIDATES) -> tuple[Candidate, ...]:
    """The documents ``text`` may cite, best first, each with a confidence, a verdict and reasons.

    Documents an identifier names come first, found with confidence 1.0 (their
    fuzzy score only orders them among themselves); then the best fuzzy
    matches, found, probably or only the nearest, among them the documents
    whose text holds ``text`` as a quotation (with the paragraph it is in) and
    those saved from the cited address on a mirror; then the documents of the
    same series that the citation rules out (another year, another country),
    as "other", their confidence halved, never found.
    """
    keyed, place = keyed_documents(archive, text)
    if keyed:
        return tuple(Candidate(id=doc.id, title=doc.title, publisher=doc.publisher, published=doc.published,
                               confidence=1.0, reasons=("the citation key",), verdict="found",
                               at=anchor_in(doc, place)) for doc in keyed[:limit])
    place = cited_place(normalise_text(text))
    parsed = parse_citation(text, archive.publishers())
    if not (parsed.refworld_docid or parsed.new_site_id or parsed.url) and is_quotation(text):
        parsed = dataclasses.replace(parsed, quotation=normalise_text(quoted_passage(text)))
    found = archive.candidates(parsed)
    exact: dict[str, tuple[Document, list[str]]] = {}
    for doc, reason in found.exact:
        given = exact.setdefault(doc.id, (doc, []))[1]
        if reason not in given:
            given.append(reason)
    pool = list(found.similar)
    folded_text = fold(normalise_text(text))
    mentioned = {c.name for doc in pool + [d for d, _ in exact.values()] for c in doc.countries
                 if mentions(folded_text, c.name)}
    # A country the citation names counts even when no candidate is about it, so
    # that "... Report 2008 - Mali" does not look like a good match for Algeria's.
    mentioned.update(c.name for c in countries_in(text))
    # Rank the pool cheaply, then compare characters only for the front of it.
    pool.sort(key=lambda d: -score_candidate(parsed, d, mentioned, precise=False).confidence)
    considered = {d.id: d for d in pool[: max(config.CITE_RESCORE, limit)]}
    considered.update({doc_id: doc for doc_id, (doc, _) in exact.items()})
    mirrors = {doc.id: doc for doc in found.mirrored if doc.id not in exact}
    considered.update(mirrors)
    quoted = _quoted(parsed.quotation, found.quoted) if parsed.quotation else {}
    ranked = []
    for doc in considered.values():
        score = score_candidate(parsed, doc, mentioned)
        if doc.id in exact:
            ranked.append((0, 1.0, score.confidence, "found", tuple(exact[doc.id][1]) + score.reasons, doc))
        elif doc.id in mirrors:
            sure = mirror_confidence(parsed.url or "")
            reason = f"the address, saved from another host ({archive_host(doc)})"
            ranked.append((1, sure, score.confidence, verdict(sure), (reason,) + score.reasons, doc))
        elif score.ruled_out:
            other = score.confidence * RULED_OUT_FACTOR
            if other >= config.CITE_MIN_CONFIDENCE:
                ranked.append((2, other, other, "other", score.reasons, doc))
        elif score.confidence >= config.CITE_MIN_CONFIDENCE:
            ranked.append((1, score.confidence, score.confidence, verdict(score.confidence), score.reasons, doc))
    for doc_id, (confidence, reasons, _, doc) in quoted.items():
        # The text itself outweighs what the pasted words say read as a citation (a
        # paragraph naming another country does not rule its own document out).
        current = next((item for item in ranked if item[5].id == doc_id), None)
        if current is None or current[0] == 2 or (current[0] == 1 and current[1] < confidence):
            ranked = [item for item in ranked if item[5].id != doc_id]
            if confidence >= config.CITE_MIN_CONFIDENCE:
                ranked.append((1, confidence, confidence, verdict(confidence), reasons, doc))
    # Among equals, the copy whose page is its work's page.
    ranked.sort(key=lambda item: (item[0], -item[1], -item[2], item[5].id != cited_id(item[5]), item[5].id))
    shown, seen = [], set()
    for item in ranked:
        key = work_key(item[5])
        if key not in seen:  # the copies of one work (the same text, a report and its PDF) are listed once
            seen.add(key)
            shown.append(item)
    out = []
    for _, confidence, _, kind, reasons, doc in shown[:limit]:
        at = quoted[doc.id][2] if doc.id in quoted else anchor_in(doc, place)
        if at and doc.id not in quoted:
            reasons = reasons + (f"the pinpoint names {at}",)
        out.append(Candidate(id=doc.id, title=doc.title, publisher=doc.publisher, published=doc.published,
                             confidence=round(confidence, 3), reasons=reasons, verdict=kind, at=at))
    return tuple(out)


def quoted_passage(text: str) -> str:
    """The words inside the quotation marks of a passage pasted with its citation
    (“...” (Author, 2024, p. 3)), else the whole text: the citation is no part of the
    passage, and would lower the share of it the document holds."""
    match = _QUOTED_RE.match(text)
    if match and len(match.group(1).split()) >= config.QUOTE_MIN_WORDS:
        return match.group(1)
    return text


def _quoted(quotation: str, docs) -> dict[str, tuple[float, tuple[str, ...], str | None, Document]]:
    """The documents whose text holds ``quotation``: confidence, reasons, paragraph anchor.

    A quotation that several documents hold nearly whole (a paragraph an annual
    report repeats year after year) does not tell them apart: none of them is
    then more than "probably".
    """
    matches = {}
    for doc in docs:
        match = locate(quotation, doc)
        if match is not None:
            matches[doc.id] = (match, doc)
    works = _works([doc for match, doc in matches.values() if match.coverage >= QUOTE_WHOLE])
    out = {}
    for doc_id, (match, doc) in matches.items():
        confidence, reasons = quotation_confidence(match), quotation_reasons(match)
        if match.coverage >= QUOTE_WHOLE and works > 1:
            confidence = min(confidence, config.QUOTE_SHARED_CEILING)
            reasons += (f"{works - 1} other document(s) hold it too",)
        out[doc_id] = (confidence, reasons, match.anchor, doc)
    return out


def _works(docs: list[Document]) -> int:
    """How many distinct works ``docs`` are: a report and its PDF edition (near copies,
    ``duplicates``) are one work, whose copies may all hold a quotation."""
    if len({work_key(doc) for doc in docs}) < 2:
        return len(docs[:1])
    groups: list[Signature] = []
    for doc in docs:
        mark = signature(doc.text)
        if not any(is_near_copy(mark, other) for other in groups):
            groups.append(mark)
    return len(groups)


def mirror_confidence(url: str) -> float:
    """How sure the same path on another host is the same document: a long path or one that
    carries a number ("/countries/2015/243487.htm") names one document; a short one
    ("/reports/2019") may name another page on each site."""
    segments = [s for s in canonical_path(url).split("?")[0].split("/") if s]
    distinctive = len(segments) >= 3 or any(sum(ch.isdigit() for ch in s) >= 5 for s in segments)
    return config.CITE_MIRROR if distinctive else config.CITE_MIRROR_SHORT


def archive_host(doc: Document) -> str:
    return canonical(doc.source_url or "").split("/", 1)[0]
