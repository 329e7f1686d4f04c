"""Where a build's CPU goes: every process of one build timed, its CPU split by stage.

Builds a fresh index of every k-th file of a generated corpus (a folder of
links to them, read with ``--follow-links-to`` as a user would) with
``update_index`` on two reading and two writing processes. The functions
through which each stage runs (``STAGES``) are wrapped in CPU timers before
the build forks, so the main process and every reading and writing process
time their own stages, and each forked process saves its figures when it
ends. Reports CPU seconds (``time.process_time``, never wall time, which a
busy machine distorts) per 1,000 documents, per process type and per stage.
A timer costs two clock reads per call of a per-document or per-field
function, next to nothing; cProfile (``--profile``) finds what is inside a
stage but slows Python code far more than C code, so its shares are not
the stages' shares.

Command line: ``python -m bench.speed.buildcpu CORPUS WORK [--every 2] [--limit 2000] [--profile]``;
with ``--profile`` the profiles are left in ``WORK/profiles`` for ``pstats``.
"""
from __future__ import annotations

import argparse
import cProfile
import importlib
import json
import multiprocessing.util
import os
import shutil
import time
from collections import defaultdict
from pathlib import Path

import indexer.documents.pool as pool
import indexer.documents.readers as readers
import indexer.engine.writer as engine_writer
from indexer.build import update_index

# Stages timed: (label, module, attribute[, class]). Each is a function a stage runs
# through, wrapped in a CPU timer before the build forks, so every process times its own
# calls (the outermost call of a label counts; nested labels count inside their parents).
STAGES: list[tuple[str, str, str, str | None]] = [
    ("read: parse_reading (the whole of reading a file)", "indexer.documents.reader", "parse_reading", None),
    ("read:   decode", "indexer.documents.reader", "decode", None),
    ("read:   HTML layouts (lxml)", "indexer.documents.reader", "read_page", None),
    ("read:   clean_lines", "indexer.documents.reader", "clean_lines", None),
    ("read:   furniture observed", "indexer.documents.reader", "observe", None),
    ("read:   furniture trimmed", "indexer.documents.furniture", "trim", "FurnitureModel"),
    ("read:   structure", "indexer.documents.structure", "build", None),
    ("read:   metadata (describe)", "indexer.documents.reader", "describe", None),
    ("read:     language guessed", "indexer.documents.metadata", "guess_language", None),
    ("read:   language parts of a page", "indexer.documents.reader", "language_parts", None),
    ("read: passage vectors (stored_vectors)", "indexer.documents.pool", "stored_vectors", None),
    ("read:   passages cut", "indexer.meaning.vectors", "passage_texts", None),
    ("read:   embedding", "indexer.meaning.vectors", "embed", "Embedder"),
    ("read:     new words tokenized", "indexer.meaning.vectors", "_learn", "Embedder"),
    ("read:   packing", "indexer.meaning.vectors", "pack", None),
    ("read: sample signature", "indexer.documents.pool", "sample_signature", None),
    ("read: country words", "indexer.documents.pool", "country_words", None),
    ("main: passage model loaded", "indexer.meaning", "embedder", None),
    ("main: plan (survey, manifest read)", "indexer.build.steps", "plan", None),
    ("main: document_fields (incl. JSON of the document)", "indexer.engine.writer", "document_fields", None),
    ("main: job files pickled (_enqueue)", "indexer.engine.writer", "_enqueue", "_TiedWriter"),
    ("main: furniture learned (Trimming.read)", "indexer.build.trimming", "read", "Trimming"),
    ("main: final furniture (retrim)", "indexer.build.steps", "retrim", None),
    ("main: manifest record (record_of)", "indexer.build.steps", "record_of", None),
    ("main: works and near copies (regroup)", "indexer.build", "regroup", None),
    ("main: works written again (_write_works)", "indexer.build", "_write_works", None),
    ("main: manifest written", "indexer.build", "save_manifest", None),
    ("main: checksums", "indexer.store.integrity", "record", None),
    ("main: commit (waits for the writers)", "indexer.engine.writer", "commit", "_TiedWriter"),
    ("write: job file read and added (_process_file)", "whoosh.multiproc", "_process_file", "SubWriterTask"),
    ("write:   add_document", "indexer.engine.writer", "add_document", "_SegmentWriter"),
    ("write:     body analysed with its marks", "indexer.engine.writer", "_analyse_marked", None),
    ("write:       text_pass", "indexer.engine.analysis", "text_pass", None),
    ("write:       scope_names", "indexer.engine.analysis", "scope_names", None),
    ("write:       postings encoded", "indexer.engine.analysis", "postings", "AnalysedText"),
    ("write:       postings as the pool keeps them (columns)", "indexer.engine.analysis", "columns", "AnalysedText"),
    ("write:     other fields analysed (indexed_positions)", "indexer.engine.analysis", "indexed_positions", None),
    ("write:     pooling (add_field, incl. other fields' analysis)", "indexer.engine.postingpool", "add_field", "WordPool"),
    ("write:     pooling the body's positions (add_positions)", "indexer.engine.postingpool", "add_positions", "WordPool"),
    ("write:     stored fields (pickled, compressed)", "whoosh.codec.whoosh3", "finish_doc", "W3PerDocWriter"),
    ("write:     field lengths and columns", "whoosh.codec.whoosh3", "add_field", "W3PerDocWriter"),
    ("write:   pool spilled to run files", "indexer.engine.postingpool", "save", "WordPool"),
    ("write: segment written (_flush_segment)", "indexer.engine.writer", "_flush_segment", "_BulkSegmentMixin"),
    ("write:   postings and array file (write_words)", "indexer.engine.writer", "write_words", None),
    ("write:     values made from positions (encode_all)", "indexer.engine.positionbytes", "encode_all", None),
    ("write:     positions decoded for the array file", "indexer.engine.postingwriter", "decode_positions", None),
]

