"""Benchmark: a 2,000-row table over 60 pages, the command line against the naive pdfplumber pass.

The table (``tests/synth_long.py``: header repeated on every page, group labels printed again at
each page top) is generated into a temporary folder, never committed. Paired runs, each a fresh
process, alternating (the order flips every pair), after one unmeasured warm-up of each:
(a) ``python -m extract run PDF --out TMP`` and (b) ``python benchmarks/naive.py PDF``. Reports
medians of wall and CPU time (user + system), pages per second by CPU time, peak memory, and
whether the goals hold: the command line reads at least the naive pass's pages per second, with
peak memory under 500 MB. Exits 1 when a goal fails.

    python benchmarks/long_table.py [--rows 2000] [--pages 60] [--runs 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from bench import NAIVE, cli_cmd, load, machine, measure, medians  # noqa: E402

MAX_PEAK_MB = 500.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    from synth_long import render_long

    work = Path(tempfile.mkdtemp(prefix="bench-long-"))
    load_before = load()
    try:
        pdf = render_long(work / "long.pdf", args.rows, args.pages)
        cli = cli_cmd(args.python, [str(pdf)], work / "out", "--no-summary")
        naive = [args.python, str(NAIVE), str(pdf)]
        measure(cli), measure(naive)  # warm-up: file cache, bytecode
        ours, theirs, ratios = [], [], []
        for i in range(args.runs):
            pair = (cli, naive) if i % 2 == 0 else (naive, cli)
            a, b = (measure(cmd) for cmd in pair)
            o, t = (a, b) if i % 2 == 0 else (b, a)
            ours.append(o)
            theirs.append(t)
            ratios.append(o.cpu / t.cpu)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    o, t = medians(ours), medians(theirs)
    result = {
        "machine": machine(),
        "load": [load_before, load()],
        "rows": args.rows,
        "pages": args.pages,
        "runs": args.runs,
        "cli": {"wall": round(o.wall, 2), "cpu": round(o.cpu, 2), "peak_mb": round(o.peak_mb, 1)},
        "naive": {"wall": round(t.wall, 2), "cpu": round(t.cpu, 2), "peak_mb": round(t.peak_mb, 1)},
        "cli_pages_per_cpu_second": round(args.pages / o.cpu, 2),
        "naive_pages_per_cpu_second": round(args.pages / t.cpu, 2),
        "cpu_ratio_median_of_pairs": round(statistics.median(ratios), 3),
    }
    result["goals"] = {
        "pages_per_second_at_least_naive": result["cpu_ratio_median_of_pairs"] <= 1.0,
        f"peak_under_{int(MAX_PEAK_MB)}_mb": o.peak_mb < MAX_PEAK_MB,
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(
            f"{args.rows} rows, {args.pages} pages, median of {args.runs} paired runs (load {result['load']})\n"
            f"  extract run : {o.cpu:6.2f} s CPU  {o.wall:6.2f} s wall  {args.pages / o.cpu:5.2f} pages/s  "
            f"peak {o.peak_mb:6.1f} MB\n"
            f"  naive pass  : {t.cpu:6.2f} s CPU  {t.wall:6.2f} s wall  {args.pages / t.cpu:5.2f} pages/s  "
            f"peak {t.peak_mb:6.1f} MB\n"
            f"  CPU ratio (median of pairs): {result['cpu_ratio_median_of_pairs']:.3f}  goals: {result['goals']}"
        )
    return 0 if all(result["goals"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
