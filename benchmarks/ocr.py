"""OCR: seconds per scanned page by resolution, the pipeline's overhead over the bare engine, and
character accuracy by resolution and JPEG quality.

Scans are scanner's copies of pages of the official PDF as the tests make them
(``tests/synth_scan.scanner_copy``: grey uneven paper with noise, JPEG, a small tilt per page, a
red seal over the date). Each measure runs fresh processes, so start-up, imports and model loading
count; CPU time is the children's user + system time (the machine may be shared: wall time is
reported too, but CPU time is what to compare).

(a) speed: for each ``--dpi``, the CLI on the copy (``--page-workers 1``), against the bare engine
    as a user would call it, ``RapidOCR()(image)`` on the same page images (the scan's own JPEG
    images, as the pipeline reads them). Medians over ``--runs`` paired runs; ratio CLI / engine
    (goal ≤ 1.2).
(b) accuracy (``--accuracy``): for each resolution and JPEG quality, the CLI on the copy, its text
    fields (notice, outline, key-task cells) against the text PDF's: one less the edit distance
    over the text PDF's characters.

    .venv/bin/python benchmarks/ocr.py [--pages 1,2,16] [--dpi 150,200,300] [--runs 3] [--accuracy] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
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
engine = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
for path in sys.argv[1:]:
    engine(cv2.imread(path))
"""


def make_copy(folder: Path, pages: list[int], dpi: int, quality: tuple[int, int]) -> Path:
    from tests.conftest import RAW_PDF
    from tests.synth_scan import scanner_copy

    doc = json.loads((ROOT / "data/processed/qingpu-2022/document.json").read_text(encoding="utf-8"))
    x0, top, x1, bottom = doc["notice"]["where"]["date"][0]["box"]
    target = folder / f"scan-{dpi}-{quality[0]}.pdf"
    return scanner_copy(RAW_PDF, target, dpi, seal=(1, (x0, top, x1, bottom)), quality=quality, pages=pages).path


def page_images(pdf: Path, folder: Path) -> list[Path]:
    """The scan's own page images (its JPEG data as they are), for the bare engine."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    out = []
    for number in range(1, len(document) + 1):
        page = document[number - 1]
        [image] = [o for o in page.get_objects() if o.type == 3]
        path = folder / f"{pdf.stem}-page-{number}.jpg"
        image.extract(str(path.with_suffix("")))  # writes the JPEG data as stored
        out.append(path)
        page.close()
    document.close()
    return out


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (children's user + system) seconds of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def cli(pdf: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "extract", "run", str(pdf), "--out", str(out), "--no-summary", "--page-workers", "1"]


def speed(folder: Path, pages: list[int], dpis: list[int], runs: int, env: dict[str, str]) -> list[dict]:
    rows = []
    for dpi in dpis:
        pdf = make_copy(folder, pages, dpi, (70, 70))
        images = page_images(pdf, folder)
        pipe, bare = [], []
        for _ in range(runs):
            pipe.append(timed(cli(pdf, folder / "out"), env))
            bare.append(timed([sys.executable, "-c", BARE, *map(str, images)], env))
        p_cpu, b_cpu = statistics.median(c for _, c in pipe), statistics.median(c for _, c in bare)
        p_wall, b_wall = statistics.median(w for w, _ in pipe), statistics.median(w for w, _ in bare)
        rows.append({
            "dpi": dpi,
            "pages": len(images),
            "cli_cpu_s_per_page": round(p_cpu / len(images), 2),
            "engine_cpu_s_per_page": round(b_cpu / len(images), 2),
            "cli_wall_s_per_page": round(p_wall / len(images), 2),
            "engine_wall_s_per_page": round(b_wall / len(images), 2),
            "cpu_ratio": round(p_cpu / b_cpu, 2),
            "wall_ratio": round(p_wall / b_wall, 2),
        })
    return rows


def _fields(doc: dict) -> str:
    notice = doc["notice"]
    out = [notice["title"] or "", notice["doc_number"] or "", notice["date"] or "", *notice["recipients"]]
    out += notice["body"] + [doc["attachment"]["title"] or ""]

    def walk(items: list[dict]) -> None:
        for p in items:
            out.extend([p["title"], p["body"]])
            walk(p.get("points", []))

    for section in doc["sections"]:
        out.extend([section["title"], section.get("body", "")])
        walk(section["points"])
    keys = [k for k in doc["key_tasks"]["columns"] if k != "no"]
    out += [str(row[k] or "") for row in doc["key_tasks"]["rows"] for k in keys]
    return "\n".join(out)


def accuracy(folder: Path, pages: list[int], dpis: list[int], qualities: list[int], env: dict[str, str]) -> list[dict]:
    from rapidfuzz.distance import Levenshtein
    from tests.conftest import RAW_PDF
    from tests.synth_scan import text_pages

    text = text_pages(RAW_PDF, pages, folder / "text.pdf")
    subprocess.run(cli(text, folder / "out"), check=True, capture_output=True, env=env, cwd=ROOT)
    reference = _fields(json.loads((folder / "out/text/document.json").read_text(encoding="utf-8")))
    rows = []
    for dpi in dpis:
        for quality in qualities:
            pdf = make_copy(folder, pages, dpi, (quality, quality))
            subprocess.run(cli(pdf, folder / "out"), check=True, capture_output=True, env=env, cwd=ROOT)
            read = _fields(json.loads((folder / "out" / pdf.stem / "document.json").read_text(encoding="utf-8")))
            match = 1 - Levenshtein.distance(read, reference) / max(1, len(reference))
            rows.append({"dpi": dpi, "jpeg_quality": quality, "characters": len(reference), "match": round(match, 4)})
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", default="1,2,16", help="pages of the official PDF to scan (default 1,2,16)")
    parser.add_argument("--dpi", default="150,200,300")
    parser.add_argument("--quality", default="60,75,90", help="JPEG qualities for --accuracy")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--accuracy", action="store_true", help="measure character accuracy instead of speed")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    pages = [int(p) for p in args.pages.split(",")]
    dpis = [int(d) for d in args.dpi.split(",")]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), ORT_DISABLE_TELEMETRY="1")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.accuracy:
            rows = accuracy(folder, pages, dpis, [int(q) for q in args.quality.split(",")], env)
        else:
            rows = speed(folder, pages, dpis, args.runs, env)
    if args.json:
        print(json.dumps(rows))
        return 0
    print(f"pages {args.pages} of the official PDF as a scanner's copy; medians; machine CPUs {os.cpu_count()}")
    columns = list(rows[0])
    print("  ".join(f"{c:>14}" for c in columns))
    for row in rows:
        print("  ".join(f"{row[c]!s:>14}" for c in columns))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
