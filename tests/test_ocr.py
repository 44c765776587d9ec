"""OCR of a scanner's copy of the whole official PDF: all 22 pages as a scanner makes them
(tests/synth_scan.py: 200 dpi, one page at 300, grey uneven paper with noise, JPEG quality 60–75, a
different small tilt per page, one page fed in sideways and one upside down, a red seal over the
date) read as the text PDF: the same notice, outline, key-task table and text.

The CLI runs on the copy once per test session (``scanner_run`` in conftest.py) and every test
here reads that run; the text PDF's outputs are the pipeline's own (``official_doc``), which the
rest of the suite computes anyway.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein
from tests.conftest import RAW_PDF, REAL, SCAN_DPI, SCAN_TURNED, run_cli
from tests.synth_scan import mixed_pdf

pytest.importorskip("rapidocr_onnxruntime")

# All text fields of the copy against the text PDF's, characters read right (edit distance).
MIN_CHAR_MATCH = 0.99

# The last page holds only （此页无正文） and its page number.
FURNITURE_PAGE = 22


def _run(pdf: Path, out: Path, *extra: str) -> dict:
    result = run_cli("run", str(pdf), "--out", str(out), "--no-summary", *extra)
    assert result.returncode == 0, result.stderr
    return json.loads((out / pdf.stem / "document.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def text_doc(official_doc) -> dict:
    from extract.export import document_json

    return document_json(official_doc)


@pytest.fixture(scope="module")
def scan_doc(scanner_run) -> dict:
    assert scanner_run.result.returncode == 0, scanner_run.result.stderr
    return scanner_run.json("document.json")


@pytest.fixture(scope="module")
def made(scanner_run, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("scans")
    mixed = mixed_pdf(scanner_run.copy.path, RAW_PDF, folder / "mixed.pdf")
    return {"folder": folder, "scan": scanner_run.copy.path, "mixed": mixed, "copy": scanner_run.copy}


def _text_fields(doc: dict) -> list[str]:
    """Every text value of the notice, the outline and the key-task table, in order."""
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
    return out + _cells(doc)


def char_match(a: list[str], b: list[str]) -> float:
    """Share of the reference's characters (``b``) read right: one less the edit distance over its length."""
    x, y = "\n".join(a), "\n".join(b)
    return 1 - Levenshtein.distance(x, y) / max(1, len(y))


def _cells(doc: dict) -> list[str]:
    keys = [k for k in doc["key_tasks"]["columns"] if k != "no"]
    return [str(row[k] or "") for row in doc["key_tasks"]["rows"] for k in keys]


def _numbered(doc: dict) -> list[tuple]:
    def walk(items: list[dict]) -> list[tuple]:
        return [x for p in items for x in [(p["no"], p["title"]), *walk(p.get("points", []))]]

    return [x for s in doc["sections"] for x in [(s["no"], s["title"]), *walk(s["points"])]]


@pytest.fixture(scope="module")
def unreadable(official_doc) -> set[str]:
    """Characters the PDF prints in traditional forms that the recognition model's character set
    lacks (堅, 黨 …; the text PDF's normalization maps them to 坚, 党 …): OCR drops them or reads a
    look-alike, which no reading of the pixels can mend."""
    import glob
    import os

    import onnxruntime
    import rapidocr_onnxruntime

    [model] = glob.glob(os.path.join(os.path.dirname(rapidocr_onnxruntime.__file__), "models", "*rec*.onnx"))
    meta = onnxruntime.InferenceSession(model, providers=["CPUExecutionProvider"]).get_modelmeta()
    known = set(meta.custom_metadata_map["character"].splitlines())
    return {c.after for c in official_doc.changes if c.rule == "t2s" and c.before not in known}


def test_scan_reads_as_the_text_pdf(text_doc, scan_doc, unreadable):
    for key in ("doc_number", "date", "title", "issuers", "recipients", "signatures", "attachments"):
        assert scan_doc["notice"][key] == text_doc["notice"][key], key
    assert len(scan_doc["sections"]) == 5
    assert sum(len(s["points"]) for s in scan_doc["sections"]) == 25
    # numbers and titles equal; a title may lack a character printed in a form the model cannot read
    assert unreadable and len(unreadable) < 20
    for (no, title), (text_no, text_title) in zip(_numbered(scan_doc), _numbered(text_doc), strict=True):
        assert no == text_no and title in (text_title, "".join(c for c in text_title if c not in unreadable))
    assert scan_doc["attachment"]["title"] == text_doc["attachment"]["title"]
    match = char_match(_text_fields(scan_doc), _text_fields(text_doc))
    print(f"character match {match:.4f}")
    assert match >= MIN_CHAR_MATCH


