"""Reliability of what a document is taken for: its id, and the lines removed from it as furniture.

Two ways an archive silently lost text, each checked with real `refsearch`
commands on archives written here (the tests build the same archives):

1. **Identity.** A document's id comes from its own metadata only (its
   Cite-as, canonical link, labelled address). A client memo citing the TIP
   chapter saved beside it, or a TIP dump whose Cite-as lost its link and
   which cites the previous edition, once took the cited report's docid and
   pushed the report out of the index as a "duplicate". Two files that do
   claim one id are both indexed and the clash is named.
2. **Learned furniture.** Ten tribunal decisions of one folder: their
   unique appeal numbers and the outcomes a fifth of them share are content,
   while the banner and footer every page of the site repeats are furniture;
   `extract FILE --explain` says what learning removed from that one file.

``rows(work)`` gives the rows of ``bench.reliability``'s section "Identity
and furniture".
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from bench.reliability.common import Row, refsearch, traceback_free

CHAPTER_DOCID = "484f9a2ac"
CHAPTER_CITE = ("United States Department of State, Trafficking in Persons Report 2008 - Mali, "
                "4 June 2008")
PREVIOUS_DOCID = "46680623c"
PREVIOUS_CITE = ("United States Department of State, Trafficking in Persons Report 2007 - Mali, "
                 "12 June 2007")
BANNER = "Tribunal Decisions Service | Search decisions | Help"
FOOTER = "© Crown copyright 2024 | Terms and conditions | Accessibility statement"
# The ten decisions: (appellant's country, judge, hearing day, outcome); three are allowed.
DECISIONS = (
    ("Eritrea", "Kamara", 9, "dismissed"), ("Sudan", "Kebede", 9, "dismissed"),
    ("Iran", "Kamara", 9, "allowed"), ("Albania", "Norton-Taylor", 16, "dismissed"),
    ("Vietnam", "Kebede", 16, "allowed"), ("Iraq", "Kamara", 23, "dismissed"),
    ("Afghanistan", "Norton-Taylor", 23, "allowed"), ("Syria", "Kebede", 23, "dismissed"),
    ("Ethiopia", "Kamara", 30, "dismissed"), ("Somalia", "Norton-Taylor", 30, "dismissed"),
)


def tip_dump(year: int, country: str, published: str, docid: str | None, body: str) -> str:
    """A Refworld text dump of a TIP chapter; without ``docid`` its Cite-as lost the link."""
    link = f"http://www.refworld.org/docid/{docid}.html " if docid else ""
    return (f"Last Updated: Tuesday, 24 May 2016, 11:51 GMT\n\n"
            f"Trafficking in Persons Report {year} - {country}\n\n"
            f"Publisher United States Department of State\n"
            f"Author Office to Monitor and Combat Trafficking in Persons\n"
            f"Publication Date {published}\n"
            f"Cite as United States Department of State, Trafficking in Persons Report {year} - "
            f"{country}, {published}, available at: {link}[accessed 24 May 2016]\n\n"
            f"{country.upper()} (Tier 2)\n\n{body}\n")


def chapter_2008() -> str:
    return tip_dump(2008, "Mali", "4 June 2008", CHAPTER_DOCID,
                    "Mali is a source, transit, and destination country for men, women, and "
                    "children trafficked for forced labor in the gold mines near Kayes and for "
                    "commercial sexual exploitation. Boys are forced to beg by Koranic teachers.")


def client_memo() -> str:
    """A memo with no address of its own that cites the 2008 chapter by its Refworld address."""
    return ("Memo to counsel: the client's fear of forced labour on return\n\n"
            "The client, from Kayes, fears being returned to forced labour in the gold mines. "
            f"The State Department described the mines in 2008: see {CHAPTER_CITE}, available "
            f"at: http://www.refworld.org/docid/{CHAPTER_DOCID}.html [accessed 24 May 2016].\n\n"
            "We should put the chapter before the tribunal at the hearing on 3 March.\n")


def write_memo_beside_report(folder: Path) -> dict[str, Path]:
    """The 2008 TIP chapter on Mali and a client memo citing it, in one folder."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"chapter": folder / "tip2008-mali.txt", "memo": folder / "memo-client-kayes.txt"}
    paths["chapter"].write_text(chapter_2008(), encoding="utf-8")
    paths["memo"].write_text(client_memo(), encoding="utf-8")
    return paths


