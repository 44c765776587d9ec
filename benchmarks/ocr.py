"""OCR speed: seconds per scanned page, and the pipeline's overhead over the bare engine.

A scan is made from the first ``--pages`` pages of the official PDF as the tests make it (150 dpi,
a red seal over the date, the third page turned sideways), or ``--pdf`` names a scanned PDF. Paired
runs, each a fresh process so that start-up, imports and model loading count on both sides:

(a) the full command line on the scan (``--page-workers 2``: pages read by two processes);
(b) the bare engine as a user would call it, ``RapidOCR()(image)`` on each page image rendered
    at the same 150 dpi beforehand (ONNX Runtime's own threads on every core).

Reports medians of wall time, seconds per page and the ratio (a) / (b) (goal ≤ 1.2).

    .venv/bin/python benchmarks/ocr.py [--pages 4] [--pdf SCAN.pdf] [--runs 3] [--json]
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

BARE = r"""
import sys
import cv2
from rapidocr_onnxruntime import RapidOCR
engine = RapidOCR()
for path in sys.argv[1:]:
    engine(cv2.imread(path))
"""


def make_scan(folder: Path, pages: int) -> Path:
    from tests.conftest import RAW_PDF
    from tests.synth_scan import scanned_pdf

    doc = json.loads((ROOT / "data/processed/qingpu-2022/document.json").read_text(encoding="utf-8"))
    date = tuple(doc["notice"]["where"]["date"][0]["box"])
    sideways = 3 if pages >= 3 else None
    return scanned_pdf(RAW_PDF, list(range(1, pages + 1)), folder / "scan.pdf", seal=(1, date), sideways=sideways)


def page_images(pdf: Path, folder: Path) -> list[Path]:
    """The scan's pages rendered at the pipeline's resolution, as PNG files for the bare engine."""
    import cv2

    from extract.parse.ocr import DPI
    from extract.parse.pdf.render import open_document, render_page

    document = open_document(pdf)
    out = []
    for number in range(1, len(document) + 1):
        path = folder / f"page-{number}.png"
        cv2.imwrite(str(path), render_page(document, number, DPI)[0])
        out.append(path)
    document.close()
    return out


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=ROOT)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=4, help="pages of the official PDF to scan (default 4)")
    parser.add_argument("--pdf", type=Path, help="a scanned PDF to use instead")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), ORT_DISABLE_TELEMETRY="1")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pdf = args.pdf.resolve() if args.pdf else make_scan(folder, args.pages)
        images = page_images(pdf, folder)
        pipeline_cmd = [
            sys.executable, "-m", "extract", "run", str(pdf), "--out", str(folder / "out"),
            "--no-summary", "--page-workers", "2",
        ]
        bare_cmd = [sys.executable, "-c", BARE, *map(str, images)]
        pipeline, bare = [], []
        for _ in range(args.runs):
            pipeline.append(timed(pipeline_cmd, env))
            bare.append(timed(bare_cmd, env))
    pages = len(images)
    result = {
        "pages": pages,
        "cpus": os.cpu_count(),
        "runs": args.runs,
        "pipeline_s": round(statistics.median(pipeline), 2),
        "bare_engine_s": round(statistics.median(bare), 2),
        "pipeline_s_per_page": round(statistics.median(pipeline) / pages, 2),
        "bare_engine_s_per_page": round(statistics.median(bare) / pages, 2),
        "ratio": round(statistics.median(pipeline) / statistics.median(bare), 2),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{pages} scanned pages, {args.runs} paired runs, medians (wall seconds):")
        print(f"  full CLI:    {result['pipeline_s']:7.2f}  ({result['pipeline_s_per_page']:.2f} s/page)")
        print(f"  bare engine: {result['bare_engine_s']:7.2f}  ({result['bare_engine_s_per_page']:.2f} s/page)")
        print(f"  ratio CLI / bare engine: {result['ratio']:.2f} (goal ≤ 1.2)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
