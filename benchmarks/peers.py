"""Benchmark against peers: the command line, the naive pdfplumber pass and pymupdf4llm, per PDF.

For ``data/raw``'s PDF and every PDF with a text layer in ``../shared/real`` (scans are skipped:
the command line reads them by OCR, the peers do not), ``--runs`` rounds of fresh processes, the
order of the three rotating each round, after one unmeasured warm-up of each:

* (a) ``python -m extract run PDF --out TMP`` (this project, the whole pipeline);
* (b) ``benchmarks/naive.py PDF`` (pdfplumber's extract_text and extract_tables on every page);
* (c) ``pymupdf4llm.to_markdown(PDF)`` (MuPDF in C), run by ``--peer-python``: pymupdf4llm is AGPL and
  never a dependency of this project; install it in a scratch environment for the benchmark only::

      python -m venv /tmp/bench-venv && /tmp/bench-venv/bin/pip install pymupdf4llm==0.2.9

Reports per file the median CPU time (user + system) and peak memory of each, and the CPU ratios
CLI / naive and CLI / pymupdf4llm; then the sums over the real PDFs. CPU time, not wall time, is
the measure: on a loaded machine wall time is mostly waiting.

    python benchmarks/peers.py [--runs 5] [--peer-python /tmp/bench-venv/bin/python] [--json]
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

from bench import NAIVE, ROOT, Sample, cli_cmd, load, machine, measure  # noqa: E402

REAL = ROOT.parent / "shared" / "real"
PEER = "import sys, pymupdf4llm; md = pymupdf4llm.to_markdown(sys.argv[1]); print(len(md))"


def has_text(pdf: Path) -> bool:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        for page in document:
            if page.get_textpage().count_chars() > 200:
                return True
        return False
    finally:
        document.close()


def inputs() -> list[Path]:
    found = sorted((ROOT / "data" / "raw").glob("*.pdf"))
    if REAL.exists():
        found += [p for p in sorted(REAL.glob("*.pdf")) if has_text(p)]
    return found


def run_file(pdf: Path, args: argparse.Namespace) -> dict:
    work = Path(tempfile.mkdtemp(prefix="bench-peers-"))
    commands = {
        "cli": lambda: cli_cmd(args.python, [str(pdf)], work / "out", "--no-summary"),
        "naive": lambda: [args.python, str(NAIVE), str(pdf)],
        "pymupdf4llm": lambda: [args.peer_python, "-c", PEER, str(pdf)],
    }
    samples: dict[str, list[Sample]] = {name: [] for name in commands}
    try:
        for cmd in commands.values():
            measure(cmd())  # warm-up: file cache, .pyc files
            shutil.rmtree(work / "out", ignore_errors=True)
        names = list(commands)
        for i in range(args.runs):
            for name in names[i % 3 :] + names[: i % 3]:
                samples[name].append(measure(commands[name]()))
                shutil.rmtree(work / "out", ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    med = {name: statistics.median(s.cpu for s in runs) for name, runs in samples.items()}
    peak = {name: statistics.median(s.peak_mb for s in runs) for name, runs in samples.items()}
    return {
        "pdf": str(pdf.relative_to(ROOT.parent)) if pdf.is_relative_to(ROOT.parent) else str(pdf),
        "cpu": {k: round(v, 3) for k, v in med.items()},
        "peak_mb": {k: round(v, 1) for k, v in peak.items()},
        "cpu_ratio": {
            "cli_naive": round(med["cli"] / med["naive"], 3),
            "cli_pymupdf4llm": round(med["cli"] / med["pymupdf4llm"], 3),
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--peer-python", default="/tmp/bench-venv/bin/python")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    load_before = load()
    files = [run_file(pdf, args) for pdf in inputs()]
    real = [f for f in files if "shared/real" in f["pdf"]]
    total = {name: sum(f["cpu"][name] for f in real) for name in ("cli", "naive", "pymupdf4llm")}
    report = {
        "machine": machine(),
        "load_before": load_before,
        "load_after": load(),
        "runs": args.runs,
        "files": files,
        "real_total_cpu": {k: round(v, 3) for k, v in total.items()},
        "real_total_ratio": {
            "cli_naive": round(total["cli"] / total["naive"], 3) if total["naive"] else None,
            "cli_pymupdf4llm": round(total["cli"] / total["pymupdf4llm"], 3) if total["pymupdf4llm"] else None,
        },
    }
    if args.json:
        print(json.dumps(report, indent=1))
        return 0
    print(f"median CPU seconds of {args.runs} rounds, load {load_before} -> {report['load_after']}")
    print(f"{'file':<58} {'CLI':>6} {'naive':>6} {'mupdf':>6}  CLI/naive  CLI/mupdf  peak MB (CLI/naive/mupdf)")
    for f in files:
        c, p, r = f["cpu"], f["peak_mb"], f["cpu_ratio"]
        print(
            f"{Path(f['pdf']).name[:58]:<58} {c['cli']:6.2f} {c['naive']:6.2f} {c['pymupdf4llm']:6.2f}"
            f"  {r['cli_naive']:9.2f}  {r['cli_pymupdf4llm']:9.2f}  "
            f"{p['cli']:.0f}/{p['naive']:.0f}/{p['pymupdf4llm']:.0f}"
        )
    t, tr = report["real_total_cpu"], report["real_total_ratio"]
    print(f"{'real PDFs together':<58} {t['cli']:6.2f} {t['naive']:6.2f} {t['pymupdf4llm']:6.2f}"
          f"  {tr['cli_naive']:9.2f}  {tr['cli_pymupdf4llm']:9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
