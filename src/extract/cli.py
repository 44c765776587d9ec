"""Command line: a thin door onto the pipeline."""

from __future__ import annotations

import argparse
import glob
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from .version import __version__

if TYPE_CHECKING:
    from .run.batch import Outcome
    from .run.report import InOrder
from .run.limits import DEFAULT_MAX_PAGES, DEFAULT_TIMEOUT

INPUT_SUFFIXES = (".pdf", ".txt", ".ofd")
RUN_EXAMPLES = """examples:
  gongwen-extract run notice.pdf --out out                  one PDF into out/notice/, with a quality summary
  gongwen-extract run notice.txt --out out                  a text dump of the published text
  gongwen-extract run notice.ofd --out out                  an OFD file (GB/T 33190)
  gongwen-extract run archive/ 'incoming/*.pdf' --out out --jobs 2   folders and globs, two at a time
  gongwen-extract run scan.pdf --out out --review           scanned pages read by OCR; review.html beside

exit codes: 0 all written (ok or partial); 1 with --strict, a document partial or with anomalies; 2 one failed."""


class _Parser(argparse.ArgumentParser):
    """Usage mistakes as bad input is reported: one ``error:`` line on stderr, exit code 2."""

    def error(self, message: str) -> NoReturn:
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
        help="PDF files, text dumps (.txt: the published text, blank lines between paragraphs, tabs in tables),"
        " folders of them, or glob patterns",
    )
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


def cmd_check(args: argparse.Namespace) -> int:
    from .run.batch import Options, default_jobs
    from .run.check_command import run_check

    inputs = expand_inputs(args.inputs)
    if not inputs:
        print("error: no input files matched; give PDF paths, folders or globs", file=sys.stderr)
        return 2
    if args.review and args.out is None:
        print("error: --review needs --out (the review page is written beside the other outputs)", file=sys.stderr)
        return 2
    options = Options(
        password=args.password, cache_dir=args.cache_dir, ocr=args.ocr, review=args.review, check=True,
        page_workers=2 if len(inputs) == 1 and args.jobs == 1 else 1,
    )
    jobs = default_jobs() if args.jobs == 0 else args.jobs
    return run_check(inputs, args.out, options, jobs=jobs, as_json=args.json, progress=False)


def print_check_reports(outcomes: list[Outcome]) -> None:
    """``run --check``: each document's report after the status lines."""
    from .run.check_command import print_reports

    print_reports(outcomes, as_json=False, status=False)


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


def expand_inputs(patterns: list[str], unmatched: list[str] | None = None) -> list[Path]:
    """Files as given, folders as the PDFs inside them, globs as their matches.

    A folder or glob that names no input is added to ``unmatched`` when it is given.
    """
    out: list[Path] = []
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in INPUT_SUFFIXES)
        elif any(ch in pattern for ch in "*?[") and not path.exists():
            found = sorted(Path(p) for p in glob.glob(pattern))
        else:
            found = [path]
        if not found and unmatched is not None:
            unmatched.append(pattern)
        out.extend(found)
    return out


def _inputs_or_none(patterns: list[str]) -> list[Path] | None:
    """The inputs; a folder or glob naming none is warned about, and nothing at all is an error (None)."""
    unmatched: list[str] = []
    inputs = expand_inputs(patterns, unmatched)
    if not inputs:
        named = ", ".join(repr(p) for p in unmatched)
        print(f"error: no input matches {named}; give PDF or .txt files, folders of them, or globs", file=sys.stderr)
        return None
    for pattern in unmatched:
        print(f"warning: no input matches {pattern!r}", file=sys.stderr)
    return inputs


def _print_outcome(outcome: Outcome) -> None:
    """A document's line as soon as it is known (flushed: a log or CI sees it while the batch goes on)."""
    if outcome.status == "failed":
        print(error_line(outcome), file=sys.stderr, flush=True)
    else:
        print(status_line(outcome), flush=True)


def _status_printer(args: argparse.Namespace, inputs: list[Path]) -> InOrder | None:
    """Each document's line as it finishes, in input order; None while a progress bar holds the terminal
    (the lines then come at the end, under it)."""
    from .run.batch import plan
    from .run.report import InOrder

    order, known = plan(inputs, args.out)
    if args.progress is not False and len(order) > 1 and sys.stderr.isatty():
        return None
    return InOrder(order, _print_outcome, known.values())


