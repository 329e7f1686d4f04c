"""The `refsearch` command line: a thin click shell over the library.

Each command parses its options, makes one library call and prints the
result; a ``RefsearchError`` becomes its message on stderr and exit status 1;
click's own usage errors exit with status 2.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import config
from .cli_check import check
from .cli_options import INDEX_OPTION, LINK_TARGETS_OPTION, reports_errors
from .errors import DocumentMoved
from .facets import FACETS


def print_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Search engine for archives of country-of-origin and human-rights documents."""


# ---- extract ---------------------------------------------------------------


def _summary_lines(doc) -> list[str]:
    countries = ", ".join(f"{c.name} ({c.code})" for c in doc.countries) or "-"
    words = " ".join(doc.text.split()[:25])
    source = f" ({doc.published_source})" if doc.published and doc.published_source else ""
    counts = [(len(doc.sections), "section"), (len(doc.paragraphs), "paragraph"), (len(doc.pages), "page")]
    shape = [f"{n} {word}{'' if n == 1 else 's'}" for n, word in counts if n or word != "page"]
    return [
        doc.title or "(no title)",
        f"  publisher: {doc.publisher or '-'}",
        f"  published: {doc.published or '-'}{source}",
        f"  countries: {countries}",
        f"  tier:      {doc.tier or '-'}",
        f"  type:      {doc.doc_type or '-'}{f', {doc.report_year}' if doc.report_year else ''}",
        f"  structure: {', '.join(shape)}",
        f"  id:        {doc.id}",
        f"  path:      {doc.path}",
        f"  text:      {words}{' ...' if len(doc.text.split()) > 25 else ''}",
    ]


def _removed_lines(removed) -> list[str]:
    """What was removed from one file as furniture, each with its reason."""
    if not removed:
        return ["  removed:   nothing"]
    return [f"  removed:   {r.text!r}  ({r.reason})" for r in removed]


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True,
              help="Print each document as JSON (an array when there are several).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=config.MAX_FILE_BYTES, show_default=True,
              help="Skip files larger than this many bytes (PDFs: config.MAX_PDF_BYTES, 100 MB).")
@click.option("--explain", is_flag=True,
              help="Also list, for each file, what was removed as page furniture and why, and "
                   "where its site's furniture was learned (with --json, as 'removed' and "
                   "'learning' in each record).")
@click.option("--copies", is_flag=True,
              help="Also list the files that are copies of each other: the same text (whatever the "
                   "line endings or encoding), the same Refworld docid, or near copies.")
@click.option("--learn/--no-learn", "learn", default=True, show_default=True,
              help="Remove lines that repeat at the top or bottom of many files from the same site "
                   "(furniture learned from the files given; a file of the archive indexed in "
                   "--index is trimmed of what that index learned from the whole archive).")
@INDEX_OPTION
@LINK_TARGETS_OPTION
@reports_errors
def extract(paths: tuple[Path, ...], as_json: bool, max_bytes: int, explain: bool, copies: bool,
            learn: bool, index_dir: Path, link_targets: tuple[Path, ...]) -> None:
    """Read saved documents (files or folders) and show what refsearch extracts.

    Exit status 0 when every file was read, 1 when some were skipped (each
    named on stderr with its reason), 2 when a path does not exist.
    """
    from .build.trimming import indexed_furniture
    from .documents.batch import read_archive

    report = read_archive(paths, max_bytes=max_bytes, learn_furniture=learn, explain=explain,
                          link_targets=link_targets,
                          indexed=indexed_furniture(index_dir) if learn else None)
    if as_json:
        records = [doc.to_dict() for doc in report.documents]
        if explain:
            for record in records:
                record["removed"] = [r.to_dict() for r in report.removed.get(record["path"], ())]
                record["learning"] = report.learning.get(record["path"])
        print_json(records[0] if len(records) == 1 else records)
    else:
        for doc in report.documents:
            click.echo("\n".join(_summary_lines(doc)))
            if explain:
                click.echo("\n".join(_removed_lines(report.removed.get(doc.path))))
                click.echo(f"  learning:  {report.learning.get(doc.path)}")
            click.echo("")
    if copies:
        from .duplicates import copy_groups

        for group in copy_groups(report.documents, key=lambda doc: doc.path):
            click.echo(f"copies: {', '.join(group)}", err=as_json)
    click.echo(f"{len(report.documents)} read, {len(report.skipped)} skipped", err=as_json)
    for error in report.skipped:
        click.echo(f"skipped {error}", err=True)
    if report.skipped:
        sys.exit(1)


