"""Benchmark of OFD input: pages per second of the OFD reader against the PDF reader on the same pages.

Two measures, medians of ``--runs`` runs:

* **Same pages, both formats**: one synthetic notice layout of ``--pages`` pages (16 pt body, a red
  header and rule, as the tests build it) written as a PDF by reportlab and as an OFD; (a) the parse
  stage in this process (``parse(open_source(f), ParseOptions(ocr="never"))``, pages per second of CPU time), and (b)
  the whole command line in fresh processes, PDF and OFD alternating, CPU time of the process tree.
  The ratio OFD / PDF says what reading OFD costs against reading the same pages as PDF.
* **Real OFD files** of a folder (default ``../shared/ofd``): the parse stage per file, pages per second,
  with OCR as the command line does it (``auto``: outline text is read by OCR; the first OCR use
  loads the engine, measured once apart) and without (``never``); and the whole command line per
  file in fresh processes (wall and CPU time, pages per second of wall time, as ``benchmarks/real.py``
  reports for real PDFs).

    python benchmarks/ofd.py [FOLDER] [--runs 5] [--pages 10] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from bench import ROOT, cli_cmd, machine, measure  # noqa: E402

DEFAULT_FOLDER = ROOT.parent / "shared" / "ofd"
BODY = "为进一步加强安全生产工作，切实防范和遏制重特大事故发生，经市政府同意，决定在全市开展检查。"


def layout(pages: int):  # noqa: ANN201 - a tests/synth_ofd Layout
    from synth_ofd import Layout, Rule, Run

    red = (230, 0, 18)
    out = []
    for n in range(pages):
        items: list = []
        if n == 0:
            items += [Run("某某市人民政府文件", 180.0, 160.0, 30.0, red), Rule(79.0, 235.0, 516.0, 2.0, red),
                      Run("关于开展安全生产大检查的通知", 143.0, 290.0, 22.0)]
        y = 330.0 if n == 0 else 110.0
        while y < 760:
            items.append(Run(BODY[:28], 79.0, y))
            y += 29.0
        out.append(items)
    return Layout(out)


def cpu_parse(path: Path, ocr: str) -> float:
    from extract.parse import ParseOptions, open_source, parse

    start = time.process_time()
    parse(open_source(path), ParseOptions(ocr=ocr))
    return time.process_time() - start


def parse_rate(path: Path, pages: int, runs: int, ocr: str = "never") -> dict:
    times = [cpu_parse(path, ocr) for _ in range(runs)]
    median = statistics.median(times)
    return {"cpu_s": round(median, 4), "pages_per_s": round(pages / median, 1)}


def same_pages(pages: int, runs: int, python: str) -> dict:
    from synth_ofd import layout_ofd, layout_pdf

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        both = layout(pages)
        pdf, ofd = layout_pdf(both, work / "notice.pdf"), layout_ofd(both, work / "notice.ofd")
        cpu_parse(pdf, "never"), cpu_parse(ofd, "never")  # warm-up: imports and caches
        parse = {"pdf": parse_rate(pdf, pages, runs), "ofd": parse_rate(ofd, pages, runs)}
        cli: dict[str, list[float]] = {"pdf": [], "ofd": []}
        for i in range(runs + 1):
            for kind, path in (("pdf", pdf), ("ofd", ofd)):
                sample = measure(cli_cmd(python, [str(path)], work / f"out-{kind}-{i}"))
                if i:  # the first pair warms the disk cache
                    cli[kind].append(sample.cpu)
    out = {"pages": pages, "parse": parse}
    out["parse"]["ratio_ofd_pdf"] = round(parse["ofd"]["cpu_s"] / parse["pdf"]["cpu_s"], 2)
    out["cli"] = {kind: {"cpu_s": round(statistics.median(v), 3)} for kind, v in cli.items()}
    out["cli"]["ratio_ofd_pdf"] = round(out["cli"]["ofd"]["cpu_s"] / out["cli"]["pdf"]["cpu_s"], 2)
    return out


def real_files(folder: Path, runs: int) -> list[dict]:
    from extract.parse import ParseOptions, open_source, parse

    rows = []
    files = sorted(folder.glob("*.ofd"))
    if files:
        cpu_parse(files[0], "never")
        from extract.parse.ocr.engine import engine

        start = time.process_time()
        engine()
        rows.append({"file": "(OCR engine load, once per process)", "cpu_s": round(time.process_time() - start, 3)})
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            pages = parse(open_source(path), ParseOptions(ocr="never")).source.pages
            cli = [measure(cli_cmd(sys.executable, [str(path)], Path(tmp) / f"{path.stem}-{i}")) for i in range(runs)]
            wall = statistics.median(s.wall for s in cli)
            rows.append({"file": path.name, "pages": pages, "never": parse_rate(path, pages, runs),
                         "auto": parse_rate(path, pages, runs, "auto"),
                         "cli": {"wall_s": round(wall, 3), "cpu_s": round(statistics.median(s.cpu for s in cli), 3),
                                 "pages_per_s": round(pages / wall, 2)}})
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pages", type=int, default=10)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    report = {"machine": machine(), "same_pages": same_pages(args.pages, args.runs, sys.executable),
              "real": real_files(args.folder, args.runs) if args.folder.is_dir() else []}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    s = report["same_pages"]
    print(f"same {s['pages']} pages as PDF and OFD (median of {args.runs}, CPU):")
    for kind in ("pdf", "ofd"):
        print(f"  {kind}: parse {s['parse'][kind]['cpu_s']:.3f} s = {s['parse'][kind]['pages_per_s']} pages/s;"
              f" whole run {s['cli'][kind]['cpu_s']:.2f} s")
    print(f"  ratio OFD/PDF: parse {s['parse']['ratio_ofd_pdf']}, whole run {s['cli']['ratio_ofd_pdf']}")
    for row in report["real"]:
        if "pages" not in row:
            print(f"{row['file']}: {row['cpu_s']} s")
            continue
        never, auto = row["never"], row["auto"]
        print(f"{row['file']}: {row['pages']} p; parse without OCR {never['pages_per_s']} pages/s"
              f" ({never['cpu_s']} s), with outline OCR {auto['pages_per_s']} pages/s ({auto['cpu_s']} s);"
              f" whole run {row['cli']['wall_s']} s wall, {row['cli']['cpu_s']} s CPU,"
              f" {row['cli']['pages_per_s']} pages/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
