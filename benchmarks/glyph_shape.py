"""What reading glyphs by their shape costs: nothing on a PDF whose font maps are fine.

Paired runs, each a fresh process (imports and start-up count on both sides), alternating:

(a) the pipeline as it runs by default (``extract(path)``: glyph-shape repair on);
(b) the same with the pass off (``extract(path, glyph_shapes=False)``).

Reports the median CPU time (user + sys of the child) of each side and their ratio, and, measured
in one process, the pass's own CPU time and the number of distinct glyphs it rendered and read.
On a PDF whose maps are fine it reads none: its cost is one look over the characters.

    .venv/bin/python benchmarks/glyph_shape.py [--pdf PDF] [--runs 5] [--json]
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

RUN = r"""
import sys
from pathlib import Path
from extract.pipeline import extract
extract(Path(sys.argv[1]), cache_dir=sys.argv[2], enrich=False, glyph_shapes=sys.argv[3] == "on")
"""


def child_cpu(args: list[str]) -> float:
    """CPU seconds (user + sys) of one child process."""
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{args} failed with exit code {proc.returncode}")
    return usage.ru_utime + usage.ru_stime


def pass_cost(pdf: Path, cache: str) -> tuple[float, int]:
    """The glyph-shape pass alone on the parsed document: CPU seconds and glyphs read."""
    from extract.normalize import read_glyph_shapes
    from extract.pipeline import parse_stage

    parsed = parse_stage(pdf, cache_dir=Path(cache))
    started = time.process_time()
    shapes = read_glyph_shapes(parsed, pdf)
    return time.process_time() - started, shapes.read


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, default=ROOT / "data/raw/qingpu-2022.pdf")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    with tempfile.TemporaryDirectory() as cache:
        # the parse stage is served from the cache on both sides: the pass is what differs
        child_cpu([sys.executable, "-c", RUN, str(args.pdf), cache, "off"])
        on, off = [], []
        for _ in range(args.runs):
            on.append(child_cpu([sys.executable, "-c", RUN, str(args.pdf), cache, "on"]))
            off.append(child_cpu([sys.executable, "-c", RUN, str(args.pdf), cache, "off"]))
        seconds, read = pass_cost(args.pdf, cache)
    result = {
        "pdf": args.pdf.name,
        "runs": args.runs,
        "cpu_on_s": round(statistics.median(on), 3),
        "cpu_off_s": round(statistics.median(off), 3),
        "ratio": round(statistics.median(on) / statistics.median(off), 3),
        "pass_cpu_ms": round(seconds * 1000, 1),
        "glyphs_read": read,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"{result['pdf']}: CPU {result['cpu_on_s']} s with glyph shapes, {result['cpu_off_s']} s without "
            f"(ratio {result['ratio']}, medians of {args.runs}); the pass alone {result['pass_cpu_ms']} ms, "
            f"{read} glyphs read"
        )


if __name__ == "__main__":
    main()