_SPENT: dict[str, float] = defaultdict(float)
_DEPTH: dict[str, int] = defaultdict(int)


def _timed(label: str, function):
    def timed(*args, **kwargs):
        if _DEPTH[label]:
            return function(*args, **kwargs)
        _DEPTH[label] += 1
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            _SPENT[label] += time.process_time() - started
            _DEPTH[label] -= 1
    return timed


def install_timers() -> None:
    """Wrap every function of ``STAGES`` in a CPU timer."""
    for label, module_name, name, class_name in STAGES:
        owner = importlib.import_module(module_name)
        if class_name:
            owner = getattr(owner, class_name)
        setattr(owner, name, _timed(label, getattr(owner, name)))


def _tied_init(kind: str, out: Path, original, profile: bool):
    """``init_worker`` that also times the process (and profiles it with ``profile``) and saves
    its CPU seconds, by stage, when it ends."""

    def init(*args):
        original(*args)
        _SPENT.clear()  # forked: the parent's figures are not this process's
        profiler = cProfile.Profile(time.process_time) if profile else None
        started = time.process_time()

        def save() -> None:
            name = f"{kind}-{os.getpid()}"
            if profiler is not None:
                profiler.disable()
                profiler.dump_stats(str(out / f"{name}.prof"))
            (out / f"{name}.json").write_text(json.dumps({"cpu": time.process_time() - started,
                                                          "stages": dict(_SPENT)}))

        multiprocessing.util.Finalize(None, save, exitpriority=100)
        if profiler is not None:
            profiler.enable()

    return init


def link_subset(corpus: Path, folder: Path, every: int, limit: int) -> int:
    """A folder of links to every ``every``-th document file of ``corpus``, at most ``limit``."""
    files = sorted(p for p in corpus.rglob("*") if p.suffix in (".html", ".txt", ".md", ".pdf"))
    chosen = files[::every][:limit]
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for n, path in enumerate(chosen):
        (folder / f"{n:06d}-{path.name}").symlink_to(path.resolve())
    return len(chosen)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path, help="a generated corpus folder (read only)")
    parser.add_argument("work", type=Path, help="folder for the links, the index and the profiles")
    parser.add_argument("--every", type=int, default=2, help="take every n-th file of the corpus")
    parser.add_argument("--limit", type=int, default=2000, help="at most this many files")
    parser.add_argument("--workers", type=int, default=2, help="reading and writing processes")
    parser.add_argument("--profile", action="store_true", help="also cProfile every process (slower)")
    args = parser.parse_args(argv)
    links = args.work / "links"
    documents = link_subset(args.corpus, links, args.every, args.limit)
    out = args.work / "profiles"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    install_timers()
    pool.init_worker = _tied_init("read", out, pool.init_worker, args.profile)
    readers.init_worker = _tied_init("read", out, readers.init_worker, args.profile)
    engine_writer.init_worker = _tied_init("write", out, engine_writer.init_worker, args.profile)
    index = args.work / "index"
    shutil.rmtree(index, ignore_errors=True)
    profiler = cProfile.Profile(time.process_time) if args.profile else None
    started = time.process_time()
    if profiler:
        profiler.enable()
    update_index([links], index, rebuild=True, workers=args.workers, link_targets=[args.corpus.resolve()])
    if profiler:
        profiler.disable()
        profiler.dump_stats(str(out / f"main-{os.getpid()}.prof"))
    cpu: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    stages: dict[str, float] = defaultdict(float, {k: v for k, v in _SPENT.items() if k.startswith("main")})
    cpu["main"], counts["main"] = time.process_time() - started, 1
    for path in out.glob("*.json"):
        kind = path.name.split("-")[0]
        found = json.loads(path.read_text())
        cpu[kind] += found["cpu"]
        counts[kind] += 1
        for label, seconds in found["stages"].items():
            if label.startswith(kind):
                stages[label] += seconds
    per = 1000 / documents
    print(f"{documents} documents, {args.workers} workers; CPU seconds per 1,000 documents"
          f"{' (profiled)' if args.profile else ''}:")
    for kind in ("main", "read", "write"):
        print(f"{kind + ' processes, in all':58} {cpu[kind] * per:7.2f}  ({counts[kind]})")
    print(f"{'every process':58} {sum(cpu.values()) * per:7.2f}")
    for label, *_ in STAGES:
        print(f"{label:58} {stages.get(label, 0.0) * per:7.2f}")


if __name__ == "__main__":
    main()
