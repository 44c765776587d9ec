"""OCR of scanned pages: a scan of the official PDF's notice pages and its key-task table (a red
seal over the date, one page turned sideways, one table page fed in askew) reads as the text PDF of
the same pages; a mixed PDF reads whole.

Nine of the 22 pages are scanned: the notice, the attachment's title and its first section with
three points (pages 1–3), and the six pages of the key-task table (16–21), which continues across
every page break. OCR costs a few CPU seconds a page, and the whole document would add minutes to
the suite. Page 4 is left out for a second reason: the second section's heading is printed in
traditional characters (堅持), whose 堅 the recognition model drops.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest
from tests.conftest import RAW_PDF, REAL, run_cli
from tests.synth_scan import mixed_pdf, scanned_pdf, text_pages

pytest.importorskip("rapidocr_onnxruntime")

PAGES = [1, 2, 3, 16, 17, 18, 19, 20, 21]
SIDEWAYS = 3
# A table page scanned askew (the scanned PDF's page 6, the official PDF's page 18).
TILTED = (18, 0.7)


def _date_box() -> tuple[float, float, float, float]:
    doc = json.loads((RAW_PDF.parents[2] / "data/processed/qingpu-2022/document.json").read_text(encoding="utf-8"))
    return tuple(doc["notice"]["where"]["date"][0]["box"])


def _run(pdf: Path, out: Path, *extra: str) -> dict:
    result = run_cli("run", str(pdf), "--out", str(out), "--no-summary", *extra)
    assert result.returncode == 0, result.stderr
    return json.loads((out / pdf.stem / "document.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("scans")
    text = text_pages(RAW_PDF, PAGES, folder / "text.pdf")
    scan = scanned_pdf(
        RAW_PDF, PAGES, folder / "scan.pdf", seal=(1, _date_box()), sideways=SIDEWAYS, tilted=TILTED
    )
    mixed = mixed_pdf(scan, text, folder / "mixed.pdf")
    return {"folder": folder, "text": text, "scan": scan, "mixed": mixed}


@pytest.fixture(scope="module")
def text_doc(made) -> dict:
    return _run(made["text"], made["folder"] / "out-text")


@pytest.fixture(scope="module")
def scan_doc(made) -> dict:
    return _run(made["scan"], made["folder"] / "out-scan")


def _text_fields(doc: dict) -> list[str]:
    """Every text value of the notice and the outline, in order."""
    notice = doc["notice"]
    out = [notice["title"] or "", notice["doc_number"] or "", notice["date"] or "", notice["signature"] or ""]
    out += notice["issuers"] + notice["recipients"] + notice["body"] + notice["attachments"]
    out += [doc["attachment"]["title"] or "", doc["attachment"]["preamble"] or ""]

    def points(items: list[dict]) -> None:
        for p in items:
            out.extend([p["title"], p["body"]])
            points(p.get("points", []))

    for section in doc["sections"]:
        out.extend([section["title"], section.get("body", "")])
        points(section["points"])
    return out


def char_match(a: list[str], b: list[str]) -> float:
    """Share of characters the two texts have in common, in order (difflib's matching blocks)."""
    x, y = "\n".join(a), "\n".join(b)
    matcher = difflib.SequenceMatcher(None, x, y, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    return 2 * same / (len(x) + len(y))


def test_scan_reads_as_the_text_pdf(text_doc, scan_doc):
    for key in ("doc_number", "date", "title", "issuers", "recipients", "signatures"):
        assert scan_doc["notice"][key] == text_doc["notice"][key], key
    assert [s["title"] for s in scan_doc["sections"]] == [s["title"] for s in text_doc["sections"]]
    assert [p["title"] for s in scan_doc["sections"] for p in s["points"]] == [
        p["title"] for s in text_doc["sections"] for p in s["points"]
    ]
    assert scan_doc["attachment"]["title"] == text_doc["attachment"]["title"]
    match = char_match(_text_fields(scan_doc), _text_fields(text_doc))
    print(f"character match {match:.4f}")
    assert match >= 0.98


def _cells(doc: dict) -> list[str]:
    keys = [k for k in doc["key_tasks"]["columns"] if k != "no"]
    return [str(row[k] or "") for row in doc["key_tasks"]["rows"] for k in keys]


def test_scanned_key_task_table(text_doc, scan_doc):
    """The table's rules are found in the page images (one of them askew), its text put in its
    cells, and the table stitched across five page breaks: the same 20 rows as the text PDF's."""
    scan, text = scan_doc["key_tasks"], text_doc["key_tasks"]
    assert len(text["rows"]) == 20
    assert [r["no"] for r in scan["rows"]] == [r["no"] for r in text["rows"]]
    assert scan["columns"] == text["columns"] and scan["pages"] == text["pages"]
    for key in ("lead", "departments"):
        assert [r[key] for r in scan["rows"]] == [r[key] for r in text["rows"]], key
    match = char_match(_cells(scan_doc), _cells(text_doc))
    print(f"key-task cells: character match {match:.4f}")
    assert match >= 0.98
    where = scan["rows"][0]["where"]
    assert where["task"] and all(w["origin"] == "ocr" and w["confidence"] > 0.5 for ws in where.values() for w in ws)


def test_scan_provenance_seal_and_turned_page(scan_doc, made):
    where = scan_doc["notice"]["where"]["date"][0]
    assert where["origin"] == "ocr" and 0.5 <= where["confidence"] <= 1
    date = _date_box()
    [seal] = scan_doc["seals"]
    assert seal["page"] == 1
    x0, top, x1, bottom = seal["box"]
    assert x0 <= (date[0] + date[2]) / 2 <= x1 and top <= (date[1] + date[3]) / 2 <= bottom
    ocr = json.loads((made["folder"] / "out-scan/scan/quality.json").read_text(encoding="utf-8"))["ocr"]
    assert ocr["pages"] == list(range(1, len(PAGES) + 1))
    assert ocr["rotated_pages"] == {str(SIDEWAYS): 90}
    [(page, degrees)] = ocr["straightened_pages"].items()
    assert int(page) == PAGES.index(TILTED[0]) + 1 and abs(degrees + TILTED[1]) <= 0.15
    assert 0.8 <= ocr["mean_confidence"] <= 1 and ocr["min_confidence"] <= ocr["mean_confidence"]
    assert all({"page", "box", "text", "confidence"} <= set(low) for low in ocr["low_confidence"])


def test_mixed_pdf_reads_whole(made, text_doc):
    """A scanned first page before text pages: the notice from OCR, the rest from the text layer."""
    out = made["folder"] / "out-mixed"
    doc = _run(made["mixed"], out)
    for key in ("doc_number", "date", "title", "issuers", "recipients"):
        assert doc["notice"][key] == text_doc["notice"][key], key
    assert [s["title"] for s in doc["sections"]] == [s["title"] for s in text_doc["sections"]]
    ocr = json.loads((out / "mixed/quality.json").read_text(encoding="utf-8"))["ocr"]
    assert ocr["pages"] == [1]
    assert "origin" not in doc["sections"][-1]["where"][0]  # read from the text layer

    again = made["folder"] / "out-mixed-again"
    _run(made["mixed"], again, "--page-workers", "1")
    for name in ("document.json", "quality.json", "normalization.csv", "work_points.csv"):
        assert (out / "mixed" / name).read_bytes() == (again / "mixed" / name).read_bytes(), name


def test_ocr_never_refuses_a_scan(made):
    result = run_cli("run", str(made["scan"]), "--out", str(made["folder"] / "never"), "--ocr", "never")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "no usable text layer" in lines[0]


S01 = REAL / "s01-moa-2025-yijian-SCAN.pdf"
S01_GOLD = REAL / "gold" / "s01-moa-2025-yijian-SCAN.gold.json"


def test_real_scan_notice_equals_gold(real_run):
    run = real_run(S01.stem)
    assert run.result.returncode == 0, run.result.stderr
    doc = run.json("document.json")
    gold = json.loads(S01_GOLD.read_text(encoding="utf-8"))["notice"]
    notice = doc["notice"]
    assert notice["issuers"] == gold["issuers"]
    assert notice["doc_number"] == gold["doc_number"]
    assert notice["title"] == gold["title"]
    assert notice["recipients"] == gold["recipients"]
    assert notice["date"] == gold["date"]
    assert notice["attachments"] == gold["attachments"]
    assert notice["signatures"] == gold["signature"]
    assert notice["markers"] == gold["markers"]
    assert [s["page"] for s in doc["seals"]] == [8]


def test_a_font_without_unicode_map_is_read_by_ocr(made, text_doc):
    """The first page in fonts whose Unicode maps were removed ((cid:N) text): read from its image."""
    import pikepdf

    path = made["folder"] / "cid.pdf"
    with pikepdf.open(made["text"]) as pdf:
        del pdf.pages[1:]
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font" and "/ToUnicode" in obj:
                del obj["/ToUnicode"]
        pdf.save(path)
    doc = _run(path, made["folder"] / "out-cid")
    for key in ("doc_number", "date", "title", "recipients"):
        assert doc["notice"][key] == text_doc["notice"][key], key


def _blank_scan(path: Path) -> Path:
    """Two scanned pages with nothing to read (a frame each): OCR runs and finds no text."""
    import io

    import img2pdf
    from PIL import Image, ImageDraw

    pages = []
    for _ in range(2):
        image = Image.new("RGB", (620, 877), "white")
        ImageDraw.Draw(image).rectangle((60, 60, 560, 817), outline="black", width=3)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", dpi=(75, 75))
        pages.append(buffer.getvalue())
    path.write_bytes(img2pdf.convert(pages))
    return path


@pytest.mark.parametrize("flag", [[], ["--no-progress"]])
def test_ocr_progress_bar_on_a_terminal_only_unless_silenced(tmp_path, flag):
    """One document's OCR pages show a bar when stderr is a terminal; --no-progress silences it."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    pdf = _blank_scan(tmp_path / "blank.pdf")
    import fcntl
    import struct
    import termios

    reader, writer = os.openpty()
    fcntl.ioctl(writer, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal 100 wide
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    try:
        result = subprocess.run(
            [sys.executable, "-m", "extract", "run", str(pdf), "--out", str(tmp_path / "out"), *flag],
            stdout=subprocess.PIPE, stderr=writer, env=env, cwd=ROOT, timeout=300,
        )
        os.close(writer)
        chunks = []
        while True:
            try:
                chunk = os.read(reader, 65536)
            except OSError:  # the terminal's other end is closed: all was read
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(reader)
    stderr = b"".join(chunks).decode("utf-8", "replace")
    assert result.returncode == 2  # nothing readable: the one-line error, after OCR was tried
    assert stderr.splitlines()[-1].startswith("error:") and "Traceback" not in stderr
    assert ("OCR blank.pdf" in stderr) == (not flag)


def test_quality_notebook_shows_the_ocr_pages(made, scan_doc, tmp_path, monkeypatch):
    """The analysts' notebook, executed headless on the scan's outputs: a row per page read by
    OCR with its values' confidence, the turned page and the page set straight."""
    from tests.test_notebook import QUALITY_NOTEBOOK, _text, nb, runner

    folder = made["folder"] / "out-scan" / "scan"
    quality = json.loads((folder / "quality.json").read_text(encoding="utf-8"))
    table = nb.ocr_pages(scan_doc, quality)
    assert list(table["page"]) == list(range(1, len(PAGES) + 1))
    assert (table["values"] > 0).all() and table["mean_confidence"].between(0.8, 1).all()
    assert (table["min_confidence"] <= table["mean_confidence"]).all()
    turned = table.set_index("page")
    assert turned.loc[SIDEWAYS, "turned"] == 90
    assert turned.loc[PAGES.index(TILTED[0]) + 1, "straightened"] == pytest.approx(-TILTED[1], abs=0.15)

    for name, value in runner.ENV_DEFAULTS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("OUTPUT_DIR", str(folder))
    monkeypatch.setenv("PDF", str(made["scan"]))
    monkeypatch.setenv("RENDER_PAGES", "1")
    monkeypatch.delenv("GOLD", raising=False)
    executed = runner.execute(QUALITY_NOTEBOOK, out_dir=tmp_path, timeout=300)
    assert not [o for c in executed.cells for o in c.get("outputs", []) if o.output_type == "error"]
    text = _text(executed)
    assert "mean_confidence" in text and "straightened" in text
    assert "no page was read by OCR" not in text


def test_a_page_the_renderer_or_engine_fails_on_is_left_unread(monkeypatch):
    """A native library failing on one damaged page leaves that page without text (reported as a
    page without a usable text layer) instead of failing the document; the time limit still stops it."""
    from extract.errors import DocumentTimeout, timeout_error
    from extract.parse.ocr import pages as ocr

    def broken(document, number, dpi=ocr.DPI):
        raise RuntimeError("pdfium: damaged page")

    monkeypatch.setattr(ocr, "read_page_image", broken)
    reading = ocr.read_safely(object(), 3)
    assert reading.failed and reading.number == 3 and reading.lines == [] and reading.tables == []

    def slow(document, number, dpi=ocr.DPI):
        raise timeout_error("doc.pdf", 1.0)

    monkeypatch.setattr(ocr, "read_page_image", slow)
    with pytest.raises(DocumentTimeout):
        ocr.read_safely(object(), 3)
