"""The command line's grammar: verbs, options and how their values are checked.

Kept apart from :mod:`extract.cli`, which runs the verbs, so that each stays one screenful of concern:
a usage mistake is refused here, before anything is read, with the same one-line ``error:`` as bad input.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import NoReturn

from .parse.options import DEFAULT_ENGINE, ENGINES
from .run.limits import DEFAULT_MAX_PAGES, DEFAULT_TIMEOUT
from .version import __version__

RUN_EXAMPLES = """examples:
  gongwen-extract run notice.pdf --out out                  one PDF into out/notice/, with a quality summary
  gongwen-extract run notice.txt --out out                  a text dump of the published text
  gongwen-extract run notice.ofd --out out                  an OFD file (GB/T 33190)
  gongwen-extract run photo.jpg --out out                   a photo or a scan saved as an image, read by OCR
  gongwen-extract run archive/ 'incoming/*.pdf' --out out --jobs 2   folders and globs, two at a time
  gongwen-extract run scan.pdf --out out --review           scanned pages read by OCR; review.html beside

exit codes: 0 all written (ok or partial); 1 with --strict, a document partial or with anomalies; 2 one failed."""


class _Parser(argparse.ArgumentParser):
    """Usage mistakes as bad input is reported: one ``error:`` line on stderr, exit code 2."""

    def error(self, message: str) -> NoReturn:
        if message.startswith("the following arguments are required: --out"):
            message = "say where the outputs go: --out FOLDER (each input gets a folder of its own in it)"
        self.exit(2, f"error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gongwen-extract",
        description="Turn Chinese official documents (公文 PDFs) into exact, auditable datasets.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
    run = verbs.add_parser(
        "run",
        help="extract one or more documents",
        description="Extract each INPUT into OUT/<input stem>/ (document.json, CSVs, xlsx).",
        epilog=RUN_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="PDF files, OFD files, images (JPEG, PNG, TIFF with a page per frame, BMP, WebP: photos and scans,"
        " read by OCR), text dumps (.txt: the published text, blank lines between paragraphs, tabs in tables),"
        " folders of them, or glob patterns",
    )
    run.add_argument("--out", "-o", required=True, type=Path, metavar="DIR", help="output folder")
    run.add_argument("--password", default=None, help="password of encrypted PDFs")
    run.add_argument(
        "--ocr",
        choices=("auto", "always", "never"),
        default="auto",
        help="read pages by OCR: auto (only pages without a usable text layer, the default), always (every page)"
        " or never (a scan or an image file is then refused)",
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
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"stop a document that takes longer than this, with an error (default {DEFAULT_TIMEOUT:g}; 0: no limit)",
    )
    limits.add_argument(
        "--max-pages",
        type=_count,
        default=DEFAULT_MAX_PAGES,
        metavar="N",
        help=f"refuse a document with more pages than this (default {DEFAULT_MAX_PAGES}; 0: no limit)",
    )
    _memory_option(limits)
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
        help="processes reading one document's pages, 0 for one per CPU (default: 2 for a single document on a"
        " machine with 2 or more CPUs, else 1)",
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
    _check_flag(run)
    _check_parser(verbs)
    return parser


def _check_flag(run: argparse.ArgumentParser) -> None:
    run.add_argument(
        "--check",
        action="store_true",
        help="also check each document against GB/T 9704-2012: conformance.json, conformance.csv and the report",
    )


def _check_parser(verbs: argparse._SubParsersAction) -> None:
    check = verbs.add_parser(
        "check",
        help="proofread documents against GB/T 9704-2012 (党政机关公文格式)",
        description="Check each INPUT's 公文 elements against GB/T 9704-2012 and print a report grouped by element"
        " (errors, warnings, notes with the clause, the place and how sure); with --out also write every output of"
        " run, conformance.json among them. Exit code 1 when a document has an error finding, 2 when an input failed.",
    )
    check.add_argument("inputs", nargs="+", metavar="INPUT", help="PDF files, text dumps, folders or glob patterns")
    check.add_argument("--out", "-o", type=Path, default=None, metavar="DIR", help="also write the outputs here")
    check.add_argument("--json", action="store_true", help="print the conformance objects as one JSON list")
    check.add_argument("--review", action="store_true", help="with --out: also write review.html, findings marked")
    check.add_argument("--password", default=None, help="password of encrypted PDFs")
    check.add_argument("--ocr", choices=("auto", "always", "never"), default="auto", help="as for run")
    check.add_argument("--cache-dir", default=None, metavar="DIR", help="as for run")
    check.add_argument("--jobs", "-j", type=_jobs, default=1, metavar="N", help="documents at once (0: one per CPU)")


def _memory_option(group: argparse._ArgumentGroup) -> None:
    from .run.memory import DEFAULT_MAX_MEMORY

    group.add_argument(
        "--max-memory",
        type=_megabytes,
        default=DEFAULT_MAX_MEMORY,
        metavar="MB",
        help="stop a document that needs more memory than this, with an error: each process reading it may hold"
        f" at most MB megabytes of data (default {DEFAULT_MAX_MEMORY}; 0: no limit)",
    )


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


def _whole(text: str, what: str) -> int:
    """A number option: a whole number, 0 or more (negative values are refused alike for every option)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number; {what}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative; {what}")
    return value


def _jobs(text: str) -> int:
    return _whole(text, "give 1 or more worker processes, or 0 for one per CPU")


def _megabytes(text: str) -> int:
    return _whole(text, "give a number of megabytes, or 0 for no limit")


def _count(text: str) -> int:
    return _whole(text, "give 1 or more, or 0 for no limit")


def _seconds(text: str) -> float:
    what = "give a number of seconds, or 0 for no limit"
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if value != value:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number; {what}")
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative; {what}")
    return value
