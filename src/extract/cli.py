"""Command line: a thin door onto the pipeline."""

from __future__ import annotations

import argparse
import glob
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .version import __version__

if TYPE_CHECKING:
    from .run.batch import Outcome
from .parse.options import DEFAULT_ENGINE, ENGINES
from .run.limits import DEFAULT_MAX_PAGES, DEFAULT_TIMEOUT

INPUT_SUFFIXES = (".pdf", ".txt")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gongwen-extract",
        description="Turn Chinese official documents (公文 PDFs) into exact, auditable datasets.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
    run = verbs.add_parser(
        "run",
        help="extract one or more documents",
        description="Extract each INPUT into OUT/<input stem>/ (document.json, CSVs, xlsx).",
    )
    run.add_argument("inputs", nargs="+", metavar="INPUT", help="PDF files, folders of PDFs, or glob patterns")
    run.add_argument("--out", "-o", required=True, type=Path, metavar="DIR", help="output folder")
    run.add_argument("--password", default=None, help="password of encrypted PDFs")
    run.add_argument(
        "--ocr",
        choices=("auto", "always", "never"),
        default="auto",
        help="read pages by OCR: auto (only pages without a usable text layer, the default), always (every page)"
        " or never (a scan is then refused)",
    )
    run.add_argument(
        "--engine",
        choices=ENGINES,
        default=DEFAULT_ENGINE,
        help=f"the library that reads a PDF's pages: pdfium or pdfminer (default {DEFAULT_ENGINE})",
    )
    run.add_argument(
        "--debug-pages",
        action="store_true",
        help="also write pages.json, the parsed pages with furniture flagged (for inspecting the parse stage)",
    )
    run.add_argument(
        "--review",
        action="store_true",
        help="also write review.html, a page for people: every extracted value beside its box on the page images"
        " (review/page-NN.png); opens from the file system, no server or network",
    )
    run.add_argument(
        "--cache-dir",
        default=None,
        metavar="DIR",
        help="keep the parse stage's result here and reuse it while the input and the parse code are unchanged",
    )
    limits = run.add_argument_group("per-document limits")
    limits.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"stop a document that takes longer than this, with an error (default {DEFAULT_TIMEOUT:g}; 0: no limit)",
    )
    limits.add_argument(
        "--max-pages",
        type=int,
        default=DEFAULT_MAX_PAGES,
        metavar="N",
        help=f"refuse a document with more pages than this (default {DEFAULT_MAX_PAGES}; 0: no limit)",
    )
    run.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 when a document is partial (outputs written, but they miss part of it) or has anomalies",
    )
    run.add_argument(
        "--no-summary",
        dest="summary",
        action="store_false",
        help="no quality summary after a single document (counts, normalization, anomalies, coverage)",
    )
    batch = run.add_argument_group("batch and scale-out")
    batch.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=1,
        metavar="N",
        help="documents processed at once, in N local worker processes (default 1; 0: one per CPU)",
    )
    batch.add_argument(
        "--page-workers",
        type=_jobs,
        default=None,
        metavar="N",
        help="processes reading one document's pages (default: 2 for a single document on a machine with 2 or"
        " more CPUs, else 1)",
    )
    batch.add_argument(
        "--dask",
        default=None,
        metavar="ADDRESS",
        help="run one task per document on the dask.distributed scheduler at ADDRESS (e.g. tcp://host:8786);"
        " workers must see the same paths; needs pip install '.[dask]'",
    )
    batch.add_argument(
        "--no-progress",
        dest="progress",
        action="store_false",
        default=None,
        help="no progress bar (shown on stderr only when it is a terminal: per document for several inputs, per"
        " OCR page for one)",
    )
    diff = verbs.add_parser(
        "diff",
        help="compare two documents of one series (year over year)",
        description="Pair OLD's work points and key tasks with NEW's and label them (unchanged, reworded, moved,"
        " new, dropped; key tasks changed); write diff.json, diff.csv and diff.html into DIR.",
    )
    diff.add_argument("old", metavar="OLD", help="the earlier document: a PDF, a text dump or a processed folder")
    diff.add_argument("new", metavar="NEW", help="the later document, likewise")
    diff.add_argument("--out", "-o", required=True, type=Path, metavar="DIR", help="output folder")
    diff.add_argument(
        "--threshold",
        type=float,
        default=None,
        metavar="T",
        help="similarity in (0, 1] under which an old item counts as dropped and a new one as new (default 0.4)",
    )
    diff.add_argument("--password", default=None, help="password of encrypted PDFs")
    _corpus_parsers(verbs)
    return parser