# ---- index -----------------------------------------------------------------


@main.command("index")
@click.argument("paths", nargs=-1, metavar="[PATH]...",
                type=click.Path(exists=True, path_type=Path))
@INDEX_OPTION
@click.option("--rebuild", is_flag=True,
              help="Re-read every file into a fresh index instead of updating the current one.")
@click.option("--workers", type=click.IntRange(min=1), default=config.INDEX_WORKERS,
              help="Processes reading documents in parallel  [default: one per CPU]")
@click.option("--wait", is_flag=True,
              help="If another index run is updating the index, wait for it instead of failing.")
@click.option("--file-time-limit", "file_seconds", type=click.FloatRange(min=0, min_open=True),
              default=config.INDEX_FILE_SECONDS, show_default=True, metavar="SECONDS",
              help="Skip a file that takes longer than this to read.")
@click.option("--file-memory-limit", "file_mb", type=click.IntRange(min=1),
              default=config.INDEX_FILE_MB, show_default=True, metavar="MB",
              help="Skip a file that needs more memory than this to read.")
@LINK_TARGETS_OPTION
@reports_errors
def index_command(paths: tuple[Path, ...], index_dir: Path, rebuild: bool, workers: int | None,
                  wait: bool, file_seconds: float | None, file_mb: int | None,
                  link_targets: tuple[Path, ...]) -> None:
    """Build or update the search index from the document files under PATH...

    PATH defaults to seeds/ and archive/documents/. Only new, changed and
    deleted files cost work; searches keep answering from the previous index
    until the new one is complete.

    Exit status: 0 when the index was written, even if some files were
    skipped (each is listed on stderr with the reason) or two files claim one
    document id (both are indexed; each clash is listed); 1 when a folder or
    file could not be read (each is listed; what was indexed from it is kept
    as it was, and the rest is updated), or when no index could be written,
    for example while another index run holds the index or the disk is full;
    130 when interrupted with Ctrl-C (the previous index is unchanged).
    """
    from .archive import current_generation
    from .build import update_index
    from .documents.pool import Budget
    from .errors import BuildFailed, BuildInterrupted

    if not paths:
        try:
            config.DOCUMENTS_DIR.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass  # a file or a dead mount in its place: the build names it as unreadable
        paths = tuple(config.DEFAULT_SOURCES)
    try:
        report = update_index(paths, index_dir, rebuild=rebuild, progress=True,
                              workers=workers, wait=wait, budget=Budget(file_seconds, file_mb),
                              link_targets=link_targets)
    except BuildFailed as error:  # disk full, Ctrl-C, a writing process failed: one message
        live = current_generation(index_dir)
        click.echo(f"Error: {error}", err=True)
        click.echo("The unfinished index was removed; "
                   + (f"searches still use the previous one ({live})." if live
                      else "there is no index yet."), err=True)
        sys.exit(130 if isinstance(error, BuildInterrupted) else 1)
    except KeyboardInterrupt:  # only after the new index was published
        click.echo("Interrupted after the new index was published; it is complete and in use.",
                   err=True)
        sys.exit(130)
    except OSError as error:  # e.g. the index folder cannot be created
        raise click.ClickException(
            f"cannot write the index in {index_dir}: {error.strerror or error}; "
            "the previous index, if any, is unchanged") from error
    for note in report.notes:  # damage found in the index, and what the build did about it
        click.echo(note[0].upper() + note[1:], err=True)
    for reason in report.skipped_reasons():
        click.echo(f"skipped {reason}", err=True)
    for reason in report.unreadable_reasons():
        click.echo(f"cannot read {reason}", err=True)
    for reason in report.clash_reasons():
        click.echo(f"id clash {reason}", err=True)
    click.echo(f"{report.summary()} ({report.documents} documents in {index_dir}, "
               f"{report.duration:.1f} s)")
    if report.unreadable:
        click.echo(f"Error: {len(report.unreadable)} folder(s) or file(s) could not be read "
                   "(listed above); what was indexed from them is kept as it was. Make them "
                   "readable and run refsearch index again.", err=True)
        sys.exit(1)