def _strict_exit(args: argparse.Namespace, outcomes: list[Outcome]) -> int:
    """With --strict, 1 when a document is partial or has anomalies, each named on stderr; else 0."""
    from .run.report import strict_failures

    lines = strict_failures(outcomes) if args.strict else []
    for line in lines:
        print(line, file=sys.stderr)
    return 1 if lines else 0


def cmd_run(args: argparse.Namespace) -> int:
    from .run.batch import Options, default_jobs, run_batch, summary_lines

    inputs = _inputs_or_none(args.inputs)
    if inputs is None:
        return 2
    problem = out_folder_problem(args.out)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
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
        # one document's OCR pages get a bar; a batch has its own
        progress=args.progress is not False and len(inputs) == 1,
        review=args.review,
        check=args.check,
        max_memory=args.max_memory or None,
    )
    printer = _status_printer(args, inputs)
    start = time.perf_counter()
    if args.dask:
        from .run.dask_runner import DaskSetupError, run_on_dask

        try:
            outcomes = run_on_dask(
                inputs, args.out, options, address=args.dask, progress=args.progress, on_outcome=printer
            )
        except DaskSetupError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        jobs: int | str = "dask"
    else:
        jobs = default_jobs() if args.jobs == 0 else args.jobs
        outcomes = run_batch(inputs, args.out, options, jobs=jobs, progress=args.progress, on_outcome=printer)
    seconds = time.perf_counter() - start
    if printer is not None:
        printer.finish(outcomes)
    else:
        for o in outcomes:
            _print_outcome(o)
    failed = [o for o in outcomes if o.status == "failed"]
    done = [o for o in outcomes if o.status != "failed"]
    if len(outcomes) == 1 and done and args.summary:
        print("\n".join("  " + line for line in done[0].stats.get("quality_summary", [])))
    if args.check:
        print_check_reports(outcomes)
    strict = _strict_exit(args, outcomes)
    if len(outcomes) > 1:
        sys.stdout.flush()
        print("\n".join(summary_lines(outcomes, seconds, jobs)), file=sys.stderr)
    return 2 if failed else strict


def out_folder_problem(out: Path) -> str | None:
    """Why the outputs cannot go into ``out`` (a file, or a folder that cannot be written), or None."""
    import os

    existing = out
    while not os.path.lexists(existing) and existing != existing.parent:
        existing = existing.parent
    if existing.exists() and not existing.is_dir():
        where = "is a file" if existing == out else f"is inside {existing}, which is a file"
        return f"--out {shown(str(out))} {where}, not a folder; give a folder"
    if existing.exists() and not os.access(existing, os.W_OK | os.X_OK):
        return f"--out {shown(str(out))}: {shown(str(existing))} is not writable; give a folder you can write to"
    return None


def shown(name: str) -> str:
    """A file name as printed on one line: quoted and escaped when it holds line breaks, escape sequences
    or bytes that are not UTF-8 (a terminal must never receive them raw)."""
    return name if name.isprintable() else repr(name)


def error_line(outcome: Outcome) -> str:
    """``error: <input>: <message>``, the input's name shown safely."""
    error, head = outcome.error or "", ""
    if error.startswith(f"{outcome.input}: "):
        head, error = shown(outcome.input), error[len(outcome.input):]
    return "error: " + head + "".join(c if c.isprintable() else ascii(c)[1:-1] for c in error)


def cmd_diff(args: argparse.Namespace) -> int:
    from .compare import run_diff

    return run_diff(args.old, args.new, args.out, threshold=args.threshold, password=args.password)


def status_line(outcome: Outcome) -> str:
    """``ok: IN -> OUT (counts)``, or ``partial: IN -> OUT (reasons)`` for outputs that miss part of the document."""
    head = f"{outcome.status}: {shown(outcome.input)} -> {shown(str(outcome.out_dir))}"
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
        if args.verb == "check":
            return cmd_check(args)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    return 2