def _corpus_parsers(verbs: argparse._SubParsersAction) -> None:
    db = verbs.add_parser(
        "db",
        help="load processed documents into one DuckDB database",
        description="Load every processed document (a folder with document.json, as run writes) in or under each"
        " DIR into the DuckDB database FILE; documents whose files are unchanged are skipped.",
    )
    db.add_argument("folders", nargs="+", type=Path, metavar="DIR", help="folders of processed documents")
    db.add_argument("--out", "-o", required=True, type=Path, metavar="FILE", help="the database (.duckdb)")
    db.add_argument("--parquet", type=Path, metavar="DIR", help="also write one Parquet file per table into DIR")
    db.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=1,
        metavar="N",
        help="documents read and indexed in N worker processes (default 1; 0: one per CPU); the database is the same",
    )
    search = verbs.add_parser(
        "search",
        help="search the documents of a database",
        description="Rank work points (outline headings), key tasks and table cells by relevance to QUERY (BM25"
        " over jieba terms; items holding the query verbatim first).",
    )
    search.add_argument("query", nargs="+", metavar="QUERY", help="words to search for")
    search.add_argument("--db", required=True, type=Path, metavar="FILE", help="a database made by the db verb")
    search.add_argument("--limit", "-n", type=int, default=10, metavar="N", help="results shown (default 10)")
    search.add_argument(
        "--kind", action="append", choices=("point", "task", "cell"), help="only these kinds (repeatable)"
    )
    search.add_argument("--json", action="store_true", help="results as JSON")


def cmd_db(args: argparse.Namespace) -> int:
    from .corpus.commands import run_db
    from .run.batch import default_jobs

    return run_db(args.folders, args.out, args.parquet, jobs=default_jobs() if args.jobs == 0 else args.jobs)


def cmd_search(args: argparse.Namespace) -> int:
    from .corpus.commands import run_search

    return run_search(args.db, args.query, args.limit, args.kind, args.json)


def _page_workers(args: argparse.Namespace, documents: int) -> int:
    """Pages in parallel for a single document only: a batch gets its parallelism from --jobs or Dask."""
    import os

    if args.page_workers is not None:
        return max(1, args.page_workers)
    if args.dask or args.jobs != 1 or documents != 1:
        return 1
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("give 1 or more worker processes, or 0 for one per CPU")
    return value


def expand_inputs(patterns: list[str]) -> list[Path]:
    """Files as given, folders as the PDFs inside them, globs as their matches."""
    out: list[Path] = []
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in INPUT_SUFFIXES))
        elif any(ch in pattern for ch in "*?[") and not path.exists():
            out.extend(sorted(Path(p) for p in glob.glob(pattern)))
        else:
            out.append(path)
    return out


def cmd_run(args: argparse.Namespace) -> int:
    from .run.batch import Options, default_jobs, run_batch, summary_lines

    inputs = expand_inputs(args.inputs)
    if not inputs:
        print("error: no input files matched; give PDF paths, folders or globs", file=sys.stderr)
        return 2
    if args.dask and args.jobs != 1:
        print("error: --jobs and --dask are alternatives: the Dask cluster decides the parallelism", file=sys.stderr)
        return 2
    options = Options(
        password=args.password,
        debug_pages=args.debug_pages,
        cache_dir=args.cache_dir,
        timeout=args.timeout or None,
        max_pages=args.max_pages or None,
        page_workers=_page_workers(args, len(inputs)),
        ocr=args.ocr,
        engine=args.engine,
        # one document's OCR pages get a bar; a batch has its own
        progress=args.progress is not False and len(inputs) == 1,
        review=args.review,
    )
    start = time.perf_counter()
    if args.dask:
        from .run.dask_runner import DaskSetupError, run_on_dask

        try:
            outcomes = run_on_dask(inputs, args.out, options, address=args.dask, progress=args.progress)
        except DaskSetupError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        jobs: int | str = "dask"
    else:
        jobs = default_jobs() if args.jobs == 0 else args.jobs
        outcomes = run_batch(inputs, args.out, options, jobs=jobs, progress=args.progress)
    seconds = time.perf_counter() - start
    failed = [o for o in outcomes if o.status == "failed"]
    for o in failed:
        print(f"error: {o.error}", file=sys.stderr)
    done = [o for o in outcomes if o.status != "failed"]
    for o in done:
        print(status_line(o))
    if len(outcomes) == 1 and done and args.summary:
        print("\n".join("  " + line for line in done[0].stats.get("quality_summary", [])))
    if len(outcomes) > 1:
        sys.stdout.flush()
        print("\n".join(summary_lines(outcomes, seconds, jobs)), file=sys.stderr)
    if failed:
        return 2
    if args.strict and any(o.status == "partial" or o.stats.get("anomalies") for o in done):
        return 1
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from .compare import run_diff

    return run_diff(args.old, args.new, args.out, threshold=args.threshold, password=args.password)


def status_line(outcome: Outcome) -> str:
    """``ok: IN -> OUT (counts)``, or ``partial: IN -> OUT (reasons)`` for outputs that miss part of the document."""
    head = f"{outcome.status}: {outcome.input} -> {outcome.out_dir}"
    if outcome.status == "partial":
        return f"{head} ({'; '.join(outcome.reasons)})"
    stats = outcome.stats
    if "unassigned_chars" not in stats:
        return head
    return f"{head} ({stats['unassigned_chars']} chars unassigned, {stats['anomalies']} anomalies)"


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.verb == "run":
            return cmd_run(args)
        if args.verb == "diff":
            return cmd_diff(args)
        if args.verb == "db":
            return cmd_db(args)
        if args.verb == "search":
            return cmd_search(args)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    return 2