# ---- search ----------------------------------------------------------------


def _terminal(snippet: str) -> str:
    """A snippet's HTML as terminal text: marks become [brackets], entities characters."""
    import html

    return html.unescape(snippet.replace("<mark>", "[").replace("</mark>", "]"))


def _print_results(results) -> None:
    data = results.to_dict()
    first = (results.page - 1) * results.per_page
    if data["notice"]:
        click.echo(data["notice"])
    click.echo(f"{data['total']} document{'' if data['total'] == 1 else 's'} for: {data['interpreted_query']}  "
               f"(page {data['page']} of {data['pages']})")
    if data["suggestion"]:
        click.echo(f"Did you mean: {data['suggestion']}")
    for rank, hit in enumerate(data["hits"], start=first + 1):
        facts = [hit["publisher"], hit["published"], hit["tier"]]
        click.echo("")
        click.echo(click.style(f"{rank}. {hit['title'] or '(untitled)'}", bold=True))
        click.echo("   " + " | ".join(str(f) for f in facts if f) + f" | id {hit['id']}")
        for snippet in hit["snippets"]:
            click.echo(f"   {_terminal(snippet)}")
        if hit.get("missing"):
            click.echo(f"   Missing: {', '.join(hit['missing'])}")
    click.echo("")
    for name, values in data["facets"].items():
        if values:
            shown = ", ".join(f"{'*' if v['selected'] else ''}{v['label']} ({v['count']})" for v in values[:8])
            more = f", ... {len(values) - 8} more" if len(values) > 8 else ""
            click.echo(f"{name}: {shown}{more}")


def facet_options(command):
    """One repeatable option per facet of the facet table (``--tier``, ``--country``, ...)."""
    for facet in reversed(FACETS):
        command = click.option(f"--{facet.param}", f"facet_{facet.name}", multiple=True,
                               help=facet.help)(command)
    return command


@main.command("search")
@click.argument("query", nargs=-1)
@facet_options
@click.option("--from", "date_from", help="Published on or after: YYYY, YYYY-MM, YYYY-MM-DD or 'June 2004'.")
@click.option("--to", "date_to", help="Published on or before (inclusive: --to 2004 means through 2004).")
@click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]), default="relevance",
              show_default=True, help="Order of the results.")
@click.option("--page", default="1", show_default=True, help="Page of results to show.")
@click.option("--per-page", "per_page", default=str(config.DEFAULT_PER_PAGE), show_default=True,
              help="Results per page.")