def write_dump_citing_previous_edition(folder: Path) -> dict[str, Path]:
    """The 2007 chapter with its link, and a 2008 dump that lost its own and cites the 2007 one."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"previous": folder / "tip2007-mali.txt", "dump": folder / "tip2008-mali-nolink.txt"}
    paths["previous"].write_text(tip_dump(
        2007, "Mali", "12 June 2007", PREVIOUS_DOCID,
        "Mali is a source, transit, and destination country for children trafficked for forced "
        "agricultural labor in rice fields and for domestic servitude in Bamako."), encoding="utf-8")
    paths["dump"].write_text(tip_dump(
        2008, "Mali", "4 June 2008", None,
        "Mali is a source country for boys forced to beg and to mine gold. The government "
        "continued the work the previous report described (http://www.refworld.org/docid/"
        f"{PREVIOUS_DOCID}.html) but convicted no trafficker."), encoding="utf-8")
    return paths


def write_two_claiming_one_id(folder: Path) -> dict[str, Path]:
    """The 2008 chapter twice: as saved, and a copy edited since; both claim its docid."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"saved": folder / "tip2008-mali.txt", "edited": folder / "tip2008-mali_annotated.txt"}
    paths["saved"].write_text(chapter_2008(), encoding="utf-8")
    paths["edited"].write_text(chapter_2008() + "\nAnnotation: compare the 2009 chapter on "
                               "Kayes before the hearing.\n", encoding="utf-8")
    return paths


def appeal_number(n: int) -> str:
    return f"PA/{1003 + 14 * n:05d}/2023"


def decision_page(n: int) -> str:
    """One decision of the tribunal's site as saved: its banner, header, reasons, outcome, footer."""
    country, judge, day, outcome = DECISIONS[n]
    reasons = "\n".join(
        f"<p>{k}. {text}</p>" for k, text in enumerate((
            f"The appellant, a national of {country}, appeals against the decision of the "
            "First-tier Tribunal refusing his protection claim.",
            f"He fears persecution in {country} for his political opinion; the judge below found "
            "his account inconsistent on the date of his arrest.",
            "We have considered the country evidence and the grounds with care.",
            f"Signed: Upper Tribunal Judge {judge}, {day + n + 7} February 2024"), start=1))
    return (f"<html><head><title>{appeal_number(n)}</title></head><body>"
            f"<div>{BANNER}</div>"
            f"<p>Appeal Number: {appeal_number(n)}</p>"
            "<p>THE IMMIGRATION ACTS</p>"
            f"<p>Heard at Field House on {day} January 2024</p>"
            f"<p>Before Upper Tribunal Judge {judge}</p>"
            f"<h2>Decision and reasons</h2>{reasons}"
            "<p>Notice of decision</p>"
            f"<p>Appeal {outcome}.</p>"
            f"<div>{FOOTER}</div></body></html>")


def write_decisions(folder: Path) -> list[Path]:
    """Ten decisions of one tribunal in one folder."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(len(DECISIONS)):
        path = folder / f"decision-{n:02d}.html"
        path.write_text(decision_page(n), encoding="utf-8")
        paths.append(path)
    return paths


def kept_lines(n: int) -> tuple[str, ...]:
    """What decision ``n`` must keep: its appeal number and its outcome."""
    return (f"Appeal Number: {appeal_number(n)}", f"Appeal {DECISIONS[n][3]}.")


# ---- the reliability rows ------------------------------------------------------


def _indexed_texts(index_dir: Path) -> dict[str, tuple[str, str]]:
    """Each indexed file's (document id, text), by file name."""
    from indexer.archive import current_generation, open_archive
    from indexer.store.manifest import load_manifest
    generation = current_generation(index_dir)
    manifest = load_manifest(index_dir / generation) if generation else None
    records = manifest.records if manifest else {}
    with open_archive(index_dir) as archive:
        return {os.path.basename(path): (record.doc_id, archive.document(record.doc_id).text)
                for path, record in records.items()}


def _index(folder: Path, index_dir: Path):
    return refsearch("", "index", folder, "--index", index_dir, "--workers", "1")


def _first_found(index_dir: Path, query: str) -> tuple[str, list[dict]]:
    """The cited candidates `refsearch cite --json` lists, with a one-line account of the first."""
    run = refsearch("", "cite", query, "--index", index_dir, "--json")
    candidates = json.loads(run.stdout) if run.returncode == 0 else []
    first = (f"{candidates[0]['title']} {candidates[0]['confidence']:.0%} {candidates[0]['verdict']}"
             if candidates else f"exit {run.returncode}")
    return first, candidates


