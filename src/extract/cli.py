"""Command line: a thin door onto the pipeline."""

from __future__ import annotations

import argparse
import glob
import shlex
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .cli_args import build_parser
from .parse.source import IMAGE_SUFFIXES, TEXT_SUFFIXES

if TYPE_CHECKING:
    from .run.batch import Outcome
    from .run.report import InOrder

# What a folder given as input yields: PDFs, text dumps, OFD files and images (photos and scans).
INPUT_SUFFIXES = (".pdf", ".txt", ".ofd", *IMAGE_SUFFIXES)


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
        return args.page_workers or (os.cpu_count() or 1)  # 0: one per CPU, as for --jobs
    if args.dask or args.jobs != 1 or documents != 1:
        return 1
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def expand_inputs(patterns: list[str], unmatched: list[str] | None = None) -> list[Path]:
    """Files as given, folders as the inputs directly inside them (:data:`INPUT_SUFFIXES`), globs as their matches.

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
        print(
            f"error: no input matches {named}; give PDF, OFD, image or .txt files, folders of them, or globs",
            file=sys.stderr,
        )
        return None
    for pattern in unmatched:
        print(f"warning: no input matches {pattern!r}", file=sys.stderr)
    return inputs


def _print_outcome(outcome: Outcome) -> None:
    """A document's line as soon as it is known (flushed: a log or CI sees it while the batch goes on)."""
    if outcome.status == "failed":
        print(error_line(outcome), file=sys.stderr, flush=True)
    else:
        try:
            print(status_line(outcome), flush=True)
        except BrokenPipeError:  # piped into head or a pager that stopped reading: the batch goes on
            _stdout_to_nowhere()


def _stdout_to_nowhere() -> None:
    import os

    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


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
        engine=args.engine,
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
    anomalies = f"{stats['anomalies']} anomal{'y' if stats['anomalies'] == 1 else 'ies'}"
    return f"{head} ({stats['unassigned_chars']} chars unassigned, {anomalies})"


def program() -> int:
    """The ``extract`` program: :func:`main` in a process of its own, its collector tuned for reading."""
    from .run import allocator, collector

    collector.tune()
    allocator.tune()
    return main()


VERBS = ("run", "diff", "db", "search", "check")


def _missing_verb(argv: list[str]) -> str | None:
    """The line for an input given without a verb (``extract notice.pdf``), or None."""
    if not argv or argv[0] in VERBS or argv[0].startswith("-"):
        return None
    first = Path(argv[0])
    if first.exists() or first.suffix.lower() in (".pdf", ".ofd", *TEXT_SUFFIXES, *IMAGE_SUFFIXES):
        given = " ".join(shlex.quote(a) for a in argv)
        out = "" if {"--out", "-o"} & set(argv) else " --out OUT"
        return f"error: {argv[0]!r} is no command; to read it: gongwen-extract run {given}{out}"
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    hint = _missing_verb(argv)
    if hint is not None:
        print(hint, file=sys.stderr)
        return 2
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
    except BrokenPipeError:  # the reader of stdout stopped (run … | head): what is written stays, no traceback
        _stdout_to_nowhere()
        return 0
    return 2