@INDEX_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON (the web API's form).")
@reports_errors
def search_command(query: tuple[str, ...], date_from, date_to, sort, page, per_page, index_dir: Path,
                   as_json: bool, **selected) -> None:
    """Search the index for QUERY, narrowed by tier, country, publisher, type and date.

    QUERY: all words required; OR, NOT/-word, "exact phrase", field:value
    (title, country, publisher, tier, type, year), year:2004..2008, traffick*.
    """
    from .archive import open_archive
    from .request import parse_request

    args = {"q": " ".join(query), "from": date_from or "", "to": date_to or "", "sort": sort,
            "page": page, "per_page": per_page}
    args.update({f.param: list(selected[f"facet_{f.name}"]) for f in FACETS})
    request = parse_request(args)
    with open_archive(index_dir) as archive:
        results = archive.search(request)
    if as_json:
        print_json(results.to_dict())
    else:
        _print_results(results)


# ---- show and cite ---------------------------------------------------------

from .citations.formats import STYLES as CITATION_STYLES  # noqa: E402  kept in this section


def _accessed_date(value: str | None):
    """The --accessed option as a date ("today" or an ISO day)."""
    import datetime as dt

    if value is None:
        return None
    if value.strip().lower() == "today":
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter("give a day as YYYY-MM-DD, or 'today'", param_hint="--accessed") from None


def _describe(doc) -> str:
    """A document's metadata as labelled lines, then its clean text."""
    from .citations.formats import format_citation
    from .dates import format_long
    from .provenance import date_origins

    countries = ", ".join(f"{c.name} ({c.code})" for c in doc.countries)
    origins = date_origins(doc)

    def dated(field: str, shown) -> str | None:
        return f"{shown} ({origins[field].says})" if field in origins else None

    rows = [("Title", doc.title), ("Publisher", doc.publisher), ("Author", doc.author),
            ("Published", dated("published", format_long(doc.published))),
            ("Last updated", dated("last_updated", format_long(doc.last_updated))), ("Countries", countries),
            ("Tier", doc.tier), ("Report year", dated("report_year", doc.report_year)), ("Type", doc.doc_type),
            ("Document symbol", doc.document_symbol), ("Refworld docid", doc.refworld_docid),
            ("Source", doc.source_url), ("Language", doc.language), ("Id", doc.id),
            ("File", doc.path), ("Cite as", format_citation(doc, "refworld") or None),
            ("Also as", "; ".join(f"{c.kind} {c.path} (id {c.id})" for c in doc.work.copies
                                  if c.id != doc.id) if doc.work else None)]
    lines = [f"{label + ':':<17}{value}" for label, value in rows if value not in (None, "")]
    return "\n".join(lines) + "\n\n" + doc.text.strip()


@main.command()
@click.argument("doc_id")
@click.option("--format", "style", type=click.Choice(CITATION_STYLES, case_sensitive=False),
              default=None, help="Print the document's citation in this style instead.")
@click.option("--accessed", default=None, metavar="YYYY-MM-DD|today",
              help="Date the document was consulted, added to the citation.")
@INDEX_OPTION
@reports_errors
def show(doc_id: str, style: str | None, accessed: str | None, index_dir: Path) -> None:
    """Show document DOC_ID: its metadata and clean text, or its citation."""
    from .archive import open_archive
    from .citations.formats import format_citation

    accessed_on = _accessed_date(accessed)
    with open_archive(index_dir) as archive:
        try:
            doc = archive.document(doc_id)
        except DocumentMoved as moved:  # an id given out before: its document under its id now
            click.echo(str(moved), err=True)
            doc = archive.document(moved.now)
    if style:
        click.echo(format_citation(doc, style.lower(), accessed_on))
    else:
        click.echo(_describe(doc))


@main.command()
@click.argument("text", nargs=-1, required=True)
@click.option("--limit", type=click.IntRange(1, 50), default=config.CITE_CANDIDATES,
              show_default=True, help="Most candidates to list.")
@click.option("--json", "as_json", is_flag=True, help="Print the candidates as JSON.")
@INDEX_OPTION
@reports_errors
def cite(text: tuple[str, ...], limit: int, as_json: bool, index_dir: Path) -> None:
    """Find the document a citation refers to.

    TEXT is a pasted citation (a Refworld "Cite as" line, Chicago or APA,
    with or without typos or abbreviations), a web address, a docid, a
    document symbol, a BibTeX, RIS or CSL-JSON record, or a passage quoted
    from a document (its paragraph is named); "-" reads it from standard input.
    """
    from .archive import open_archive
    from .citations.lookup import lookup

    pasted = sys.stdin.read() if text == ("-",) else " ".join(text)
    with open_archive(index_dir) as archive:
        candidates = lookup(archive, pasted, limit=limit)
    if as_json:
        print_json([c.to_dict() for c in candidates])
    else:
        for rank, c in enumerate(candidates, 1):
            click.echo(f"{rank}. [{round(c.confidence * 100)}% {c.verdict}] {c.title or '(untitled)'}")
            details = [f"id {c.id}", c.publisher, c.published]
            click.echo("   " + " | ".join(d for d in details if d))
            if c.at:
                quoted = any("quotation" in reason for reason in c.reasons)
                click.echo(f"   quoted from paragraph {c.at}" if quoted else f"   cited at {c.at}")
            click.echo("   " + "; ".join(c.reasons))
    if not candidates:
        click.echo("No document in the index matches that citation.", err=True)
        sys.exit(1)


main.add_command(check)

if __name__ == "__main__":
    main()
