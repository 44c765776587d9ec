"""Benchmark over real producers' PDFs: pages per second of the full command line and of the naive pass.

For every PDF with a text layer in a folder (default ``../shared/real``; scans,
which the command line refuses or reads otherwise, are skipped and named), runs
``--runs`` pairs of fresh processes, alternating (a) ``python -m extract run PDF
--out TMP`` and (b) ``benchmarks/naive.py PDF`` (pdfplumber's extract_text and
extract_tables on every page), after one unmeasured warm-up of each. Reports per
file and over all files the median wall time, pages per second and the ratio
CLI / naive (goal ≤ 1.0: the tool costs no more than the pass a user would write).

    python benchmarks/real.py [FOLDER] [--runs 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import NAIVE, ROOT, Sample, cli_cmd, load, machine, measure  # noqa: E402

DEFAULT_FOLDER = ROOT.parent / "shared" / "real"


def page_count(pdf: Path) -> int:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return len(doc.pages)


def has_text_layer(python: str, pdf: Path, work: Path) -> bool:
    """Whether the command line reads the PDF by its text layer (a scan is refused without OCR)."""
    import subprocess

    out = work / "probe"
    cmd = cli_cmd(python, [str(pdf)], out)
    if _has_ocr_option(python):
        cmd += ["--ocr", "never"]  # a scan read by OCR is another benchmark
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=_env())
    shutil.rmtree(out, ignore_errors=True)
    return res.returncode == 0


def _env() -> dict:
    import os

    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


@cache
def _has_ocr_option(python: str) -> bool:
    import subprocess

    res = subprocess.run([python, "-m", "extract", "run", "--help"], capture_output=True, text=True, env=_env())
    return "--ocr" in res.stdout


def bench_file(python: str, pdf: Path, runs: int, work: Path) -> dict:
    naive = [python, str(NAIVE), str(pdf)]
    count = 0

    def cli() -> Sample:
        nonlocal count
        count += 1
        out = work / f"out{count}"
        sample = measure(cli_cmd(python, [str(pdf)], out))
        shutil.rmtree(out, ignore_errors=True)
        return sample

    cli()
    measure(naive)
    a: list[float] = []
    b: list[float] = []
    for i in range(runs):
        if i % 2 == 0:
            a.append(cli().wall)
            b.append(measure(naive).wall)
        else:
            b.append(measure(naive).wall)
            a.append(cli().wall)
    pages = page_count(pdf)
    cli_s, naive_s = statistics.median(a), statistics.median(b)
    return {
        "file": pdf.name,
        "pages": pages,
        "cli_seconds": round(cli_s, 3),
        "naive_seconds": round(naive_s, 3),
        "cli_pages_per_s": round(pages / cli_s, 2),
        "naive_pages_per_s": round(pages / naive_s, 2),
        "ratio": round(cli_s / naive_s, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    pdfs = sorted(args.folder.glob("*.pdf"))
    if not pdfs:
        print(f"error: no PDFs in {args.folder}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="bench-real-"))
    load_before = load()
    rows, skipped = [], []
    try:
        for pdf in pdfs:
            if not has_text_layer(args.python, pdf, work):
                skipped.append(pdf.name)
                continue
            print(f"bench: {pdf.name} …", file=sys.stderr, flush=True)
            rows.append(bench_file(args.python, pdf, args.runs, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    pages = sum(r["pages"] for r in rows)
    cli_total = sum(r["cli_seconds"] for r in rows)
    naive_total = sum(r["naive_seconds"] for r in rows)
    result = {
        "machine": machine(),
        "load": [load_before, load()],
        "runs": args.runs,
        "files": rows,
        "skipped (no text layer)": skipped,
        "total": {
            "pages": pages,
            "cli_pages_per_s": round(pages / cli_total, 2) if cli_total else None,
            "naive_pages_per_s": round(pages / naive_total, 2) if naive_total else None,
            "ratio": round(cli_total / naive_total, 3) if naive_total else None,
        },
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(f"median of {args.runs} paired runs per file; load {result['load']}")
    print(f"{'file':48} {'pages':>5} {'CLI p/s':>8} {'naive p/s':>9} {'ratio':>6}")
    for r in rows:
        cells = f"{r['pages']:5d} {r['cli_pages_per_s']:8.2f} {r['naive_pages_per_s']:9.2f} {r['ratio']:6.2f}"
        print(f"{r['file']:48} {cells}")
    t = result["total"]
    print(f"{'all':48} {t['pages']:5d} {t['cli_pages_per_s']:8.2f} {t['naive_pages_per_s']:9.2f} {t['ratio']:6.2f}")
    if skipped:
        print("skipped (no text layer): " + ", ".join(skipped))
    return 0


if __name__ == "__main__":
    sys.exit(main())
