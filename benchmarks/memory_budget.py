"""Benchmark: what the memory budget costs a normal document (``--max-memory`` default against 0).

With a budget each document is read in a forked child under a data limit, and every stream pdfminer
decodes is counted; without (``--max-memory 0``) it is read in the command's own process. Runs
alternate the two, ``--runs`` pairs after one unmeasured warm-up each, every run a fresh process; CPU
time (user + system of the process and everything it waited for) and peak memory come from
``os.wait4``. Reports medians and the median of the per-pair CPU ratios (goal: 1.00 within noise).

    python benchmarks/memory_budget.py [PDF or FOLDER] [--runs 7] [--json]

A folder is run as a batch (``--jobs 1``): each of its documents in a child of its own.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "data" / "raw" / "qingpu-2022.pdf"


def measure(pdf: Path, budget: str) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak MB of one run of the CLI."""
    with tempfile.TemporaryDirectory() as out:
        cmd = [sys.executable, "-m", "extract", "run", str(pdf), "--out", out, "--no-summary", "--max-memory", budget]
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"run failed: {proc.stderr.read().decode() if proc.stderr else ''}")
        return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", nargs="?", type=Path, default=PDF)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from extract.run.memory import DEFAULT_MAX_MEMORY

    budget = str(DEFAULT_MAX_MEMORY)
    measure(args.pdf, budget)
    measure(args.pdf, "0")
    runs: dict[str, list[tuple[float, float, float]]] = {budget: [], "0": []}
    for i in range(args.runs):
        for setting in (budget, "0") if i % 2 == 0 else ("0", budget):
            runs[setting].append(measure(args.pdf, setting))
    ratios = [a[1] / b[1] for a, b in zip(runs[budget], runs["0"], strict=True)]

    def medians(rows: list[tuple[float, float, float]]) -> dict[str, float]:
        return {k: round(statistics.median(r[i] for r in rows), 3) for i, k in enumerate(("wall", "cpu", "peak_mb"))}

    report = {
        "pdf": args.pdf.name, "runs": args.runs, "load_before_after": os.getloadavg()[0],
        f"max_memory_{budget}": medians(runs[budget]), "max_memory_0": medians(runs["0"]),
        "cpu_ratio_median_of_pairs": round(statistics.median(ratios), 3),
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for key, value in report.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