def test_scanned_key_task_table(text_doc, scan_doc):
    """The table's rules are found on the noisy, tilted landscape pages, its text put in its cells
    and the table stitched across five page breaks: the text PDF's 20 rows and quarter columns."""
    scan, text = scan_doc["key_tasks"], text_doc["key_tasks"]
    assert len(text["rows"]) == 20
    assert [r["no"] for r in scan["rows"]] == [r["no"] for r in text["rows"]]
    assert scan["columns"] == text["columns"] and scan["pages"] == text["pages"]
    assert {"q1", "q2", "q3", "q4"} <= set(scan["columns"])
    assert [r["lead"] for r in scan["rows"]] == [r["lead"] for r in text["rows"]]
    # the offices' characters all read; a 、 between two offices wrapped in a narrow cell may be lost
    assert ["".join(r["departments"]) for r in scan["rows"]] == ["".join(r["departments"]) for r in text["rows"]]
    for key in ("q1", "q2", "q3", "q4"):
        match = char_match([str(r[key]) for r in scan["rows"]], [str(r[key]) for r in text["rows"]])
        assert match >= MIN_CHAR_MATCH, (key, match)
    where = scan["rows"][0]["where"]
    assert where["task"] and all(w["origin"] == "ocr" and w["confidence"] > 0.5 for ws in where.values() for w in ws)


def test_scan_provenance_seal_turned_pages_and_resolution(scan_doc, scanner_run, text_doc):
    where = scan_doc["notice"]["where"]["date"][0]
    assert where["origin"] == "ocr" and 0.5 <= where["confidence"] <= 1
    date = text_doc["notice"]["where"]["date"][0]["box"]
    [seal] = scan_doc["seals"]
    assert seal["page"] == 1
    x0, top, x1, bottom = seal["box"]
    assert x0 <= (date[0] + date[2]) / 2 <= x1 and top <= (date[1] + date[3]) / 2 <= bottom
    quality = scanner_run.json("quality.json")
    # the furniture page is no gap: the copy reads whole
    assert quality["status"] == "ok", quality["reasons"]
    ocr = quality["ocr"]
    assert ocr["pages"] == list(range(1, 23))
    # turned d degrees counter-clockwise, set upright by d degrees clockwise
    assert ocr["rotated_pages"] == {str(n): d for n, d in SCAN_TURNED.items()}
    for n, tilt in scanner_run.copy.tilt.items():
        if n == FURNITURE_PAGE:
            continue  # two short lines of ink: too little to measure a tilt by
        found = ocr["straightened_pages"].get(str(n), 0.0)
        assert abs(found + tilt) <= 0.2, (n, tilt, found)
    # a scanner's sheet fills its image: there is no desk to find it on, nothing is laid flat
    assert ocr["flattened_pages"] == {}
    # each page read from the scan's own image, at the resolution it was scanned at
    assert ocr["read_at"] == {str(n): {"dpi": float(SCAN_DPI.get(n, 200)), "source": "image"} for n in range(1, 23)}
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
    with pikepdf.open(RAW_PDF) as pdf:
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


def test_quality_notebook_shows_the_ocr_pages(made, scan_doc, scanner_run, tmp_path, monkeypatch):
    """The analysts' notebook, executed headless on the scan's outputs: a row per page read by
    OCR with its values' confidence, the turned page and the page set straight."""
    from tests.test_notebook import QUALITY_NOTEBOOK, _text, nb, runner

    folder = scanner_run.out
    quality = json.loads((folder / "quality.json").read_text(encoding="utf-8"))
    table = nb.ocr_pages(scan_doc, quality)
    assert list(table["page"]) == list(range(1, 23))
    read = table[table["page"] != FURNITURE_PAGE]
    assert (read["values"] > 0).all() and read["mean_confidence"].between(0.8, 1).all()
    assert (read["min_confidence"] <= read["mean_confidence"]).all()
    turned = table.set_index("page")
    assert turned.loc[3, "turned"] == 90 and turned.loc[8, "turned"] == 180
    tilt = made["copy"].tilt[5]
    assert turned.loc[5, "straightened"] == pytest.approx(-tilt, abs=0.2)

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

    def broken(document, number):
        raise RuntimeError("pdfium: damaged page")

    monkeypatch.setattr(ocr, "read_page_image", broken)
    reading = ocr.read_safely(object(), 3)
    assert reading.failed and reading.number == 3 and reading.lines == [] and reading.tables == []

    def slow(document, number):
        raise timeout_error("doc.pdf", 1.0)

    monkeypatch.setattr(ocr, "read_page_image", slow)
    with pytest.raises(DocumentTimeout):
        ocr.read_safely(object(), 3)
