"""``extract check``: the GB/T 9704 proofreading report of each input, on the terminal or as JSON.

The documents are read by the batch runner (:func:`~extract.run.batch.run_batch`), so a bad input fails
alone with one ``error:`` line, and with ``--out`` every output of ``extract run`` is written too,
``conformance.json`` among them. Exit code: 2 when an input failed, 1 when a document has an error
finding, 0 otherwise.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .batch import Options, Outcome, run_batch


def check_exit_code(outcomes: list[Outcome]) -> int:
    if any(o.status == "failed" for o in outcomes):
        return 2
    found = [o.stats.get("conformance", {}).get("counts", {}).get("error", 0) for o in outcomes]
    return 1 if any(found) else 0


def print_reports(outcomes: list[Outcome], as_json: bool, status: bool) -> None:
    """Each document's report (or one JSON list of conformance objects), after its status line."""
    from ..check import report_lines

    done = [o for o in outcomes if o.status != "failed"]
    if as_json:
        if status:
            for o in done:
                print(f"{o.status}: {o.input} -> {o.out_dir}", file=sys.stderr)
        print(json.dumps([o.stats["conformance"] for o in done], ensure_ascii=False, indent=2))
        return
    for n, o in enumerate(done):
        if n:
            print()
        if status:
            print(f"{o.status}: {o.input} -> {o.out_dir}")
        print("\n".join(report_lines(o.stats["conformance"])))


def run_check(
    inputs: list[Path], out: Path | None, options: Options, jobs: int = 1, as_json: bool = False,
    progress: bool | None = None,
) -> int:
    outcomes = run_batch(inputs, out, options, jobs=jobs, progress=progress)
    for o in outcomes:
        if o.status == "failed":
            print(f"error: {o.error}", file=sys.stderr)
    try:
        print_reports(outcomes, as_json, status=out is not None)
        sys.stdout.flush()
    except BrokenPipeError:
        # the report piped into a pager or head that stopped reading: not an error of the check
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return check_exit_code(outcomes)