def identity_rows(work: Path) -> list:
    rows = []
    folder = work / "memo" / "docs"
    write_memo_beside_report(folder)
    run = _index(folder, work / "memo" / "index")
    indexed = _indexed_texts(work / "memo" / "index")
    first, candidates = _first_found(work / "memo" / "index", CHAPTER_CITE)
    found = [c["id"] for c in candidates if c["verdict"] == "found"]
    rows.append(Row("a client memo citing the TIP chapter saved beside it",
                    "both indexed, the chapter under its docid; `cite` finds the chapter, not the memo",
                    f"exit {run.returncode}, {len(indexed)} indexed; cite: {first}",
                    run.returncode == 0 and traceback_free(run) and len(indexed) == 2
                    and indexed["tip2008-mali.txt"][0] == CHAPTER_DOCID and found == [CHAPTER_DOCID]))

    folder = work / "nolink" / "docs"
    write_dump_citing_previous_edition(folder)
    run = _index(folder, work / "nolink" / "index")
    indexed = _indexed_texts(work / "nolink" / "index")
    first, _ = _first_found(work / "nolink" / "index", PREVIOUS_DOCID)
    rows.append(Row("a TIP dump whose Cite-as lost its link, citing the previous edition",
                    "both indexed, the previous edition under its docid",
                    f"exit {run.returncode}, {len(indexed)} indexed; cite {PREVIOUS_DOCID}: {first}",
                    run.returncode == 0 and traceback_free(run) and len(indexed) == 2
                    and indexed["tip2007-mali.txt"][0] == PREVIOUS_DOCID
                    and "duplicate" not in run.stderr))

    folder = work / "clash" / "docs"
    paths = write_two_claiming_one_id(folder)
    run = _index(folder, work / "clash" / "index")
    indexed = _indexed_texts(work / "clash" / "index")
    clashes = [line for line in run.stderr.splitlines() if line.startswith("id clash ")]
    rows.append(Row("two files claiming one Refworld docid",
                    "both indexed, the clash named on stderr, exit 0",
                    f"exit {run.returncode}, {len(indexed)} indexed; "
                    + (clashes[0] if clashes else "no clash reported"),
                    run.returncode == 0 and traceback_free(run) and len(indexed) == 2
                    and len(clashes) == 1 and all(str(p.resolve()) in clashes[0] for p in paths.values())))
    return rows


def furniture_rows(work: Path) -> list:
    rows = []
    folder = work / "decisions" / "docs"
    index_dir = work / "decisions" / "index"
    paths = write_decisions(folder)
    run = _index(folder, index_dir)
    indexed = _indexed_texts(index_dir)
    lost = [line for n, path in enumerate(paths) for line in kept_lines(n)
            if line not in indexed.get(path.name, ("", ""))[1]]
    furniture = sum(BANNER in text or FOOTER in text for _, text in indexed.values())
    allowed = sum(outcome == "allowed" for *_, outcome in DECISIONS)
    rows.append(Row(f"{len(paths)} tribunal decisions of one folder: unique appeal numbers, "
                    f"{allowed} allowed and {len(paths) - allowed} dismissed",
                    "appeal numbers and outcomes all indexed; the site's banner and footer learned",
                    f"exit {run.returncode}; {len(lost)} of {2 * len(paths)} lines lost"
                    + (f" ({lost[0]!r}, ...)" if lost else "")
                    + f"; banner or footer left in {furniture}",
                    run.returncode == 0 and traceback_free(run) and not lost and not furniture))

    one = refsearch("", "extract", paths[2], "--explain", "--json", "--index", index_dir)
    record = json.loads(one.stdout) if one.returncode == 0 else {}
    removed = [r["text"] for r in record.get("removed", ())]
    rows.append(Row("`extract --explain` on one decision of the indexed folder",
                    "what the archive-wide learning removed: the banner and footer, nothing else",
                    f"removed {removed}; learning {record.get('learning', '').split(':')[0]!r}",
                    removed == [BANNER, FOOTER] and "Appeal allowed." in record.get("text", "")
                    and record.get("learning", "").startswith("from the index in")))

    alone = refsearch("", "extract", paths[0], "--explain", "--json", "--index", work / "no-index")
    record = json.loads(alone.stdout) if alone.returncode == 0 else {}
    rows.append(Row("`extract --explain` on one decision, no index", "says how furniture is learned",
                    f"removed {len(record.get('removed', ()))}; learning: '... "
                    f"{record.get('learning', '').rsplit(';', 1)[-1].strip()}'",
                    record.get("removed") == [] and "--index" in record.get("learning", "")))
    return rows


def rows(work: Path) -> list:
    """The rows of the section "Identity and furniture" (``bench.reliability.common.Row``)."""
    return identity_rows(work) + furniture_rows(work)
