"""Command line: a thin door onto the pipeline."""

from __future__ import annotations

import argparse
import glob
import sys
from dataclasses import dataclass
from pathlib import Path

from . import __version__

INPUT_SUFFIXES = (".pdf",)


@dataclass
class Outcome:
    input: str
    out_dir: str | None
    error: str | None = None


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
        "--debug-pages",
        action="store_true",
        help="also write pages.json, the parsed pages with furniture flagged (for inspecting the parse stage)",
    )
    return parser


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


def run_one(path: Path, out: Path, password: str | None, debug_pages: bool) -> Outcome:
    from .errors import InputError
    from .export import write_outputs
    from .pipeline import extract

    target = out / path.stem
    try:
        doc = extract(path, password=password)
        write_outputs(doc, target, debug_pages=debug_pages)
    except InputError as exc:
        return Outcome(str(path), None, str(exc))
    except (RecursionError, MemoryError) as exc:
        return Outcome(str(path), None, f"{path}: the PDF is too complex to read ({type(exc).__name__})")
    return Outcome(str(path), str(target))


def cmd_run(args: argparse.Namespace) -> int:
    inputs = expand_inputs(args.inputs)
    if not inputs:
        print("error: no input files matched; give PDF paths, folders or globs", file=sys.stderr)
        return 2
    outcomes = [run_one(p, args.out, args.password, args.debug_pages) for p in inputs]
    failed = [o for o in outcomes if o.error]
    for o in failed:
        print(f"error: {o.error}", file=sys.stderr)
    for o in outcomes:
        if not o.error:
            print(f"ok: {o.input} -> {o.out_dir}")
    if len(outcomes) > 1 and failed:
        print(f"summary: {len(outcomes) - len(failed)} of {len(outcomes)} documents done, {len(failed)} failed: "
              + ", ".join(Path(o.input).name for o in failed), file=sys.stderr)
    return 2 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.verb == "run":
            return cmd_run(args)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    return 2
