"""Incremental rerun benchmark.

Measures, alternately and several times, the wall time of
  (a) a clean run: the CLI with an empty stage cache, as on a fresh clone, and
  (b) a rerun after a change to the normalization module alone: the same CLI with
      the stage cache filled by an earlier run, so the parse stage is not redone and
      the enrichment is served from its cache while the text it reads is unchanged,
  (c) the same with the enrichment redone, as when the change alters that text,
and reports medians and the ratio b / a. The normalization module is not edited:
its code is not part of the parse stage's cache key, so a rerun after editing it
takes exactly path (b) — the test suite checks that key separately.

    .venv/bin/python benchmarks/rerun.py [--runs 5] [--pdf data/raw/qingpu-2022.pdf]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pdf", type=Path, default=ROOT / "data" / "raw" / "qingpu-2022.pdf")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="gongwen-rerun-"))
    clean, rerun, reenrich = [], [], []
    try:
        for i in range(args.runs):
            cache = work / f"cache{i}"
            cmd = [sys.executable, "-m", "extract", "run", str(args.pdf), "--out", str(work / "out"),
                   "--cache-dir", str(cache), "--no-progress"]
            clean.append(timed(cmd))  # empty cache: parse and every later stage
            rerun.append(timed(cmd))  # filled cache: parse and enrichment served from it
            for stale in cache.glob("enrich-*.json"):
                stale.unlink()  # as when the normalization change alters the text the enrichment reads
            reenrich.append(timed(cmd))
            shutil.rmtree(cache)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    figures = {
        "runs": args.runs,
        "clean_median_s": round(statistics.median(clean), 3),
        "rerun_median_s": round(statistics.median(rerun), 3),
        "ratio": round(statistics.median(rerun) / statistics.median(clean), 3),
        "rerun_reenrich_median_s": round(statistics.median(reenrich), 3),
        "ratio_reenrich": round(statistics.median(reenrich) / statistics.median(clean), 3),
    }
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"clean run  median {figures['clean_median_s']:.3f} s  ({args.runs} runs)")
        print(f"rerun      median {figures['rerun_median_s']:.3f} s  (parse and enrichment from cache)")
        print(f"ratio      {figures['ratio']:.2f}  (goal ≤ 0.30)")
        print(f"rerun, text changed  median {figures['rerun_reenrich_median_s']:.3f} s  (parse from cache,"
              f" enrichment redone)  ratio {figures['ratio_reenrich']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
