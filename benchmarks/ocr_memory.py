"""OCR memory: the peak memory of the command line reading a scan, all its processes together.

The command line runs on a scan (``--pdf``, or the official PDF's first ``--pages`` pages scanned as
benchmarks/ocr.py makes them) in a fresh process, ``--page-workers`` processes reading its pages. Every
``--interval`` seconds the process and its children are sampled (psutil): the peak of their summed
resident memory (RSS, which counts pages a forked worker shares with its parent twice) and of their
summed proportional memory (PSS, shared pages split between the processes: what the machine gives up).
A text-layer PDF (``--pdf data/raw/qingpu-2022.pdf``) gives the same figures without OCR, for comparison.

    .venv/bin/python benchmarks/ocr_memory.py [--pdf SCAN.pdf | --pages 4] [--page-workers 2] [--runs 3] [--json]
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
sys.path.insert(0, str(ROOT))
MB = 1024 * 1024


def sample(pid: int) -> tuple[int, int, int]:
    """Summed RSS and PSS of the process and its children, and how many processes that was."""
    import psutil

    try:
        parent = psutil.Process(pid)
        procs = [parent, *parent.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0, 0, 0
    rss = pss = 0
    for proc in procs:
        try:
            info = proc.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return rss, pss, len(procs)


def run_once(pdf: Path, out: Path, workers: int, interval: float) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    cmd = [sys.executable, "-m", "extract", "run", str(pdf), "--out", str(out), "--no-summary", "--no-progress",
           "--page-workers", str(workers)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    peak_rss = peak_pss = processes = 0
    while proc.poll() is None:
        rss, pss, n = sample(proc.pid)
        peak_rss, peak_pss, processes = max(peak_rss, rss), max(peak_pss, pss), max(processes, n)
        time.sleep(interval)
    if proc.returncode != 0:
        raise SystemExit(f"the command line failed ({proc.returncode}): {proc.stderr.read().decode()}")
    return {
        "wall_s": time.perf_counter() - start,
        "peak_rss_mb": peak_rss / MB,
        "peak_pss_mb": peak_pss / MB,
        "processes": processes,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pdf", type=Path, help="a scanned PDF (default: a scan of the official PDF's first pages)")
    parser.add_argument("--pages", type=int, default=4, help="pages of the official PDF to scan (default 4)")
    parser.add_argument("--page-workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between samples (default 0.1)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.pdf is None:
            from benchmarks.ocr import make_scan

            pdf = make_scan(folder, args.pages)
        else:
            pdf = args.pdf.resolve()
        runs = [run_once(pdf, folder / f"out{i}", args.page_workers, args.interval) for i in range(args.runs)]
    result = {
        "pdf": str(args.pdf or f"scan of the official PDF's first {args.pages} pages"),
        "page_workers": args.page_workers,
        "runs": runs,
        "median": {key: statistics.median(r[key] for r in runs) for key in runs[0]},
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        m = result["median"]
        print(f"{result['pdf']}, --page-workers {args.page_workers}, median of {args.runs} runs:")
        print(f"  peak RSS {m['peak_rss_mb']:.0f} MB, peak PSS {m['peak_pss_mb']:.0f} MB over"
              f" {m['processes']:.0f} processes, {m['wall_s']:.1f} s wall")
    return 0


if __name__ == "__main__":
    sys.exit(main())
